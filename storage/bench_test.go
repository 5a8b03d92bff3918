package storage_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// The benchmarks measure what a coder waits for: adding one annotation (one
// committed transaction) in projects of growing size, listing a document's
// annotations, storing and loading a long comment section, listing the
// documents. Run them with
//
//	go test -run '^$' -bench . -benchtime 2000x ./storage/
//
// Besides ns/op they report the median and the 99th percentile of the
// single operations (median-ns, p99-ns), since a few slow fsyncs move the
// mean. Large projects are built once per run, by Import, in a temporary
// directory that TestMain removes.

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

var (
	benchMu  sync.Mutex
	benchDir string
	benchDBs = map[string]string{} // name → path of a built project
)

// benchProject returns the path of a project built by build, building it
// on first use; it survives across benchmarks of one run.
func benchProject(b *testing.B, name string, build func(s *storage.Store)) string {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if path, ok := benchDBs[name]; ok {
		return path
	}
	if benchDir == "" {
		dir, err := os.MkdirTemp("", "newsmark-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = dir
	}
	path := filepath.Join(benchDir, name+".db")
	s, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.SetCodebook(testCodebook()); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	build(s)
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	info, _ := os.Stat(path)
	b.Logf("built %s in %v: %d MB", name, time.Since(start).Round(time.Millisecond), info.Size()>>20)
	benchDBs[name] = path
	return path
}

// annotatedDocument returns a document with 200 comments and n annotations
// spread over them, for Import.
func annotatedDocument(b *testing.B, title string, n int, rng *rand.Rand) (*annotate.Document, []annotate.Annotation) {
	doc := testDocument(b, title, 200)
	doc.ID = title
	anns := make([]annotate.Annotation, n)
	for i := range anns {
		start := rng.IntN(30)
		a := annotate.Annotation{
			ID: annotate.NewID(), DocumentID: doc.ID, SegmentID: fmt.Sprintf("c%d", 1+rng.IntN(200)),
			Start: start, End: start + 1 + rng.IntN(12), Label: "PER", Annotator: "anna",
		}
		switch i % 3 {
		case 1:
			a.Label = "ORG"
		case 2:
			a.Label, a.Attributes, a.Note = "CLAIM", map[string]string{"stance": "contra"}, "prüfen"
		}
		anns[i] = a
	}
	return doc, anns
}

// projectWithAnnotations builds a project of n annotations in documents of
// 10,000 each, one Import per document, and returns it with the id of one
// of its documents (the one benchmarks add to).
func projectWithAnnotations(b *testing.B, n int) (path, docID string) {
	perDoc := min(n, 10000)
	docs := max(1, n/10000)
	path = benchProject(b, fmt.Sprintf("annotations-%d", n), func(s *storage.Store) {
		rng := rand.New(rand.NewPCG(uint64(n), 2))
		for i := range docs {
			doc, anns := annotatedDocument(b, fmt.Sprintf("doc-%d", i), perDoc, rng)
			if _, err := s.Import(&annotate.Batch{Documents: []*annotate.Document{doc}, Annotations: anns}); err != nil {
				b.Fatal(err)
			}
		}
	})
	return path, "doc-0"
}

func openBench(b *testing.B, path string) *storage.Store {
	b.Helper()
	s, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// timed runs op b.N times and reports the median and 99th percentile of the
// single runs. prepare, if not nil, runs before each op, outside the
// timing.
func timed(b *testing.B, prepare, op func(i int)) {
	b.Helper()
	durations := make([]time.Duration, 0, 4096)
	i := 0
	for b.Loop() {
		if prepare != nil {
			b.StopTimer()
			prepare(i)
			b.StartTimer()
		}
		start := time.Now()
		op(i)
		durations = append(durations, time.Since(start))
		i++
	}
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Nanoseconds()), "median-ns")
	b.ReportMetric(float64(durations[len(durations)*99/100].Nanoseconds()), "p99-ns")
}

func BenchmarkAddAnnotation(b *testing.B) {
	for _, stored := range []int{0, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("stored=%d", stored), func(b *testing.B) {
			var path, docID string
			if stored == 0 {
				s, p := openStore(b)
				doc := testDocument(b, "Dokument 0", 200)
				if err := s.AddDocuments(doc); err != nil {
					b.Fatal(err)
				}
				s.Close()
				path, docID = p, doc.ID
			} else {
				path, docID = projectWithAnnotations(b, stored)
			}
			s := openBench(b, path)
			timed(b, nil, func(i int) {
				a := annotate.Annotation{DocumentID: docID, SegmentID: fmt.Sprintf("c%d", 1+i%200), Start: i % 30, End: i%30 + 5, Label: "PER", Annotator: "anna"}
				if err := s.AddAnnotation(&a); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkAnnotations lists one document's 10,000 annotations, sorted.
func BenchmarkAnnotations(b *testing.B) {
	path, docID := projectWithAnnotations(b, 100_000)
	s := openBench(b, path)
	timed(b, nil, func(int) {
		list, err := s.Annotations(docID)
		if err != nil {
			b.Fatal(err)
		}
		if len(list) < 10000 {
			b.Fatalf("listed %d annotations", len(list))
		}
	})
}

// BenchmarkDocumentWith2000Comments stores and loads a page with 2,000
// reader comments.
func BenchmarkDocumentWith2000Comments(b *testing.B) {
	b.Run("store", func(b *testing.B) {
		s, _ := openStore(b)
		var doc *annotate.Document
		timed(b, func(i int) {
			doc = testDocument(b, fmt.Sprintf("Seite %d", i), 2000)
		}, func(int) {
			if err := s.AddDocuments(doc); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("load", func(b *testing.B) {
		s, _ := openStore(b)
		doc := testDocument(b, "Seite", 2000)
		if err := s.AddDocuments(doc); err != nil {
			b.Fatal(err)
		}
		timed(b, nil, func(int) {
			d, err := s.Document(doc.ID)
			if err != nil {
				b.Fatal(err)
			}
			if len(d.Segments) != 2004 {
				b.Fatalf("loaded %d segments", len(d.Segments))
			}
		})
	})
}

// BenchmarkDocuments lists 10,000 documents with their counts.
func BenchmarkDocuments(b *testing.B) {
	path := benchProject(b, "documents-10000", func(s *storage.Store) {
		for chunk := range 10 {
			batch := &annotate.Batch{}
			for i := range 1000 {
				batch.Documents = append(batch.Documents, testDocument(b, fmt.Sprintf("Artikel %d-%d", chunk, i), 5))
			}
			if _, err := s.Import(batch); err != nil {
				b.Fatal(err)
			}
		}
	})
	s := openBench(b, path)
	timed(b, nil, func(int) {
		list, err := s.Documents()
		if err != nil {
			b.Fatal(err)
		}
		if len(list) != 10000 {
			b.Fatalf("listed %d documents", len(list))
		}
	})
}

// BenchmarkImport imports a document with 10,000 annotations in one
// transaction.
func BenchmarkImport(b *testing.B) {
	s, _ := openStore(b)
	rng := rand.New(rand.NewPCG(9, 9))
	var batch *annotate.Batch
	timed(b, func(i int) {
		doc, anns := annotatedDocument(b, fmt.Sprintf("Import %d", i), 10000, rng)
		batch = &annotate.Batch{Documents: []*annotate.Document{doc}, Annotations: anns}
	}, func(int) {
		if _, err := s.Import(batch); err != nil {
			b.Fatal(err)
		}
	})
}
