package interchange_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate/importer"
	"github.com/newsmark/newsmark/annotate/interchange"
)

// zipBomb writes a .zip archive of about 2 MB whose doc.txt unpacks to
// 2 GiB of spaces, honestly declared, beside a small doc.ann. The deflate
// stream is one compressed MiB repeated: a block that ends with a sync
// flush refers to nothing before it, so copies of it in a row are valid.
func zipBomb(t *testing.T, path string) {
	t.Helper()
	const unit, copies = 1 << 20, 2048
	plain := bytes.Repeat([]byte{' '}, unit)
	var chunk bytes.Buffer
	fw, _ := flate.NewWriter(&chunk, flate.BestCompression)
	fw.Write(plain)
	fw.Flush()
	var final bytes.Buffer
	fw2, _ := flate.NewWriter(&final, flate.BestCompression)
	fw2.Close() // an empty final block

	crc := crc32.NewIEEE()
	for range copies {
		crc.Write(plain)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "doc.txt", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64:   uint64(chunk.Len()*copies + final.Len()),
		UncompressedSize64: unit * copies,
	})
	if err != nil {
		t.Fatal(err)
	}
	for range copies {
		w.Write(chunk.Bytes())
	}
	w.Write(final.Bytes())
	ann, _ := zw.Create("doc.ann")
	ann.Write([]byte("T1\tPER 0 4\tAnna\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestZipEntryOverTheLimitFailsFastInLittleMemory imports a 2 MB brat
// archive holding a 2 GiB text and checks that it fails at once, naming the
// entry and the limit, having allocated a few megabytes rather than
// gigabytes.
func TestZipEntryOverTheLimitFailsFastInLittleMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.zip")
	zipBomb(t, path)
	info, _ := os.Stat(path)
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	start := time.Now()
	_, _, err := interchange.ReadPath(path, interchange.DecodeOptions{})
	took := time.Since(start)
	runtime.ReadMemStats(&m1)
	alloc := m1.TotalAlloc - m0.TotalAlloc
	if !errors.Is(err, importer.ErrTooLarge) {
		t.Fatalf("ReadPath of a %d-byte archive with a 2 GiB entry: %v, want ErrTooLarge", info.Size(), err)
	}
	for _, want := range []string{"bomb.zip:doc.txt", "64 MiB"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if alloc > 64<<20 {
		t.Errorf("reading the archive allocated %d MB", alloc>>20)
	}
	t.Logf("%.1f MB archive: %v after %v, %.1f MB allocated", float64(info.Size())/(1<<20), err, took.Round(time.Millisecond), float64(alloc)/(1<<20))
}
