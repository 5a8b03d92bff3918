package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// editJSON reads a JSON file, lets edit change it, and writes it back.
func editJSON(t *testing.T, path string, edit func(f map[string]any)) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	edit(f)
	out, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fileLabel returns the label of a codebook file with the given id.
func fileLabel(t *testing.T, f map[string]any, id string) map[string]any {
	t.Helper()
	for _, l := range f["codebook"].(map[string]any)["labels"].([]any) {
		if l := l.(map[string]any); l["id"] == id {
			return l
		}
	}
	t.Fatalf("no label %s in the file", id)
	return nil
}

func TestCodebookExportImportMergesByGUIDAndKeepsEveryAnnotation(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	set := filepath.Join(dir, "d.jsonl")
	os.WriteFile(set, []byte(`{"text":"Angela Merkel traf Olaf Scholz bei der SPD.","label":[[0,13,"PER"],[19,30,"PER"],[39,42,"ORG"]]}`+"\n"), 0o644)
	if code, out, errOut := runCLI(t, "--db", db, "import", set); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	cb := filepath.Join(dir, "codebook.json")
	code, out, errOut := runCLI(t, "--db", db, "codebook", "export", "-o", cb)
	if code != 0 || !strings.Contains(out, "exported the codebook") {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}

	// The coder's own version: PER gets a GUID (as a QDA program gives),
	// ORG is left out, a group of frames comes in.
	editJSON(t, cb, func(f map[string]any) {
		per := fileLabel(t, f, "PER")
		per["guid"] = "5F3A0C2E-1B7D-4C1E-9A2B-0D4E6F8A1B2C"
		per["name"] = "Person (Mensch)"
		cbk := f["codebook"].(map[string]any)
		var labels []any
		for _, l := range cbk["labels"].([]any) {
			if l.(map[string]any)["id"] != "ORG" {
				labels = append(labels, l)
			}
		}
		labels = append(labels,
			map[string]any{"id": "FRAMES", "name": "Frames", "kind": "frame", "color": "#884488"},
			map[string]any{"id": "FRAME-ECO", "name": "Frame: ökonomisch", "kind": "frame", "parent": "FRAMES", "color": "#aa66aa",
				"examples": []any{"Die Reform kostet 3 Mrd. Euro."}})
		cbk["labels"] = labels
	})
	code, out, errOut = runCLI(t, "--db", db, "codebook", "import", "--annotator", "anna", cb)
	for _, want := range []string{"added:   label FRAME-ECO", `renamed: label PER "Person" → "Person (Mensch)"`, "kept:    label ORG", "no annotation was dropped"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("import: exit %d, %q missing:\n%s%s", code, want, out, errOut)
		}
	}

	// Back in the QDA program PER became PERSON; its GUID says it is the
	// same code, so the project's PER annotations follow.
	editJSON(t, cb, func(f map[string]any) { fileLabel(t, f, "PER")["id"] = "PERSON" })
	code, out, errOut = runCLI(t, "--db", db, "codebook", "import", cb)
	if code != 0 || !strings.Contains(out, "label PER → PERSON") || !strings.Contains(out, "2 annotations and comment labels follow a new id") {
		t.Fatalf("import with a new id: %d\n%s%s", code, out, errOut)
	}
	_, listed, _ := runCLI(t, "--db", db, "annotations")
	if strings.Count(listed, " PERSON ") != 2 || strings.Count(listed, " ORG ") != 1 || strings.Contains(listed, " PER ") {
		t.Errorf("annotations after the merge:\n%s", listed)
	}
	_, log, _ := runCLI(t, "--db", db, "codebook", "log")
	if strings.Count(log, "import codebook codebook.json") != 2 || !strings.Contains(log, "anna") {
		t.Errorf("change list:\n%s", log)
	}
	// The change list travels with the codebook file.
	again := filepath.Join(dir, "again.json")
	runCLI(t, "--db", db, "codebook", "export", "-o", again)
	data, _ := os.ReadFile(again)
	if !strings.Contains(string(data), `"codebook_log"`) || !strings.Contains(string(data), `"PER": "PERSON"`) {
		t.Errorf("exported codebook file lacks the change list:\n%s", data)
	}
}

func TestCodebookImportOfABadFileNamesItAndChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	good := filepath.Join(dir, "good.json")
	if code, out, errOut := runCLI(t, "--db", db, "codebook", "export", "-o", good); code != 0 {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	before, _ := os.ReadFile(good)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"not JSON", "{\n  \"format\": \"newsmark-codebook\",\n  \"version\": 1,\n  \"codebook\": {,}\n}", []string{"bad.json line 4"}},
		{"unknown member", `{"format":"newsmark-codebook","version":1,"codebook":{"name":"x","labels":[],"colour":"red"}}`, []string{"bad.json", "colour"}},
		{"two labels of one id", `{"format":"newsmark-codebook","version":1,"codebook":{"name":"x","labels":[` +
			`{"id":"A","name":"a","kind":"entity","color":"#000000"},{"id":"A","name":"b","kind":"entity","color":"#111111"}]}}`, []string{"bad.json", `"A"`}},
		{"another format", `{"format":"newsmark","version":1,"codebook":{"name":"x","labels":[]}}`, []string{"bad.json", "newsmark-codebook"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad := filepath.Join(dir, "bad.json")
			os.WriteFile(bad, []byte(tc.text), 0o644)
			code, out, errOut := runCLI(t, "--db", db, "codebook", "import", bad)
			if code != 1 {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("error lacks %q: %s", w, errOut)
				}
			}
			after := filepath.Join(dir, "after.json")
			runCLI(t, "--db", db, "codebook", "export", "-o", after)
			got, _ := os.ReadFile(after)
			if stripExported(string(got)) != stripExported(string(before)) {
				t.Errorf("the codebook changed")
			}
		})
	}
	if code, _, errOut := runCLI(t, "--db", db, "codebook", "export", "--format", "xml", "-o", "x.xml"); code != 2 || !strings.Contains(errOut, "json") {
		t.Errorf("unknown format: exit %d %s", code, errOut)
	}
}

