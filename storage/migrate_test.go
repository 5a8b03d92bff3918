package storage_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// version1Project returns the content of a version-1 project: two documents
// with annotations, a relation and segment labels.
func version1Project(t *testing.T) storage.Version1 {
	t.Helper()
	d1, d2 := testDocument(t, "Reform", 4), testDocument(t, "Wahl", 2)
	var anns []annotate.Annotation
	for i, d := range []*annotate.Document{d1, d1, d1, d2} {
		a := annotate.Annotation{
			ID: fmt.Sprintf("a%d", i), DocumentID: d.ID, SegmentID: "s3", Start: i, End: 13, Label: "PER", Annotator: "anna",
			Created: t0, Modified: t0,
		}
		if i == 2 {
			a.Label, a.Attributes = "CLAIM", map[string]string{"stance": "pro"}
		}
		seg, _ := d.Segment(a.SegmentID)
		if err := a.Anchor(seg); err != nil {
			t.Fatal(err)
		}
		anns = append(anns, a)
	}
	return storage.Version1{
		Codebook:    testCodebook(),
		Documents:   []*annotate.Document{d1, d2},
		Annotations: anns,
		Relations: []annotate.Relation{
			{ID: "r1", DocumentID: d1.ID, Type: "disputes", From: "a0", To: "a2", Annotator: "anna", Created: t0},
		},
		SegmentLabels: []annotate.SegmentLabel{
			{DocumentID: d1.ID, SegmentID: "c1", Label: "off-topic", Annotator: "anna", Created: t0},
			{DocumentID: d2.ID, Label: "toxic", Annotator: "ben", Created: t0},
		},
	}
}

func TestOpenUpgradesVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	v1 := version1Project(t)
	if err := storage.WriteVersion1(path, v1); err != nil {
		t.Fatal(err)
	}
	if v, err := storage.SchemaVersionOf(path); err != nil || v != 1 {
		t.Fatalf("test file has schema version %d, %v", v, err)
	}
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s) // the upgrade was committed

	// The hash index was built.
	for _, d := range v1.Documents {
		if id, err := s.DocumentByHash(d.Hash); err != nil || id != d.ID {
			t.Errorf("DocumentByHash(%s) = %q, %v; want %q", d.Title, id, err, d.ID)
		}
	}
	// The counts were filled in.
	sums, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ segments, comments, annotations int }{{8, 4, 3}, {6, 2, 1}}
	for i, sum := range sums {
		if got := (struct{ segments, comments, annotations int }{sum.Segments, sum.Comments, sum.Annotations}); got != want[i] {
			t.Errorf("document %s counts %+v, want %+v", sum.Title, got, want[i])
		}
	}
	// The usage counts were built: SetCodebook refuses to drop what is used.
	for _, drop := range []string{"PER", "CLAIM", "disputes", "off-topic", "toxic"} {
		if err := s.SetCodebook(without(testCodebook(), drop)); !errors.Is(err, annotate.ErrInvalid) || !strings.Contains(err.Error(), "still use") {
			t.Errorf("dropping %s, used in the old file: %v, want ErrInvalid", drop, err)
		}
	}
	if err := s.SetCodebook(without(testCodebook(), "ORG")); err != nil {
		t.Errorf("dropping the unused ORG: %v", err)
	}
	// The data itself is as it was.
	got, err := s.Annotations(v1.Documents[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "annotations", got, v1.Annotations[:3])
	if err := s.Check(); err != nil {
		t.Error(err)
	}
	s.Close()
	if v, err := storage.SchemaVersionOf(path); err != nil || v != storage.SchemaVersion {
		t.Errorf("after Open the file has schema version %d, %v; want %d", v, err, storage.SchemaVersion)
	}
}

func TestFailedUpgradeLeavesFileUnchanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	v1 := version1Project(t)
	if err := storage.WriteVersion1(path, v1); err != nil {
		t.Fatal(err)
	}
	if err := storage.SpoilAnnotation(path, v1.Documents[1].ID, "a3"); err != nil {
		t.Fatal(err)
	}
	before := stateOf(t, path)
	_, err := storage.Open(path)
	if !errors.Is(err, storage.ErrDamaged) {
		t.Errorf("Open: %v, want ErrDamaged", err)
	}
	if after := stateOf(t, path); after != before {
		t.Error("the failed upgrade changed the file")
	}
	if v, err := storage.SchemaVersionOf(path); err != nil || v != 1 {
		t.Errorf("schema version %d, %v; want 1", v, err)
	}
}

