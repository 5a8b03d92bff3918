package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestQDPXExportAndImportThroughTheCLIKeepEverySpan(t *testing.T) {
	db := sampleProject(t, "a.db")
	dir := t.TempDir()
	// Spans of two coders on a text with an emoji and umlauts.
	ls := filepath.Join(dir, "tasks.json")
	task := `[{"id":7,"data":{"text":"😀 Anna trifft Ben in Köln."},"annotations":[` +
		`{"id":1,"completed_by":"anna@example.org","result":[{"id":"g1","type":"labels","value":{"start":2,"end":6,"text":"Anna","labels":["PER"]}},` +
		`{"id":"g2","type":"labels","value":{"start":21,"end":25,"text":"Köln","labels":["LOC"]}}]},` +
		`{"id":2,"completed_by":"ben@example.org","result":[{"id":"h1","type":"labels","value":{"start":14,"end":17,"text":"Ben","labels":["PER"]}}]}]}]`
	if err := os.WriteFile(ls, []byte(task), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, errOut := runCLI(t, "--db", db, "import", ls); code != 0 {
		t.Fatalf("import the spans: exit %d\n%s%s", code, stdout, errOut)
	}
	out := filepath.Join(dir, "studie.qdpx")
	code, stdout, errOut := runCLI(t, "--db", db, "export", "--format", "qdpx", "-o", out)
	if code != 0 || !strings.Contains(stdout, "REFI-QDA project") || !strings.Contains(stdout, "offsets in codepoint") {
		t.Fatalf("export: exit %d\n%s%s", code, stdout, errOut)
	}
	_, want, _ := runCLI(t, "--db", db, "annotations")
	if strings.Count(want, "\n") != 4 || !strings.Contains(want, "ben@example.org") || !strings.Contains(want, "Köln") {
		t.Fatalf("the sample project lists no annotations: %q", want)
	}
	fresh := filepath.Join(dir, "b.db")
	// The format is detected from the name.
	code, stdout, errOut = runCLI(t, "--db", fresh, "import", out)
	if code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, errOut)
	}
	if _, got, _ := runCLI(t, "--db", fresh, "annotations"); got != want {
		t.Errorf("annotations after the round trip:\n%s\nwant\n%s", got, want)
	}

	cb := filepath.Join(dir, "codes.qdc")
	if code, stdout, errOut := runCLI(t, "--db", db, "export", "--format", "qdc", "-o", cb); code != 0 || !strings.Contains(stdout, "exported the codebook") {
		t.Fatalf("export qdc: exit %d\n%s%s", code, stdout, errOut)
	}
	data, err := os.ReadFile(cb)
	if err != nil || !strings.Contains(string(data), `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"`) {
		t.Fatalf("codebook file: %v\n%s", err, data)
	}
	if code, stdout, errOut := runCLI(t, "--db", filepath.Join(dir, "c.db"), "import", cb); code != 0 {
		t.Fatalf("import qdc: exit %d\n%s%s", code, stdout, errOut)
	}
}

func TestQDPXImportOfABrokenFileNamesItAndChangesNothing(t *testing.T) {
	db := sampleProject(t, "a.db")
	_, before, _ := runCLI(t, "--db", db, "annotations")
	bad := filepath.Join(t.TempDir(), "kaputt.qdpx")
	if err := os.WriteFile(bad, []byte("PK\x03\x04 not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, errOut := runCLI(t, "--db", db, "import", bad)
	if code == 0 || !strings.Contains(stdout+errOut, "kaputt.qdpx") || !strings.Contains(stdout+errOut, "not a zip archive") {
		t.Errorf("exit %d\n%s%s", code, stdout, errOut)
	}
	if _, after, _ := runCLI(t, "--db", db, "annotations"); after != before {
		t.Errorf("a failed import changed the annotations")
	}
}
