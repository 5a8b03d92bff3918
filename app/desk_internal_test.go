package app

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
	"github.com/newsmark/newsmark/storage"
)

// newDesk opens the desk on a temporary project holding the default codebook
// and the sample document, as annotator "anna".
func newDesk(t *testing.T) (*Window, *storage.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	store, err := storage.Open(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.SetCodebook(assets.DefaultCodebook()); err != nil {
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

// offsetOf returns the code point offset of the first occurrence of s in
// the segment's text.
func offsetOf(t *testing.T, w *Window, seg, s string) int {
	t.Helper()
	text := w.views[seg].Text()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("segment %s has no %q", seg, s)
	}
	return annotate.RuneCount(text[:i])
}

// selectText selects s in a segment as a user's drag would, through the
// segment's span view.
func selectText(t *testing.T, w *Window, seg, s string) {
	t.Helper()
	w.reveal(seg, 0) // a comment's card exists only while it is in view
	start := offsetOf(t, w, seg, s)
	w.views[seg].SetSelection(start, start+annotate.RuneCount(s))
	if q, _ := w.selectionQuote(); q != s {
		t.Fatalf("selected %q, want %q", q, s)
	}
}

func storedAnnotations(t *testing.T, s annotate.Store, doc string) []string {
	t.Helper()
	anns, err := s.Annotations(doc)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range anns {
		out = append(out, a.SegmentID+" "+a.Label+" "+a.Quote.Exact+" "+a.Annotator)
	}
	return out
}

func assertStored(t *testing.T, s annotate.Store, doc string, want ...string) {
	t.Helper()
	got := storedAnnotations(t, s, doc)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("stored annotations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDragThenHotkeyTagsTheWordAndSavesIt(t *testing.T) {
	w, store := newDesk(t)
	v := w.views["s1"] // the headline
	c := w.win.Canvas()
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(v)
	half := fyne.NewPos(0, v.PositionOf(0).Y+4)
	from := origin.Add(v.PositionOf(1)).Add(half)
	to := origin.Add(v.PositionOf(6)).Add(half)
	test.Drag(c, to, to.X-from.X, 0)
	test.TypeOnCanvas(c, "p")

	assertStored(t, store, w.doc.ID, "s1 PER Lindenfeld anna")
	spans := v.Spans()
	if len(spans) != 1 || spans[0].Start != 0 || spans[0].End != 10 {
		t.Errorf("headline highlights = %+v, want Lindenfeld at 0–10", spans)
	}
	if w.selected != spans[0].ID || w.inspector.shown != spans[0].ID {
		t.Error("the new annotation is not selected and shown in the inspector")
	}
	if !strings.Contains(w.status.Text, "Saved: tag “Lindenfeld” as PER") {
		t.Errorf("status = %q", w.status.Text)
	}
}

func TestHotkeyWithoutSelectionExplainsWhatToDo(t *testing.T) {
	w, store := newDesk(t)
	test.TypeOnCanvas(w.win.Canvas(), "p")
	assertStored(t, store, w.doc.ID)
	if !strings.Contains(w.status.Text, "Select some text first") {
		t.Errorf("status = %q", w.status.Text)
	}
}

func TestEveryChangeUndoesAndRedoes(t *testing.T) {
	w, store := newDesk(t)
	c := w.win.Canvas().(fyne.Shortcutable)
	undo := func() { c.TypedShortcut(&fyne.ShortcutUndo{}) }
	redo := func() {
		c.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	}
	doc := w.doc.ID

	selectText(t, w, "s4", "Elif Demir")
	w.Tag("PER")
	assertStored(t, store, doc, "s4 PER Elif Demir anna")

	// Relabel: a label key with nothing selected changes the selected one.
	w.Tag("SOURCE")
	assertStored(t, store, doc, "s4 SOURCE Elif Demir anna")

	// An attribute, through the inspector's rules.
	a := *w.annotation(w.selected)
	after := a
	after.Attributes = map[string]string{"type": "named person"}
	w.apply(&annotate.EditAnnotation{Before: a, After: after, What: "type"})
	if got := w.annotation(w.selected).Attributes["type"]; got != "named person" {
		t.Fatalf("attribute = %q", got)
	}

	// A note, typed into the inspector and saved when typing pauses.
	test.Type(w.inspector.note, "Mayor since 2023?")
	w.inspector.flush()
	if got := w.annotation(w.selected).Note; got != "Mayor since 2023?" {
		t.Fatalf("note = %q", got)
	}

	// A comment label.
	w.apply(&annotate.SetSegmentLabel{Label: annotate.SegmentLabel{DocumentID: doc, SegmentID: "c2", Label: "disagrees", Annotator: "anna"}})

	// Delete.
	w.onKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	assertStored(t, store, doc)

	undo() // delete
	assertStored(t, store, doc, "s4 SOURCE Elif Demir anna")
	undo() // comment label
	if labels, _ := store.SegmentLabels(doc); len(labels) != 0 {
		t.Fatalf("comment labels after undo = %v", labels)
	}
	undo() // note
	if got, _ := store.Annotation(doc, w.anns[0].ID); got.Note != "" {
		t.Fatalf("note after undo = %q", got.Note)
	}
	undo() // attribute
	undo() // relabel
	assertStored(t, store, doc, "s4 PER Elif Demir anna")
	if got, _ := store.Annotation(doc, w.anns[0].ID); len(got.Attributes) != 0 {
		t.Fatalf("attributes after undo = %v", got.Attributes)
	}
	undo() // create
	assertStored(t, store, doc)
	undo() // nothing left
	if !strings.Contains(w.status.Text, "Nothing to undo") {
		t.Errorf("status = %q", w.status.Text)
	}
	for range 6 {
		redo()
	}
	assertStored(t, store, doc)
	got, _ := store.SegmentLabels(doc)
	if len(got) != 1 || got[0].Label != "disagrees" {
		t.Errorf("comment labels after redoing everything = %v", got)
	}
}

func TestClickingOverlappingHighlightsCyclesThroughThem(t *testing.T) {
	w, _ := newDesk(t)
	selectText(t, w, "s4", "Mayor Elif Demir")
	w.Tag("SOURCE")
	outer := w.selected
	selectText(t, w, "s4", "Elif Demir")
	w.Tag("PER")
	inner := w.selected
	w.selectAnnotation("", false)

	ids := []string{inner, outer} // what the span view reports, innermost first
	w.onSpanTapped(ids)
	if w.selected != inner {
		t.Fatalf("first click selected %s, want the inner span", w.selected)
	}
	w.onSpanTapped(ids)
	if w.selected != outer {
		t.Fatalf("second click selected %s, want the outer span", w.selected)
	}
	w.onSpanTapped(ids)
	if w.selected != inner {
		t.Fatalf("third click selected %s, want the inner span again", w.selected)
	}
	if spans := w.views["s4"].Spans(); len(spans) != 2 {
		t.Errorf("the paragraph shows %d highlights, want both", len(spans))
	}
}

func TestCommentLabelChipsToggleAndAreExclusiveWithinASet(t *testing.T) {
	w, store := newDesk(t)
	card := newCommentCard(w)
	card.set(w.comments.comments[1], 0, false)
	card.chips["agrees"].Tapped(nil)
	card.chips["disagrees"].Tapped(nil) // same exclusive set: replaces agrees
	card.chips["constructive"].Tapped(nil)
	labels, _ := store.SegmentLabels(w.doc.ID)
	var got []string
	for _, l := range labels {
		got = append(got, l.SegmentID+":"+l.Label)
	}
	if strings.Join(got, ",") != "c2:constructive,c2:disagrees" && strings.Join(got, ",") != "c2:disagrees,c2:constructive" {
		t.Fatalf("comment labels = %v", got)
	}
	card.set(w.comments.comments[1], 0, false)
	if !card.chips["disagrees"].on || card.chips["agrees"].on {
		t.Error("the card's chips do not show the stored labels")
	}
	card.chips["constructive"].Tapped(nil) // off again
	labelsNow := func() string {
		labels, _ := store.SegmentLabels(w.doc.ID)
		var out []string
		for _, l := range labels {
			out = append(out, l.Label)
		}
		return strings.Join(out, ",")
	}
	w.Undo() // constructive back on
	w.Undo() // constructive never set
	if got := labelsNow(); got != "disagrees" {
		t.Fatalf("after two undos: %s, want disagrees", got)
	}
	w.Undo() // disagrees off, agrees back
	if got := labelsNow(); got != "agrees" {
		t.Fatalf("after three undos: %s, want agrees back", got)
	}
}

func TestFindTagsAllMatchesAsOneStep(t *testing.T) {
	w, store := newDesk(t)
	w.find.open()
	w.find.query.SetText("lindenfeld")
	if n := len(w.find.matches); n != 4 {
		t.Fatalf("%d matches for lindenfeld, want 4 (headline, LINDENFELD dateline, body, caption)", n)
	}
	if spans := w.views["s1"].Spans(); len(spans) != 1 || spans[0].ID != findSpanID {
		t.Errorf("the headline does not highlight its match: %+v", spans)
	}
	w.find.label.SetSelected("Location")
	w.find.tagAll()
	if n := len(storedAnnotations(t, store, w.doc.ID)); n != 4 {
		t.Fatalf("%d annotations after tag all, want 4", n)
	}
	w.find.tagAll() // nothing new to tag
	if n := len(storedAnnotations(t, store, w.doc.ID)); n != 4 {
		t.Fatalf("tagging again made %d annotations", n)
	}
	w.Undo()
	assertStored(t, store, w.doc.ID)
	w.find.close()
	if spans := w.views["s1"].Spans(); len(spans) != 0 {
		t.Errorf("closing find left highlights: %+v", spans)
	}
}

func TestStickyLabelTagsEachFinishedSelection(t *testing.T) {
	w, store := newDesk(t)
	w.labels.sticky.SetChecked(true)
	w.labels.onChip("ORG")
	for _, s := range []string{"Lindenfeld Business Association", "VRL"} {
		seg := "s5"
		if s == "VRL" {
			seg = "s6"
		}
		selectText(t, w, seg, s)
		start, end := w.views[seg].Selection()
		w.views[seg].OnSelectionDone(start, end)
	}
	assertStored(t, store, w.doc.ID, "s5 ORG Lindenfeld Business Association anna", "s6 ORG VRL anna")
}

func TestNextCommentWithoutAnnotationsSkipsCodedOnes(t *testing.T) {
	w, _ := newDesk(t)
	selectText(t, w, "c1", "St. Anna hospital")
	w.Tag("ORG")
	w.comments.step(1, true)
	if w.comments.current != 1 {
		t.Fatalf("went to comment %d, want 2 (comment 1 is coded)", w.comments.current+1)
	}
	w.comments.step(-1, false)
	if w.comments.current != 0 {
		t.Fatalf("previous went to %d", w.comments.current+1)
	}
}

// texts returns every piece of text drawn in the window, in drawing order.
func texts(t *testing.T, c fyne.Canvas) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
			return
		case fyne.Widget:
			r := test.TempWidgetRenderer(t, x)
			for _, child := range r.Objects() {
				walk(child)
			}
			return
		case *fyne.Container:
			for _, child := range x.Objects {
				walk(child)
			}
		}
	}
	walk(c.Content())
	return out
}

