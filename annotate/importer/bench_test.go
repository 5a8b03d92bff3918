package importer_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
	"github.com/newsmark/newsmark/storage"
)

var words = strings.Fields(`der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch es an
werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis
mehr durch man sein wurde sei Regierung Stadt Bürgermeister Gericht Polizei Minister Bundestag Berlin Hamburg Prozent Euro
Millionen Jahr Woche Montag Dienstag Streik Bahn Schule Kinder Eltern Lehrer Wahl Partei Kritik Studie Forscher Klima`)

// corpusWriter writes synthetic corpus documents, each with an article of
// several paragraphs and comments that reply to one another.
type corpusWriter struct {
	rng *rand.Rand
	b   strings.Builder
}

func (w *corpusWriter) sentence(n int) string {
	w.b.Reset()
	for i := range n {
		if i > 0 {
			w.b.WriteByte(' ')
		}
		w.b.WriteString(words[w.rng.IntN(len(words))])
	}
	w.b.WriteByte('.')
	s := []rune(w.b.String())
	s[0] = unicode.ToUpper(s[0])
	return string(s)
}

func (w *corpusWriter) paragraph(sentences int) string {
	parts := make([]string, sentences)
	for i := range parts {
		parts[i] = w.sentence(8 + w.rng.IntN(12))
	}
	return strings.Join(parts, " ")
}

type benchComment struct {
	ID       string `json:"id"`
	ParentID string `json:"parent_id,omitempty"`
	Author   string `json:"author"`
	Time     string `json:"time"`
	Number   int    `json:"number"`
	Title    string `json:"title,omitempty"`
	Text     string `json:"text"`
}

type benchDoc struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Source    string         `json:"source"`
	Outlet    string         `json:"outlet"`
	Published string         `json:"published"`
	Language  string         `json:"language"`
	Author    string         `json:"author"`
	Lead      string         `json:"lead"`
	Text      string         `json:"text"`
	Comments  []benchComment `json:"comments"`
}

func (w *corpusWriter) doc(i, comments int) benchDoc {
	paras := make([]string, 6)
	for p := range paras {
		paras[p] = w.paragraph(3 + w.rng.IntN(3))
	}
	d := benchDoc{
		ID: fmt.Sprintf("doc-%d", i), Title: w.sentence(7), Source: fmt.Sprintf("https://example.org/%d", i),
		Outlet: "Example Zeitung", Published: "2014-10-15T18:05:00+02:00", Language: "de", Author: "Anna Muster",
		Lead: w.paragraph(2), Text: strings.Join(paras, "\n\n"),
	}
	for c := range comments {
		bc := benchComment{ID: fmt.Sprintf("c%d", c+1), Author: fmt.Sprintf("user%d", w.rng.IntN(500)),
			Time: time.Date(2014, 10, 15, 12, c, 0, 0, time.UTC).Format(time.RFC3339), Number: c + 1, Text: w.paragraph(1 + w.rng.IntN(3))}
		if c > 0 && w.rng.IntN(3) == 0 {
			bc.ParentID = fmt.Sprintf("c%d", 1+w.rng.IntN(c))
		}
		if w.rng.IntN(2) == 0 {
			bc.Title = w.sentence(3)
		}
		d.Comments = append(d.Comments, bc)
	}
	return d
}

// writeJSONL writes documents with the given number of comments each until
// the file has n documents or size bytes, whichever comes first.
func writeJSONL(t testing.TB, path string, n, comments int, size int64) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	w := &corpusWriter{rng: rand.New(rand.NewPCG(1, 2))}
	for i := 0; (n <= 0 || i < n) && (size <= 0 || int64(bw.Buffered())+fileSize(t, f) < size); i++ {
		if err := enc.Encode(w.doc(i, comments)); err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return fileSize(t, nil, path)
}

