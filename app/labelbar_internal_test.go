package app

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
	"github.com/newsmark/newsmark/storage"
)

// newDeskWith opens the desk on a temporary project holding cb and the
// sample document, as annotator "anna".
func newDeskWith(t *testing.T, cb *annotate.Codebook) (*Window, *storage.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	store, err := storage.Open(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.SetCodebook(cb); err != nil {
		t.Fatal(err)
	}
	doc, err := assets.SampleDocument(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := store.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	w := NewWindow(a, store, "desk.db", Options{Annotator: "anna"})
	w.win.Resize(fyne.NewSize(1400, 860))
	t.Cleanup(w.win.Close)
	return w, store
}

// studyCodebook is a content analysis codebook of 40 labels: 8 groups
// (frames, actors, …) of a group label and 4 labels each, keys on the
// first 36.
func studyCodebook() *annotate.Codebook {
	keys := []rune("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
	cb := &annotate.Codebook{Name: "study"}
	groups := []string{"Frame", "Actor", "Topic", "Tone", "Source", "Evidence", "Emotion", "Blame"}
	for g, name := range groups {
		top := annotate.Label{ID: strings.ToUpper(name), Name: name, Kind: annotate.KindClaim, Color: labelPalette[g],
			Description: name + " in general, when no narrower label fits.", Examples: []string{"an example of " + name}}
		cb.Labels = append(cb.Labels, top)
		for m := 1; m <= 4; m++ {
			cb.Labels = append(cb.Labels, annotate.Label{ID: fmt.Sprintf("%s%d", top.ID, m), Name: fmt.Sprintf("%s %d", name, m),
				Kind: annotate.KindClaim, Parent: top.ID, Color: labelPalette[(g+m)%len(labelPalette)],
				Description: fmt.Sprintf("The %s number %d.", strings.ToLower(name), m)})
		}
	}
	for i := range cb.Labels {
		if i < len(keys) {
			cb.Labels[i].Hotkey = string(keys[i])
		}
	}
	return cb
}

func TestLabelBarWithFortyLabelsFoldsGroupsIntoTwoRowsAndReachesEveryLabel(t *testing.T) {
	cb := studyCodebook()
	if len(cb.Labels) != 40 {
		t.Fatalf("the study codebook has %d labels", len(cb.Labels))
	}
	w, store := newDeskWith(t, cb)
	w.win.Content().Refresh()
	bar := w.labels
	if len(bar.groups) != 8 {
		t.Fatalf("%d folded groups, want 8", len(bar.groups))
	}
	chipHeight := bar.groups["FRAME"].MinSize().Height
	if h := bar.row.Size().Height; h > 2*chipHeight+8 {
		t.Errorf("the label bar is %.0f high at 1400 px, more than two rows of %.0f", h, chipHeight)
	}
	// Every label is in its group's menu, with its key.
	for _, g := range labelGroups(cb) {
		menu := bar.groupMenu(g)
		var items []string
		for _, it := range menu.Items {
			if !it.IsSeparator {
				items = append(items, it.Label)
			}
		}
		if len(items) != 5 {
			t.Errorf("group %s menu has %v, want the group and its 4 labels", g.top.ID, items)
		}
		if g.top.Hotkey != "" && !strings.Contains(items[0], "("+g.top.Hotkey+")") {
			t.Errorf("group %s menu item %q does not show its key", g.top.ID, items[0])
		}
	}
	// A member's menu item tags the selection with it.
	selectText(t, w, "s1", "Lindenfeld")
	g := labelGroups(cb)[1] // Actor
	bar.groupMenu(g).Items[3].Action()
	assertStored(t, store, w.doc.ID, "s1 ACTOR2 Lindenfeld anna")
	// Keys still work for folded labels.
	selectText(t, w, "s1", "council")
	test.TypeOnCanvas(w.win.Canvas(), "h") // ACTOR2 is the 8th label: H
	assertStored(t, store, w.doc.ID, "s1 ACTOR2 Lindenfeld anna", "s1 ACTOR2 council anna")
}

func TestLabelBarShowsASmallGroupUnfoldedAfterItsLabel(t *testing.T) {
	cb := assets.DefaultCodebook()
	cb.Labels = append(cb.Labels,
		annotate.Label{ID: "FRAME", Name: "Frame", Kind: annotate.KindClaim, Color: "#6B8E23"},
		annotate.Label{ID: "ECON", Name: "economic", Kind: annotate.KindClaim, Color: "#20B2AA", Parent: "FRAME", Hotkey: "E"},
		annotate.Label{ID: "MORAL", Name: "moral", Kind: annotate.KindClaim, Color: "#A0522D", Parent: "FRAME"},
	)
	w, _ := newDeskWith(t, cb)
	bar := w.labels
	if len(bar.groups) != 0 || len(bar.chips) != len(cb.Labels) {
		t.Fatalf("%d folded groups and %d chips, want none folded and a chip per label", len(bar.groups), len(bar.chips))
	}
	if !bar.chips["ECON"].compact || bar.chips["FRAME"].compact {
		t.Error("a group's labels are not drawn smaller than the group's label")
	}
	// The group's chips sit together, the group's label first.
	var frame *fyne.Container
	for _, o := range bar.row.Objects {
		if c, ok := o.(*fyne.Container); ok {
			frame = c
		}
	}
	if frame == nil {
		t.Fatal("no framed group in the label bar")
	}
	box := frame.Objects[1].(*fyne.Container)
	if len(box.Objects) != 3 || box.Objects[0] != bar.chips["FRAME"] || box.Objects[2] != bar.chips["MORAL"] {
		t.Errorf("the group's frame holds %d chips, want Frame, economic, moral in that order", len(box.Objects))
	}
}

// guideText is the text of the guideline card shown, "" if none.
func guideText(w *Window) string {
	if len(w.guideLayer.Objects) == 0 {
		return ""
	}
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Label:
			out = append(out, o.Text)
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		}
	}
	walk(w.guideLayer.Objects[0])
	return strings.Join(out, "\n")
}

func TestHoveringAChipShowsTheLabelsDefinitionAndExamples(t *testing.T) {
	cb := assets.DefaultCodebook()
	cb.Labels[0].Examples = []string{"Angela Merkel", "„der Kanzler“ is no name: not PER"}
	w, _ := newDeskWith(t, cb)
	chip := w.labels.chips["PER"]
	chip.MouseIn(nil)
	deadline := time.Now().Add(3 * time.Second)
	for guideText(w) == "" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	got := guideText(w)
	for _, want := range []string{"Person  (P)", "A named person, real or fictional", "Angela Merkel", "„der Kanzler“ is no name"} {
		if !strings.Contains(got, want) {
			t.Errorf("the guideline shows %q, which lacks %q", got, want)
		}
	}
	card := w.guideLayer.Objects[0]
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(chip)
	if card.Position().Y < at.Y+chip.Size().Height {
		t.Errorf("the guideline at y=%.0f covers its chip (bottom at %.0f), which would take the pointer from it", card.Position().Y, at.Y+chip.Size().Height)
	}
	// The layer takes no input: a click on the text under it still reaches the text.
	if _, ok := any(w.guideLayer).(fyne.Tappable); ok {
		t.Error("the guideline layer catches clicks")
	}
	chip.MouseOut()
	if guideText(w) != "" {
		t.Error("the guideline stays after the pointer left the chip")
	}
}

func TestTheInspectorShowsTheLabelsDefinition(t *testing.T) {
	cb := assets.DefaultCodebook()
	cb.Labels[0].Examples = []string{"Angela Merkel"}
	w, _ := newDeskWith(t, cb)
	selectText(t, w, "s1", "Lindenfeld")
	w.Tag("PER")
	text := allText(w.inspector.content)
	for _, want := range []string{"A named person, real or fictional", "• Angela Merkel"} {
		if !strings.Contains(text, want) {
			t.Errorf("the inspector lacks %q", want)
		}
	}
}

func TestHelpListsTheCodebook(t *testing.T) {
	cb := studyCodebook()
	w, _ := newDeskWith(t, cb)
	w.showKeyHelp()
	m := w.topModal()
	if m == nil {
		t.Fatal("F1 showed no dialog")
	}
	text := allText(w.win.Canvas().Overlays().Top())
	for _, want := range []string{"Codebook", "Frame 3 · FRAME3 · key D", "The frame number 3.", "Blame in general"} {
		if !strings.Contains(text, want) {
			t.Errorf("the help lacks %q", want)
		}
	}
}

// allText collects the text of every label and entry under o.
func allText(o fyne.CanvasObject) string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Label:
			out = append(out, o.Text)
		case *widget.Entry:
			out = append(out, o.Text)
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(o.Content)
		case fyne.Widget:
			r := test.WidgetRenderer(o)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return strings.Join(out, "\n")
}

