package annotate_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// newStore returns a real project on a temporary file with the test codebook
// and the test document.
func newStore(t *testing.T) (*storage.Store, *annotate.Document) {
	t.Helper()
	s, err := storage.Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SetCodebook(testCodebook()); err != nil {
		t.Fatal(err)
	}
	doc := testDocument(t)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	return s, doc
}

func annotationIDs(t *testing.T, s annotate.Store, doc string) []string {
	t.Helper()
	anns, err := s.Annotations(doc)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range anns {
		ids = append(ids, a.ID+":"+a.Label+":"+a.Note)
	}
	return ids
}

func TestHistoryUndoesAndRedoesCreateEditDelete(t *testing.T) {
	s, doc := newStore(t)
	var h annotate.History
	a := &annotate.Annotation{DocumentID: doc.ID, SegmentID: "s2", Start: 8, End: 14, Label: "PER", Annotator: "anna"}
	if err := h.Do(s, &annotate.CreateAnnotation{Annotation: a}); err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Quote.Exact != "Müller" {
		t.Fatalf("created annotation = %+v", a)
	}
	created := a.ID + ":PER:"
	edited := *a
	edited.Note = "the speaker"
	if err := h.Do(s, &annotate.EditAnnotation{Before: *a, After: edited, What: "note"}); err != nil {
		t.Fatal(err)
	}
	if err := h.Do(s, &annotate.DeleteAnnotation{Annotation: edited}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		op   func() (annotate.Change, error)
		want []string
	}{
		{func() (annotate.Change, error) { return h.Undo(s) }, []string{a.ID + ":PER:the speaker"}},
		{func() (annotate.Change, error) { return h.Undo(s) }, []string{created}},
		{func() (annotate.Change, error) { return h.Undo(s) }, nil},
		{func() (annotate.Change, error) { return h.Redo(s) }, []string{created}},
		{func() (annotate.Change, error) { return h.Redo(s) }, []string{a.ID + ":PER:the speaker"}},
		{func() (annotate.Change, error) { return h.Redo(s) }, nil},
	}
	for i, step := range steps {
		if _, err := step.op(); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		if got := annotationIDs(t, s, doc.ID); !equalStrings(got, step.want) {
			t.Fatalf("step %d: annotations %v, want %v", i+1, got, step.want)
		}
	}
	if _, err := h.Redo(s); !errors.Is(err, annotate.ErrNothingToRedo) {
		t.Errorf("redo past the end = %v", err)
	}
}

func TestNewChangeClearsRedo(t *testing.T) {
	s, doc := newStore(t)
	var h annotate.History
	add := func(start, end int) {
		a := &annotate.Annotation{DocumentID: doc.ID, SegmentID: "s1", Start: start, End: end, Label: "PER", Annotator: "anna"}
		if err := h.Do(s, &annotate.CreateAnnotation{Annotation: a}); err != nil {
			t.Fatal(err)
		}
	}
	add(0, 8)
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	add(9, 14)
	if _, ok := h.CanRedo(); ok {
		t.Error("redo is still offered after a new change")
	}
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Undo(s); !errors.Is(err, annotate.ErrNothingToUndo) {
		t.Errorf("undo past the start = %v", err)
	}
}

func TestUndoDeleteRestoresRelations(t *testing.T) {
	s, doc := newStore(t)
	claim := &annotate.Annotation{DocumentID: doc.ID, SegmentID: "s2", Start: 21, End: 40, Label: "CLAIM", Annotator: "anna"}
	reply := &annotate.Annotation{DocumentID: doc.ID, SegmentID: "c1", Start: 0, End: 13, Label: "CLAIM", Annotator: "anna"}
	for _, a := range []*annotate.Annotation{claim, reply} {
		if err := s.AddAnnotation(a); err != nil {
			t.Fatal(err)
		}
	}
	rel := &annotate.Relation{DocumentID: doc.ID, Type: "disputes", From: reply.ID, To: claim.ID, Annotator: "anna"}
	if err := s.AddRelation(rel); err != nil {
		t.Fatal(err)
	}
	var h annotate.History
	if err := h.Do(s, &annotate.DeleteAnnotation{Annotation: *claim}); err != nil {
		t.Fatal(err)
	}
	if rels, _ := s.Relations(doc.ID); len(rels) != 0 {
		t.Fatalf("relations after delete = %v", rels)
	}
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	rels, err := s.Relations(doc.ID)
	if err != nil || len(rels) != 1 || rels[0].ID != rel.ID || rels[0].From != reply.ID {
		t.Fatalf("relations after undo = %v, %v; want the disputes link back", rels, err)
	}
}

