package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
)

// TestE2EFixABadSplitByHand fixes the split of the sample page in the real
// window, with the keyboard only, so that no place on the screen is
// assumed: Ctrl+F finds a text and selects it, Alt+Down gives a comment
// the keyboard, a label key tags the selection, and the Document menu's
// keys split, merge and change a kind where the found text is.
//
// The first session tags “St. Anna hospital” and “save me more” in
// comment 1, then splits the comment before “This trial”. The command
// line must then show 7 comments, and the claim in the new comment with
// its offsets moved. The second session merges the new comment back,
// makes comment 2 an article paragraph and undoes that. The command line
// must then show the 6 comments and both annotations exactly where they
// were before the split.
func TestE2EFixABadSplitByHand(t *testing.T) {
	x := startXvfb(t)
	db := sampleProject(t, "split.db")
	shots := shotsDir(t)
	c1 := sampleComment(t, "c1")
	loc, claim := runeSpan(c1, "St. Anna hospital"), runeSpan(c1, "save me more")
	cut := runeSpan(c1, "This trial")[0]

	g := startGUI(t, x, "--db", db, "--annotator", "e2e-coder")
	x.xdotool(t, "windowfocus", "--sync", g.window)
	x.waitDrawn(t, filepath.Join(shots, "split-start.png"))
	x.find(t, "St. Anna hospital")
	x.key(t, "alt+Down") // the keyboard goes to a comment; the found text stays selected
	x.key(t, "l")
	x.find(t, "save me more")
	x.key(t, "alt+Down")
	x.key(t, "c")
	x.find(t, "This trial")
	x.key(t, "ctrl+Return") // Document › Split here into a new comment
	x.screenshot(t, filepath.Join(shots, "split-done.png"))
	g.quit(t, x)

	if n := commentCount(t, db); n != 7 {
		t.Fatalf("after the split the document has %d comments, want 7", n)
	}
	anns := cliAnnotations(t, db)
	if len(anns) != 2 {
		t.Fatalf("after the split: %d annotations, want 2: %v", len(anns), anns)
	}
	if want := fmt.Sprintf("c1 %d %d LOC %q", loc[0], loc[1], "St. Anna hospital"); anns[0] != want {
		t.Errorf("after the split: %s, want %s", anns[0], want)
	}
	moved := strings.Fields(anns[1])
	if moved[0] == "c1" || moved[1] != fmt.Sprint(claim[0]-cut) || moved[3] != "CLAIM" || !strings.HasSuffix(anns[1], `"save me more"`) {
		t.Errorf("after the split the claim is %s, want it in the new comment at %d", anns[1], claim[0]-cut)
	}

	g = startGUI(t, x, "--db", db, "--annotator", "e2e-coder")
	x.xdotool(t, "windowfocus", "--sync", g.window)
	x.waitDrawn(t, filepath.Join(shots, "merge-start.png"))
	x.find(t, "This trial")
	x.key(t, "ctrl+j") // Document › Merge into the one before
	x.find(t, "Millionen")
	x.key(t, "ctrl+3") // Document › Make the text a › Article paragraph
	x.screenshot(t, filepath.Join(shots, "kind-changed.png"))
	x.key(t, "alt+Down") // the keyboard leaves the find bar, which keeps its own Ctrl+Z
	x.key(t, "ctrl+z")
	x.screenshot(t, filepath.Join(shots, "kind-undone.png"))
	g.quit(t, x)

	if n := commentCount(t, db); n != 6 {
		t.Errorf("after merge, kind change and undo the document has %d comments, want 6", n)
	}
	want := []string{
		fmt.Sprintf("c1 %d %d LOC %q", loc[0], loc[1], "St. Anna hospital"),
		fmt.Sprintf("c1 %d %d CLAIM %q", claim[0], claim[1], "save me more"),
	}
	if got := cliAnnotations(t, db); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("annotations at the end:\n%s\nwant them where they were:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// find opens the find bar, replaces its query with text and goes to the
// first match, which becomes the selection.
func (x *xserver) find(t *testing.T, text string) {
	t.Helper()
	x.key(t, "ctrl+f")
	x.key(t, "ctrl+a")
	x.xdotool(t, "type", "--delay", "25", text)
	time.Sleep(300 * time.Millisecond)
	x.key(t, "Return")
}

// sampleComment returns the text of a segment of the sample document.
func sampleComment(t *testing.T, id string) string {
	t.Helper()
	doc, err := assets.SampleDocument(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	seg, ok := doc.Segment(id)
	if !ok {
		t.Fatalf("the sample has no segment %s", id)
	}
	return seg.Text
}

// runeSpan returns the code point offsets of s in text.
func runeSpan(text, s string) [2]int {
	i := strings.Index(text, s)
	start := annotate.RuneCount(text[:i])
	return [2]int{start, start + annotate.RuneCount(s)}
}

// commentCount returns the number of comments `newsmark list` shows for
// the project's only document.
func commentCount(t *testing.T, db string) int {
	t.Helper()
	code, out, errOut := runCLI(t, "--db", db, "list")
	if code != 0 {
		t.Fatalf("newsmark list: exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("newsmark list:\n%s", out)
	}
	var n int
	fmt.Sscan(strings.Fields(lines[1])[1], &n)
	return n
}

// cliAnnotations returns `newsmark annotations` without its header and
// document column: "segment start end label quote".
func cliAnnotations(t *testing.T, db string) []string {
	t.Helper()
	code, out, errOut := runCLI(t, "--db", db, "annotations")
	if code != 0 {
		t.Fatalf("newsmark annotations: exit %d: %s", code, errOut)
	}
	var rows []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		f := strings.Fields(l)
		quote := l[strings.Index(l, `"`):]
		rows = append(rows, strings.Join([]string{f[1], f[2], f[3], f[4], quote}, " "))
	}
	return rows
}
