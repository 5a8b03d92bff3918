package annotate_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

func TestCodebookChangeConstructors(t *testing.T) {
	base := mergeBase()
	base.Labels = append(base.Labels, annotate.Label{ID: "POL", Name: "Politician", Kind: annotate.KindEntity, Parent: "PER", Color: "#444444"})
	tests := []struct {
		name    string
		make    func() (*annotate.EditCodebook, error)
		wantErr error
		check   func(t *testing.T, e *annotate.CodebookEdit)
	}{
		{"a rename to a taken id is refused", func() (*annotate.EditCodebook, error) {
			return annotate.NewRenameLabel(base, "PER", "ORG", "")
		}, annotate.ErrDuplicate, nil},
		{"a rename of an unknown label is refused", func() (*annotate.EditCodebook, error) {
			return annotate.NewRenameLabel(base, "NOPE", "X", "")
		}, annotate.ErrUnknownLabel, nil},
		{"a rename of the id moves children, relation ends and uses", func() (*annotate.EditCodebook, error) {
			return annotate.NewRenameLabel(base, "PER", "PERSON", "Mensch")
		}, nil, func(t *testing.T, e *annotate.CodebookEdit) {
			if l, _ := e.To.Label("POL"); l.Parent != "PERSON" {
				t.Errorf("child parent %q", l.Parent)
			}
			if rt, _ := e.To.RelationType("disputes"); !slices.Equal(rt.To, []string{"CLAIM", "PERSON"}) {
				t.Errorf("relation ends %v", rt.To)
			}
			if e.Relabel["PER"] != "PERSON" || e.Log.Relabel["PER"] != "PERSON" || e.Log.What != `rename label “Person” (id PER → PERSON) to “Mensch”` {
				t.Errorf("edit %+v", e)
			}
			if _, ok := e.From.Label("PER"); !ok {
				t.Error("From is not the codebook before")
			}
		}},
		{"a merge into itself is refused", func() (*annotate.EditCodebook, error) {
			return annotate.NewMergeLabels(base, "PER", "PER")
		}, annotate.ErrInvalid, nil},
		{"a merge of a span label into a segment label is refused", func() (*annotate.EditCodebook, error) {
			return annotate.NewMergeLabels(base, "PER", "toxic")
		}, annotate.ErrUnknownLabel, nil},
		{"a merge removes the label and points its references at the other", func() (*annotate.EditCodebook, error) {
			return annotate.NewMergeLabels(base, "PER", "ORG")
		}, nil, func(t *testing.T, e *annotate.CodebookEdit) {
			if _, ok := e.To.Label("PER"); ok {
				t.Error("PER is still there")
			}
			if l, _ := e.To.Label("POL"); l.Parent != "ORG" {
				t.Errorf("child parent %q", l.Parent)
			}
			if rt, _ := e.To.RelationType("disputes"); !slices.Equal(rt.To, []string{"CLAIM", "ORG"}) {
				t.Errorf("relation ends %v", rt.To)
			}
		}},
		{"a delete without a target removes the uses and lifts the children", func() (*annotate.EditCodebook, error) {
			return annotate.NewDeleteLabel(base, "PER", "")
		}, nil, func(t *testing.T, e *annotate.CodebookEdit) {
			if l, _ := e.To.Label("POL"); l.Parent != "" {
				t.Errorf("child parent %q", l.Parent)
			}
			if !slices.Equal(e.Remove, []string{"PER"}) || e.Relabel != nil || e.Log.Relabel != nil {
				t.Errorf("edit %+v", e)
			}
		}},
		{"a delete with a target moves the uses", func() (*annotate.EditCodebook, error) {
			return annotate.NewDeleteLabel(base, "PER", "ORG")
		}, nil, func(t *testing.T, e *annotate.CodebookEdit) {
			if e.Relabel["PER"] != "ORG" || e.Log.What != `delete label “Person”, its uses moved to “Organisation”` {
				t.Errorf("edit %+v", e)
			}
		}},
		{"a delete of a segment label takes it out of its set", func() (*annotate.EditCodebook, error) {
			return annotate.NewDeleteLabel(base, "toxic", "")
		}, nil, func(t *testing.T, e *annotate.CodebookEdit) {
			if _, _, ok := e.To.SegmentLabel("toxic"); ok || !slices.Equal(e.RemoveSegment, []string{"toxic"}) {
				t.Errorf("edit %+v", e)
			}
		}},
		{"removing a value the attribute lacks is refused", func() (*annotate.EditCodebook, error) {
			return annotate.NewRemoveAttributeValue(base, "CLAIM", "stance", "maybe")
		}, annotate.ErrAttributeValue, nil},
		{"removing a value clears it where held", func() (*annotate.EditCodebook, error) {
			return annotate.NewRemoveAttributeValue(base, "CLAIM", "stance", "pro")
		}, nil, func(t *testing.T, e *annotate.CodebookEdit) {
			l, _ := e.To.Label("CLAIM")
			if !slices.Equal(l.Attributes[0].Values, []string{"contra"}) || len(e.ClearValues) != 1 {
				t.Errorf("edit %+v", e)
			}
		}},
		{"removing the last value of a choice is refused", func() (*annotate.EditCodebook, error) {
			one := annotate.CloneCodebook(base)
			one.Labels[2].Attributes[0].Values = []string{"pro"}
			return annotate.NewRemoveAttributeValue(one, "CLAIM", "stance", "pro")
		}, annotate.ErrInvalid, nil},
		{"an update to an invalid codebook is refused", func() (*annotate.EditCodebook, error) {
			bad := annotate.CloneCodebook(base)
			bad.Labels[0].Color = "red"
			return annotate.NewUpdateCodebook(base, bad)
		}, annotate.ErrInvalid, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := annotate.CloneCodebook(base)
			c, err := tc.make()
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			sameJSON(t, "the codebook given", base, before)
			if err == nil {
				tc.check(t, c.Edit)
			}
		})
	}
}

