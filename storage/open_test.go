package storage_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

func TestOpenCreatesPrivateFileAndDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "newsmark")
	path := filepath.Join(dir, "newsmark.db")
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		path string
		want os.FileMode
	}{{dir, 0o700}, {path, 0o600}} {
		info, err := os.Stat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != c.want {
			t.Errorf("%s has mode %v, want %v", c.path, got, c.want)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".newsmark-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
	cb, err := s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "codebook of a new project", cb, &annotate.Codebook{})
	docs, err := s.Documents()
	if err != nil || len(docs) != 0 {
		t.Errorf("a new project lists %d documents, %v", len(docs), err)
	}
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}

func TestOpenKeepsDataAndLeavesFileUntouched(t *testing.T) {
	s, path := openStore(t)
	doc := testDocument(t, "Reform", 1)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before := stateOf(t, path)
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Document(doc.ID); err != nil {
		t.Error(err)
	}
	if after := stateOf(t, path); after != before {
		t.Errorf("opening and reading changed the file: %+v, was %+v", after, before)
	}
}

func TestOpenReadOnly(t *testing.T) {
	s, path := openStore(t)
	doc := testDocument(t, "Reform", 1)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	s.Close()

	ro, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	// A second read-only opener shares the file.
	ro2, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("second read-only open: %v", err)
	}
	ro2.Close()
	if _, err := ro.Document(doc.ID); err != nil {
		t.Error(err)
	}
	changes := map[string]func() error{
		"AddAnnotation": func() error {
			return ro.AddAnnotation(&annotate.Annotation{DocumentID: doc.ID, SegmentID: "s1", Start: 0, End: 1, Label: "PER"})
		},
		"SetCodebook":     func() error { return ro.SetCodebook(testCodebook()) },
		"DeleteDocument":  func() error { return ro.DeleteDocument(doc.ID) },
		"AddAnnotator":    func() error { return ro.AddAnnotator(&annotate.Annotator{ID: "x"}) },
		"Import":          func() error { _, err := ro.Import(&annotate.Batch{}); return err },
		"AddDocuments":    func() error { return ro.AddDocuments(testDocument(t, "Neu", 0)) },
		"SetSegmentLabel": func() error { return ro.SetSegmentLabel(&annotate.SegmentLabel{}) },
	}
	for name, change := range changes {
		if err := change(); !errors.Is(err, storage.ErrReadOnly) {
			t.Errorf("%s on a read-only store: %v, want ErrReadOnly", name, err)
		}
	}

	missing := filepath.Join(t.TempDir(), "missing.db")
	if _, err := storage.Open(missing, storage.Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("read-only open of a missing file: %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("read-only open created %s", missing)
	}
}

func TestOpenWithTwoOptionsFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	_, err := storage.Open(path, storage.Options{}, storage.Options{ReadOnly: true})
	if !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("got %v, want ErrInvalid", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused Open created %s", path)
	}
}

func TestOpenDirectoryIsRefused(t *testing.T) {
	dir := t.TempDir()
	_, err := storage.Open(dir)
	if !errors.Is(err, storage.ErrNotNewsmark) || !strings.Contains(err.Error(), dir) {
		t.Errorf("got %v, want ErrNotNewsmark naming %s", err, dir)
	}
}
