package storage_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

func TestAnnotationsAreOrderedBySegmentStartEnd(t *testing.T) {
	s, _ := openStore(t)
	doc := testDocument(t, "Reform", 12) // segments s1..s4, then c1..c12
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	// Added out of order; c10 sorts before c2 as a string but not as a segment.
	spans := []struct {
		seg        string
		start, end int
	}{{"c10", 0, 5}, {"c2", 3, 9}, {"s3", 14, 20}, {"c2", 0, 9}, {"s3", 0, 20}, {"s3", 0, 6}, {"s1", 0, 2}, {"c2", 0, 4}}
	for _, sp := range spans {
		a := annotate.Annotation{DocumentID: doc.ID, SegmentID: sp.seg, Start: sp.start, End: sp.end, Label: "PER"}
		if err := s.AddAnnotation(&a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Annotations(doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"s1 0-2", "s3 0-6", "s3 0-20", "s3 14-20", "c2 0-4", "c2 0-9", "c2 3-9", "c10 0-5"}
	if len(got) != len(want) {
		t.Fatalf("got %d annotations, want %d", len(got), len(want))
	}
	for i, a := range got {
		if g := a.SegmentID + " " + strconv.Itoa(a.Start) + "-" + strconv.Itoa(a.End); g != want[i] {
			t.Errorf("annotation %d is %s, want %s", i, g, want[i])
		}
	}
	if _, err := s.Annotations("nope"); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("Annotations of an unknown document: %v", err)
	}
}

func TestUpdateAnnotationKeepsCreatedAndSetsModified(t *testing.T) {
	s, _ := openStore(t)
	doc := testDocument(t, "Reform", 1)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	a := newAnnotation(doc.ID)
	a.Created = t0
	if err := s.AddAnnotation(&a); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	b := a
	b.Created = time.Time{}
	b.Start, b.End, b.Label = 7, 13, "CLAIM"
	b.Attributes = map[string]string{"stance": "neutral"}
	b.Note = "nur der Nachname"
	b.Annotator = ""
	if err := s.UpdateAnnotation(&b); err != nil {
		t.Fatal(err)
	}
	got, err := s.Annotation(doc.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Created.Equal(t0) || got.Modified.Before(before.Add(-time.Second)) {
		t.Errorf("created %v, modified %v; want created %v and modified now", got.Created, got.Modified, t0)
	}
	if got.Quote.Exact != "Muster" || got.Label != "CLAIM" || got.Note != b.Note || got.Annotator != "anna" {
		t.Errorf("stored %+v", got)
	}
	sameJSON(t, "update writes back what it stored", got, &b)
	// The usage counts followed the label: PER is free, CLAIM is not.
	if err := s.SetCodebook(without(testCodebook(), "PER")); err != nil {
		t.Errorf("dropping PER after its only annotation changed label: %v", err)
	}
	if err := s.SetCodebook(without(testCodebook(), "CLAIM")); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("dropping CLAIM in use: %v", err)
	}
}

func TestDeleteAnnotationRemovesItsRelations(t *testing.T) {
	s, _ := openStore(t)
	doc := testDocument(t, "Reform", 2)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, seg := range []string{"s3", "c1", "c2"} {
		a := annotate.Annotation{DocumentID: doc.ID, SegmentID: seg, Start: 0, End: 5, Label: "PER"}
		if err := s.AddAnnotation(&a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	links := [][2]string{{ids[1], ids[0]}, {ids[0], ids[2]}, {ids[2], ids[1]}}
	for _, l := range links {
		if err := s.AddRelation(&annotate.Relation{DocumentID: doc.ID, Type: "disputes", From: l[0], To: l[1]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteAnnotation(doc.ID, ids[0]); err != nil {
		t.Fatal(err)
	}
	rels, err := s.Relations(doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rels) != 1 || rels[0].From != ids[2] || rels[0].To != ids[1] {
		t.Errorf("relations left: %+v, want only %s → %s", rels, ids[2], ids[1])
	}
	if _, err := s.Annotation(doc.ID, ids[0]); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("deleted annotation: %v", err)
	}
	assertCounts(t, s, doc.ID, 2)
	if err := s.DeleteRelation(doc.ID, rels[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCodebook(without(testCodebook(), "disputes")); err != nil {
		t.Errorf("dropping a relation type no longer used: %v", err)
	}
}

func TestDeleteDocumentRemovesEverythingOfIt(t *testing.T) {
	s, _ := openStore(t)
	doc, other := testDocument(t, "Reform", 2), testDocument(t, "Wahl", 1)
	if err := s.AddDocuments(doc, other); err != nil {
		t.Fatal(err)
	}
	a, b := newAnnotation(doc.ID), newAnnotation(doc.ID)
	b.Label, b.Start = "ORG", 7
	keep := newAnnotation(other.ID)
	for _, x := range []*annotate.Annotation{&a, &b, &keep} {
		if err := s.AddAnnotation(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddRelation(&annotate.Relation{DocumentID: doc.ID, Type: "same-as", From: a.ID, To: b.ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSegmentLabel(&annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "toxic", Annotator: "anna"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDocument(doc.ID); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	if _, err := s.Document(doc.ID); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("Document after delete: %v", err)
	}
	if _, err := s.DocumentByHash(doc.Hash); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("DocumentByHash after delete: %v", err)
	}
	for name, list := range map[string]func(string) error{
		"Annotations":   func(id string) error { _, err := s.Annotations(id); return err },
		"Relations":     func(id string) error { _, err := s.Relations(id); return err },
		"SegmentLabels": func(id string) error { _, err := s.SegmentLabels(id); return err },
	} {
		if err := list(doc.ID); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("%s after delete: %v", name, err)
		}
	}
	sums, err := s.Documents()
	if err != nil || len(sums) != 1 || sums[0].ID != other.ID {
		t.Errorf("Documents after delete: %+v, %v", sums, err)
	}
	// ORG, same-as and toxic were used only by the deleted document; PER is still used.
	cb := without(without(without(testCodebook(), "ORG"), "same-as"), "toxic")
	if err := s.SetCodebook(cb); err != nil {
		t.Errorf("dropping what only the deleted document used: %v", err)
	}
	if err := s.SetCodebook(without(cb, "PER")); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("dropping PER still used by the other document: %v", err)
	}
	// The same page can be imported again.
	if err := s.AddDocuments(testDocument(t, "Reform", 2)); err != nil {
		t.Errorf("adding the deleted page again: %v", err)
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}

func TestSegmentLabelsInExclusiveAndOpenSets(t *testing.T) {
	s, _ := openStore(t)
	doc := testDocument(t, "Reform", 2)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	set := func(seg, label, annotator string) {
		t.Helper()
		if err := s.SetSegmentLabel(&annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: seg, Label: label, Annotator: annotator}); err != nil {
			t.Fatal(err)
		}
	}
	set("c1", "on-topic", "anna")
	set("c1", "on-topic", "ben")
	set("c1", "toxic", "anna")
	set("c1", "constructive", "anna") // tone is not exclusive: both stay
	set("c1", "off-topic", "anna")    // relevance is exclusive: replaces anna's on-topic
	set("c1", "off-topic", "anna")    // again: nothing changes
	set("c2", "on-topic", "anna")
	got, err := s.SegmentLabels(doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, l := range got {
		keys = append(keys, l.SegmentID+" "+l.Label+" "+l.Annotator)
	}
	want := []string{"c1 constructive anna", "c1 off-topic anna", "c1 on-topic ben", "c1 toxic anna", "c2 on-topic anna"}
	if len(keys) != len(want) {
		t.Fatalf("segment labels %q, want %q", keys, want)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Errorf("segment labels %q, want %q", keys, want)
			break
		}
	}
	if err := s.RemoveSegmentLabel(annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "toxic", Annotator: "anna"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCodebook(without(testCodebook(), "toxic")); err != nil {
		t.Errorf("dropping toxic after its removal: %v", err)
	}
	if err := s.SetCodebook(without(testCodebook(), "on-topic")); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("dropping on-topic in use: %v", err)
	}
}

func TestAddAnnotatorKeepsExisting(t *testing.T) {
	s, _ := openStore(t)
	if err := s.AddAnnotator(&annotate.Annotator{ID: "anna", Name: "Anna", Created: t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAnnotator(&annotate.Annotator{ID: "anna", Name: "Someone else"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Annotators()
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "annotators", got, []annotate.Annotator{{ID: "anna", Name: "Anna", Created: t0}})
}

// assertCounts checks a document's annotation count against its listing.
func assertCounts(t *testing.T, s interface {
	Documents() ([]annotate.DocumentSummary, error)
	Annotations(string) ([]annotate.Annotation, error)
}, docID string, want int) {
	t.Helper()
	sums, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	anns, err := s.Annotations(docID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range sums {
		if sum.ID == docID && (sum.Annotations != want || len(anns) != want) {
			t.Errorf("document %s counts %d annotations and lists %d, want %d", docID, sum.Annotations, len(anns), want)
		}
	}
}
