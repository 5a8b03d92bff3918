package storage_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// codebookFixture is a project with a document whose annotations use the
// test codebook: three PER, two ORG, a CLAIM with stance "pro" that
// disputes the first PER, and segment labels.
type codebookFixture struct {
	s    *storage.Store
	doc  string
	anns map[string]string // annotation id → label as first stored
	hist annotate.History
}

func newCodebookFixture(t *testing.T) *codebookFixture {
	t.Helper()
	s, _ := openStore(t)
	d := testDocument(t, "Reform", 3)
	if err := s.AddDocuments(d); err != nil {
		t.Fatal(err)
	}
	f := &codebookFixture{s: s, doc: d.ID, anns: map[string]string{}}
	body := d.Segments[2].ID
	add := func(label string, start, end int, attrs map[string]string) string {
		a := &annotate.Annotation{DocumentID: d.ID, SegmentID: body, Start: start, End: end, Label: label, Attributes: attrs, Annotator: "anna"}
		if err := s.AddAnnotation(a); err != nil {
			t.Fatal(err)
		}
		f.anns[a.ID] = label
		return a.ID
	}
	per := add("PER", 0, 6, nil)
	add("PER", 0, 13, nil)
	add("PER", 7, 13, nil)
	add("ORG", 15, 18, nil)
	add("ORG", 14, 19, nil)
	claim := add("CLAIM", 20, 80, map[string]string{"stance": "pro", "source": "Muster"})
	if err := s.AddRelation(&annotate.Relation{DocumentID: d.ID, Type: "disputes", From: claim, To: per, Annotator: "anna"}); err != nil {
		t.Fatal(err)
	}
	for _, l := range []annotate.SegmentLabel{
		{DocumentID: d.ID, SegmentID: "c1", Label: "toxic", Annotator: "anna"},
		{DocumentID: d.ID, SegmentID: "c2", Label: "toxic", Annotator: "anna"},
		{DocumentID: d.ID, SegmentID: "c2", Label: "constructive", Annotator: "anna"},
		{DocumentID: d.ID, SegmentID: "c1", Label: "on-topic", Annotator: "anna"},
	} {
		if err := s.SetSegmentLabel(&l); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// projectState is everything a codebook edit may change, for comparing.
type projectState struct {
	Codebook      *annotate.Codebook
	Annotations   []annotate.Annotation
	Relations     []annotate.Relation
	SegmentLabels []annotate.SegmentLabel
	// The usage counts.
	Labels, RelationTypes, SegLabelUse, Values, Variables map[string]int
	// The document's annotation count.
	Annotations_ int
}

func (f *codebookFixture) state(t *testing.T) string {
	t.Helper()
	var st projectState
	var err error
	if st.Codebook, err = f.s.Codebook(); err != nil {
		t.Fatal(err)
	}
	if st.Annotations, err = f.s.Annotations(f.doc); err != nil {
		t.Fatal(err)
	}
	if st.Relations, err = f.s.Relations(f.doc); err != nil {
		t.Fatal(err)
	}
	if st.SegmentLabels, err = f.s.SegmentLabels(f.doc); err != nil {
		t.Fatal(err)
	}
	u, err := f.s.CodebookUsage()
	if err != nil {
		t.Fatal(err)
	}
	st.Labels, st.RelationTypes, st.SegLabelUse, st.Variables = u.Labels, u.RelationTypes, u.SegmentLabels, u.Variables
	st.Values = valuesByName(u.Values)
	docs, err := f.s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	st.Annotations_ = docs[0].Annotations
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func valuesByName(m map[annotate.AttributeValue]int) map[string]int {
	out := map[string]int{}
	for k, n := range m {
		out[k.Label+"/"+k.Attribute+"/"+k.Value] = n
	}
	return out
}

func (f *codebookFixture) codebook(t *testing.T) *annotate.Codebook {
	t.Helper()
	cb, err := f.s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

func (f *codebookFixture) labels(t *testing.T) map[string]string {
	t.Helper()
	anns, err := f.s.Annotations(f.doc)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, a := range anns {
		out[a.ID] = a.Label
	}
	return out
}

func (f *codebookFixture) usage(t *testing.T) annotate.Usage {
	t.Helper()
	u, err := f.s.CodebookUsage()
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// doUndoRedo applies c, runs check, undoes it (the state must be as
// before), redoes it and runs check again.
func (f *codebookFixture) doUndoRedo(t *testing.T, c annotate.Change, check func(t *testing.T)) {
	t.Helper()
	before := f.state(t)
	logBefore, err := f.s.CodebookLog()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.hist.Do(f.s, c); err != nil {
		t.Fatal(err)
	}
	check(t)
	after := f.state(t)
	log, err := f.s.CodebookLog()
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != len(logBefore)+1 || log[len(log)-1].What != c.Describe() || log[len(log)-1].Annotator != "anna" || log[len(log)-1].Time.IsZero() {
		t.Errorf("change list after %q: %+v", c.Describe(), log)
	}
	if _, err := f.hist.Undo(f.s); err != nil {
		t.Fatal(err)
	}
	if got := f.state(t); got != before {
		t.Errorf("after undo:\n got %s\nwant %s", got, before)
	}
	if _, err := f.hist.Redo(f.s); err != nil {
		t.Fatal(err)
	}
	check(t)
	if got := f.state(t); got != after {
		t.Errorf("after redo:\n got %s\nwant %s", got, after)
	}
	log, _ = f.s.CodebookLog()
	if len(log) != len(logBefore)+3 || log[len(log)-2].What != "undo "+c.Describe() {
		t.Errorf("change list after undo and redo: %+v", log)
	}
}

func TestRenameLabelIDRelabelsEveryAnnotationAndUndoes(t *testing.T) {
	f := newCodebookFixture(t)
	c, err := annotate.NewRenameLabel(f.codebook(t), "PER", "PERSON", "Mensch")
	if err != nil {
		t.Fatal(err)
	}
	f.doUndoRedo(t, c.By("anna"), func(t *testing.T) {
		for id, l := range f.labels(t) {
			want := f.anns[id]
			if want == "PER" {
				want = "PERSON"
			}
			if l != want {
				t.Errorf("annotation %s has label %s, want %s", id, l, want)
			}
		}
		cb := f.codebook(t)
		if l, ok := cb.Label("PERSON"); !ok || l.Name != "Mensch" || l.Hotkey != "p" {
			t.Errorf("renamed label: %+v", l)
		}
		if l, _ := cb.Label("POL"); l.Parent != "PERSON" {
			t.Errorf("child label's parent is %q", l.Parent)
		}
		if u := f.usage(t); u.Labels["PERSON"] != 3 || u.Labels["PER"] != 0 {
			t.Errorf("usage %v", u.Labels)
		}
	})
	log, _ := f.s.CodebookLog()
	if log[0].Relabel["PER"] != "PERSON" || log[1].Relabel["PERSON"] != "PER" {
		t.Errorf("relabel maps of the change list: %+v", log)
	}
}

func TestRenameLabelNameOnlyKeepsAnnotations(t *testing.T) {
	f := newCodebookFixture(t)
	c, err := annotate.NewRenameLabel(f.codebook(t), "ORG", "", "Organisation (Firma, Verein)")
	if err != nil {
		t.Fatal(err)
	}
	f.doUndoRedo(t, c.By("anna"), func(t *testing.T) {
		if l, _ := f.codebook(t).Label("ORG"); l.Name != "Organisation (Firma, Verein)" {
			t.Errorf("name %q", l.Name)
		}
		for id, l := range f.labels(t) {
			if l != f.anns[id] {
				t.Errorf("annotation %s has label %s", id, l)
			}
		}
	})
}

func TestMergeLabelMovesOnlyItsAnnotationsAndUndoSplitsThemAgain(t *testing.T) {
	f := newCodebookFixture(t)
	c, err := annotate.NewMergeLabels(f.codebook(t), "ORG", "PER")
	if err != nil {
		t.Fatal(err)
	}
	f.doUndoRedo(t, c.By("anna"), func(t *testing.T) {
		for id, l := range f.labels(t) {
			want := f.anns[id]
			if want == "ORG" {
				want = "PER"
			}
			if l != want {
				t.Errorf("annotation %s has label %s, want %s", id, l, want)
			}
		}
		if _, ok := f.codebook(t).Label("ORG"); ok {
			t.Error("merged label still in the codebook")
		}
		if u := f.usage(t); u.Labels["PER"] != 5 {
			t.Errorf("usage %v", u.Labels)
		}
	})
}

func TestMergeIntoLabelWithoutTheAttributeClearsItAndUndoRestoresIt(t *testing.T) {
	f := newCodebookFixture(t)
	c, err := annotate.NewMergeLabels(f.codebook(t), "CLAIM", "ORG")
	if err != nil {
		t.Fatal(err)
	}
	f.doUndoRedo(t, c.By("anna"), func(t *testing.T) {
		anns, _ := f.s.Annotations(f.doc)
		for _, a := range anns {
			if f.anns[a.ID] == "CLAIM" && (a.Label != "ORG" || len(a.Attributes) != 0) {
				t.Errorf("merged claim: %s %v", a.Label, a.Attributes)
			}
		}
		rels, _ := f.s.Relations(f.doc)
		if len(rels) != 1 {
			t.Errorf("relations %v", rels)
		}
	})
}

func TestMergeSegmentLabelKeepsOneLabelPerSegmentAndUndoes(t *testing.T) {
	f := newCodebookFixture(t)
	c, err := annotate.NewMergeLabels(f.codebook(t), "toxic", "constructive")
	if err != nil {
		t.Fatal(err)
	}
	f.doUndoRedo(t, c.By("anna"), func(t *testing.T) {
		labels, _ := f.s.SegmentLabels(f.doc)
		got := map[string][]string{}
		for _, l := range labels {
			got[l.SegmentID] = append(got[l.SegmentID], l.Label)
		}
		if len(got["c1"]) != 2 || len(got["c2"]) != 1 || got["c2"][0] != "constructive" {
			t.Errorf("segment labels after merge: %v", got)
		}
		if u := f.usage(t); u.SegmentLabels["constructive"] != 2 || u.SegmentLabels["toxic"] != 0 {
			t.Errorf("usage %v", u.SegmentLabels)
		}
	})
}

func TestDeleteLabelWithMoveGivesItsAnnotationsTheOtherLabel(t *testing.T) {
	f := newCodebookFixture(t)
	c, err := annotate.NewDeleteLabel(f.codebook(t), "PER", "ORG")
	if err != nil {
		t.Fatal(err)
	}
	f.doUndoRedo(t, c.By("anna"), func(t *testing.T) {
		for id, l := range f.labels(t) {
			want := f.anns[id]
			if want == "PER" {
				want = "ORG"
			}
			if l != want {
				t.Errorf("annotation %s has label %s, want %s", id, l, want)
			}
		}
		cb := f.codebook(t)
		if _, ok := cb.Label("PER"); ok {
			t.Error("deleted label still in the codebook")
		}
		if l, _ := cb.Label("POL"); l.Parent != "ORG" {
			t.Errorf("child of the deleted label has parent %q", l.Parent)
		}
	})
}

func TestDeleteLabelWithRemoveTakesItsAnnotationsAndTheirRelations(t *testing.T) {
	f := newCodebookFixture(t)
	c, err := annotate.NewDeleteLabel(f.codebook(t), "PER", "")
	if err != nil {
		t.Fatal(err)
	}
	f.doUndoRedo(t, c.By("anna"), func(t *testing.T) {
		got := f.labels(t)
		if len(got) != 3 {
			t.Errorf("annotations left: %v", got)
		}
		for _, l := range got {
			if l == "PER" {
				t.Error("an annotation of the deleted label is left")
			}
		}
		rels, _ := f.s.Relations(f.doc)
		if len(rels) != 0 {
			t.Errorf("relation of a removed annotation left: %v", rels)
		}
		docs, _ := f.s.Documents()
		if docs[0].Annotations != 3 {
			t.Errorf("document counts %d annotations", docs[0].Annotations)
		}
	})
}

func TestRemoveAttributeValueClearsItWhereHeldAndUndoRestoresIt(t *testing.T) {
	f := newCodebookFixture(t)
	if n := f.usage(t).Values[annotate.AttributeValue{Label: "CLAIM", Attribute: "stance", Value: "pro"}]; n != 1 {
		t.Fatalf("usage of the value: %d", n)
	}
	c, err := annotate.NewRemoveAttributeValue(f.codebook(t), "CLAIM", "stance", "pro")
	if err != nil {
		t.Fatal(err)
	}
	f.doUndoRedo(t, c.By("anna"), func(t *testing.T) {
		anns, _ := f.s.Annotations(f.doc)
		for _, a := range anns {
			if a.Label == "CLAIM" && (a.Attributes["stance"] != "" || a.Attributes["source"] != "Muster") {
				t.Errorf("claim attributes %v", a.Attributes)
			}
		}
		l, _ := f.codebook(t).Label("CLAIM")
		if a, _ := l.Attribute("stance"); len(a.Values) != 2 {
			t.Errorf("values %v", a.Values)
		}
	})
}

func TestCodebookEditsThatFailLeaveTheProjectAsItWas(t *testing.T) {
	f := newCodebookFixture(t)
	cb := f.codebook(t)
	dropPER := annotate.CloneCodebook(cb)
	dropPER.Labels = dropPER.Labels[1:]
	dropPER.Labels[1].Parent = ""
	dropPro := annotate.CloneCodebook(cb)
	dropPro.Labels[3].Attributes[0].Values = []string{"contra", "neutral"}
	dropAttr := annotate.CloneCodebook(cb)
	dropAttr.Labels[3].Attributes = dropAttr.Labels[3].Attributes[:1]
	stale := annotate.CloneCodebook(cb)
	stale.Name = "another"
	merge, err := annotate.NewMergeLabels(cb, "ORG", "PER")
	if err != nil {
		t.Fatal(err)
	}
	badData := *merge.Edit
	badData.Data = &annotate.CodebookData{Moves: []annotate.LabelMove{{DocumentID: f.doc, AnnotationID: "nope", From: "PER", To: "ORG"}}}
	tests := []struct {
		name string
		edit *annotate.CodebookEdit
		want error
	}{
		{"an update that drops a label in use", &annotate.CodebookEdit{From: cb, To: dropPER}, annotate.ErrInvalid},
		{"an update that drops an attribute value in use", &annotate.CodebookEdit{From: cb, To: dropPro}, annotate.ErrInvalid},
		{"an update that drops an attribute in use", &annotate.CodebookEdit{From: cb, To: dropAttr}, annotate.ErrInvalid},
		{"an edit prepared on another codebook", &annotate.CodebookEdit{From: stale, To: dropPER, Relabel: map[string]string{"PER": "ORG"}}, annotate.ErrInvalid},
		{"a merge whose exact part fails after the rules ran", &badData, annotate.ErrNotFound},
		{"a relabel to a label the new codebook lacks", &annotate.CodebookEdit{From: cb, To: cb, Relabel: map[string]string{"PER": "NONE"}}, annotate.ErrUnknownLabel},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.state(t)
			if err := f.s.EditCodebook(tc.edit); !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if tc.edit.Done != nil {
				t.Error("a refused edit filled in Done")
			}
			if got := f.state(t); got != before {
				t.Errorf("project changed:\n got %s\nwant %s", got, before)
			}
			if log, _ := f.s.CodebookLog(); len(log) != 0 {
				t.Errorf("change list %v", log)
			}
		})
	}
}

func TestUpdateCodebookAddsFieldsWithoutMovingData(t *testing.T) {
	f := newCodebookFixture(t)
	cb := f.codebook(t)
	after := annotate.CloneCodebook(cb)
	after.Labels = append(after.Labels, annotate.Label{ID: "FRAME-ECO", Name: "Frame: economic", Kind: "frame", Color: "#123456", Hotkey: "e",
		Description: "costs, jobs", Examples: []string{"Die Reform kostet 3 Mrd."}})
	after.Labels[3].Attributes[0].Values = append(after.Labels[3].Attributes[0].Values, "unclear")
	after.Variables = []annotate.VariableDef{{ID: "outlet", Name: "Outlet", Type: annotate.VarChoice, Values: []string{"taz", "FAZ"}}}
	c, err := annotate.NewUpdateCodebook(cb, after)
	if err != nil {
		t.Fatal(err)
	}
	f.doUndoRedo(t, c.By("anna"), func(t *testing.T) {
		got := f.codebook(t)
		sameJSON(t, "codebook", got, after)
		for id, l := range f.labels(t) {
			if l != f.anns[id] {
				t.Errorf("annotation %s has label %s", id, l)
			}
		}
	})
}
