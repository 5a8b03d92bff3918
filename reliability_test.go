package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/assets"
	"github.com/newsmark/newsmark/storage"
)

// seedPage is a page copy from the shared fixtures.
var seedPage = filepath.Join("..", "shared", "seeds", "000_e9a8672a2279b0f2.txt")

// runWindow runs the command line with a window that opens the project as
// the real one does, and closes it again at once.
func runWindow(t *testing.T, db string) (code int, stderr string, readOnly bool) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run([]string{"--db", db}, &out, &errOut, func(p *project) error {
		store, _, ro, err := p.openWindow()
		if err != nil {
			return err
		}
		readOnly = ro
		return store.Close()
	})
	return code, errOut.String(), readOnly
}

// TestReadingCommandsOpenTheProjectReadOnly holds a project open read-only
// (as another reader would), and checks that list, annotations and export
// still run beside it, which they can only if they too open it read-only,
// and that none of them changes a byte of it.
func TestReadingCommandsOpenTheProjectReadOnly(t *testing.T) {
	db := sampleProject(t, "p.db")
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	reader, err := storage.Open(db, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	out := filepath.Join(t.TempDir(), "out.json")
	for _, args := range [][]string{
		{"list"},
		{"annotations"},
		{"export", "--format", "json", "-o", out},
		{"export", "--format", "conll", "-o", "-"},
	} {
		start := time.Now()
		code, _, errOut := runCLI(t, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Errorf("%v beside a reader: exit %d: %s", args, code, errOut)
		}
		if d := time.Since(start); d > 900*time.Millisecond {
			t.Errorf("%v took %v: did it wait for the lock?", args, d)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("a reading command changed the project file")
	}
}

// makeUnwritable makes path a file that this process cannot open for
// writing: mode 0400, and, for root, whom modes do not stop, the immutable
// attribute.
func makeUnwritable(t *testing.T, path string) {
	t.Helper()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err != nil {
		return
	} else {
		f.Close()
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Fatalf("cannot make %s unwritable for this user (root, and chattr +i failed: %s)", path, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

// TestUnwritableProjectOpensReadOnly checks that a project file that cannot
// be written here is still read by every reading command, and opens in the
// window in its read-only mode, unchanged.
func TestUnwritableProjectOpensReadOnly(t *testing.T) {
	db := sampleProject(t, "p.db")
	makeUnwritable(t, db)
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.jsonl")
	for _, args := range [][]string{{"list"}, {"annotations"}, {"export", "--format", "jsonl", "-o", out}} {
		if code, stdout, errOut := runCLI(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Errorf("%v: exit %d: %s %s", args, code, stdout, errOut)
		}
	}
	code, errOut, readOnly := runWindow(t, db)
	if code != 0 || !readOnly {
		t.Errorf("window: exit %d, read-only %t: %s", code, readOnly, errOut)
	}
	if code, _, errOut := runCLI(t, "--db", db, "import", seedPage); code == 0 {
		t.Errorf("import into an unwritable project succeeded: %s", errOut)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the project file changed")
	}
}

// breakPage overwrites the type in the header of the leaf page that holds
// the sample document's title, so that the page no longer makes sense
// while the file's headers and schema still do.
func breakPage(t *testing.T, db string) {
	t.Helper()
	doc, err := assets.SampleDocument(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	bdb, err := bbolt.Open(db, 0o600, &bbolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	victim, size := 0, bdb.Info().PageSize
	bdb.View(func(tx *bbolt.Tx) error {
		for id := 2; victim == 0; id++ {
			p, err := tx.Page(id)
			if err != nil || p == nil {
				break
			}
			if p.Type == "leaf" && bytes.Contains(raw[id*size:(id+1)*size], []byte(doc.Title)) {
				victim = id
			}
		}
		return nil
	})
	bdb.Close()
	if victim == 0 {
		t.Fatal("no leaf page holds the sample document's title")
	}
	raw[victim*size+8], raw[victim*size+9] = 0x40, 0x40 // the page's flags
	if err := os.WriteFile(db, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedProjectIsNeverWrittenByAnyCommand breaks a page header of a
// project and runs every command on it: the ones that write refuse, saying
// the project is damaged, and the file keeps every byte after each.
func TestDamagedProjectIsNeverWrittenByAnyCommand(t *testing.T) {
	db := sampleProject(t, "p.db")
	breakPage(t, db)
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	commands := []struct {
		args        []string
		mustRefuse  bool
		description string
	}{
		{[]string{"list"}, false, "list"},
		{[]string{"annotations"}, false, "annotations"},
		{[]string{"export", "--format", "json", "-o", filepath.Join(dir, "a.json")}, false, "export"},
		{[]string{"import", seedPage}, true, "import"},
		{nil, true, "window"},
	}
	for _, c := range commands {
		var code int
		var errOut string
		if c.args == nil {
			code, errOut, _ = runWindow(t, db)
		} else {
			var stdout string
			code, stdout, errOut = runCLI(t, append([]string{"--db", db}, c.args...)...)
			errOut += stdout
		}
		if c.mustRefuse && (code == 0 || !strings.Contains(errOut, "damaged")) {
			t.Errorf("%s: exit %d, %q; want a refusal that says the project is damaged", c.description, code, errOut)
		}
		if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
			t.Fatalf("%s changed the damaged project file (exit %d: %s)", c.description, code, errOut)
		}
		t.Logf("%s: exit %d: %.200s", c.description, code, strings.TrimSpace(errOut))
	}
}

// signalReader closes started on its first Read.
type signalReader struct {
	r       io.Reader
	started chan struct{}
	once    bool
}

func (s *signalReader) Read(p []byte) (int, error) {
	if !s.once {
		s.once = true
		close(s.started)
	}
	return s.r.Read(p)
}

// TestImportFromStandardInputHoldsNoLockWhileWaiting runs `import -` with a
// standard input that has not sent anything yet, opens the project for
// writing meanwhile (which fails if the import holds it), then sends a page
// and checks that it was imported under the name "stdin".
func TestImportFromStandardInputHoldsNoLockWhileWaiting(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	page, err := os.ReadFile(seedPage)
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	in := &signalReader{r: pr, started: make(chan struct{})}
	old := stdin
	stdin = in
	defer func() { stdin = old }()
	type result struct {
		code        int
		out, errOut string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := runCLI(t, "--db", db, "import", "-")
		done <- result{code, out, errOut}
	}()
	<-in.started
	s, err := storage.Open(db, storage.Options{Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatalf("the project is held while the import waits for standard input: %v", err)
	}
	s.Close()
	pw.Write(page)
	pw.Close()
	select {
	case r := <-done:
		if r.code != 0 || !strings.Contains(r.out, "imported  standard input") || strings.Contains(r.out, os.TempDir()) {
			t.Errorf("import -: exit %d: %s %s", r.code, r.out, r.errOut)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("import - did not finish")
	}
	s, err = storage.Open(db, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs, _ := s.Documents()
	if len(docs) != 1 {
		t.Fatalf("%d documents after import -", len(docs))
	}
	if doc, err := s.Document(docs[0].ID); err != nil || doc.Source != "stdin" {
		t.Errorf("document source %q, %v; want stdin", doc.Source, err)
	}
}
