package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// annotationList lists the open document's annotations in text order;
// clicking one selects it and scrolls its text into view.
type annotationList struct {
	w       *Window
	header  *widget.Label
	list    *widget.List
	content fyne.CanvasObject
	syncing bool
}

func newAnnotationList(w *Window) *annotationList {
	l := &annotationList{w: w}
	l.header = widget.NewLabelWithStyle(lang.L("Annotations"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.list = widget.NewList(
		func() int { return len(w.anns) },
		func() fyne.CanvasObject {
			swatch := canvas.NewRectangle(parseHex(""))
			swatch.SetMinSize(fyne.NewSize(6, 6))
			text := widget.NewLabel("")
			text.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, swatch, nil, text)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(w.anns) {
				return
			}
			a := w.anns[i]
			box := o.(*fyne.Container)
			text := box.Objects[0].(*widget.Label)
			swatch := box.Objects[1].(*canvas.Rectangle)
			swatch.FillColor = parseHex(l.colour(a))
			swatch.Refresh()
			text.SetText(l.line(a))
		},
	)
	l.list.OnSelected = func(i widget.ListItemID) {
		if l.syncing || i >= len(w.anns) {
			return
		}
		w.selectAnnotation(w.anns[i].ID, true)
		// Give the keyboard back to the window, so Delete and the label
		// keys act on the annotation just chosen.
		w.win.Canvas().Unfocus()
	}
	l.content = container.NewBorder(l.header, nil, nil, nil, l.list)
	return l
}

// colour is the colour of an annotation's label.
func (l *annotationList) colour(a annotate.Annotation) string {
	if label, ok := l.w.codebook.Label(a.Label); ok {
		return label.Color
	}
	return ""
}

// line is an annotation's row: its label, its text, where it is and who
// made it ("by you" for the window's annotator).
func (l *annotationList) line(a annotate.Annotation) string {
	who := a.Annotator
	switch {
	case who == "":
		who = lang.L("by nobody named")
	case who == l.w.annotator:
		who = lang.L("by you")
	default:
		who = sprintf(lang.L("by %s (read-only)"), who)
	}
	return fmt.Sprintf("%s  %s  · %s · %s", a.Label, quoteShort(a.Quote.Exact), l.place(a), who)
}

// place says briefly where an annotation is: "article" or "#3 joG".
func (l *annotationList) place(a annotate.Annotation) string {
	if l.w.doc == nil {
		return ""
	}
	seg, ok := l.w.doc.Segment(a.SegmentID)
	if !ok || seg.Kind != annotate.KindComment {
		return lang.L("article")
	}
	if seg.Number > 0 {
		return fmt.Sprintf("#%d %s", seg.Number, seg.Author)
	}
	return seg.Author
}

func (l *annotationList) refresh() {
	l.header.SetText(sprintf(lang.L("Annotations (%d)"), len(l.w.anns)))
	l.list.Refresh()
	l.selectID(l.w.selected)
}

// selectID shows which annotation is selected without acting on it.
func (l *annotationList) selectID(id string) {
	l.syncing = true
	defer func() { l.syncing = false }()
	for i, a := range l.w.anns {
		if a.ID == id {
			l.list.Select(i)
			return
		}
	}
	l.list.UnselectAll()
}
