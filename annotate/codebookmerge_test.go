package annotate_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

func mergeBase() *annotate.Codebook {
	return &annotate.Codebook{
		Name: "project",
		Labels: []annotate.Label{
			{ID: "PER", Name: "Person", Kind: annotate.KindEntity, Color: "#111111", Hotkey: "p", GUID: "AAAAAAAA-0000-4000-8000-000000000001"},
			{ID: "ORG", Name: "Organisation", Kind: annotate.KindEntity, Color: "#222222", Hotkey: "o"},
			{ID: "CLAIM", Name: "Claim", Kind: annotate.KindClaim, Color: "#333333", Attributes: []annotate.AttributeDef{
				{Name: "stance", Values: []string{"pro", "contra"}}}},
		},
		RelationTypes: []annotate.RelationType{{ID: "disputes", Name: "disputes", Directed: true, To: []string{"CLAIM", "PER"}}},
		SegmentLabelSets: []annotate.SegmentLabelSet{{ID: "tone", Name: "Tone", Labels: []annotate.SegmentLabelDef{
			{ID: "toxic", Name: "toxic", Color: "#000000", GUID: "AAAAAAAA-0000-4000-8000-000000000002"}}}},
		Variables: []annotate.VariableDef{{ID: "outlet", Name: "Outlet", Type: annotate.VarChoice, Values: []string{"taz"}}},
	}
}

func TestMergeCodebook(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(in *annotate.Codebook)
		wantRelabel map[string]string
		wantSeg     map[string]string
		check       func(t *testing.T, got *annotate.Codebook, rep annotate.CodebookMergeReport)
	}{
		{
			name: "the same codebook changes nothing",
			edit: func(in *annotate.Codebook) {},
			check: func(t *testing.T, got *annotate.Codebook, rep annotate.CodebookMergeReport) {
				if !rep.Empty() || len(rep.Kept) != 0 {
					t.Errorf("report %+v", rep)
				}
			},
		},
		{
			name: "a label matched by guid under another id is renamed and its uses follow",
			edit: func(in *annotate.Codebook) {
				in.Labels[0].ID = "PERSON"
				in.RelationTypes[0].To = []string{"CLAIM", "PERSON"}
			},
			wantRelabel: map[string]string{"PER": "PERSON"},
			check: func(t *testing.T, got *annotate.Codebook, rep annotate.CodebookMergeReport) {
				if _, ok := got.Label("PERSON"); !ok {
					t.Error("PERSON missing")
				}
				if _, ok := got.Label("PER"); ok {
					t.Error("PER still there")
				}
				if !slices.Contains(rep.Renamed, "label PER → PERSON") {
					t.Errorf("renamed %v", rep.Renamed)
				}
			},
		},
		{
			name: "entries the file lacks are kept",
			edit: func(in *annotate.Codebook) {
				in.Labels = in.Labels[:1]
				in.RelationTypes = nil
				in.SegmentLabelSets = nil
				in.Variables = nil
			},
			check: func(t *testing.T, got *annotate.Codebook, rep annotate.CodebookMergeReport) {
				sameJSON(t, "codebook", got, mergeBase())
				want := []string{"label ORG", "label CLAIM", "relation type disputes", "segment label set tone", "variable outlet"}
				if !slices.Equal(rep.Kept, want) {
					t.Errorf("kept %v, want %v", rep.Kept, want)
				}
			},
		},
		{
			name: "new entries are added and changed fields taken",
			edit: func(in *annotate.Codebook) {
				in.Labels[1].Color = "#abcdef"
				in.Labels[1].Description = "a company, party or club"
				in.Labels = append(in.Labels, annotate.Label{ID: "FRAME", Name: "Frame", Kind: "frame", Color: "#444444", Hotkey: "P"})
				in.Variables = append(in.Variables, annotate.VariableDef{ID: "topic", Name: "Topic", Type: annotate.VarText})
			},
			check: func(t *testing.T, got *annotate.Codebook, rep annotate.CodebookMergeReport) {
				if l, _ := got.Label("ORG"); l.Color != "#abcdef" || l.Description == "" {
					t.Errorf("ORG %+v", l)
				}
				if l, _ := got.Label("FRAME"); l == nil || l.Hotkey != "" {
					t.Errorf("FRAME %+v: it must lose the hotkey PER has", l)
				}
				if !slices.Equal(rep.Added, []string{"label FRAME", "variable topic"}) || !slices.Equal(rep.Changed, []string{"label ORG"}) || len(rep.Notes) != 1 {
					t.Errorf("report %+v", rep)
				}
			},
		},
		{
			name: "attribute values and variable choices the file lacks stay defined",
			edit: func(in *annotate.Codebook) {
				in.Labels[2].Attributes[0].Values = []string{"pro", "neutral"}
				in.Variables[0].Values = []string{"FAZ"}
			},
			check: func(t *testing.T, got *annotate.Codebook, rep annotate.CodebookMergeReport) {
				l, _ := got.Label("CLAIM")
				if !slices.Equal(l.Attributes[0].Values, []string{"pro", "neutral", "contra"}) {
					t.Errorf("values %v", l.Attributes[0].Values)
				}
				if v, _ := got.Variable("outlet"); !slices.Equal(v.Values, []string{"FAZ", "taz"}) {
					t.Errorf("variable values %v", v.Values)
				}
			},
		},
		{
			name:    "a segment label matched by guid under another id is renamed",
			edit:    func(in *annotate.Codebook) { in.SegmentLabelSets[0].Labels[0].ID = "rude" },
			wantSeg: map[string]string{"toxic": "rude"},
			check: func(t *testing.T, got *annotate.Codebook, rep annotate.CodebookMergeReport) {
				if _, _, ok := got.SegmentLabel("rude"); !ok {
					t.Error("rude missing")
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := annotate.CloneCodebook(mergeBase())
			tc.edit(in)
			got, relabel, seg, rep, err := annotate.MergeCodebook(mergeBase(), in)
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, "relabel", relabel, tc.wantRelabel)
			sameJSON(t, "segment relabel", seg, tc.wantSeg)
			tc.check(t, got, rep)
		})
	}
}

func TestMergeCodebookRefusesTwoLabelsOfOneID(t *testing.T) {
	in := annotate.CloneCodebook(mergeBase())
	in.Labels[1].GUID = "BBBBBBBB-0000-4000-8000-000000000001"
	cur := mergeBase()
	cur.Labels[1].GUID = "CCCCCCCC-0000-4000-8000-000000000001"
	if _, _, _, _, err := annotate.MergeCodebook(cur, in); !errors.Is(err, annotate.ErrDuplicate) {
		t.Errorf("two labels ORG of different guids: %v", err)
	}
}

// sameJSON fails the test unless got and want have the same JSON form.
func sameJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}
