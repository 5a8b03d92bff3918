package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/storage"
)

// TestE2EWindowShowsProjectAndClosesCleanly starts the real binary on a
// project holding the sample document, checks that its window draws
// something, closes it with Ctrl+Q and checks that the project file was
// released and still reads.
func TestE2EWindowShowsProjectAndClosesCleanly(t *testing.T) {
	x := startXvfb(t)
	db := sampleProject(t, "e2e.db")

	g := startGUI(t, x, "--db", db, "--annotator", "e2e")
	name := x.xdotool(t, "getwindowname", g.window)
	if !strings.Contains(name, "Lindenfeld council") || !strings.Contains(name, "e2e.db") {
		t.Errorf("window title %q does not name the open document and project", name)
	}
	if colours := x.waitDrawn(t, filepath.Join(shotsDir(t), "e2e-window.png")); colours <= 50 {
		t.Fatalf("the screenshot has %d colours: the window looks blank", colours)
	}
	g.quit(t, x)

	store, err := storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatalf("the project does not open after the window closed: %v", err)
	}
	defer store.Close()
	docs, err := store.Documents()
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents after closing = %v, %v; want the sample", docs, err)
	}
}
