package storage_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// TestOpenRefusesForeignAndDamagedFiles checks that every file that is not
// a sound Newsmark project gets a clear error naming it and is left exactly
// as it was, whether opened for writing or read-only.
func TestOpenRefusesForeignAndDamagedFiles(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		want error
	}{
		{"empty file", func(t *testing.T, path string) { writeFile(t, path, nil) }, storage.ErrNotNewsmark},
		{"short text file", func(t *testing.T, path string) { writeFile(t, path, []byte("hello, world\n")) }, storage.ErrNotNewsmark},
		{"random bytes", func(t *testing.T, path string) {
			b := make([]byte, 64<<10)
			r := rand.NewChaCha8([32]byte{1})
			r.Read(b)
			writeFile(t, path, b)
		}, storage.ErrNotNewsmark},
		{"bbolt database of another program", func(t *testing.T, path string) {
			boltFile(t, path, func(tx *bbolt.Tx) error {
				b, err := tx.CreateBucket([]byte("settings"))
				if err != nil {
					return err
				}
				return b.Put([]byte("theme"), []byte("dark"))
			})
		}, storage.ErrNotNewsmark},
		{"empty bbolt database", func(t *testing.T, path string) {
			boltFile(t, path, func(tx *bbolt.Tx) error { return nil })
		}, storage.ErrNotNewsmark},
		{"bbolt database with a meta bucket of another program", func(t *testing.T, path string) {
			boltFile(t, path, func(tx *bbolt.Tx) error {
				b, err := tx.CreateBucket([]byte("meta"))
				if err != nil {
					return err
				}
				return b.Put([]byte("magic"), []byte("something else"))
			})
		}, storage.ErrNotNewsmark},
		{"project without a schema version", func(t *testing.T, path string) {
			boltFile(t, path, func(tx *bbolt.Tx) error {
				b, err := tx.CreateBucket([]byte("meta"))
				if err != nil {
					return err
				}
				return b.Put([]byte("magic"), []byte("newsmark project"))
			})
		}, storage.ErrDamaged},
		{"project of schema version 0", func(t *testing.T, path string) {
			projectFile(t, path)
			if err := storage.SetSchemaVersion(path, 0); err != nil {
				t.Fatal(err)
			}
		}, storage.ErrDamaged},
		{"project cut in half", func(t *testing.T, path string) {
			projectFile(t, path)
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if info.Size() < 256<<10 {
				t.Fatalf("test project is only %d bytes; the cut would not reach its data", info.Size())
			}
			if err := os.Truncate(path, info.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, storage.ErrDamaged},
		{"project with both headers broken", func(t *testing.T, path string) {
			projectFile(t, path)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, off := range []int{0, os.Getpagesize()} {
				for i := 40; i < 64; i++ { // page ids and checksum of each meta page
					b[off+i] ^= 0x5a
				}
			}
			writeFile(t, path, b)
		}, storage.ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "suspect.db")
			tt.make(t, path)
			before := stateOf(t, path)
			for _, opts := range []storage.Options{{}, {ReadOnly: true}} {
				s, err := storage.Open(path, opts)
				if err == nil {
					s.Close()
					t.Fatalf("Open(%+v) succeeded", opts)
				}
				t.Logf("Open(%+v): %v", opts, err)
				if !errors.Is(err, tt.want) {
					t.Errorf("Open(%+v): %v, want %v", opts, err, tt.want)
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("the error does not name the file: %v", err)
				}
				if after := stateOf(t, path); after != before {
					t.Errorf("Open(%+v) changed the file: %+v, was %+v", opts, after, before)
				}
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*"))
			if len(leftovers) != 1 {
				t.Errorf("files in the directory after Open: %v", leftovers)
			}
		})
	}
}

func TestDamagedRecordIsReportedNotPanicked(t *testing.T) {
	s, path := openStore(t)
	doc := testDocument(t, "Reform", 1)
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
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Annotations(doc.ID); !errors.Is(err, storage.ErrDamaged) {
		t.Errorf("Annotations: %v, want ErrDamaged", err)
	}
	if _, err := s.Annotation(doc.ID, a.ID); !errors.Is(err, storage.ErrDamaged) {
		t.Errorf("Annotation: %v, want ErrDamaged", err)
	}
	// The rest of the project stays readable.
	if _, err := s.Document(doc.ID); err != nil {
		t.Error(err)
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// boltFile writes a bbolt database at path with fn.
func boltFile(t *testing.T, path string, fn func(tx *bbolt.Tx) error) {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// projectFile writes a project of some size at path.
func projectFile(t *testing.T, path string) {
	t.Helper()
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetCodebook(testCodebook()); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Eins", "Zwei", "Drei", "Vier", "Fünf", "Sechs"} {
		if err := s.AddDocuments(testDocument(t, title, 400)); err != nil {
			t.Fatal(err)
		}
	}
}

// newAnnotation returns a valid new annotation of a testDocument.
func newAnnotation(docID string) annotate.Annotation {
	return annotate.Annotation{DocumentID: docID, SegmentID: "s3", Start: 0, End: 13, Label: "PER", Annotator: "anna"}
}

func TestCheckReportsDamagedPages(t *testing.T) {
	s, path := openStore(t)
	for _, title := range []string{"Eins", "Zwei", "Drei"} {
		if err := s.AddDocuments(testDocument(t, title, 300)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Check(); err != nil {
		t.Fatalf("a sound project: %v", err)
	}
	s.Close()

	// Overwrite a leaf page in use that holds comment text: the project
	// still opens, but its pages no longer make sense.
	raw, victim, pageSize := leafPageWithComments(t, path)
	garbage := make([]byte, pageSize)
	for i := range garbage {
		garbage[i] = byte(i*7 + 3)
	}
	copy(raw[victim*pageSize:], garbage)
	writeFile(t, path, raw)

	// Opening it for writing is refused (Open checks every page then);
	// read-only, it opens, and Check and reads report the damage.
	if _, err := storage.Open(path); !errors.Is(err, storage.ErrDamaged) {
		t.Errorf("Open for writing: %v, want ErrDamaged", err)
	}
	s, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("Open: %v; the broken page %d holds no structure Open needs", err, victim)
	}
	defer s.Close()
	if err := s.Check(); !errors.Is(err, storage.ErrDamaged) {
		t.Errorf("Check of a project with a broken page %d: %v, want ErrDamaged", victim, err)
	} else {
		t.Logf("Check: %.200s", err)
	}
	// Reading the broken document reports the damage instead of crashing.
	sums, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	damaged := 0
	for _, sum := range sums {
		if _, err := s.Document(sum.ID); errors.Is(err, storage.ErrDamaged) {
			damaged++
		} else if err != nil {
			t.Errorf("Document(%s): %v", sum.ID, err)
		}
	}
	if damaged == 0 {
		t.Error("every document loaded although one of their pages is broken")
	}
}