func TestUndoExclusiveSegmentLabelGivesBackTheOldOne(t *testing.T) {
	s, doc := newStore(t)
	var h annotate.History
	on := annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "on-topic", Annotator: "anna"}
	off := annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "off-topic", Annotator: "anna"}
	if err := h.Do(s, &annotate.SetSegmentLabel{Label: on}); err != nil {
		t.Fatal(err)
	}
	if err := h.Do(s, &annotate.SetSegmentLabel{Label: off}); err != nil {
		t.Fatal(err)
	}
	labels := func() []string {
		ls, err := s.SegmentLabels(doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range ls {
			out = append(out, l.Label)
		}
		return out
	}
	if got := labels(); !equalStrings(got, []string{"off-topic"}) {
		t.Fatalf("labels = %v; the exclusive set must keep one", got)
	}
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	if got := labels(); !equalStrings(got, []string{"on-topic"}) {
		t.Fatalf("labels after undo = %v, want on-topic back", got)
	}
	if err := h.Do(s, &annotate.RemoveSegmentLabel{Label: on}); err != nil {
		t.Fatal(err)
	}
	if got := labels(); len(got) != 0 {
		t.Fatalf("labels after removal = %v", got)
	}
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	if got := labels(); !equalStrings(got, []string{"on-topic"}) {
		t.Fatalf("labels after undoing the removal = %v", got)
	}
}

func TestGroupIsOneStepAndAllOrNothing(t *testing.T) {
	s, doc := newStore(t)
	var h annotate.History
	mk := func(seg string, start, end int, label string) annotate.Change {
		return &annotate.CreateAnnotation{Annotation: &annotate.Annotation{
			DocumentID: doc.ID, SegmentID: seg, Start: start, End: end, Label: label, Annotator: "anna"}}
	}
	g := &annotate.Group{Description: "tag all", Changes: []annotate.Change{mk("s1", 0, 8, "PER"), mk("c1", 0, 7, "PER")}}
	if err := h.Do(s, g); err != nil {
		t.Fatal(err)
	}
	if n := len(annotationIDs(t, s, doc.ID)); n != 2 {
		t.Fatalf("%d annotations after the group, want 2", n)
	}
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	if n := len(annotationIDs(t, s, doc.ID)); n != 0 {
		t.Fatalf("%d annotations after one undo, want 0", n)
	}
	bad := &annotate.Group{Changes: []annotate.Change{mk("s1", 0, 8, "PER"), mk("c1", 0, 7, "NOPE")}}
	if err := h.Do(s, bad); !errors.Is(err, annotate.ErrUnknownLabel) {
		t.Fatalf("bad group = %v, want ErrUnknownLabel", err)
	}
	if n := len(annotationIDs(t, s, doc.ID)); n != 0 {
		t.Errorf("a failed group left %d annotations", n)
	}
	if c, _ := h.CanUndo(); c != nil {
		t.Errorf("a failed group is on the undo list: %v", c.Describe())
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLinkAndUnlinkUndo(t *testing.T) {
	s, doc := newStore(t)
	claim := &annotate.Annotation{DocumentID: doc.ID, SegmentID: "s2", Start: 21, End: 40, Label: "CLAIM", Annotator: "anna"}
	reply := &annotate.Annotation{DocumentID: doc.ID, SegmentID: "c1", Start: 0, End: 13, Label: "CLAIM", Annotator: "anna"}
	for _, a := range []*annotate.Annotation{claim, reply} {
		if err := s.AddAnnotation(a); err != nil {
			t.Fatal(err)
		}
	}
	var h annotate.History
	link := &annotate.LinkAnnotations{Relation: &annotate.Relation{DocumentID: doc.ID, Type: "disputes", From: reply.ID, To: claim.ID, Annotator: "anna"}}
	if err := h.Do(s, link); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		rels, err := s.Relations(doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(rels)
	}
	if count() != 1 {
		t.Fatal("no relation after linking")
	}
	if err := h.Do(s, &annotate.Unlink{Relation: *link.Relation}); err != nil {
		t.Fatal(err)
	}
	if count() != 0 {
		t.Fatal("relation still there after unlinking")
	}
	for _, want := range []int{1, 0} {
		if _, err := h.Undo(s); err != nil {
			t.Fatal(err)
		}
		if got := count(); got != want {
			t.Fatalf("after undo: %d relations, want %d", got, want)
		}
	}
	if _, err := h.Redo(s); err != nil || count() != 1 {
		t.Fatalf("redo link: %v, %d relations", err, count())
	}
}