func fileSize(t testing.TB, f *os.File, path ...string) int64 {
	var st os.FileInfo
	var err error
	if f != nil {
		st, err = f.Stat()
	} else {
		st, err = os.Stat(path[0])
	}
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// liveHeap returns the heap that is live after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// peakHeap samples the heap (objects, including garbage not yet collected)
// while fn runs and returns its peak above what was live before. With the
// default GOGC the heap grows to about twice what is live before a
// collection, so the peak is about twice the live data.
func peakHeap(fn func()) uint64 {
	base := liveHeap()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	if peak < base {
		return 0
	}
	return peak - base
}

// BenchmarkImportJSONL10kDocs20Comments imports 10,000 JSONL documents with
// 20 comments each into a new bbolt project, one transaction, as
// `newsmark import` does. Goal: under 10 s.
func BenchmarkImportJSONL10kDocs20Comments(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "corpus.jsonl")
	size := writeJSONL(b, path, 10000, 20, 0)
	b.SetBytes(size)
	b.ResetTimer()
	var peak uint64
	var cpu float64
	for i := range b.N {
		b.StopTimer()
		store, err := storage.Open(filepath.Join(dir, fmt.Sprintf("p%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var res []importer.Result
		cpu0 := cpuSeconds()
		peak = max(peak, peakHeap(func() {
			res = importer.ImportFiles(context.Background(), store, []string{path}, importer.Options{}, nil)
		}))
		cpu += cpuSeconds() - cpu0
		b.StopTimer()
		if res[0].Err != nil || len(res[0].Documents) != 10000 {
			b.Fatalf("result: %v, %d documents", res[0].Err, len(res[0].Documents))
		}
		_ = store.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/import")
	b.ReportMetric(cpu/float64(b.N), "cpu-s/import")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(size)/(1<<20), "file-MB")
}

// BenchmarkImportJSONL10kDocs20CommentsMapped imports the same file with
// a field mapping (comment_text=text, as a user of --field would), which
// takes the general JSON reader rather than the struct decoder.
func BenchmarkImportJSONL10kDocs20CommentsMapped(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "corpus.jsonl")
	size := writeJSONL(b, path, 10000, 20, 0)
	b.SetBytes(size)
	opts := importer.Options{}
	if err := opts.SetField("comment_text=text"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var cpu float64
	for i := range b.N {
		b.StopTimer()
		store, err := storage.Open(filepath.Join(dir, fmt.Sprintf("p%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu0 := cpuSeconds()
		res := importer.ImportFiles(context.Background(), store, []string{path}, opts, nil)
		cpu += cpuSeconds() - cpu0
		b.StopTimer()
		if res[0].Err != nil || len(res[0].Documents) != 10000 || res[0].Documents[0].Comments != 20 {
			b.Fatalf("result: %v, %d documents", res[0].Err, len(res[0].Documents))
		}
		_ = store.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/import")
	b.ReportMetric(cpu/float64(b.N), "cpu-s/import")
}

// BenchmarkParseJSONL10kDocs20Comments is the parsing part of the import
// alone, without the store.
func BenchmarkParseJSONL10kDocs20Comments(b *testing.B) {
	path := filepath.Join(b.TempDir(), "corpus.jsonl")
	size := writeJSONL(b, path, 10000, 20, 0)
	b.SetBytes(size)
	b.ResetTimer()
	cpu0 := cpuSeconds()
	defer func() { b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/parse") }()
	for range b.N {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		if err := importer.ReadJSONL(path, f, importer.Options{}, func(*annotate.Document, int) error { n++; return nil }); err != nil || n != 10000 {
			b.Fatal(err, n)
		}
		f.Close()
	}
}

// TestImport50MBHoldsFewCopies imports a 50 MB JSONL file and checks that
// the importer never holds more than a few copies of it: the parser
// streams, so the peak is the one transaction's documents plus the garbage
// of decoding them. The store here is memStore, a test double that keeps
// the batch and nothing else, so that the figure is the importer's own;
// BenchmarkImport50MBIntoProject measures the same import into bbolt.
func TestImport50MBHoldsFewCopies(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.jsonl")
	size := writeJSONL(t, path, 0, 20, 50<<20)
	store := newMemStore()
	var res []importer.Result
	start := time.Now()
	base := liveHeap()
	peak := peakHeap(func() {
		res = importer.ImportFiles(context.Background(), store, []string{path}, importer.Options{}, nil)
	})
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	live := liveHeap() - base // the imported documents, as the store holds them
	t.Logf("%.1f MB, %d documents in %v; documents held %.1f MB (%.1f× the file), peak heap %.1f MB (%.1f×)", float64(size)/(1<<20), len(res[0].Documents),
		time.Since(start).Round(time.Millisecond), float64(live)/(1<<20), float64(live)/float64(size), float64(peak)/(1<<20), float64(peak)/float64(size))
	checkCopies(t, size, live, peak)
	runtime.KeepAlive(store)
	if len(store.docs) != len(res[0].Documents) {
		t.Errorf("store has %d documents, result %d", len(store.docs), len(res[0].Documents))
	}
}

// BenchmarkImport50MBIntoProject imports the 50 MB JSONL file of
// TestImport50MBHoldsFewCopies into a real bbolt project and reports the
// peak heap, the importer's and the store's together.
func BenchmarkImport50MBIntoProject(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "big.jsonl")
	size := writeJSONL(b, path, 0, 20, 50<<20)
	b.SetBytes(size)
	b.ResetTimer()
	var peak uint64
	for i := range b.N {
		b.StopTimer()
		store, err := storage.Open(filepath.Join(dir, fmt.Sprintf("p%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var res []importer.Result
		peak = max(peak, peakHeap(func() {
			res = importer.ImportFiles(context.Background(), store, []string{path}, importer.Options{}, nil)
		}))
		b.StopTimer()
		if res[0].Err != nil {
			b.Fatal(res[0].Err)
		}
		_ = store.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peak)/float64(size), "peak/file")
}

// TestParse50MBTextHoldsFewCopies parses a 50 MB page copy (a long article
// and many comments) and checks the peak heap the same way.
func TestParse50MBTextHoldsFewCopies(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	w := &corpusWriter{rng: rand.New(rand.NewPCG(3, 4))}
	fmt.Fprintf(bw, "%s\n\n%s\n\n", w.sentence(6), w.paragraph(2))
	for i := 0; int64(bw.Buffered())+fileSize(t, f) < 25<<20; i++ {
		fmt.Fprintf(bw, "%s\n\n", w.paragraph(5))
	}
	fmt.Fprintf(bw, "insgesamt 100000 Beiträge\n")
	for i := 1; int64(bw.Buffered())+fileSize(t, f) < 50<<20; i++ {
		fmt.Fprintf(bw, "user%d 15.10.2014 12:%02d\n%d. %s\n%s\n", i%700, i%60, i, w.sentence(3), w.paragraph(2))
	}
	bw.Flush()
	f.Close()
	size := fileSize(t, nil, path)
	var doc *annotate.Document
	start := time.Now()
	base := liveHeap()
	peak := peakHeap(func() {
		in, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		if _, err := importer.Parse(path, in, importer.Options{}, func(d *annotate.Document, _ int) error { doc = d; return nil }); err != nil {
			t.Fatal(err)
		}
	})
	live := liveHeap() - base
	t.Logf("%.1f MB page with %d comments in %v; document held %.1f MB (%.1f× the file), peak heap %.1f MB (%.1f×)", float64(size)/(1<<20), doc.CommentCount(),
		time.Since(start).Round(time.Millisecond), float64(live)/(1<<20), float64(live)/float64(size), float64(peak)/(1<<20), float64(peak)/float64(size))
	if doc.CommentCount() < 10000 || doc.Meta["comments_total"] != "100000" {
		t.Errorf("%d comments, total %q", doc.CommentCount(), doc.Meta["comments_total"])
	}
	checkCopies(t, size, live, peak)
	runtime.KeepAlive(doc)
}

// checkCopies holds an import to "a few copies" of its input: what stays
// live (the documents) at most 2.5 times the file, and the peak, which
// includes garbage the collector has not reclaimed yet, at most 6 times.
func checkCopies(t *testing.T, size int64, live, peak uint64) {
	t.Helper()
	if limit := uint64(size) * 5 / 2; live > limit {
		t.Errorf("the import holds %d MB, more than 2.5 copies of the %d MB file", live>>20, size>>20)
	}
	if limit := 6 * uint64(size); peak > limit {
		t.Errorf("peak heap %d MB is more than 6 copies of the %d MB file", peak>>20, size>>20)
	}
}
