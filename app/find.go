package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// findSpanID marks the highlights of find matches among annotation spans.
const findSpanID = "\x00find"

// match is one place where the find text occurs, in code points.
type match struct {
	seg        string
	start, end int
}

// findBar finds text in the open document (Ctrl+F), highlights every match,
// steps through them, and can tag them all with one label as one undoable
// step.
type findBar struct {
	w       *Window
	query   *dialogEntry
	count   *widget.Label
	label   *widget.Select
	matches []match
	at      int
	content *fyne.Container
	opened  int // how many times the bar was opened, to tell a stale re-focus
	// later runs a function on the UI goroutine after a delay (a test
	// runs it when it likes).
	later func(time.Duration, func())
}

func newFindBar(w *Window) *findBar {
	f := &findBar{w: w, later: afterOnUI}
	f.query = newDialogEntry(w)
	f.query.onEscape = f.close // Escape in the field closes the bar
	f.query.SetPlaceHolder(lang.L("Find in this document"))
	f.query.OnChanged = func(string) { f.search() }
	f.query.OnSubmitted = func(string) { f.next() }
	f.count = widget.NewLabel("")
	var names []string
	for _, l := range w.codebook.Labels {
		names = append(names, w.labelText(&l))
	}
	f.label = widget.NewSelect(names, nil)
	f.label.PlaceHolder = lang.L("Label")
	tagAll := widget.NewButton(lang.L("Tag all matches"), f.tagAll)
	next := widget.NewButton(lang.L("Next"), f.next)
	closeBtn := widget.NewButton(lang.L("Close"), f.close)
	f.content = container.NewBorder(nil, nil, nil,
		container.NewHBox(f.count, next, f.label, tagAll, closeBtn), f.query)
	f.content.Hide()
	return f
}

func (f *findBar) visible() bool { return f.content.Visible() }

// open shows the bar and puts the keyboard in it.
//
// A click on a text reaches the text only after the double-click delay
// (it might be the first of two), and the text then takes the keyboard: so
// Ctrl+F right after a click would lose the field to it. The field takes
// the keyboard back if a text took it within that delay.
func (f *findBar) open() {
	f.content.Show()
	c := f.w.win.Canvas()
	c.Focus(f.query)
	f.search()
	f.opened++
	opened := f.opened
	delay := fyne.CurrentApp().Driver().DoubleTapDelay() + 100*time.Millisecond
	f.later(delay, func() {
		if _, text := c.Focused().(*SpanView); text && f.opened == opened && f.visible() {
			c.Focus(f.query)
		}
	})
}

// afterOnUI runs fn on the UI goroutine after d.
func afterOnUI(d time.Duration, fn func()) {
	time.AfterFunc(d, func() { fyne.Do(fn) })
}

// close hides the bar and its highlights.
func (f *findBar) close() {
	f.content.Hide()
	f.matches = nil
	f.w.afterChange(f.w.saved)
}

// reset forgets the matches, when another document opens.
func (f *findBar) reset() {
	f.matches = nil
	f.count.SetText("")
	if f.visible() {
		f.query.SetText("")
	}
}

// search finds every occurrence of the query, ignoring case, and highlights
// them.
func (f *findBar) search() {
	f.matches = findMatches(f.w.doc, f.query.Text)
	f.at = -1
	switch n := len(f.matches); {
	case f.query.Text == "":
		f.count.SetText("")
	case n == 0:
		f.count.SetText(lang.L("no matches"))
	default:
		f.count.SetText(plural(n, lang.L("match"), lang.L("matches")))
	}
	f.w.afterChange(f.w.saved)
}

// findMatches returns where query occurs in doc's segments, ignoring case,
// as code point offsets.
func findMatches(doc *annotate.Document, query string) []match {
	if doc == nil || strings.TrimSpace(query) == "" {
		return nil
	}
	q := []rune(strings.ToLower(query))
	var out []match
	for _, seg := range doc.Segments {
		text := []rune(seg.Text)
		lower := []rune(strings.ToLower(seg.Text))
		if len(lower) != len(text) {
			// Lower-casing changed the length (rare letters such as İ):
			// match case-sensitively so offsets stay right.
			lower = text
		}
		for i := 0; i+len(q) <= len(lower); i++ {
			if runesEqual(lower[i:i+len(q)], q) {
				out = append(out, match{seg: seg.ID, start: i, end: i + len(q)})
				i += len(q) - 1
			}
		}
	}
	return out
}

func runesEqual(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// next scrolls to the next match and selects it.
func (f *findBar) next() {
	if len(f.matches) == 0 {
		return
	}
	f.at = (f.at + 1) % len(f.matches)
	m := f.matches[f.at]
	f.w.reveal(m.seg, m.start)
	f.w.sel = textSelection{seg: m.seg, start: m.start, end: m.end}
	f.w.caret = caretAt{seg: m.seg, at: m.start} // split and merge act where the match is
	if v := f.w.views[m.seg]; v != nil {
		f.w.bindView(v, m.seg)
	}
	f.count.SetText(sprintf(lang.L("%d of %d"), f.at+1, len(f.matches)))
	f.w.updateStatus()
}

// tagAll tags every match that does not already carry the chosen label, as
// one step that one Ctrl+Z takes back.
func (f *findBar) tagAll() {
	w := f.w
	if w.doc == nil || len(f.matches) == 0 {
		return
	}
	var label *annotate.Label
	for i := range w.codebook.Labels {
		if w.labelText(&w.codebook.Labels[i]) == f.label.Selected {
			label = &w.codebook.Labels[i]
		}
	}
	if label == nil {
		w.setStatusNote(lang.L("Choose the label to give the matches"))
		return
	}
	have := map[match]bool{}
	for _, a := range w.anns {
		if a.Label == label.ID {
			have[match{a.SegmentID, a.Start, a.End}] = true
		}
	}
	g := &annotate.Group{}
	for _, m := range f.matches {
		if have[m] {
			continue
		}
		g.Changes = append(g.Changes, &annotate.CreateAnnotation{Annotation: &annotate.Annotation{
			DocumentID: w.doc.ID, SegmentID: m.seg, Start: m.start, End: m.end,
			Label: label.ID, Annotator: w.annotator,
		}})
	}
	if len(g.Changes) == 0 {
		w.setStatusNote(lang.L("Every match already has that label"))
		return
	}
	g.Description = sprintf(lang.L("tag %s of %s as %s"), plural(len(g.Changes), lang.L("match"), lang.L("matches")), quoteShort(f.query.Text), label.ID)
	w.apply(g)
}
