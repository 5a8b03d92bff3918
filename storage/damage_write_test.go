package storage_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/storage"
)

// leafPageWithComments returns the file's bytes, the number of a leaf page
// in use that holds comment text, and the page size.
func leafPageWithComments(t *testing.T, path string) (raw []byte, victim, pageSize int) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	pageSize = db.Info().PageSize
	db.View(func(tx *bbolt.Tx) error {
		for id := 2; victim == 0; id++ {
			p, err := tx.Page(id)
			if err != nil || p == nil {
				break
			}
			if p.Type == "leaf" && strings.Contains(string(raw[id*pageSize:(id+1)*pageSize]), "Kommentar") {
				victim = id
			}
		}
		return nil
	})
	db.Close()
	if victim == 0 {
		t.Fatal("no leaf page with comments found")
	}
	return raw, victim, pageSize
}

// breakPageHeader overwrites the type in the header of a leaf page in use
// that holds comment text, and returns the page's number.
func breakPageHeader(t *testing.T, path string) int {
	t.Helper()
	raw, victim, pageSize := leafPageWithComments(t, path)
	// A page header is the page id (8 bytes), its flags (2), the count of
	// elements (2) and of overflow pages (4).
	raw[victim*pageSize+8], raw[victim*pageSize+9] = 0x40, 0x40
	writeFile(t, path, raw)
	return victim
}

// TestOpenForWritingRefusesABrokenPage breaks the header of one page deep
// in a project, where neither the file's header nor its schema show it,
// and checks that opening it for writing is refused with ErrDamaged while a
// read-only open still reads what is sound, and that the file keeps every
// byte.
func TestOpenForWritingRefusesABrokenPage(t *testing.T) {
	path := t.TempDir() + "/project.db"
	projectFile(t, path)
	page := breakPageHeader(t, path)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	_, err = storage.Open(path)
	if !errors.Is(err, storage.ErrDamaged) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open of a project with a broken page %d: %v, want ErrDamaged naming the file", page, err)
	}
	t.Logf("Open: %.300s", err)

	s, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only Open: %v", err)
	}
	sums, err := s.Documents()
	if err != nil || len(sums) == 0 {
		t.Fatalf("Documents: %d, %v", len(sums), err)
	}
	damaged := 0
	for _, sum := range sums {
		if _, err := s.Document(sum.ID); errors.Is(err, storage.ErrDamaged) {
			damaged++
		}
	}
	if damaged == 0 {
		t.Error("no document read reported the broken page")
	}
	s.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the damaged project file changed")
	}
}

// TestBackgroundCheckStopsWrites opens a project with a broken page when
// Open does not wait for its check (as for a large project, whose check
// takes seconds), and checks that the first change waits for the check and
// is refused, leaving the file as it was.
func TestBackgroundCheckStopsWrites(t *testing.T) {
	defer storage.SetCheckWait(0)()
	path := t.TempDir() + "/project.db"
	projectFile(t, path)
	breakPageHeader(t, path)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(path)
	if err != nil {
		if !errors.Is(err, storage.ErrDamaged) {
			t.Fatal(err)
		}
		t.Log("the check ended before Open returned")
	} else {
		err := s.AddDocuments(testDocument(t, "Neu", 1))
		if !errors.Is(err, storage.ErrDamaged) {
			t.Errorf("AddDocuments while the check runs: %v, want ErrDamaged", err)
		}
		s.Close()
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the damaged project file changed")
	}
}

// TestDamageFoundByAReadStopsWrites spoils one record (the pages stay
// sound, so the check on open passes), reads it, and checks that every
// change after that is refused with ErrDamaged and the file keeps every
// byte.
func TestDamageFoundByAReadStopsWrites(t *testing.T) {
	s, path := openStore(t)
	doc := testDocument(t, "Reform", 3)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	a := newAnnotation(doc.ID)
	if err := s.AddAnnotation(&a); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := storage.SpoilAnnotation(path, doc.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Damaged(); err != nil {
		t.Fatalf("Damaged before any read: %v", err)
	}
	// A change before the damage is known would be allowed; the read comes
	// first, as in the window, which lists annotations before anyone edits.
	if _, err := s.Annotations(doc.ID); !errors.Is(err, storage.ErrDamaged) {
		t.Fatalf("Annotations: %v, want ErrDamaged", err)
	}
	b := newAnnotation(doc.ID)
	changes := map[string]error{
		"AddAnnotation":  s.AddAnnotation(&b),
		"AddDocuments":   s.AddDocuments(testDocument(t, "Neu", 1)),
		"SetCodebook":    s.SetCodebook(testCodebook()),
		"DeleteDocument": s.DeleteDocument(doc.ID),
	}
	for name, err := range changes {
		if !errors.Is(err, storage.ErrDamaged) {
			t.Errorf("%s after the damage was found: %v, want ErrDamaged", name, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the damaged project file changed")
	}
}
