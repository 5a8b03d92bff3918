package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate/importer"
	"github.com/newsmark/newsmark/storage"
)

func TestHelpImportListsEveryField(t *testing.T) {
	code, out, _ := runCLI(t, "help", "import")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	fields, _, _ := strings.Cut(out, "Without --field")
	for _, fi := range importer.FieldInfos {
		if !strings.Contains(fields, "\n  "+string(fi.Field)+" ") {
			t.Errorf("help import does not list the field %s", fi.Field)
		}
	}
	for _, flag := range []string{"--field FIELD=WHERE", "--label-column NAME", "--annotator NAME", "comment_parent"} {
		if !strings.Contains(out, flag) {
			t.Errorf("help import does not mention %s", flag)
		}
	}
	if _, usage, _ := runCLI(t, "help"); !strings.Contains(usage, "help import") {
		t.Error("newsmark help does not point to help import")
	}
}

func TestImportFlagsMapFieldsAndLabelColumns(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	posts := filepath.Join(dir, "posts.json")
	if err := os.WriteFile(posts, []byte(`[
 {"ID_Post": 1.0, "ID_Parent_Post": null, "ID_Article": 5, "Body": "Erster Beitrag.", "CreatedAt": 1413381600},
 {"ID_Post": 2.0, "ID_Parent_Post": 1.0, "ID_Article": 5, "Body": "Antwort darauf.", "CreatedAt": 1413381660000},
 {"ID_Post": 3.0, "ID_Parent_Post": 77.0, "ID_Article": 5, "Body": "Wem antworte ich?", "CreatedAt": 1413381720}
]
`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "--db", db, "import", "--field", "comment_text=Body", "--field", "comment_id=ID_Post",
		"--field", "comment_parent=ID_Parent_Post", "--field", "doc_id=ID_Article", "--field", "comment_time=CreatedAt",
		"--label-column", "ID_Parent_Post_missing", posts)
	if code != 0 {
		t.Fatalf("import: exit %d: %s %s", code, out, errOut)
	}
	for _, want := range []string{"(3 segments, 3 comments)", "warning   " + posts + ":4  comment 3 replies to \"77\"",
		`label field "ID_Parent_Post_missing" is in no comment or row`} {
		if !strings.Contains(out, want) {
			t.Errorf("import output does not say %q:\n%s", want, out)
		}
	}

	germeval := filepath.Join(dir, "germeval.csv")
	if err := os.WriteFile(germeval, []byte("doc_id,text,comment_id,comment_text,Sub3_FactClaiming,likes\n"+
		"9,Artikel.,a,Das ist belegt.,1,4\n9,Artikel.,b,Finde ich nicht.,0,2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, "--db", db, "import", "--label-column", "Sub3_FactClaiming", "--annotator", "gold_germeval", germeval)
	if code != 0 {
		t.Fatalf("import: exit %d: %s %s", code, out, errOut)
	}
	for _, want := range []string{"likes as comment metadata", `Sub3_FactClaiming: 2 comment labels of annotator "gold_germeval"`} {
		if !strings.Contains(out, want) {
			t.Errorf("import output does not say %q:\n%s", want, out)
		}
	}
	store, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := store.Documents()
	labelled := 0
	for _, d := range docs {
		labels, _ := store.SegmentLabels(d.ID)
		for _, l := range labels {
			if l.Annotator == "gold_germeval" && (l.SegmentID == "a" && l.Label == "Sub3_FactClaiming:1" || l.SegmentID == "b" && l.Label == "Sub3_FactClaiming:0") {
				labelled++
			}
		}
	}
	store.Close()
	if labelled != 2 {
		t.Errorf("%d of 2 comment labels stored", labelled)
	}

	if code, _, errOut := runCLI(t, "--db", db, "import", "--field", "nonsense=x", germeval); code != 2 || !strings.Contains(errOut, "not a field") {
		t.Errorf("a mapping of an unknown field: exit %d, %q", code, errOut)
	}
	if code, out, errOut := runCLI(t, "--db", db, "import", "--label-column", "Sub9", germeval); code != 1 || !strings.Contains(out, `label column "Sub9" is not in the header`) {
		t.Errorf("a label column the file lacks: exit %d, %q %q", code, out, errOut)
	}
}
