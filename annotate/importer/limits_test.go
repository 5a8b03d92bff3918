package importer_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

// endless returns a reader of head, then unit repeated until n bytes have
// come in all (at least), then tail, without holding it all in memory.
func endless(head, unit, tail string, n int64) io.Reader {
	body := io.LimitReader(&repeater{unit: []byte(unit)}, n-int64(len(head)))
	return io.MultiReader(strings.NewReader(head), body, strings.NewReader(tail))
}

type repeater struct {
	unit []byte
	off  int
}

func (r *repeater) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.unit[r.off:])
		n += c
		r.off = (r.off + c) % len(r.unit)
	}
	return n, nil
}

// TestInputsOverTheirLimitFailWhileRead feeds each kind of input one that
// is over its limit and checks that Parse stops with ErrTooLarge, naming
// the file, the place and the limit, without reading (or holding) the rest.
func TestInputsOverTheirLimitFailWhileRead(t *testing.T) {
	tests := []struct {
		name, file string
		format     importer.Format
		in         io.Reader
		want       []string
	}{
		{"page copy", "page.txt", importer.Text,
			endless("Titel\n\n", "Ein Satz im Text der Seite.\n", "", importer.MaxTextSize+1<<20),
			[]string{"page.txt", "64 MiB", "page copy"}},
		{"JSONL line", "corpus.jsonl", importer.JSONL,
			endless(`{"title": "Eins", "text": "ok"}`+"\n"+`{"title": "Zwei", "text": "`, "Wort ", `"}`+"\n", importer.MaxJSONValue+1<<20),
			[]string{"corpus.jsonl line 2", "256 MiB", "one JSON document"}},
		{"CSV cell without its closing quote", "comments.csv", importer.CSV,
			endless("title,text\nEins,\"", "Wort, Wort\n", "", importer.MaxCSVRow+2<<20),
			[]string{"comments.csv line 2", "16 MiB", "CSV row"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			_, err := importer.Parse(tt.file, tt.in, importer.Options{Format: tt.format}, func(*annotate.Document, int) error { n++; return nil })
			if !errors.Is(err, importer.ErrTooLarge) {
				t.Fatalf("Parse: %v, want ErrTooLarge", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			t.Log(err)
		})
	}
}

// TestLimitReaderAllowsTheLimitExactly checks the edge of LimitReader: max
// bytes pass, one more fails naming the file and the limit.
func TestLimitReaderAllowsTheLimitExactly(t *testing.T) {
	for _, tt := range []struct {
		size    int
		wantErr bool
	}{{0, false}, {1023, false}, {1024, false}, {1025, true}, {5000, true}} {
		data, err := io.ReadAll(importer.LimitReader(bytes.NewReader(make([]byte, tt.size)), 1024, "f.bin", "a test input"))
		if tt.wantErr {
			if !errors.Is(err, importer.ErrTooLarge) || !strings.Contains(err.Error(), "f.bin") || !strings.Contains(err.Error(), "1 KiB") {
				t.Errorf("%d bytes: %v, want ErrTooLarge naming f.bin and 1 KiB", tt.size, err)
			}
			continue
		}
		if err != nil || len(data) != tt.size {
			t.Errorf("%d bytes: read %d, %v", tt.size, len(data), err)
		}
	}
}
