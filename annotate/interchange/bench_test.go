package interchange

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// benchCorpus builds a project of docs documents with perDoc spans each
// straight into the test double (bypassing per-call validation, which the
// benchmark does not measure). Each document has a headline, a lead, a
// body of about 3,000 characters with umlauts and an emoji, and two
// comments.
func benchCorpus(docs, perDoc int) *memStore {
	s := newMemStore(sampleCodebook())
	s.people = []annotate.Annotator{{ID: "anna", Name: "Anna"}, {ID: "ben", Name: "Ben"}}
	sentence := "Die Bürgermeisterin sprach über Radwege in Köln und Düsseldorf 🚲, sagte die Zeitung. "
	body := strings.Repeat(sentence, 34)
	labels := []string{"PER", "ORG", "LOC", "MISC", "CLAIM"}
	for i := range docs {
		d := &annotate.Document{
			ID: fmt.Sprintf("doc-%05d", i), Title: fmt.Sprintf("Artikel %d", i), Source: fmt.Sprintf("https://example.org/a/%d", i),
			Language: "de", Imported: t0, Segments: []annotate.Segment{
				{ID: "h", Kind: annotate.KindHeadline, Text: fmt.Sprintf("Schlagzeile Nummer %d über Köln", i)},
				{ID: "l", Kind: annotate.KindLead, Text: "Ein Vorspann mit einigen Wörtern über die Stadt."},
				{ID: "b", Kind: annotate.KindBody, Text: body},
				{ID: "c1", Kind: annotate.KindComment, Text: "Das stimmt so nicht, schreibt ein Leser.", Author: "leser", Number: 1, Posted: annotate.WhenOf(t0)},
				{ID: "c2", Kind: annotate.KindComment, Text: "Doch, das stimmt.", Author: "andere", Number: 2, ReplyTo: "c1"},
			},
		}
		d.Hash = annotate.ContentHash(d.Segments)
		s.putDoc(d)
		x := annotate.NewOffsetIndex(body)
		anns := make([]annotate.Annotation, perDoc)
		for k := range anns {
			start := (k * 29) % (x.Len() - 20)
			a := annotate.Annotation{
				ID: fmt.Sprintf("%s-a%03d", d.ID, k), DocumentID: d.ID, SegmentID: "b", Start: start, End: start + 12,
				Label: labels[k%len(labels)], Annotator: []string{"anna", "ben"}[k%2], Created: t0, Modified: t0,
			}
			if a.Label == "CLAIM" {
				a.Attributes = map[string]string{"stance": "pro"}
			}
			a.Quote, _ = x.Quote(a.Start, a.End, annotate.QuoteContext)
			anns[k] = a
		}
		s.anns[d.ID] = anns
		s.sortAnns(d.ID)
	}
	return s
}

var (
	corpusOnce sync.Map // "docs/perDoc" → *memStore
	exportOnce sync.Map // "docs/perDoc" → []byte
)

