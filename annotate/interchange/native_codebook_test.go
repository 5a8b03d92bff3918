package interchange

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// codebookWithEverything is sampleCodebook with every field the codebook
// model has since document variables and typed attributes came.
func codebookWithEverything() *annotate.Codebook {
	cb := sampleCodebook()
	cb.Labels[0].Examples = []string{"Henriette Reker", "„Herr Müller“"}
	cb.Labels[0].GUID = "6C1A1E9B-0000-4000-8000-00000000000A"
	cb.Labels[4].Attributes = append(cb.Labels[4].Attributes,
		annotate.AttributeDef{Name: "certainty", Type: annotate.AttrScale, Values: []string{"low", "mid", "high"}},
		annotate.AttributeDef{Name: "topics", Type: annotate.AttrMulti, Values: []string{"traffic", "budget"}},
		annotate.AttributeDef{Name: "amount", Type: annotate.AttrNumber})
	cb.RelationTypes[0].From = []string{"CLAIM", "QUOTE"}
	cb.RelationTypes[0].To = []string{"CLAIM"}
	cb.SegmentLabelSets[0].GUID = "6C1A1E9B-0000-4000-8000-00000000000B"
	cb.Variables = []annotate.VariableDef{
		{ID: "outlet", Name: "Outlet", Type: annotate.VarChoice, Values: []string{"taz", "Kölner Stadt-Anzeiger"}},
		{ID: "paywall", Name: "Paywall", Type: annotate.VarBoolean, GUID: "6C1A1E9B-0000-4000-8000-00000000000C"},
		{ID: "topic", Name: "Topic", Type: annotate.VarText},
	}
	return cb
}

// storeWithEverything is the sample project in the real store, with
// document variables and a codebook change list.
func storeWithEverything(t *testing.T) *storage.Store {
	t.Helper()
	s := openStore(t, codebookWithEverything())
	fillSample(t, s)
	if err := s.SetDocumentVariables("doc-1", map[string]string{"outlet": "Kölner Stadt-Anzeiger", "paywall": "false", "topic": "=Radwege"}); err != nil {
		t.Fatal(err)
	}
	cb, err := s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	rename, err := annotate.NewRenameLabel(cb, "MISC", "OTHER", "Sonstiges")
	if err != nil {
		t.Fatal(err)
	}
	var h annotate.History
	if err := h.Do(s, rename.By("anna")); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNativeExportKeepsVariablesCodebookFieldsAndChangeList(t *testing.T) {
	for _, f := range []Format{FormatJSON, FormatJSONL} {
		t.Run(string(f), func(t *testing.T) {
			ctx := context.Background()
			a := storeWithEverything(t)
			path := filepath.Join(t.TempDir(), "export"+f.Extension())
			if _, err := WriteFile(ctx, a, path, ExportOptions{Format: f}, nil); err != nil {
				t.Fatal(err)
			}
			b := openStore(t, nil)
			if _, err := Import(ctx, b, path, DecodeOptions{}); err != nil {
				t.Fatal(err)
			}
			if d := diff(snap(t, a), snap(t, b)); d != "" {
				t.Fatalf("the project after export and import differs: %s", d)
			}
			wantCB, _ := a.Codebook()
			gotCB, _ := b.Codebook()
			sameJSONValue(t, "codebook", gotCB, wantCB)
			d, _ := b.Document("doc-1")
			if d.Variables["outlet"] != "Kölner Stadt-Anzeiger" || d.Variables["topic"] != "=Radwege" || d.Variables["paywall"] != "false" {
				t.Errorf("variables %v", d.Variables)
			}
			wantLog, _ := a.CodebookLog()
			gotLog, _ := b.CodebookLog()
			if len(gotLog) != 1 || !gotLog[0].Time.Equal(wantLog[0].Time) || gotLog[0].What != wantLog[0].What ||
				gotLog[0].Annotator != "anna" || gotLog[0].Relabel["MISC"] != "OTHER" {
				t.Errorf("change list %+v, want %+v", gotLog, wantLog)
			}
			if _, err := Import(ctx, b, path, DecodeOptions{}); err != nil {
				t.Fatal(err)
			}
			if again, _ := b.CodebookLog(); len(again) != 1 {
				t.Errorf("importing again lists the change %d times", len(again))
			}
		})
	}
}

func TestNativeImportRefusesAVariableTheCodebookLacks(t *testing.T) {
	a := storeWithEverything(t)
	data, _ := exportBytes(t, a, ExportOptions{Format: FormatJSON})
	for _, tc := range []struct{ name, from, to string }{
		{"unknown variable", `"paywall":"false"`, `"paywal":"false"`},
		{"value not allowed", `"paywall":"false"`, `"paywall":"nein"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := replaceOnce(t, string(data), tc.from, tc.to)
			_, _, err := DecodeWith("bad.json", stringsReader(bad), DecodeOptions{Format: FormatJSON})
			if err == nil {
				t.Fatal("no error")
			}
			if !containsAll(err.Error(), "bad.json", "doc-1") {
				t.Errorf("error %q names neither the file nor the document", err)
			}
		})
	}
}

func TestCSVHasAColumnPerDocumentVariable(t *testing.T) {
	a := storeWithEverything(t)
	data, _ := exportBytes(t, a, ExportOptions{Format: FormatCSV})
	rows := readCSV(t, data)
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	for _, r := range rows {
		want := map[string]string{"var_outlet": "", "var_paywall": "", "var_topic": ""}
		if r["document_id"] == "doc-1" {
			want = map[string]string{"var_outlet": "Kölner Stadt-Anzeiger", "var_paywall": "false", "var_topic": "'=Radwege"}
		}
		for col, v := range want {
			got, ok := r[col]
			if !ok || got != v {
				t.Fatalf("row %v: %s is %q, want %q", r, col, got, v)
			}
		}
	}
}

func sameJSONValue(t *testing.T, what string, got, want any) {
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

func replaceOnce(t *testing.T, s, from, to string) string {
	t.Helper()
	if strings.Count(s, from) != 1 {
		t.Fatalf("%q occurs %d times in the export", from, strings.Count(s, from))
	}
	return strings.Replace(s, from, to, 1)
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestNativeExportWithVariablesAndChangeListFollowsTheSchema(t *testing.T) {
	s := storeWithEverything(t)
	schema := loadSchema(t)
	whole := compileSchema(t, "")
	data, _ := exportBytes(t, s, ExportOptions{Format: FormatJSON})
	if !strings.Contains(string(data), `"codebook_log"`) || !strings.Contains(string(data), `"variables"`) {
		t.Fatalf("the export lacks what this test checks: %s", data)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	for _, e := range validate(schema, schema, v, "$") {
		t.Error(e)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := whole.Validate(inst); err != nil {
		t.Error(err)
	}
	header := compileSchema(t, "#/$defs/header")
	lines, _ := exportBytes(t, s, ExportOptions{Format: FormatJSONL})
	first, _, _ := bytes.Cut(lines, []byte("\n"))
	inst, err = jsonschema.UnmarshalJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if err := header.Validate(inst); err != nil {
		t.Error(err)
	}
}
