package storage_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

// TestReadersSeeWholeChangesWhileAWriterCommits lists annotations from
// several goroutines while another adds them. Every listing must hold only
// complete annotations, never fewer than a count read before it nor more
// than one read after it, and never shrink. (consistency_internal_test.go
// checks the stronger rule, count equals listing, inside one transaction.)
func TestReadersSeeWholeChangesWhileAWriterCommits(t *testing.T) {
	s, _ := openStore(t)
	doc := testDocument(t, "Reform", 3)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	const adds = 300
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer done.Store(true)
		for i := range adds {
			a := annotate.Annotation{DocumentID: doc.ID, SegmentID: "c1", Start: i % 20, End: i%20 + 3, Label: "ORG"}
			if err := s.AddAnnotation(&a); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	count := func() int {
		sums, err := s.Documents()
		if err != nil {
			t.Error(err)
			return -1
		}
		return sums[0].Annotations
	}
	var reads atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for !done.Load() {
				before := count()
				list, err := s.Annotations(doc.ID)
				if err != nil {
					t.Error(err)
					return
				}
				after := count()
				if n := len(list); n < before || n > after || n < last {
					t.Errorf("listed %d annotations between counts %d and %d, after listing %d", n, before, after, last)
					return
				}
				for _, a := range list {
					if a.ID == "" || a.Quote.Exact == "" || a.Created.IsZero() {
						t.Errorf("incomplete annotation %+v", a)
						return
					}
				}
				last = len(list)
				reads.Add(1)
			}
		}()
	}
	wg.Wait()
	if reads.Load() < 10 {
		t.Errorf("only %d listings ran during the writes", reads.Load())
	}
	assertCounts(t, s, doc.ID, adds)
}
