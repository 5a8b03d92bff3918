package main

import (
	"context"
	"image"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// windowStudyProject makes a lead project holding the sample, packages for bernd
// and carl with the sample in both, and carl's coded package merged back:
// carl marked “Elif Demir” PER, “Markus Brandt” ORG and “VRL” ORG, and
// marked the document done. It returns the lead project and bernd's
// package.
func windowStudyProject(t *testing.T) (lead, bernd string) {
	t.Helper()
	lead = sampleProject(t, "lead.db")
	dir := filepath.Join(t.TempDir(), "packages")
	store, err := storage.Open(lead)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	docs, err := store.Documents()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := annotate.PlanPackages(annotate.PackageOptions{Coders: []string{"bernd", "carl"}, Documents: []string{docs[0].ID}, SampleCount: 1, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.MakePackages(context.Background(), plan, dir); err != nil {
		t.Fatal(err)
	}
	carl := filepath.Join(dir, "carl.newsmark.db")
	pkg, err := storage.Open(carl)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct{ seg, text, label string }{{"s4", "Elif Demir", "PER"}, {"s5", "Markus Brandt", "ORG"}, {"s6", "VRL", "ORG"}} {
		at := runeSpan(sampleComment(t, m.seg), m.text)
		if err := pkg.AddAnnotation(&annotate.Annotation{DocumentID: docs[0].ID, SegmentID: m.seg, Start: at[0], End: at[1], Label: m.label, Annotator: "carl"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := pkg.SetStatus(docs[0].ID, "carl", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	pkg.Close()
	if _, err := store.MergePackage(context.Background(), carl); err != nil {
		t.Fatal(err)
	}
	return lead, filepath.Join(dir, "bernd.newsmark.db")
}

// articleRegion is where the article's text is drawn in the 1400×860
// window at the top left of the screen.
// (left of its scroll bar, which is drawn in the theme's colour).
var articleRegion = image.Rect(235, 150, 660, 830)

// colouredPixels counts the pixels in r whose colour is far from grey:
// highlights are drawn in their labels' colours, text and panes in greys.
func colouredPixels(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			hi, lo := max(cr, cg, cb)>>8, min(cr, cg, cb)>>8
			if hi-lo > 60 {
				n++
			}
		}
	}
	return n
}

// TestE2EACodingStudyInTheWindow runs a small study in the real window:
// bernd opens his coder package and sees none of carl's highlights, tags
// two names and marks the document done, which the progress view shows;
// the lead, after merging bernd's package, sees nobody's highlights until
// showing every coder, opens the agreement view (it draws the table, the
// alpha chart and the F1 heat map) and accepts the place both coders
// agree on in the adjudication window.
func TestE2EACodingStudyInTheWindow(t *testing.T) {
	x := startXvfb(t)
	lead, bernd := windowStudyProject(t)
	shots := shotsDir(t)

	// bernd's package: he is the annotator, set by the package.
	g := startGUI(t, x, "--db", bernd)
	x.xdotool(t, "windowfocus", "--sync", g.window)
	x.waitDrawn(t, filepath.Join(shots, "package-start.png"))
	if name := x.xdotool(t, "getwindowname", g.window); !strings.Contains(name, "bernd.newsmark.db") {
		t.Errorf("window title %q does not name bernd's package", name)
	}
	img := x.screenshot(t, filepath.Join(shots, "package-blind.png"))
	if n := colouredPixels(img, articleRegion); n > 0 {
		t.Errorf("bernd's package shows %d coloured pixels in the article: another coder's highlights", n)
	}
	x.find(t, "Elif Demir")
	x.key(t, "alt+Down")
	x.key(t, "p")
	x.find(t, "Markus Brandt")
	x.key(t, "alt+Down")
	x.key(t, "p")
	x.key(t, "Escape")
	if !x.waitScreen(t, filepath.Join(shots, "package-tagged.png"), func(img image.Image) bool { return colouredPixels(img, articleRegion) > 200 }) {
		t.Error("bernd's own highlights do not show (the check of coloured pixels sees nothing)")
	}
	x.key(t, "ctrl+shift+p")
	before := x.screenshot(t, filepath.Join(shots, "progress-before.png"))
	x.key(t, "Escape")
	x.key(t, "ctrl+d")
	x.key(t, "ctrl+shift+p")
	after := x.screenshot(t, filepath.Join(shots, "progress.png"))
	x.key(t, "Escape")
	dialogArea := image.Rect(320, 250, 1080, 610)
	if b, a := colouredPixels(before, dialogArea), colouredPixels(after, dialogArea); a < b+1000 {
		t.Errorf("the progress view's bar did not fill when the document was marked done: %d coloured pixels before, %d after", b, a)
	}
	g.quit(t, x)

	store, err := storage.Open(lead)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.MergePackage(context.Background(), bernd); err != nil {
		t.Fatal(err)
	}
	store.Close()

	// The lead: blind until showing every coder.
	g = startGUI(t, x, "--db", lead, "--annotator", "lena")
	x.xdotool(t, "windowfocus", "--sync", g.window)
	x.waitDrawn(t, filepath.Join(shots, "lead-start.png"))
	if n := colouredPixels(x.screenshot(t, filepath.Join(shots, "lead-blind.png")), articleRegion); n > 0 {
		t.Errorf("the lead's desk shows %d coloured pixels in the article before showing any coder", n)
	}
	x.key(t, "ctrl+shift+u")
	if !x.waitScreen(t, filepath.Join(shots, "lead-shown.png"), func(img image.Image) bool { return colouredPixels(img, articleRegion) > 200 }) {
		t.Error("showing every coder's annotations shows no highlights")
	}

	x.key(t, "ctrl+shift+a")
	agreement := x.waitWindow(t, "Agreement", 30*time.Second)
	time.Sleep(2 * time.Second) // the figures are computed off the window's goroutine
	img = x.screenshot(t, filepath.Join(shots, "agreement.png"))
	if colours := distinctColours(img); colours <= 50 {
		t.Errorf("the agreement window looks blank: %d colours", colours)
	}
	if n := colouredPixels(img, image.Rect(0, 0, 1400, 900)); n < 2000 {
		t.Errorf("the agreement window draws %d coloured pixels: no chart, no heat map", n)
	}
	x.xdotool(t, "windowfocus", "--sync", agreement)
	x.key(t, "Escape")

	x.xdotool(t, "windowfocus", "--sync", g.window)
	x.key(t, "ctrl+shift+j")
	adjudicate := x.waitWindow(t, "Adjudicate", 30*time.Second)
	x.xdotool(t, "windowfocus", "--sync", adjudicate)
	time.Sleep(time.Second)
	x.key(t, "a")
	x.screenshot(t, filepath.Join(shots, "adjudicate.png"))
	x.key(t, "Escape")
	g.quit(t, x)

	code, out, errOut := runCLI(t, "--db", lead, "annotations")
	if code != 0 {
		t.Fatalf("newsmark annotations: %s", errOut)
	}
	var goldRows []string
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 5 && f[5] == "gold" {
			goldRows = append(goldRows, l)
		}
	}
	if len(goldRows) != 1 || !strings.Contains(goldRows[0], `"Elif Demir"`) || !strings.Contains(goldRows[0], "PER") {
		t.Errorf("the gold layer after accepting the agreed places:\n%s\nwant Elif Demir as PER only (the whole list:\n%s)", strings.Join(goldRows, "\n"), out)
	}
}
