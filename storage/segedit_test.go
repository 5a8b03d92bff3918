package storage_test

import (
	"errors"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// editFixture stores a page with 3 comments, a span in comment c2 after
// "Kommentar 2 zu Seite: ", a span in the body, a relation between them and
// labels on c1 and c2.
type editFixture struct {
	s        *storage.Store
	doc      *annotate.Document
	inC2     annotate.Annotation
	inBody   annotate.Annotation
	relation annotate.Relation
}

func newEditFixture(t *testing.T) *editFixture {
	t.Helper()
	s, _ := openStore(t)
	doc := testDocument(t, "Seite", 3)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	f := &editFixture{s: s, doc: doc}
	// c2: "Kommentar 2 zu Seite: Das stimmt so nicht, sagt Leser 2."
	f.inC2 = annotate.Annotation{DocumentID: doc.ID, SegmentID: "c2", Start: 26, End: 41, Label: "CLAIM",
		Attributes: map[string]string{"stance": "contra"}, Annotator: "x"}
	f.inBody = annotate.Annotation{DocumentID: doc.ID, SegmentID: "s3", Start: 0, End: 13, Label: "PER", Annotator: "x"}
	for _, a := range []*annotate.Annotation{&f.inC2, &f.inBody} {
		if err := s.AddAnnotation(a); err != nil {
			t.Fatal(err)
		}
	}
	f.relation = annotate.Relation{DocumentID: doc.ID, Type: "disputes", From: f.inC2.ID, To: f.inBody.ID, Annotator: "x"}
	if err := s.AddRelation(&f.relation); err != nil {
		t.Fatal(err)
	}
	for _, l := range []annotate.SegmentLabel{
		{DocumentID: doc.ID, SegmentID: "c1", Label: "on-topic", Annotator: "x"},
		{DocumentID: doc.ID, SegmentID: "c2", Label: "off-topic", Annotator: "x"},
		{DocumentID: doc.ID, SegmentID: "c2", Label: "toxic", Annotator: "x"},
	} {
		if err := s.SetSegmentLabel(&l); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// state reads everything the fixture's document has.
func (f *editFixture) state(t *testing.T) (*annotate.Document, []annotate.Annotation, []annotate.Relation, []annotate.SegmentLabel) {
	t.Helper()
	d, err := f.s.Document(f.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	anns, err := f.s.Annotations(f.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	rels, err := f.s.Relations(f.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	labels, err := f.s.SegmentLabels(f.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d, anns, rels, labels
}

func (f *editFixture) annotation(t *testing.T, id string) annotate.Annotation {
	t.Helper()
	a, err := f.s.Annotation(f.doc.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return *a
}

// quoteOf returns the text an annotation covers in the stored document.
func quoteOf(t *testing.T, d *annotate.Document, a annotate.Annotation) string {
	t.Helper()
	seg, ok := d.Segment(a.SegmentID)
	if !ok {
		t.Fatalf("annotation %s points into segment %s, which is gone", a.ID, a.SegmentID)
	}
	q, ok := annotate.Slice(seg.Text, a.Start, a.End)
	if !ok {
		t.Fatalf("annotation %s [%d,%d) is outside its segment", a.ID, a.Start, a.End)
	}
	if q != a.Quote.Exact {
		t.Fatalf("annotation %s quotes %q but covers %q", a.ID, a.Quote.Exact, q)
	}
	return q
}

// TestEveryEditUndoesAndRedoesFromDisk runs each hand edit through the
// history, reopens the file after it, after its undo and after its redo,
// and checks the text, the annotations, the relation and the labels each
// time.
func TestEveryEditUndoesAndRedoesFromDisk(t *testing.T) {
	tests := []struct {
		name  string
		make  func(t *testing.T, f *editFixture) annotate.Change
		check func(t *testing.T, f *editFixture) // after apply and after redo
	}{
		{"split a comment into two", func(t *testing.T, f *editFixture) annotate.Change {
			d, anns, _, labels := f.state(t)
			edit, cut, err := annotate.SplitSegment(d, anns, labels, "c2", 22, annotate.KindComment)
			if err != nil || len(cut) != 0 {
				t.Fatalf("split: %v, cut %v", err, cut)
			}
			return &annotate.EditSegments{Edit: edit, What: "split"}
		}, func(t *testing.T, f *editFixture) {
			d, _, rels, labels := f.state(t)
			if len(d.Segments) != 8 || d.CommentCount() != 4 {
				t.Fatalf("%d segments, %d comments", len(d.Segments), d.CommentCount())
			}
			second := d.Segments[6]
			if d.Segments[5].Text != "Kommentar 2 zu Seite:" || second.Text != "Das stimmt so nicht, sagt Leser 2." {
				t.Errorf("parts %q | %q", d.Segments[5].Text, second.Text)
			}
			a := f.annotation(t, f.inC2.ID)
			if a.SegmentID != second.ID || a.Start != 4 || quoteOf(t, d, a) != "stimmt so nicht" {
				t.Errorf("moved span = %+v", a)
			}
			if a.Attributes["stance"] != "contra" || a.Label != "CLAIM" {
				t.Errorf("moved span lost its label or attributes: %+v", a)
			}
			if len(rels) != 1 || rels[0].From != f.inC2.ID {
				t.Errorf("relations = %+v", rels)
			}
			on := map[string]int{}
			for _, l := range labels {
				on[l.SegmentID]++
			}
			if on["c2"] != 2 || on[second.ID] != 2 || on["c1"] != 1 {
				t.Errorf("labels per segment = %v, want both parts with c2's two labels", on)
			}
			sums, _ := f.s.Documents()
			if sums[0].Comments != 4 || sums[0].Segments != 8 {
				t.Errorf("summary counts %d comments, %d segments", sums[0].Comments, sums[0].Segments)
			}
		}},
		{"merge a comment into the one before", func(t *testing.T, f *editFixture) annotate.Change {
			d, anns, _, labels := f.state(t)
			cb, _ := f.s.Codebook()
			edit, err := annotate.MergeSegment(d, anns, labels, cb, "c2")
			if err != nil {
				t.Fatal(err)
			}
			return &annotate.EditSegments{Edit: edit, What: "merge"}
		}, func(t *testing.T, f *editFixture) {
			d, _, rels, labels := f.state(t)
			if d.CommentCount() != 2 {
				t.Fatalf("%d comments, want 2", d.CommentCount())
			}
			a := f.annotation(t, f.inC2.ID)
			c1, _ := d.Segment("c1")
			if a.SegmentID != "c1" || a.Start != annotate.RuneCount(c1.Text)-annotate.RuneCount("Kommentar 2 zu Seite: Das stimmt so nicht, sagt Leser 2.")+26 || quoteOf(t, d, a) != "stimmt so nicht" {
				t.Errorf("moved span = %+v", a)
			}
			if c3, _ := d.Segment("c3"); c3.ReplyTo != "c1" {
				t.Errorf("c3 replies to %q, want c1", c3.ReplyTo)
			}
			if len(rels) != 1 {
				t.Errorf("relations = %+v", rels)
			}
			// on-topic stays, off-topic (same exclusive set) goes, toxic moves.
			var got []string
			for _, l := range labels {
				got = append(got, l.SegmentID+":"+l.Label)
			}
			if len(got) != 2 || got[0] != "c1:on-topic" || got[1] != "c1:toxic" {
				t.Errorf("labels = %v", got)
			}
		}},
		{"change a comment into a subheading", func(t *testing.T, f *editFixture) annotate.Change {
			d, _, _, _ := f.state(t)
			edit, err := annotate.ChangeSegmentKind(d, "c2", annotate.KindSubheading)
			if err != nil {
				t.Fatal(err)
			}
			return &annotate.EditSegments{Edit: edit, What: "kind"}
		}, func(t *testing.T, f *editFixture) {
			d, _, _, _ := f.state(t)
			if s, _ := d.Segment("c2"); s.Kind != annotate.KindSubheading || s.Author != "" {
				t.Errorf("c2 = %+v", s)
			}
			if s, _ := d.Segment("c3"); s.ReplyTo != "c1" && s.ReplyTo != "" {
				t.Errorf("c3 replies to %q", s.ReplyTo)
			}
			if quoteOf(t, d, f.annotation(t, f.inC2.ID)) != "stimmt so nicht" {
				t.Error("the span moved")
			}
		}},
		{"rename the document", func(t *testing.T, f *editFixture) annotate.Change {
			return &annotate.RenameDocument{DocumentID: f.doc.ID, Before: f.doc.Title, After: " Neuer\n Titel "}
		}, func(t *testing.T, f *editFixture) {
			d, _, _, _ := f.state(t)
			if d.Title != "Neuer Titel" {
				t.Errorf("title = %q", d.Title)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newEditFixture(t)
			before, beforeAnns, beforeRels, beforeLabels := f.state(t)
			var h annotate.History
			if err := h.Do(f.s, tt.make(t, f)); err != nil {
				t.Fatal(err)
			}
			f.s = reopen(t, f.s)
			tt.check(t, f)
			if _, err := h.Undo(f.s); err != nil {
				t.Fatal(err)
			}
			f.s = reopen(t, f.s)
			d, anns, rels, labels := f.state(t)
			sameJSON(t, "document after undo", d, before)
			sameJSON(t, "annotations after undo", anns, beforeAnns)
			sameJSON(t, "relations after undo", rels, beforeRels)
			sameJSON(t, "labels after undo", labels, beforeLabels)
			if id, err := f.s.DocumentByHash(before.Hash); err != nil || id != before.ID {
				t.Errorf("the original hash names %q (%v)", id, err)
			}
			if _, err := h.Redo(f.s); err != nil {
				t.Fatal(err)
			}
			f.s = reopen(t, f.s)
			tt.check(t, f)
			if err := f.s.Check(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestAnEditedDocumentHasTheHashOfItsTextAndIsStillFoundByItsImportHash(t *testing.T) {
	f := newEditFixture(t)
	d, anns, _, labels := f.state(t)
	edit, _, err := annotate.SplitSegment(d, anns, labels, "c1", 12, annotate.KindComment)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.EditSegments(edit); err != nil {
		t.Fatal(err)
	}
	after, _, _, _ := f.state(t)
	if after.Hash != annotate.ContentHash(after.Segments) {
		t.Error("the hash does not follow the text")
	}
	for _, h := range []string{after.Hash, f.doc.Hash} {
		if id, err := f.s.DocumentByHash(h); err != nil || id != f.doc.ID {
			t.Errorf("hash %s names %q (%v)", h[:8], id, err)
		}
	}
	if after.Meta["import_hash"] != f.doc.Hash {
		t.Errorf("import_hash = %q", after.Meta["import_hash"])
	}
	// Importing the same page again is recognised.
	again := testDocument(t, "Seite", 3)
	if err := f.s.AddDocuments(again); !errors.Is(err, annotate.ErrDuplicate) {
		t.Errorf("second import of the page: err = %v, want ErrDuplicate", err)
	}
	// A stale edit (the same split again) is refused and changes nothing.
	if err := f.s.EditSegments(edit); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("stale edit: err = %v, want ErrInvalid", err)
	}
	// Deleting the document frees both hashes.
	if err := f.s.DeleteDocuments(f.doc.ID); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{after.Hash, f.doc.Hash} {
		if _, err := f.s.DocumentByHash(h); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("hash %s after delete: err = %v", h[:8], err)
		}
	}
}

func TestRemovedDocumentsComeBackWithTheirIdsAndEverythingInThem(t *testing.T) {
	f := newEditFixture(t)
	other := testDocument(t, "Andere", 1)
	if err := f.s.AddDocuments(other); err != nil {
		t.Fatal(err)
	}
	d, anns, rels, labels := f.state(t)
	var h annotate.History
	if err := h.Do(f.s, &annotate.RemoveDocuments{IDs: []string{f.doc.ID, other.ID}, What: "delete"}); err != nil {
		t.Fatal(err)
	}
	f.s = reopen(t, f.s)
	if sums, _ := f.s.Documents(); len(sums) != 0 {
		t.Fatalf("%d documents left", len(sums))
	}
	if _, err := h.Undo(f.s); err != nil {
		t.Fatal(err)
	}
	f.s = reopen(t, f.s)
	d2, anns2, rels2, labels2 := f.state(t)
	sameJSON(t, "document", d2, d)
	sameJSON(t, "annotations", anns2, anns)
	sameJSON(t, "relations", rels2, rels)
	sameJSON(t, "labels", labels2, labels)
	if _, err := f.s.Document(other.ID); err != nil {
		t.Error(err)
	}
}

func TestAnImportIsUndoneAndRedoneWithItsID(t *testing.T) {
	s, _ := openStore(t)
	doc := testDocument(t, "Eingefügt", 2)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	var h annotate.History
	h.Record(annotate.NewImportDocuments([]string{doc.ID}, "paste"))
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(doc.ID); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("after undo: err = %v, want ErrNotFound", err)
	}
	if _, err := h.Redo(s); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	back, err := s.Document(doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "document", back, doc)
}

func TestSetDocumentTitleRefusesAnEmptyTitle(t *testing.T) {
	f := newEditFixture(t)
	if err := f.s.SetDocumentTitle(f.doc.ID, " \n "); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("err = %v, want ErrInvalid", err)
	}
	if err := f.s.SetDocumentTitle("nope", "x"); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}
