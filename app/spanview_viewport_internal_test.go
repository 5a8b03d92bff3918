package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/newsmark/newsmark/annotate"
)

// shownLines returns how many lines of the article are drawn, and whether
// the article's last line is among them.
func shownLines(w *Window) (n int, lastShown bool) {
	segs := w.doc.Article()
	for i, seg := range segs {
		r := w.views[seg.ID].renderer
		for k, t := range r.texts[:r.nTexts] {
			if t.Visible() {
				n++
				lastShown = i == len(segs)-1 && k == r.nTexts-1
			}
		}
	}
	return n, lastShown
}

func TestLongArticleDrawsOnlyTheLinesInSight(t *testing.T) {
	w, store := newDesk(t)
	doc := &annotate.Document{Title: "Long"}
	para := strings.Repeat("Die Bundesregierung in Berlin hat am Mittwoch entschieden, sagte der Sprecher. ", 12)
	for range 40 {
		doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindBody, Text: para})
	}
	if err := doc.Prepare(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := store.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	w.refreshDocuments()
	w.onDocumentSelected(doc.ID)
	w.win.Content().Refresh()

	all := 0
	for _, seg := range doc.Article() {
		all += w.views[seg.ID].renderer.nTexts
	}
	view := w.article.scroll.Size().Height
	pitch := w.views[doc.Segments[0].ID].metrics.pitch
	inSight := int(view/pitch) + 1
	n, last := shownLines(w)
	if n < inSight || n > inSight+2*svViewportMargin+len(doc.Segments) || last {
		t.Errorf("at the top %d of %d lines are drawn, want the %d in sight and at most %d more around them", n, all, inSight, 2*svViewportMargin)
	}

	w.article.scrollTo(w.article.box.MinSize().Height - view)
	if n, last = shownLines(w); !last || n > inSight+2*svViewportMargin+len(doc.Segments) {
		t.Errorf("at the bottom %d of %d lines are drawn; the last line drawn: %v", n, all, last)
	}

	w.article.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, 1e6)})
	if n, last = shownLines(w); last || n < inSight {
		t.Errorf("scrolled back to the top by the wheel: %d lines drawn, the last line drawn: %v", n, last)
	}
}