func cachedCorpus(docs, perDoc int) *memStore {
	key := fmt.Sprint(docs, "/", perDoc)
	if s, ok := corpusOnce.Load(key); ok {
		return s.(*memStore)
	}
	s := benchCorpus(docs, perDoc)
	corpusOnce.Store(key, s)
	return s
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// heapWatch measures the heap an export retains: at each sample it
// collects garbage first, so what it reads is memory still referenced, not
// garbage the collector has not reached yet (with GOGC=100 that backlog
// grows with the live heap, which here includes the whole corpus held by
// the test double).
type heapWatch struct {
	base, peak uint64
}

func newHeapWatch() *heapWatch {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return &heapWatch{base: m.HeapAlloc, peak: m.HeapAlloc}
}

func (h *heapWatch) sample() {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	h.peak = max(h.peak, m.HeapAlloc)
}

func (h *heapWatch) extraMB() float64 { return float64(h.peak-h.base) / (1 << 20) }

// BenchmarkExportNative exports the corpus to native JSON.
// retained-heap-MB is the most live memory the export held beyond the
// project itself, sampled ten times per run outside the timer: with
// streaming it stays flat from 1,000 to 10,000 documents.
func BenchmarkExportNative(b *testing.B) {
	for _, docs := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("docs=%d/annotations=%d", docs, docs*100), func(b *testing.B) {
			s := cachedCorpus(docs, 100)
			var size int64
			var worst, cpu float64
			b.ResetTimer()
			for range b.N {
				w := &countingWriter{}
				h := newHeapWatch()
				c0 := cpuSeconds()
				b.StartTimer()
				_, err := Export(context.Background(), s, w, ExportOptions{Format: FormatJSON}, func(done, total int) {
					if done > 0 && done%(total/10) == 0 {
						b.StopTimer()
						h.sample()
						b.StartTimer()
					}
				})
				b.StopTimer()
				cpu += cpuSeconds() - c0
				if err != nil {
					b.Fatal(err)
				}
				size = w.n
				worst = max(worst, h.extraMB())
			}
			b.ReportMetric(worst, "retained-heap-MB")
			b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(size)/(1<<20), "file-MB")
			b.ReportMetric(float64(docs*100)*float64(b.N)/b.Elapsed().Seconds(), "annotations/s")
		})
	}
}

func exported(b *testing.B, docs int) []byte {
	key := fmt.Sprint(docs)
	if v, ok := exportOnce.Load(key); ok {
		return v.([]byte)
	}
	var buf bytes.Buffer
	if _, err := Export(context.Background(), cachedCorpus(docs, 100), &buf, ExportOptions{Format: FormatJSON}, nil); err != nil {
		b.Fatal(err)
	}
	exportOnce.Store(key, buf.Bytes())
	return buf.Bytes()
}

// BenchmarkImportNative decodes the export back into a batch, and then
// stores it in the in-memory test double (the bbolt store's own cost is
// measured by package storage).
func BenchmarkImportNative(b *testing.B) {
	const docs = 10000
	b.Run("decode", func(b *testing.B) {
		data := exported(b, docs)
		b.SetBytes(int64(len(data)))
		c0 := cpuSeconds()
		b.ResetTimer()
		for range b.N {
			batch, _, err := DecodeWith("bench.json", bytes.NewReader(data), DecodeOptions{Format: FormatJSON, Now: time.Now})
			if err != nil {
				b.Fatal(err)
			}
			if len(batch.Annotations) != docs*100 {
				b.Fatalf("%d annotations", len(batch.Annotations))
			}
		}
		b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(docs*100)*float64(b.N)/b.Elapsed().Seconds(), "annotations/s")
	})
	b.Run("decode+store-import", func(b *testing.B) {
		data := exported(b, docs)
		b.SetBytes(int64(len(data)))
		c0 := cpuSeconds()
		b.ResetTimer()
		for range b.N {
			store := newMemStore(nil)
			batch, _, err := DecodeWith("bench.json", bytes.NewReader(data), DecodeOptions{Format: FormatJSON, Project: store})
			if err != nil {
				b.Fatal(err)
			}
			rep, err := store.Import(batch)
			if err != nil || rep.AnnotationsAdded != docs*100 {
				b.Fatalf("import: %v %+v", err, rep.AnnotationsAdded)
			}
		}
		b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(docs*100)*float64(b.N)/b.Elapsed().Seconds(), "annotations/s")
	})
}

