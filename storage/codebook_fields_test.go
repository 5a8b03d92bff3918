package storage_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
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

func TestAFileWithoutTheNewFieldsReadsThemAsEmptyReadOnly(t *testing.T) {
	s, path := openStore(t)
	d := testDocument(t, "Alt", 1)
	if err := s.AddDocuments(d); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	log, err := ro.CodebookLog()
	if err != nil || len(log) != 0 {
		t.Errorf("change list of a file without one: %v %v", log, err)
	}
	cb, err := ro.Codebook()
	if err != nil || len(cb.Variables) != 0 || len(cb.Labels[0].Examples) != 0 || cb.RelationTypes[0].From != nil {
		t.Errorf("codebook %+v %v", cb, err)
	}
	got, err := ro.Document(d.ID)
	if err != nil || got.Variables != nil {
		t.Errorf("variables %v %v", got.Variables, err)
	}
	if _, err := ro.CodebookUsage(); err != nil {
		t.Error(err)
	}
	if err := ro.SetDocumentVariables(d.ID, nil); !errors.Is(err, storage.ErrReadOnly) {
		t.Errorf("setting variables read-only: %v", err)
	}
}

// testdata/schema3-before-issue9.db was written by Newsmark at commit
// ea6d86d (schema 3, before the codebook fields and variables of issue
// 9): a codebook of PER and CLAIM (stance pro/contra), a relation type, a
// comment-label set, and a document with a PER and a CLAIM (stance pro).
func TestAProjectWrittenBeforeIssue9OpensAndItsCodebookCanBeEdited(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "schema3-before-issue9.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cb, err := s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	if len(cb.Labels) != 2 || cb.Labels[1].Attributes[0].Kind() != annotate.AttrChoice || len(cb.Variables) != 0 {
		t.Fatalf("old codebook read as %+v", cb)
	}
	if u, err := s.CodebookUsage(); err != nil || u.Labels["PER"] != 1 || u.Values[annotate.AttributeValue{Label: "CLAIM", Attribute: "stance", Value: "pro"}] != 1 {
		t.Errorf("usage %+v %v", u, err)
	}
	rename, err := annotate.NewRenameLabel(cb, "PER", "PERSON", "")
	if err != nil {
		t.Fatal(err)
	}
	var h annotate.History
	if err := h.Do(s, rename.By("anna")); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	anns, err := s.Annotations("old-1")
	if err != nil || len(anns) != 2 || anns[0].Label != "PERSON" || anns[1].Attributes["stance"] != "pro" {
		t.Errorf("annotations after the rename: %+v %v", anns, err)
	}
	if log, err := s.CodebookLog(); err != nil || len(log) != 1 || log[0].Relabel["PER"] != "PERSON" {
		t.Errorf("change list %+v %v", log, err)
	}
	if err := s.SetDocumentVariables("old-1", map[string]string{"x": "1"}); !errors.Is(err, annotate.ErrUnknownAttribute) {
		t.Errorf("a variable the old codebook lacks: %v", err)
	}
}
