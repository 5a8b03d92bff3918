package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// studyProject makes a project whose one document anna and ben coded
// through imports: they agree on "Anna" (PER) and "Köln" (LOC), and differ on
// the extent of "Ben" (PER).
func studyProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "study.db")
	text := "Anna trifft Ben Becker in Köln."
	coders := map[string]string{
		"anna": `{"value":{"start":0,"end":4,"text":"Anna","labels":["PER"]}},{"value":{"start":12,"end":15,"text":"Ben","labels":["PER"]}},{"value":{"start":26,"end":30,"text":"Köln","labels":["LOC"]}}`,
		"ben":  `{"value":{"start":0,"end":4,"text":"Anna","labels":["PER"]}},{"value":{"start":12,"end":22,"text":"Ben Becker","labels":["PER"]}},{"value":{"start":26,"end":30,"text":"Köln","labels":["LOC"]}}`,
	}
	for _, coder := range []string{"anna", "ben"} {
		path := filepath.Join(dir, coder+".json")
		task := `[{"data":{"text":"` + text + `"},"annotations":[{"result":[` + strings.ReplaceAll(coders[coder], `{"value"`, `{"type":"labels","value"`) + `]}]}]`
		if err := os.WriteFile(path, []byte(task), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, out, errOut := runCLI(t, "--db", db, "import", "--format", "labelstudio", "--annotator", coder, path); code != 0 {
			t.Fatalf("import %s: %d %s %s", coder, code, out, errOut)
		}
	}
	return db
}

func TestAgreementCommandPrintsFiguresInTableCSVAndJSON(t *testing.T) {
	db := studyProject(t)
	code, out, errOut := runCLI(t, "--db", db, "agreement", "--draws", "50")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"documents coded by two or more coders: 1", "coders: anna, ben", "50 draws, seed 20260101",
		// Exact: 2 of 3 spans each match; overlap: all 3.
		"anna–ben  1          0.667 (2/3+3)  1.000 (3/3+3)",
		"LOC           1.000",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = runCLI(t, "--db", db, "agreement", "--draws", "0", "--format", "csv", "--label", "PER")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, out)
	}
	found := false
	for _, r := range rows {
		if r[1] == "PER" && r[3] == "f1_exact" {
			found = true
			if r[7] != "0.5" || r[5] != "anna" || r[6] != "ben" {
				t.Errorf("PER exact F1 row: %v", r)
			}
		}
		if r[1] == "LOC" {
			t.Errorf("--label PER printed a LOC row: %v", r)
		}
	}
	if !found {
		t.Errorf("no PER f1_exact row:\n%s", out)
	}
	_, out, _ = runCLI(t, "--db", db, "agreement", "--draws", "0", "--format", "json")
	var rep struct {
		Coders []string
		Spans  []struct {
			Label         string
			Disagreements []struct {
				Spans []struct{ Text string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if len(rep.Spans) == 0 || len(rep.Spans[0].Disagreements) != 1 || rep.Spans[0].Disagreements[0].Spans[1].Text != "Ben Becker" {
		t.Errorf("json disagreements: %+v", rep.Spans)
	}
}

func TestAgreementCommandRefusesBadOptions(t *testing.T) {
	db := studyProject(t)
	for _, args := range [][]string{
		{"agreement", "--format", "xml"},
		{"agreement", "--label", "NOPE"},
		{"agreement", "extra"},
		{"agreement", "--draws", "-3"},
	} {
		if code, _, errOut := runCLI(t, append([]string{"--db", db}, args...)...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	if code, _, errOut := runCLI(t, "--db", db, "agreement", "--doc", "nope"); code != 1 || !strings.Contains(errOut, "--doc nope") || !strings.Contains(errOut, "not found") {
		t.Errorf("unknown document: exit %d, %q", code, errOut)
	}
}

func TestAdjudicateAcceptsAgreedThenSettlesTheRestAndTheGoldLayerExports(t *testing.T) {
	db := studyProject(t)
	code, out, errOut := runCLI(t, "--db", db, "adjudicate")
	if code != 0 || !strings.Contains(out, "1 documents, 3 places, 3 left to settle (final layer: gold)") {
		t.Fatalf("list: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "--db", db, "adjudicate", "--accept-agreed")
	if code != 0 || !strings.Contains(out, "accepted 2 places all coders agree on into gold") || !strings.Contains(out, "3 places, 1 left") {
		t.Fatalf("accept agreed: %d\n%s%s", code, out, errOut)
	}
	// ben's version of the place of "Ben": its annotation id is on the line.
	line := regexp.MustCompile(`(?m)^.*\bben\s+(\S+)\s+PER\s+"Ben Becker"$`).FindStringSubmatch(out)
	if line == nil {
		t.Fatalf("no line for ben's span:\n%s", out)
	}
	code, out, errOut = runCLI(t, "--db", db, "adjudicate", "--accept", line[1])
	if code != 0 || !strings.Contains(out, "accepted ben's version") || !strings.Contains(out, "0 left to settle") {
		t.Fatalf("accept: %d\n%s%s", code, out, errOut)
	}
	// The final layer is not a coder of the agreement figures.
	if _, out, _ := runCLI(t, "--db", db, "agreement", "--draws", "0"); !strings.Contains(out, "coders: anna, ben\n") {
		t.Errorf("agreement after adjudication:\n%s", out)
	}
	path := filepath.Join(t.TempDir(), "gold.csv")
	if code, out, errOut := runCLI(t, "--db", db, "export", "--format", "csv", "--annotator", "gold", "-o", path); code != 0 {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	data, _ := os.ReadFile(path)
	for _, want := range []string{"Anna", "Ben Becker", "Köln"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("gold export lacks %q:\n%s", want, data)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("gold export: %v, %d rows\n%s", err, len(rows), data)
	}
	for _, r := range rows[1:] {
		if r[7] != "gold" {
			t.Errorf("gold export has %s's work: %v", r[7], r)
		}
	}
}

func TestAdjudicateRejectsAPlace(t *testing.T) {
	db := studyProject(t)
	_, out, _ := runCLI(t, "--db", db, "adjudicate")
	line := regexp.MustCompile(`(?m)^.*\banna\s+(\S+)\s+PER\s+"Ben"$`).FindStringSubmatch(out)
	if line == nil {
		t.Fatalf("no line for anna's span:\n%s", out)
	}
	code, out, errOut := runCLI(t, "--db", db, "adjudicate", "--reject", line[1])
	if code != 0 || !strings.Contains(out, "rejected every version") || !strings.Contains(out, "2 left to settle") || !strings.Contains(out, "rejected  anna") {
		t.Fatalf("reject: %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "--db", db, "adjudicate", "--accept", "no-such-id"); code != 1 || !strings.Contains(errOut, "no-such-id") {
		t.Errorf("unknown id: %d %s", code, errOut)
	}
}