// BenchmarkImportNativeBolt decodes the export and imports it into a new
// project file of the real store (package storage, bbolt) in one
// transaction: the whole of `newsmark import` for 1,000,000 annotations.
func BenchmarkImportNativeBolt(b *testing.B) {
	const docs = 10000
	data := exported(b, docs)
	b.SetBytes(int64(len(data)))
	var decodeCPU, importCPU, decodeWall, importWall float64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		store, err := storage.Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0, w0 := cpuSeconds(), time.Now()
		batch, _, err := DecodeWith("bench.json", bytes.NewReader(data), DecodeOptions{Format: FormatJSON, Project: store})
		if err != nil {
			b.Fatal(err)
		}
		c1, w1 := cpuSeconds(), time.Now()
		rep, err := store.Import(batch)
		if err != nil || rep.AnnotationsAdded != docs*100 {
			b.Fatalf("import: %v %+v", err, rep.AnnotationsAdded)
		}
		decodeCPU += c1 - c0
		importCPU += cpuSeconds() - c1
		decodeWall += w1.Sub(w0).Seconds()
		importWall += time.Since(w1).Seconds()
		b.StopTimer()
		store.Close()
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(decodeWall/n, "decode-s/op")
	b.ReportMetric(importWall/n, "store-import-s/op")
	b.ReportMetric(decodeCPU/n, "decode-cpu-s/op")
	b.ReportMetric(importCPU/n, "store-import-cpu-s/op")
}

// BenchmarkExportNativeBolt exports 1,000,000 annotations over 10,000
// documents from the real store (package storage, bbolt): what `newsmark
// export` does. The project file is built once by importing the native
// export.
func BenchmarkExportNativeBolt(b *testing.B) {
	const docs = 10000
	data := exported(b, docs)
	store, err := storage.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	batch, _, err := DecodeWith("bench.json", bytes.NewReader(data), DecodeOptions{Format: FormatJSON, Project: store})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := store.Import(batch); err != nil {
		b.Fatal(err)
	}
	batch = nil
	var worst, cpu float64
	var size int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		w := &countingWriter{}
		h := newHeapWatch()
		c0 := cpuSeconds()
		b.StartTimer()
		_, err := Export(context.Background(), store, w, ExportOptions{Format: FormatJSON}, func(done, total int) {
			if done > 0 && done%(total/10) == 0 {
				b.StopTimer()
				h.sample()
				b.StartTimer()
			}
		})
		b.StopTimer()
		cpu += cpuSeconds() - c0
		if err != nil {
			b.Fatal(err)
		}
		size = w.n
		worst = max(worst, h.extraMB())
		b.StartTimer()
	}
	b.ReportMetric(worst, "retained-heap-MB")
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(size)/(1<<20), "file-MB")
}

// BenchmarkExportForeign shows the other exporters on 1,000 documents.
func BenchmarkExportForeign(b *testing.B) {
	s := cachedCorpus(1000, 100)
	for _, f := range []Format{FormatJSONL, FormatW3C, FormatBrat, FormatDoccano, FormatLabelStudio, FormatCoNLL, FormatCSV, FormatQDPX} {
		b.Run(string(f), func(b *testing.B) {
			for range b.N {
				if _, err := Export(context.Background(), s, io.Discard, ExportOptions{Format: f}, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(100000)*float64(b.N)/b.Elapsed().Seconds(), "annotations/s")
		})
	}
}

// BenchmarkImportQDPX decodes the .qdpx export of 1,000 documents with
// 100 spans each (with Newsmark's records) into a batch.
func BenchmarkImportQDPX(b *testing.B) {
	var buf bytes.Buffer
	if _, err := Export(context.Background(), cachedCorpus(1000, 100), &buf, ExportOptions{Format: FormatQDPX}, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		batch, _, err := DecodeWith("bench.qdpx", bytes.NewReader(buf.Bytes()), DecodeOptions{Format: FormatQDPX})
		if err != nil || len(batch.Annotations) != 100000 {
			b.Fatalf("%v, %d annotations", err, len(batch.Annotations))
		}
	}
	b.ReportMetric(float64(buf.Len())/(1<<20), "file-MB")
	b.ReportMetric(float64(100000)*float64(b.N)/b.Elapsed().Seconds(), "annotations/s")
}
