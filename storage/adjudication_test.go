package storage_test

import (
	"errors"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

func TestRejectionsAreKeptPerFinalLayerAndSurviveReopening(t *testing.T) {
	s, _ := openStore(t)
	doc := testDocument(t, "rejections", 1)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	a := annotate.Annotation{DocumentID: doc.ID, SegmentID: doc.Segments[0].ID, Start: 0, End: 2, Label: "PER", Annotator: "anna"}
	if err := s.AddAnnotation(&a); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Rejected(doc.ID, "gold"); err != nil || len(got) != 0 {
		t.Fatalf("a new project has rejections: %v %v", got, err)
	}
	if err := s.SetRejected(doc.ID, "gold", []string{a.ID}, true); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	if got, _ := s.Rejected(doc.ID, "gold"); !got[a.ID] || len(got) != 1 {
		t.Errorf("after reopening: %v", got)
	}
	if got, _ := s.Rejected(doc.ID, "final"); len(got) != 0 {
		t.Errorf("another final layer sees gold's rejections: %v", got)
	}
	if err := s.SetRejected(doc.ID, "gold", []string{a.ID}, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Rejected(doc.ID, "gold"); len(got) != 0 {
		t.Errorf("after taking it back: %v", got)
	}
	if err := s.SetRejected(doc.ID, "gold", []string{"nope"}, true); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("rejecting an unknown annotation: %v", err)
	}
	if err := s.SetRejected("no-doc", "gold", []string{a.ID}, true); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("rejecting in an unknown document: %v", err)
	}
}