// stripExported drops the line with the export time.
func stripExported(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, `"exported"`) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestImportTakesDocumentVariablesFromCorpusColumnsAndExportsThem(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cb := filepath.Join(dir, "codebook.json")
	runCLI(t, "--db", db, "codebook", "export", "-o", cb)
	editJSON(t, cb, func(f map[string]any) {
		f["codebook"].(map[string]any)["variables"] = []any{
			map[string]any{"id": "outlet", "name": "Zeitung", "type": "choice", "values": []any{"taz", "FAZ"}},
			map[string]any{"id": "paywall", "name": "Paywall", "type": "boolean"},
		}
	})
	if code, out, errOut := runCLI(t, "--db", db, "codebook", "import", cb); code != 0 {
		t.Fatalf("codebook import: %d %s %s", code, out, errOut)
	}
	corpus := filepath.Join(dir, "corpus.csv")
	os.WriteFile(corpus, []byte("doc_id,title,text,Blatt,Paywall\n1,Erster,Der erste Artikel.,taz,ja\n2,Zweiter,Der zweite Artikel.,FAZ,nein\n"), 0o644)
	if code, out, errOut := runCLI(t, "--db", db, "import", "--variable", "nope=Blatt", corpus); code != 2 || !strings.Contains(errOut, "outlet, paywall") {
		t.Errorf("an unknown variable: exit %d %s%s", code, out, errOut)
	}
	code, out, errOut := runCLI(t, "--db", db, "import", "--variable", "Zeitung=Blatt", corpus)
	if code != 0 || !strings.Contains(out, "columns taken as document variables: Blatt, Paywall") {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	csvPath := filepath.Join(dir, "out.csv")
	if code, out, errOut := runCLI(t, "--db", db, "export", "--format", "csv", "-o", csvPath); code != 0 {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	data, _ := os.ReadFile(csvPath)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if !strings.HasSuffix(lines[0], ",var_outlet,var_paywall") {
		t.Fatalf("header %s", lines[0])
	}
	var rows []string
	for _, l := range lines[1:] {
		if strings.Contains(l, "Erster") {
			rows = append(rows, l)
			if !strings.HasSuffix(l, ",taz,true") {
				t.Errorf("row %s", l)
			}
		}
	}
	if len(rows) == 0 {
		t.Error("no row of the first document")
	}
}

func TestCodebookTravelsAsREFIQDCAndBackKeepingItsGroupsAndAnnotations(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	set := filepath.Join(dir, "d.jsonl")
	os.WriteFile(set, []byte(`{"text":"Angela Merkel traf Olaf Scholz bei der SPD.","label":[[0,13,"PER"],[39,42,"ORG"]]}`+"\n"), 0o644)
	if code, out, errOut := runCLI(t, "--db", db, "import", set); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	qdc := filepath.Join(dir, "codebook.qdc")
	if code, out, errOut := runCLI(t, "--db", db, "codebook", "export", "-o", qdc); code != 0 {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	data, err := os.ReadFile(qdc)
	if err != nil || !strings.Contains(string(data), "<CodeBook") || !strings.Contains(string(data), `name="PER`) && !strings.Contains(string(data), "Person") {
		t.Fatalf("the .qdc holds no REFI-QDA codebook with PER: %v\n%s", err, data)
	}
	// A second project takes the codebook from the .qdc, and the first one
	// takes it back unchanged: no annotation is dropped, nothing is added.
	other := filepath.Join(dir, "q.db")
	if code, out, errOut := runCLI(t, "--db", other, "codebook", "import", qdc); code != 0 {
		t.Fatalf("import into a new project: %d %s %s", code, out, errOut)
	}
	_, a, _ := runCLI(t, "--db", db, "codebook", "export", "--format", "qdc", "-o", "-")
	_, b, _ := runCLI(t, "--db", other, "codebook", "export", "--format", "qdc", "-o", "-")
	if a != b {
		t.Errorf("the codebook changed on its way through .qdc:\nbefore:\n%s\nafter:\n%s", a, b)
	}
	code, out, errOut := runCLI(t, "--db", db, "codebook", "import", qdc)
	if code != 0 || !strings.Contains(out, "already holds") {
		t.Errorf("importing its own .qdc back changed something: %d\n%s%s", code, out, errOut)
	}
	_, listed, _ := runCLI(t, "--db", db, "annotations")
	if strings.Count(listed, " PER ") != 1 || strings.Count(listed, " ORG ") != 1 {
		t.Errorf("annotations after the .qdc came back:\n%s", listed)
	}
}
