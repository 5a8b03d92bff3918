package importer_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
	"github.com/newsmark/newsmark/storage"
)

// sharedDir is /work/shared as seen from this package: the tests read the
// project's seed and fixtures from there and never copy their text.
func sharedDir(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
}

func seedPath(t testing.TB) string {
	return filepath.Join(sharedDir(t), "seeds", "000_e9a8672a2279b0f2.txt")
}

func fixturePath(t testing.TB, name string) string {
	return filepath.Join(sharedDir(t), "fixtures", "pages", name)
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fixedNow is the import time of every test document.
var fixedNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// testOptions reads times without a zone as UTC and stamps a fixed import
// time, so that results do not depend on the machine.
func testOptions() importer.Options {
	return importer.Options{Now: func() time.Time { return fixedNow }, Location: time.UTC}
}

// openStore opens a real project file in a temporary directory.
func openStore(t testing.TB) *storage.Store {
	t.Helper()
	s, err := storage.Open(filepath.Join(t.TempDir(), "project.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// failingStore is a test double around a real store whose Import fails,
// for the all-or-nothing tests.
type failingStore struct {
	annotate.Store
	err error
}

func (f failingStore) Import(*annotate.Batch) (annotate.ImportReport, error) {
	return annotate.ImportReport{}, f.err
}

// writeFile writes content to name in a temporary directory.
func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func comments(doc *annotate.Document) []annotate.Segment { return doc.Comments() }

// kinds lists the segment kinds of a document in order.
func kinds(doc *annotate.Document) []annotate.SegmentKind {
	out := make([]annotate.SegmentKind, len(doc.Segments))
	for i, s := range doc.Segments {
		out[i] = s.Kind
	}
	return out
}

// articleText joins the article segments' texts.
func articleText(doc *annotate.Document) string {
	var parts []string
	for _, s := range doc.Article() {
		parts = append(parts, s.Text)
	}
	return strings.Join(parts, "\n\n")
}

// wantParseError checks that err is a *ParseError wrapping sentinel at the
// given line (and column, if not 0) whose message contains every part.
func wantParseError(t *testing.T, err error, sentinel error, line, col int, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", sentinel)
	}
	var pe *importer.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("error %q does not wrap %v", err, sentinel)
	}
	if pe.Line != line {
		t.Errorf("error %q at line %d, want %d", err, pe.Line, line)
	}
	if col != 0 && pe.Column != col {
		t.Errorf("error %q at column %d, want %d", err, pe.Column, col)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// collect parses with Parse and returns every emitted document.
func collect(t *testing.T, name, content string, opts importer.Options) ([]*annotate.Document, []int, error) {
	t.Helper()
	var docs []*annotate.Document
	var lines []int
	_, err := importer.Parse(name, strings.NewReader(content), opts, func(d *annotate.Document, line int) error {
		docs = append(docs, d)
		lines = append(lines, line)
		return nil
	})
	return docs, lines, err
}

// memStore is a test double of annotate.Store for the memory test: it
// keeps imported documents in a map and implements only what the importer
// calls (DocumentByHash, Import) plus Documents and Document for checks.
// Any other method panics through the nil embedded interface.
type memStore struct {
	annotate.Store
	docs   map[string]*annotate.Document
	hashes map[string]string
	order  []string
}

func newMemStore() *memStore {
	return &memStore{docs: map[string]*annotate.Document{}, hashes: map[string]string{}}
}

func (m *memStore) DocumentByHash(hash string) (string, error) {
	if id, ok := m.hashes[hash]; ok {
		return id, nil
	}
	return "", fmt.Errorf("hash %s: %w", hash, annotate.ErrNotFound)
}

func (m *memStore) Import(b *annotate.Batch) (annotate.ImportReport, error) {
	var rep annotate.ImportReport
	for _, d := range b.Documents {
		if _, dup := m.hashes[d.Hash]; dup {
			rep.DocumentsSkipped = append(rep.DocumentsSkipped, d.Title)
			continue
		}
		m.docs[d.ID], m.hashes[d.Hash] = d, d.ID
		m.order = append(m.order, d.ID)
		rep.DocumentsAdded++
	}
	return rep, nil
}

func (m *memStore) Document(id string) (*annotate.Document, error) {
	if d, ok := m.docs[id]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("document %s: %w", id, annotate.ErrNotFound)
}

func (m *memStore) Documents() ([]annotate.DocumentSummary, error) {
	out := make([]annotate.DocumentSummary, 0, len(m.order))
	for _, id := range m.order {
		d := m.docs[id]
		out = append(out, annotate.DocumentSummary{ID: d.ID, Title: d.Title, Hash: d.Hash, Segments: len(d.Segments), Comments: d.CommentCount()})
	}
	return out, nil
}
