package main

import (
	"os"
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
	db := filepath.Join(t.TempDir(), "e2e.db")
	p := &project{path: db, explicit: true}
	store, _, err := p.open()
	if err != nil {
		t.Fatal(err)
	}
	if err := seed(store, true); err != nil {
		t.Fatal(err)
	}
	store.Close()

	g := startGUI(t, x, "--db", db, "--annotator", "e2e")
	name := x.xdotool(t, "getwindowname", g.window)
	if !strings.Contains(name, "Lindenfeld council") || !strings.Contains(name, "e2e.db") {
		t.Errorf("window title %q does not name the open document and project", name)
	}
	shot := filepath.Join(t.TempDir(), "window.png")
	if os.Getenv("NEWSMARK_SHOTS") != "" {
		shot = filepath.Join(os.Getenv("NEWSMARK_SHOTS"), "e2e-window.png")
	}
	// The first frames may still be empty; wait until the window is drawn.
	var colours int
	for i := 0; i < 50; i++ {
		if colours = distinctColours(x.screenshot(t, shot)); colours > 50 {
			break
		}
	}
	if colours <= 50 {
		t.Fatalf("the screenshot has %d colours: the window looks blank", colours)
	}
	g.quit(t, x)

	store, err = storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatalf("the project does not open after the window closed: %v", err)
	}
	defer store.Close()
	docs, err := store.Documents()
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents after closing = %v, %v; want the sample", docs, err)
	}
}