func TestLabelBarWithFortyLabelsWithoutGroupsKeepsToThreeRowsOfSmallChips(t *testing.T) {
	cb := studyCodebook()
	for i := range cb.Labels {
		cb.Labels[i].Parent = ""
	}
	w, _ := newDeskWith(t, cb)
	w.win.Content().Refresh()
	bar := w.labels
	if len(bar.chips) != 40 {
		t.Fatalf("%d chips, want 40", len(bar.chips))
	}
	chipHeight := bar.chips["FRAME"].MinSize().Height
	if h := bar.row.Size().Height; h > 3*chipHeight+2*theme.Padding()+1 {
		t.Errorf("40 labels take %.0f px at 1400 px, more than three rows of %.0f", h, chipHeight)
	}
	if h := w.article.content.Size().Height; h < 500 {
		t.Errorf("the article keeps only %.0f px of height under the label bar", h)
	}
}

func TestHelpListsTheCommentLabelsAndLinkTypes(t *testing.T) {
	w, _ := newDesk(t)
	w.showKeyHelp()
	text := allText(w.win.Canvas().Overlays().Top())
	for _, want := range []string{"Comment labels · Stance (one of): Agrees, Disagrees, Neutral", "Link types: is the source of, supports"} {
		if !strings.Contains(text, want) {
			t.Errorf("the help lacks %q", want)
		}
	}
}
