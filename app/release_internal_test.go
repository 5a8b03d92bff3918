package app

import (
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// Fyne's renderer cache keeps widgets that left the screen (a minute in the
// GL driver, for ever in the test driver); what they hold must be let go.
func TestViewsOfTheDocumentShownBeforeLetGoOfTheirText(t *testing.T) {
	w, store := newDesk(t)
	other := &annotate.Document{Title: "Other", Segments: []annotate.Segment{
		{Kind: annotate.KindBody, Text: strings.Repeat("Ein anderer Text. ", 50)},
		{ID: "k1", Kind: annotate.KindComment, Text: "Ein Kommentar."},
	}}
	if err := other.Prepare(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := store.AddDocuments(other); err != nil {
		t.Fatal(err)
	}
	w.refreshDocuments()
	old := w.views["s3"]
	if old == nil || old.Text() == "" || old.renderer == nil {
		t.Fatal("the sample's third segment is not shown")
	}
	oldCards := append([]*commentCard(nil), w.comments.cards...)
	if len(oldCards) == 0 {
		t.Fatal("the sample's comments made no cards")
	}

	w.onDocumentSelected(other.ID)

	if old.Text() != "" || len(old.Spans()) != 0 || old.OnSelectionChanged != nil || old.renderer.nTexts != 0 || old.lay != nil {
		t.Errorf("the sample's view still holds text %d bytes, %d spans, %d lines, callbacks %v",
			len(old.Text()), len(old.Spans()), old.renderer.nTexts, old.OnSelectionChanged != nil)
	}
	for _, c := range oldCards {
		if c.text.Text() != "" || c.seg.ID != "" {
			t.Errorf("a card of the replaced comment list still holds comment %q", c.seg.ID)
		}
	}

	w.release() // what closing the window does (newDesk's cleanup closes it)
	if w.doc != nil || w.anns != nil || len(w.views) != 0 || w.comments.comments != nil {
		t.Error("the closed window still holds its document")
	}
}
