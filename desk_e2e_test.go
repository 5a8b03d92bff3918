package main

import (
	"image"
	"path/filepath"
	"strings"
	"testing"
)

// TestE2EAnnotateWithMouseAndHotkeys codes the sample document as a user
// would: it drags over a word of the article's headline and presses the PER
// key, drags over a phrase of the first comment and presses the claim key,
// undoes and redoes the claim, and quits. The command line must then show
// exactly those two annotations with their quotes, labels and annotator.
//
// The window is 1400×860 at the top left of the screen, so the places
// dragged over are fixed: "Lindenfeld" starts the headline at about
// (245, 173), and "Anna hospital and pay" is on the first line of comment 1
// (both 39 px below where they were before the study bar, with the
// document's status and the other coders' chooser, came above the texts).
// Word snapping makes the drags land on whole words.
func TestE2EAnnotateWithMouseAndHotkeys(t *testing.T) {
	x := startXvfb(t)
	db := sampleProject(t, "desk.db")

	g := startGUI(t, x, "--db", db, "--annotator", "e2e-coder")
	x.xdotool(t, "windowfocus", "--sync", g.window)
	shots := shotsDir(t)
	x.waitDrawn(t, filepath.Join(shots, "desk-start.png"))
	x.drag(t, 250, 300, 173)
	x.key(t, "p")
	x.drag(t, 822, 945, 240)
	x.key(t, "c")
	// The first line of comment 1: highlighted, then not, then again as it
	// was. The window redraws on its own time, so look until it matches.
	line := image.Rect(690, 227, 1110, 253)
	tagged := x.screenshot(t, filepath.Join(shots, "desk-tagged.png"))
	x.key(t, "ctrl+z")
	if !x.waitScreen(t, filepath.Join(shots, "desk-undone.png"), func(img image.Image) bool { return !sameRegion(tagged, img, line) }) {
		t.Error("Ctrl+Z left the claim's highlight on the comment")
	}
	x.key(t, "ctrl+shift+z")
	if !x.waitScreen(t, filepath.Join(shots, "desk-redone.png"), func(img image.Image) bool { return sameRegion(tagged, img, line) }) {
		t.Error("Ctrl+Shift+Z did not bring the claim's highlight back as it was")
	}
	g.quit(t, x)

	code, out, errOut := runCLI(t, "--db", db, "annotations")
	if code != 0 {
		t.Fatalf("newsmark annotations: exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")[1:]
	want := []struct{ seg, label, quote string }{
		{"s1", "PER", `"Lindenfeld"`},
		{"c1", "CLAIM", `"Anna hospital and pay"`},
	}
	if len(lines) != len(want) {
		t.Fatalf("the project holds %d annotations, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		f := strings.Fields(lines[i])
		if f[1] != w.seg || f[4] != w.label || f[5] != "e2e-coder" || !strings.HasSuffix(lines[i], w.quote) {
			t.Errorf("annotation %d = %q, want segment %s, label %s, annotator e2e-coder, quote %s", i+1, lines[i], w.seg, w.label, w.quote)
		}
	}
}

// sameRegion reports whether a and b have the same pixels in r.
func sameRegion(a, b image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}
