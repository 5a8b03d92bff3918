package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A codebook goes out to a QDA program as .qdc and comes back with a new
// code and a renamed one: the window shows what merging it changes, merges
// it as one undoable step, and no annotation is lost.
func TestCodebookFromAQDAProgramMergesInTheWindowAndUndoes(t *testing.T) {
	w, store := newDesk(t)
	selectText(t, w, "s1", "Lindenfeld")
	w.Tag("PER")
	path := filepath.Join(t.TempDir(), "codebook.qdc")
	if err := w.ExportCodebook(path, "qdc"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// What the QDA program did: a new code, and Person renamed.
	edited := strings.Replace(string(data), `name="Person"`, `name="Person (Akteur)"`, 1)
	edited = strings.Replace(edited, "</Codes>", `<Code guid="0b5c1f8e-2a3d-4e6f-8a9b-1c2d3e4f5a6b" name="Frame: Wirtschaft" isCodable="true" color="#AA66AA"></Code></Codes>`, 1)
	if edited == string(data) || !strings.Contains(edited, "Person (Akteur)") {
		t.Fatalf("the exported .qdc has no code named Person:\n%s", data)
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	before := storedCodebook(t, store)

	w.ImportCodebook(path)
	if w.topModal() == nil {
		t.Fatal("importing a codebook asked nothing")
	}
	answer(t, w)
	after := storedCodebook(t, store)
	per, ok := after.Label("PER")
	if !ok || per.Name != "Person (Akteur)" || per.Hotkey != "P" {
		t.Errorf("PER after the merge: %+v (want the new name, the key kept)", per)
	}
	if len(after.Labels) != len(before.Labels)+1 {
		t.Errorf("labels after the merge: %d, want %d (one new code)", len(after.Labels), len(before.Labels)+1)
	}
	anns, err := store.Annotations(w.doc.ID)
	if err != nil || len(anns) != 1 || anns[0].Label != "PER" {
		t.Errorf("annotations after the merge: %+v %v", anns, err)
	}

	w.Undo()
	if got := storedCodebook(t, store); len(got.Labels) != len(before.Labels) {
		t.Errorf("undo left %d labels, want %d", len(got.Labels), len(before.Labels))
	} else if p, _ := got.Label("PER"); p.Name != "Person" {
		t.Errorf("undo left PER named %q", p.Name)
	}
}
