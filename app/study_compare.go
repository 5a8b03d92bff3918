package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/agreement"
)

// compareView shows one disagreement: the segment's text once per coder
// with that coder's highlights, side by side (up to three coders) or
// stacked by coder, or, for a value, each coder's value.
type compareView struct {
	d       agreement.Disagreement
	coders  []string
	views   map[string]*SpanView // coder → the segment with the coder's spans
	values  map[string]string    // coder → value, for a value disagreement
	content fyne.CanvasObject
}

// maxSideBySide is the most coders shown side by side; more are stacked.
const maxSideBySide = 3

// newCompareView reads the disagreement's document and builds the view.
func (w *Window) newCompareView(d agreement.Disagreement, coders []string) (*compareView, error) {
	doc, err := w.store.Document(d.DocumentID)
	if err != nil {
		return nil, fmt.Errorf("read document %s: %w", d.DocumentID, err)
	}
	cv := &compareView{d: d, coders: coders, views: map[string]*SpanView{}, values: map[string]string{}}
	seg, hasSeg := doc.Segment(d.SegmentID)
	if len(d.Values) > 0 {
		grid := container.NewGridWithColumns(2)
		for _, v := range d.Values {
			val := v.Value
			if val == "" {
				val = "–"
			}
			cv.values[v.Coder] = val
			grid.Add(widget.NewLabelWithStyle(v.Coder, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			grid.Add(widget.NewLabel(val))
		}
		box := container.NewVBox(grid)
		if hasSeg {
			v := NewSpanView(seg.Text)
			box.Add(widget.NewSeparator())
			box.Add(v)
		}
		cv.content = box
		return cv, nil
	}
	if !hasSeg {
		return nil, fmt.Errorf("document %s has no segment %s: %w", d.DocumentID, d.SegmentID, annotate.ErrNotFound)
	}
	anns, err := w.store.Annotations(d.DocumentID)
	if err != nil {
		return nil, fmt.Errorf("read annotations of %s: %w", d.DocumentID, err)
	}
	var cols []fyne.CanvasObject
	for _, c := range coders {
		var spans []Span
		for _, a := range anns {
			if a.Annotator != c || a.SegmentID != d.SegmentID {
				continue
			}
			name, col := a.Label, parseHex("")
			if l, ok := w.codebook.Label(a.Label); ok {
				name, col = l.Name, parseHex(l.Color)
			}
			spans = append(spans, Span{ID: a.ID, Start: a.Start, End: a.End, Color: col, Label: name})
		}
		v := NewSpanView(seg.Text)
		v.SetSpans(spans)
		for _, s := range d.Spans {
			if s.Coder == c {
				v.SetActiveSpan(s.AnnotationID)
				break
			}
		}
		cv.views[c] = v
		head := widget.NewLabelWithStyle(fmt.Sprintf(lang.L("%s (%s in this text)"), c, plural(len(spans), lang.L("annotation"), lang.L("annotations"))), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		cols = append(cols, container.NewBorder(head, nil, nil, nil, v))
	}
	if len(coders) <= maxSideBySide {
		cv.content = container.NewGridWithColumns(max(len(cols), 1), cols...)
	} else {
		cv.content = container.NewVBox(cols...)
	}
	return cv, nil
}

// compare opens a disagreement with the coders' versions side by side.
func (av *agreementView) compare(d agreement.Disagreement) {
	w := av.w
	cv, err := w.newCompareView(d, av.report.Coders)
	if err != nil {
		dialog.ShowError(err, av.win)
		return
	}
	av.compared = cv
	title := av.titles[d.DocumentID]
	if d.SegmentID != "" {
		title += " · " + d.SegmentID
		if d.End > d.Start {
			title += fmt.Sprintf(" %d–%d", d.Start, d.End)
		}
	}
	var dlg *dialog.CustomDialog
	open := widget.NewButton(lang.L("Open in the desk with these coders shown"), func() {
		dlg.Hide()
		w.openWithCoders(d.DocumentID, av.report.Coders, d.SegmentID, d.Start)
	})
	body := container.NewBorder(nil, open, nil, nil, container.NewVScroll(cv.content))
	dlg = dialog.NewCustom(title, lang.L("Close"), body, av.win)
	dlg.Resize(fyne.NewSize(1200, 560))
	dlg.Show()
}

// openWithCoders opens a document in the desk with the given coders'
// annotations shown, and scrolls to a place in it.
func (w *Window) openWithCoders(docID string, coders []string, seg string, offset int) {
	for _, c := range coders {
		if c != w.annotator {
			w.study.shown[c] = true
		}
	}
	w.onDocumentSelected(docID)
	w.docs.selectDocument(docID)
	w.afterCodersShown()
	if seg != "" {
		w.reveal(seg, offset)
	}
	w.win.RequestFocus()
}
