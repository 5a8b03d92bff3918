package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportRefusesASetWithBadItemsWholeUnlessSkipBadThenExitsWith3(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	// Two good spans and two bad ones: value.text that matches neither unit,
	// and offsets past the text.
	ls := filepath.Join(dir, "tasks.json")
	task := `[{"id":7,"data":{"text":"Anna trifft Ben in Köln."},"annotations":[{"id":1,"result":[` +
		`{"id":"g1","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":4,"text":"Anna","labels":["PER"]}},` +
		`{"id":"b1","from_name":"label","to_name":"text","type":"labels","value":{"start":12,"end":15,"text":"Bob","labels":["PER"]}},` +
		`{"id":"g2","from_name":"label","to_name":"text","type":"labels","value":{"start":19,"end":23,"text":"Köln","labels":["LOC"]}},` +
		`{"id":"b2","from_name":"label","to_name":"text","type":"labels","value":{"start":40,"end":44,"labels":["LOC"]}}]}]}]`
	if err := os.WriteFile(ls, []byte(task), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "--db", db, "import", "--format", "labelstudio", ls)
	if code != 1 || !strings.Contains(out, "2 bad items, nothing imported") ||
		!strings.Contains(out, "task 1 annotation 1 result 2") || !strings.Contains(out, "task 1 annotation 1 result 4") {
		t.Fatalf("without --skip-bad: exit %d\n%s%s", code, out, errOut)
	}
	if _, listed, _ := runCLI(t, "--db", db, "annotations"); strings.Contains(listed, "Anna") {
		t.Fatalf("a refused set left annotations:\n%s", listed)
	}
	code, out, errOut = runCLI(t, "--db", db, "import", "--skip-bad", "--format", "labelstudio", ls)
	if code != 3 || !strings.Contains(out, "2 annotations added") || strings.Count(out, "skipped (bad) ") != 2 ||
		!strings.Contains(errOut, "2 bad items were left out") {
		t.Fatalf("with --skip-bad: exit %d\n%s%s", code, out, errOut)
	}
	// Importing it again adds nothing and still says what it left out.
	if code, out, errOut := runCLI(t, "--db", db, "import", "--skip-bad", "--format", "labelstudio", ls); code != 3 || !strings.Contains(out, "0 annotations added") {
		t.Errorf("again: exit %d\n%s%s", code, out, errOut)
	}
}

func TestExportCSVNeutralisesFormulasUnlessRawAndSaysWhatItWrote(t *testing.T) {
	db := sampleProject(t, "a.db")
	dir := t.TempDir()
	ls := filepath.Join(dir, "tasks.json")
	task := `[{"data":{"text":"=SUM(A1) ist kein Name."},"annotations":[{"result":[` +
		`{"id":"f","type":"labels","value":{"start":0,"end":8,"text":"=SUM(A1)","labels":["MISC"]}}]}]}]`
	os.WriteFile(ls, []byte(task), 0o644)
	if code, out, errOut := runCLI(t, "--db", db, "import", ls); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{{nil, "'=SUM(A1)"}, {[]string{"--raw"}, "=SUM(A1)"}} {
		path := filepath.Join(dir, "out.csv")
		args := append([]string{"--db", db, "export", "--format", "csv", "-o", path}, tt.args...)
		code, out, errOut := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, "document variables") {
			t.Fatalf("export %v: exit %d %s %s", tt.args, code, out, errOut)
		}
		f, _ := os.Open(path)
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			found = found || r[0] == "span" && r[15] == tt.want
		}
		if !found {
			t.Errorf("export %v: no span cell %q", tt.args, tt.want)
		}
	}
	if code, _, errOut := runCLI(t, "--db", db, "export", "--format", "json", "--raw", "-o", filepath.Join(dir, "x.json")); code != 2 || !strings.Contains(errOut, "--raw") {
		t.Errorf("--raw with json: exit %d %q", code, errOut)
	}
}