func TestWindowOpensFirstDocumentWithArticleAndComments(t *testing.T) {
	w, _ := newDesk(t)
	win := w.Window()
	if got := win.Title(); !strings.Contains(got, w.doc.Title) || !strings.Contains(got, "desk.db") {
		t.Errorf("title %q does not name the document and the project", got)
	}
	all := strings.Join(texts(t, win.Canvas()), "\n")
	for _, want := range []string{"Comments (6)", "6 comments · 0 annotations", "6 comments, 0 annotations (0 yours) · all changes saved", "Annotator: anna"} {
		if !strings.Contains(all, want) {
			t.Errorf("window does not show %q; it shows:\n%s", want, all)
		}
	}
}

func TestInspectorLinksACommentToAnArticleClaim(t *testing.T) {
	w, store := newDesk(t)
	selectText(t, w, "s3", "The trial will cost €1.8 million")
	w.Tag("CLAIM")
	claim := w.selected
	selectText(t, w, "c4", "so the article's figure holds")
	w.Tag("CLAIM")
	reply := w.selected
	w.apply(&annotate.LinkAnnotations{Relation: &annotate.Relation{DocumentID: w.doc.ID, Type: "supports", From: reply, To: claim, Annotator: "anna"}})
	rels, _ := store.Relations(w.doc.ID)
	if len(rels) != 1 || rels[0].From != reply || rels[0].To != claim {
		t.Fatalf("relations = %+v", rels)
	}
	all := strings.Join(texts(t, w.win.Canvas()), "\n")
	if !strings.Contains(all, "supports → CLAIM “The trial will cost €1.8 million”") {
		t.Errorf("the inspector does not list the link:\n%s", all)
	}
	w.Undo()
	if rels, _ := store.Relations(w.doc.ID); len(rels) != 0 {
		t.Errorf("undo left %d relations", len(rels))
	}
}

func TestCommentHeaderSaysHowManyThePageHad(t *testing.T) {
	w, _ := newDesk(t)
	doc := *w.doc
	doc.Meta = map[string]string{"comments_total": "31"}
	w.comments.show(&doc)
	if got := w.comments.header.Text; got != "Comments (6 of 31 on the page)" {
		t.Errorf("header = %q", got)
	}
}
