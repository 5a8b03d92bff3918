package storage_test

import (
	"errors"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

// fullCodebook uses every field of the codebook model.
func fullCodebook() *annotate.Codebook {
	cb := testCodebook()
	cb.Labels = append(cb.Labels,
		annotate.Label{ID: "FRAMES", Name: "Frames", Kind: "frame", Color: "#aa00aa", GUID: "0A1B2C3D-0000-4000-8000-000000000001"},
		annotate.Label{ID: "FRAME-ECO", Name: "Frame: ökonomisch 💶", Kind: "frame", Parent: "FRAMES", Color: "#aa11aa", Hotkey: "e",
			Description: "Kosten, Jobs", Examples: []string{"Die Reform kostet 3 Mrd. Euro.", ""},
			GUID: "0A1B2C3D-0000-4000-8000-000000000002",
			Attributes: []annotate.AttributeDef{
				{Name: "intensity", Type: annotate.AttrScale, Values: []string{"low", "mid", "high"}},
				{Name: "actors", Type: annotate.AttrMulti, Values: []string{"state", "firms", "people"}},
				{Name: "amount", Type: annotate.AttrNumber, Description: "in euro"},
				{Name: "note", Type: annotate.AttrText},
				{Name: "stance", Type: annotate.AttrChoice, Values: []string{"pro", "contra"}, Required: true},
			}})
	cb.RelationTypes[0].From = []string{"CLAIM"}
	cb.RelationTypes[0].To = []string{"PER", "ORG"}
	cb.SegmentLabelSets[0].GUID = "0A1B2C3D-0000-4000-8000-000000000003"
	cb.SegmentLabelSets[0].Labels[1].GUID = "0A1B2C3D-0000-4000-8000-000000000004"
	cb.Variables = []annotate.VariableDef{
		{ID: "outlet", Name: "Outlet", Type: annotate.VarChoice, Values: []string{"taz", "FAZ"}, GUID: "0A1B2C3D-0000-4000-8000-000000000005"},
		{ID: "topic", Name: "Topic", Description: "the main topic", Type: annotate.VarText},
		{ID: "words", Name: "Words", Type: annotate.VarNumber},
		{ID: "day", Name: "Day", Type: annotate.VarDate},
		{ID: "paywall", Name: "Paywall", Type: annotate.VarBoolean},
	}
	return cb
}

func TestEveryCodebookFieldSurvivesReopen(t *testing.T) {
	s, _ := openStore(t)
	want := fullCodebook()
	if err := s.SetCodebook(want); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	got, err := s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "codebook", got, want)
}

func TestDocumentVariablesAreStoredCheckedAndUndone(t *testing.T) {
	s, _ := openStore(t)
	if err := s.SetCodebook(fullCodebook()); err != nil {
		t.Fatal(err)
	}
	d := testDocument(t, "Variablen", 1)
	d.Variables = map[string]string{"outlet": "taz"}
	if err := s.AddDocuments(d); err != nil {
		t.Fatal(err)
	}
	var h annotate.History
	after := map[string]string{"outlet": "FAZ", "topic": "Rente", "words": "812", "day": "2026-03-13", "paywall": "true"}
	if err := h.Do(s, annotate.NewSetDocumentVariables(d.ID, d.Variables, after)); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	got, err := s.Document(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "variables", got.Variables, after)
	if u, _ := s.CodebookUsage(); u.Variables["outlet"] != 1 || u.Variables["paywall"] != 1 {
		t.Errorf("variable usage %v", u.Variables)
	}
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Document(d.ID)
	sameJSON(t, "variables after undo", got.Variables, map[string]string{"outlet": "taz"})

	for _, tc := range []struct {
		name string
		vars map[string]string
		want error
	}{
		{"an unknown variable", map[string]string{"nope": "x"}, annotate.ErrUnknownAttribute},
		{"a choice not offered", map[string]string{"outlet": "Bild"}, annotate.ErrAttributeValue},
		{"a number that is not one", map[string]string{"words": "viele"}, annotate.ErrAttributeValue},
		{"a date in another form", map[string]string{"day": "13.03.2026"}, annotate.ErrAttributeValue},
		{"a boolean spelt otherwise", map[string]string{"paywall": "ja"}, annotate.ErrAttributeValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.SetDocumentVariables(d.ID, tc.vars); !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			got, _ := s.Document(d.ID)
			sameJSON(t, "variables", got.Variables, map[string]string{"outlet": "taz"})
		})
	}

	cb, _ := s.Codebook()
	drop := annotate.CloneCodebook(cb)
	drop.Variables = drop.Variables[1:]
	if err := s.EditCodebook(&annotate.CodebookEdit{From: cb, To: drop}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("dropping a variable in use: %v", err)
	}
	drop = annotate.CloneCodebook(cb)
	drop.Variables = drop.Variables[:1]
	if err := s.EditCodebook(&annotate.CodebookEdit{From: cb, To: drop}); err != nil {
		t.Errorf("dropping variables nobody uses: %v", err)
	}
}