func TestCodebookChangesNeedACodebookEditor(t *testing.T) {
	c, err := annotate.NewRenameLabel(mergeBase(), "PER", "P", "")
	if err != nil {
		t.Fatal(err)
	}
	var plain annotate.Store // a store without CodebookEditor
	if err := c.Apply(plain); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("apply on a plain store: %v", err)
	}
	if err := c.Revert(plain); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("revert of a change never done: %v", err)
	}
}

func TestInverseOfACodebookEditUndoesItsData(t *testing.T) {
	e := &annotate.CodebookEdit{
		From: mergeBase(), To: mergeBase(),
		Log: annotate.CodebookLogEntry{What: "rename", Relabel: map[string]string{"PER": "PERSON"}},
		Done: &annotate.CodebookData{
			Moves:   []annotate.LabelMove{{DocumentID: "d", AnnotationID: "a", From: "PER", To: "PERSON"}},
			Values:  []annotate.ValueChange{{DocumentID: "d", AnnotationID: "a", Attribute: "s", From: "pro"}},
			Removed: []annotate.Annotation{{ID: "b"}},
		},
	}
	inv := e.Inverse()
	if inv.Data.Moves[0].From != "PERSON" || inv.Data.Moves[0].To != "PER" || inv.Data.Values[0].To != "pro" ||
		len(inv.Data.Added) != 1 || len(inv.Data.Removed) != 0 || inv.Log.What != "undo rename" {
		t.Errorf("inverse %+v", inv)
	}
	if inv.Log.Relabel["PERSON"] != "PER" || len(inv.Log.Relabel) != 1 {
		t.Errorf("the undo of a rename renames back: %v", inv.Log.Relabel)
	}
	// The undo of a merge splits a label: no mapping says where each use
	// went, so it names none.
	e.Log.Relabel = map[string]string{"ORG": "PER"}
	if inv := e.Inverse(); inv.Log.Relabel != nil {
		t.Errorf("relabel of the undo of a merge %v", inv.Log.Relabel)
	}
}

func TestMergeOfAParentIntoItsChildGivesTheChildItsPlace(t *testing.T) {
	cb := mergeBase()
	cb.Labels = append(cb.Labels,
		annotate.Label{ID: "FRAMES", Name: "Frames", Kind: "frame", Color: "#555555"},
		annotate.Label{ID: "ECO", Name: "economic", Kind: "frame", Parent: "FRAMES", Color: "#666666"},
		annotate.Label{ID: "ECO2", Name: "economic 2", Kind: "frame", Parent: "ECO", Color: "#777777"})
	c, err := annotate.NewMergeLabels(cb, "ECO", "ECO2")
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := c.Edit.To.Label("ECO2"); l.Parent != "FRAMES" {
		t.Errorf("ECO2's parent is %q, want FRAMES", l.Parent)
	}
}
