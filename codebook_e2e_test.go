package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/storage"
)

// TestE2ECodebookEditorLabelTagsIsRenamedAndTheRenameUndone works the
// codebook editor of the real window with the keyboard, so that no place
// on the screen is assumed: Ctrl+K opens Project → Codebook…, Ctrl+N
// starts a new label with the name field ready, Tab goes on to the short
// id (left empty: made from the name) and to the key field, which takes
// the next key pressed, and Ctrl+S saves. In the desk, Ctrl+F finds a
// text and the new label's key tags it. Back in the editor, F2 puts the
// keyboard in the label's name: the label gets a new name and short id
// (which relabels its annotations), and Ctrl+Z undoes that.
//
// The command line must then show the span under the label's first id,
// and the codebook's change list must hold the addition, the rename and
// its undo, by the coder.
func TestE2ECodebookEditorLabelTagsIsRenamedAndTheRenameUndone(t *testing.T) {
	x := startXvfb(t)
	db := sampleProject(t, "cb.db")
	shots := shotsDir(t)

	g := startGUI(t, x, "--db", db, "--annotator", "e2e-coder")
	x.xdotool(t, "windowfocus", "--sync", g.window)
	x.waitDrawn(t, filepath.Join(shots, "codebook-start.png"))
	x.key(t, "ctrl+k") // Project › Codebook…
	editor := x.waitWindow(t, "^Codebook", 20*time.Second)
	x.xdotool(t, "windowfocus", "--sync", editor)
	x.key(t, "ctrl+n") // Codebook › New label
	x.xdotool(t, "type", "--delay", "25", "Frame economic")
	x.key(t, "Tab", "Tab") // past the short id to the key field
	x.key(t, "e")
	x.key(t, "ctrl+s")
	x.screenshot(t, filepath.Join(shots, "codebook-added.png"))

	x.xdotool(t, "windowfocus", "--sync", g.window)
	x.find(t, "St. Anna hospital")
	x.key(t, "alt+Down") // the keyboard leaves the find bar; the found text stays selected
	x.key(t, "e")
	x.screenshot(t, filepath.Join(shots, "codebook-tagged.png"))

	x.xdotool(t, "windowfocus", "--sync", editor)
	x.key(t, "F2")
	x.xdotool(t, "type", "--delay", "25", "Frame: economy")
	x.key(t, "Tab", "ctrl+a")
	x.xdotool(t, "type", "--delay", "25", "ECONOMY")
	x.key(t, "ctrl+s")
	x.screenshot(t, filepath.Join(shots, "codebook-renamed.png"))
	x.key(t, "ctrl+z")
	x.screenshot(t, filepath.Join(shots, "codebook-undone.png"))
	g.quit(t, x)

	anns := cliAnnotations(t, db)
	if len(anns) != 1 {
		t.Fatalf("the project holds %d annotations, want the one tagged: %v", len(anns), anns)
	}
	if f := strings.Fields(anns[0]); f[0] != "c1" || f[3] != "FRAME_ECONOMIC" || !strings.HasSuffix(anns[0], `"St. Anna hospital"`) {
		t.Errorf("annotation = %q, want comment c1 tagged FRAME_ECONOMIC on “St. Anna hospital”", anns[0])
	}

	store, err := storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	cb, err := store.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	l, ok := cb.Label("FRAME_ECONOMIC")
	if !ok || l.Name != "Frame economic" || l.Hotkey != "E" {
		t.Errorf("the codebook's new label is %+v (found %v), want “Frame economic” on key E", l, ok)
	}
	log, err := store.CodebookLog()
	if err != nil {
		t.Fatal(err)
	}
	var whats []string
	for _, e := range log {
		whats = append(whats, e.What)
		if e.Annotator != "e2e-coder" {
			t.Errorf("change %q is by %q, want e2e-coder", e.What, e.Annotator)
		}
	}
	want := []string{"add label", "rename label", "undo rename label"}
	if len(whats) != len(want) {
		t.Fatalf("change list %q, want %d entries: %q", whats, len(want), want)
	}
	for i, w := range want {
		if !strings.HasPrefix(whats[i], w) {
			t.Errorf("change %d is %q, want %s…", i+1, whats[i], w)
		}
	}
	if !strings.Contains(whats[1], "ECONOMY") {
		t.Errorf("the rename %q does not name the new id", whats[1])
	}
}
