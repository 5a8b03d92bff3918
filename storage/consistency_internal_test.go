package storage

import (
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// TestReadTransactionSeesCountAndAnnotationsAgree reads a document's record
// and its annotations in one transaction, many times while a writer adds
// annotations: the count in the record must always equal the listing.
func TestReadTransactionSeesCountAndAnnotationsAgree(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cb := &annotate.Codebook{Labels: []annotate.Label{{ID: "X", Name: "x", Kind: annotate.KindEntity, Color: "#123456"}}}
	if err := s.SetCodebook(cb); err != nil {
		t.Fatal(err)
	}
	doc := &annotate.Document{Segments: []annotate.Segment{{Kind: annotate.KindBody, Text: "Ein kurzer Text für viele Annotationen."}}}
	if err := doc.Prepare(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}

	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer done.Store(true)
		for i := range 300 {
			a := annotate.Annotation{DocumentID: doc.ID, SegmentID: "s1", Start: i % 30, End: i%30 + 2, Label: "X"}
			if err := s.AddAnnotation(&a); err != nil {
				t.Error(err)
				return
			}
			if i%50 == 0 { // deletions must keep the count right too
				if err := s.DeleteAnnotation(doc.ID, a.ID); err != nil {
					t.Error(err)
					return
				}
			}
		}
	}()
	var checks atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				err := s.view(func(tx *bbolt.Tx) error {
					rec, err := getDocumentRecord(tx, doc.ID)
					if err != nil {
						return err
					}
					list, _, err := readAnnotations(tx, doc.ID)
					if err != nil {
						return err
					}
					if rec.Annotations != len(list) {
						t.Errorf("record counts %d annotations, the transaction lists %d", rec.Annotations, len(list))
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
				checks.Add(1)
			}
		}()
	}
	wg.Wait()
	if checks.Load() < 10 {
		t.Errorf("only %d checks ran during the writes", checks.Load())
	}
}