func TestReadOnlyOpenDoesNotUpgrade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	if err := storage.WriteVersion1(path, version1Project(t)); err != nil {
		t.Fatal(err)
	}
	before := stateOf(t, path)
	if _, err := storage.Open(path, storage.Options{ReadOnly: true}); !errors.Is(err, storage.ErrReadOnly) {
		t.Errorf("read-only Open of a version 1 file: %v, want ErrReadOnly", err)
	}
	if after := stateOf(t, path); after != before {
		t.Error("a read-only Open changed the file")
	}
}

func TestOpenRefusesNewerVersion(t *testing.T) {
	s, path := openStore(t)
	if err := s.AddDocuments(testDocument(t, "Reform", 1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	newer := storage.SchemaVersion + 1
	if err := storage.SetSchemaVersion(path, newer); err != nil {
		t.Fatal(err)
	}
	before := stateOf(t, path)
	for _, opts := range []storage.Options{{}, {ReadOnly: true}} {
		_, err := storage.Open(path, opts)
		if !errors.Is(err, storage.ErrNewerVersion) {
			t.Fatalf("Open(%+v): %v, want ErrNewerVersion", opts, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, fmt.Sprint(newer)) || !strings.Contains(msg, fmt.Sprint(storage.SchemaVersion)) || !strings.Contains(msg, path) {
			t.Errorf("the message should name the file and both versions: %s", msg)
		}
		if after := stateOf(t, path); after != before {
			t.Errorf("Open(%+v) changed the file", opts)
		}
	}
}

// without returns cb without the entry id, whatever its kind.
func without(cb *annotate.Codebook, id string) *annotate.Codebook {
	cb.Labels = slices.DeleteFunc(cb.Labels, func(l annotate.Label) bool { return l.ID == id })
	for i := range cb.Labels {
		if cb.Labels[i].Parent == id {
			cb.Labels[i].Parent = ""
		}
	}
	cb.RelationTypes = slices.DeleteFunc(cb.RelationTypes, func(r annotate.RelationType) bool { return r.ID == id })
	for i := range cb.SegmentLabelSets {
		set := &cb.SegmentLabelSets[i]
		set.Labels = slices.DeleteFunc(set.Labels, func(l annotate.SegmentLabelDef) bool { return l.ID == id })
	}
	return cb
}

// TestVersion2OpensReadOnlyAndUpgradesForAnImport: a project of schema
// version 2 (before the staging bucket) is read as it is by a read-only
// open, and a writing open upgrades it so that a staged import works.
func TestVersion2OpensReadOnlyAndUpgradesForAnImport(t *testing.T) {
	s, path := openStore(t)
	doc := testDocument(t, "Alt", 2)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := storage.WriteVersion2(path); err != nil {
		t.Fatal(err)
	}
	before := stateOf(t, path)
	ro, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of a version 2 file: %v", err)
	}
	if list, err := ro.Documents(); err != nil || len(list) != 1 {
		t.Errorf("documents of the version 2 file: %v, %v", list, err)
	}
	ro.Close()
	if stateOf(t, path).sum != before.sum {
		t.Error("a read-only open changed the file")
	}

	s, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if v, err := storage.SchemaVersionOf(path); err != nil || v != storage.SchemaVersion {
		t.Errorf("after a writing open the file has schema version %d, %v; want %d", v, err, storage.SchemaVersion)
	}
	s, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	docs := stagedDocuments(t, "Neu", 3)
	if err := st.Add(docs); err != nil {
		t.Fatal(err)
	}
	if rep, err := st.Commit(); err != nil || rep.DocumentsAdded != 3 {
		t.Fatalf("staged import into the upgraded file: %+v, %v", rep, err)
	}
	assertStored(t, s, append(docs, doc))
}
