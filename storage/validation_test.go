package storage_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// TestChangesRefuseInvalidData checks that every kind of invalid change is
// refused with the sentinel error of package annotate that names it, and
// changes nothing.
func TestChangesRefuseInvalidData(t *testing.T) {
	s, path := openStore(t)
	doc := testDocument(t, "Reform", 2)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	first := newAnnotation(doc.ID)
	first.ID = "first"
	second := annotate.Annotation{ID: "second", DocumentID: doc.ID, SegmentID: "c1", Start: 0, End: 9, Label: "ORG"}
	for _, a := range []*annotate.Annotation{&first, &second} {
		if err := s.AddAnnotation(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddRelation(&annotate.Relation{ID: "rel", DocumentID: doc.ID, Type: "disputes", From: "first", To: "second"}); err != nil {
		t.Fatal(err)
	}
	ann := func(edit func(a *annotate.Annotation)) func() error {
		return func() error {
			a := newAnnotation(doc.ID)
			edit(&a)
			before := a
			err := s.AddAnnotation(&a)
			if err != nil && !reflect.DeepEqual(a, before) {
				t.Errorf("the refused AddAnnotation changed its argument to %+v", a)
			}
			return err
		}
	}
	rel := func(edit func(r *annotate.Relation)) func() error {
		return func() error {
			r := annotate.Relation{DocumentID: doc.ID, Type: "disputes", From: "first", To: "second"}
			edit(&r)
			before := r
			err := s.AddRelation(&r)
			if err != nil && r != before {
				t.Errorf("the refused AddRelation changed its argument to %+v", r)
			}
			return err
		}
	}
	label := func(edit func(l *annotate.SegmentLabel)) func() error {
		return func() error {
			l := annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "toxic", Annotator: "anna"}
			edit(&l)
			return s.SetSegmentLabel(&l)
		}
	}
	tests := []struct {
		name   string
		change func() error
		want   error
	}{
		{"annotation of an unknown document", ann(func(a *annotate.Annotation) { a.DocumentID = "nope" }), annotate.ErrNotFound},
		{"annotation without a document", ann(func(a *annotate.Annotation) { a.DocumentID = "" }), annotate.ErrNotFound},
		{"annotation of an unknown segment", ann(func(a *annotate.Annotation) { a.SegmentID = "c99" }), annotate.ErrUnknownSegment},
		{"annotation past the end", ann(func(a *annotate.Annotation) { a.End = 1000 }), annotate.ErrOffsetRange},
		{"annotation before the start", ann(func(a *annotate.Annotation) { a.Start = -1 }), annotate.ErrOffsetRange},
		{"annotation ending before it starts", ann(func(a *annotate.Annotation) { a.Start, a.End = 5, 2 }), annotate.ErrOffsetRange},
		{"empty annotation", ann(func(a *annotate.Annotation) { a.Start, a.End = 3, 3 }), annotate.ErrEmptySpan},
		{"annotation with an unknown label", ann(func(a *annotate.Annotation) { a.Label = "LOC" }), annotate.ErrUnknownLabel},
		{"annotation with a segment label", ann(func(a *annotate.Annotation) { a.Label = "toxic" }), annotate.ErrUnknownLabel},
		{"annotation with an unknown attribute", ann(func(a *annotate.Annotation) { a.Attributes = map[string]string{"mood": "x"} }), annotate.ErrUnknownAttribute},
		{"claim without its required attribute", ann(func(a *annotate.Annotation) { a.Label = "CLAIM" }), annotate.ErrAttributeValue},
		{"claim with a value not allowed", ann(func(a *annotate.Annotation) {
			a.Label, a.Attributes = "CLAIM", map[string]string{"stance": "maybe"}
		}), annotate.ErrAttributeValue},
		{"annotation with a taken id", ann(func(a *annotate.Annotation) { a.ID = "first" }), annotate.ErrDuplicate},
		{"annotation with a huge id", ann(func(a *annotate.Annotation) { a.ID = strings.Repeat("x", 5000) }), annotate.ErrInvalid},

		{"relation of an unknown type", rel(func(r *annotate.Relation) { r.Type = "supports" }), annotate.ErrUnknownRelationType},
		{"relation from an unknown annotation", rel(func(r *annotate.Relation) { r.From = "ghost" }), annotate.ErrNotFound},
		{"relation to an unknown annotation", rel(func(r *annotate.Relation) { r.To = "ghost" }), annotate.ErrNotFound},
		{"relation of an annotation to itself", rel(func(r *annotate.Relation) { r.To = "first" }), annotate.ErrInvalid},
		{"relation with a taken id", rel(func(r *annotate.Relation) { r.ID = "rel" }), annotate.ErrDuplicate},
		{"relation of an unknown document", rel(func(r *annotate.Relation) { r.DocumentID = "nope" }), annotate.ErrNotFound},

		{"segment label not in the codebook", label(func(l *annotate.SegmentLabel) { l.Label = "funny" }), annotate.ErrUnknownLabel},
		{"span label given to a segment", label(func(l *annotate.SegmentLabel) { l.Label = "PER" }), annotate.ErrUnknownLabel},
		{"segment label on an unknown segment", label(func(l *annotate.SegmentLabel) { l.SegmentID = "c99" }), annotate.ErrUnknownSegment},
		{"segment label without annotator", label(func(l *annotate.SegmentLabel) { l.Annotator = "" }), annotate.ErrInvalid},
		{"segment label of an unknown document", label(func(l *annotate.SegmentLabel) { l.DocumentID = "nope" }), annotate.ErrNotFound},

		{"update of an unknown annotation", func() error {
			a := newAnnotation(doc.ID)
			a.ID = "ghost"
			return s.UpdateAnnotation(&a)
		}, annotate.ErrNotFound},
		{"update to an unknown label", func() error {
			a := first
			a.Label = "LOC"
			return s.UpdateAnnotation(&a)
		}, annotate.ErrUnknownLabel},
		{"update past the end", func() error {
			a := first
			a.End = 999
			return s.UpdateAnnotation(&a)
		}, annotate.ErrOffsetRange},
		{"delete of an unknown annotation", func() error { return s.DeleteAnnotation(doc.ID, "ghost") }, annotate.ErrNotFound},
		{"delete of an unknown relation", func() error { return s.DeleteRelation(doc.ID, "ghost") }, annotate.ErrNotFound},
		{"removal of a label not given", func() error {
			return s.RemoveSegmentLabel(annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "toxic", Annotator: "anna"})
		}, annotate.ErrNotFound},
		{"delete of an unknown document", func() error { return s.DeleteDocument("nope") }, annotate.ErrNotFound},

		{"a document already in the project", func() error { return s.AddDocuments(testDocument(t, "Reform", 2)) }, annotate.ErrDuplicate},
		{"the same document twice in one call", func() error {
			return s.AddDocuments(testDocument(t, "Neu", 1), testDocument(t, "Neu", 1))
		}, annotate.ErrDuplicate},
		{"a document id taken by another text", func() error {
			d := testDocument(t, "Anders", 1)
			d.ID = doc.ID
			return s.AddDocuments(d)
		}, annotate.ErrDuplicate},
		{"a document that was not Prepared", func() error {
			d := testDocument(t, "Neu", 1)
			d.Segments[0].Text = "geändert"
			return s.AddDocuments(d)
		}, annotate.ErrInvalid},
		{"a document without text", func() error { return s.AddDocuments(&annotate.Document{ID: "empty"}) }, annotate.ErrInvalid},

		{"a codebook dropping a label in use", func() error { return s.SetCodebook(without(testCodebook(), "ORG")) }, annotate.ErrInvalid},
		{"a codebook dropping a relation type in use", func() error { return s.SetCodebook(without(testCodebook(), "disputes")) }, annotate.ErrInvalid},
		{"an invalid codebook", func() error {
			cb := testCodebook()
			cb.Labels[0].Color = "red"
			return s.SetCodebook(cb)
		}, annotate.ErrInvalid},
		{"no codebook", func() error { return s.SetCodebook(nil) }, annotate.ErrInvalid},
		{"an annotator without id", func() error { return s.AddAnnotator(&annotate.Annotator{Name: "Anna"}) }, annotate.ErrInvalid},
	}
	s.Close()
	before := stateOf(t, path)
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.change()
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	if after := stateOf(t, path); after.sum != before.sum {
		t.Error("refused changes changed the file")
	}
}
