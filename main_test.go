package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
	"github.com/newsmark/newsmark/storage"
)

// The README promises one command that runs the tests on a fresh machine,
// and CI must run exactly that command.
func TestREADMETestCommandIsWhatCIRuns(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile(".ci/run")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```sh\n(.*?)\n```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) != 2 {
		t.Fatalf("README has %d sh blocks, want exactly 2 (run, test)", len(blocks))
	}
	if !strings.HasSuffix(blocks[0][1], "go run .") {
		t.Errorf("the README's first command does not run the app: %q", blocks[0][1])
	}
	test := blocks[1][1]
	if !strings.Contains(string(ci), "\n"+test+"\n") {
		t.Errorf(".ci/run does not run the README's test command:\n%s", test)
	}
}

func TestVersionMatchesFyneAppToml(t *testing.T) {
	toml, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(toml), `Version = "`+version+`"`) {
		t.Errorf("FyneApp.toml does not give version %s", version)
	}
	if !strings.Contains(string(toml), `ID = "`+appID+`"`) {
		t.Errorf("FyneApp.toml does not give app id %s", appID)
	}
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut, func(*project) error {
		t.Fatal("the GUI must not start for a headless command")
		return nil
	})
	return code, out.String(), errOut.String()
}

func TestVersionCommand(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "newsmark "+version+" ") {
		t.Errorf("version = %d %q", code, out)
	}
}

func TestListShowsCountsAndDbMayFollowTheCommand(t *testing.T) {
	db := sampleProject(t, "p.db")
	for _, args := range [][]string{{"--db", db, "list"}, {"list", "--db", db}} {
		code, out, errOut := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "ID") {
			t.Fatalf("%v: output %q", args, out)
		}
		fields := strings.Fields(lines[1])
		if fields[1] != "6" || fields[2] != "0" || !strings.Contains(lines[1], "Lindenfeld council") {
			t.Errorf("%v: line %q, want 6 comments, 0 annotations, the sample's title", args, lines[1])
		}
	}
}

func TestNewDefaultProjectGetsSampleButExplicitOneDoesNot(t *testing.T) {
	dataHome := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dataHome)
	if got, want := defaultDBPath(), filepath.Join(dataHome, "newsmark", "newsmark.db"); got != want {
		t.Fatalf("defaultDBPath() = %s, want %s", got, want)
	}
	code, out, errOut := runCLI(t, "list")
	if code != 0 || !strings.Contains(out, "Lindenfeld") {
		t.Fatalf("list on a new default project = %d %q %q, want the sample", code, out, errOut)
	}
	info, err := os.Stat(defaultDBPath())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("default project file: %v, mode %v; want 0600", err, info)
	}
	// Once a user has deleted the sample, it must not come back.
	code, out, _ = runCLI(t, "list", "--db", filepath.Join(t.TempDir(), "mine.db"))
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("list on a new explicit project = %d %q, want only the header", code, out)
	}
}

func TestErrorsExitNonZeroWithOneLine(t *testing.T) {
	locked := filepath.Join(t.TempDir(), "locked.db")
	held, err := storage.Open(locked, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"stray argument", []string{"list", "extra"}, 2, "no arguments"},
		{"project open elsewhere", []string{"--db", locked, "list"}, 1, "in use by another Newsmark window or process"},
		{"not a database", []string{"--db", garbage, "list"}, 1, "garbage.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			code, _, errOut := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "newsmark: ") || !strings.Contains(errOut, tt.contains) {
				t.Errorf("stderr %q, want one line with %q", errOut, tt.contains)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestAnnotationsCommandListsQuotesLabelsAndAnnotators(t *testing.T) {
	db := sampleProject(t, "a.db")
	store, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := store.Documents()
	doc, err := store.Document(docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	// "Elif Demir" in the second body paragraph of the sample.
	seg := doc.Article()[3]
	start := strings.Index(seg.Text, "Elif Demir")
	start = len([]rune(seg.Text[:start]))
	a := &annotate.Annotation{DocumentID: doc.ID, SegmentID: seg.ID, Start: start, End: start + 10, Label: "PER", Annotator: "anna"}
	if err := store.AddAnnotation(a); err != nil {
		t.Fatal(err)
	}
	store.Close()

	code, out, errOut := runCLI(t, "--db", db, "annotations")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("output %q, want a header and one annotation", out)
	}
	f := strings.Fields(lines[1])
	if f[0] != doc.ID || f[1] != seg.ID || f[4] != "PER" || f[5] != "anna" || !strings.HasSuffix(lines[1], `"Elif Demir"`) {
		t.Errorf("line %q", lines[1])
	}
	if code, _, errOut := runCLI(t, "--db", db, "annotations", "no-such-doc"); code != 1 || !strings.Contains(errOut, "no-such-doc") {
		t.Errorf("unknown document: exit %d, %q", code, errOut)
	}
}

func TestImportThenExportRoundTripsThroughTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seedPage := filepath.Join("..", "shared", "seeds", "000_e9a8672a2279b0f2.txt")
	code, out, errOut := runCLI(t, "--db", db, "import", seedPage, seedPage)
	if code != 0 {
		t.Fatalf("import: exit %d: %s %s", code, out, errOut)
	}
	if !strings.Contains(out, "imported") || !strings.Contains(out, "(13 segments, 5 comments)") || !strings.Contains(out, "skipped") {
		t.Errorf("import output %q, want one imported page and one skipped duplicate", out)
	}
	// Tag a span, export, import into a new project: the same span comes back.
	store, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := store.Documents()
	doc, _ := store.Document(docs[0].ID)
	seg := doc.Article()[0]
	if err := store.SetCodebook(assets.DefaultCodebook()); err != nil {
		t.Fatal(err)
	}
	a := &annotate.Annotation{DocumentID: doc.ID, SegmentID: seg.ID, Start: 0, End: 3, Label: "LOC", Annotator: "anna"}
	if err := store.AddAnnotation(a); err != nil {
		t.Fatal(err)
	}
	store.Close()
	export := filepath.Join(dir, "out.json")
	if code, out, errOut := runCLI(t, "--db", db, "export", "--format", "json", "-o", export); code != 0 || !strings.Contains(out, "1 annotations") {
		t.Fatalf("export: exit %d: %s %s", code, out, errOut)
	}
	other := filepath.Join(dir, "b.db")
	if code, out, errOut := runCLI(t, "--db", other, "import", export); code != 0 || !strings.Contains(out, "1 annotations added") {
		t.Fatalf("import of the export: exit %d: %s %s", code, out, errOut)
	}
	_, listed, _ := runCLI(t, "--db", other, "annotations")
	if !strings.Contains(listed, "LOC") || !strings.Contains(listed, `"USA"`) || !strings.Contains(listed, "anna") {
		t.Errorf("annotations after the round trip:\n%s", listed)
	}
	if code, _, errOut := runCLI(t, "--db", other, "import", filepath.Join(dir, "missing.json")); code != 1 || !strings.Contains(errOut, "not imported") {
		t.Errorf("importing a missing file: exit %d, %q", code, errOut)
	}
}

// sampleProject makes a project file named name in a temporary directory,
// holding the default codebook and the sample document, as a first start
// would.
func sampleProject(t *testing.T, name string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), name)
	p := &project{path: db, explicit: true}
	store, _, err := p.open()
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := seed(store, true); err != nil {
		t.Fatal(err)
	}
	return db
}
