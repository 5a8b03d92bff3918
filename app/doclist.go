package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// documentList is the left pane: a filter field over the project's documents,
// each shown with its comment and annotation counts.
type documentList struct {
	all      []annotate.DocumentSummary
	shown    []annotate.DocumentSummary
	filter   *widget.Entry
	list     *widget.List
	content  fyne.CanvasObject
	onSelect func(id string)
	// onMenu, if set, shows a document's context menu at a position.
	onMenu func(id string, at fyne.Position)
	// extra holds more filters under the title filter; keep, if set,
	// filters too, and note, if set, says more of a document on its row
	// (the coder's status of it).
	extra *fyne.Container
	keep  func(annotate.DocumentSummary) bool
	note  func(id string) string
}

func newDocumentList(onSelect func(id string)) *documentList {
	l := &documentList{onSelect: onSelect, extra: container.NewVBox()}
	l.filter = widget.NewEntry()
	l.filter.SetPlaceHolder(lang.L("Filter by title"))
	l.filter.OnChanged = func(string) { l.applyFilter() }
	l.list = widget.NewList(l.length, l.createItem, l.updateItem)
	l.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(l.shown) {
			l.onSelect(l.shown[i].ID)
		}
	}
	header := widget.NewLabelWithStyle(lang.L("Documents"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.content = container.NewBorder(container.NewVBox(header, l.filter, l.extra), nil, nil, nil, l.list)
	return l
}

func (l *documentList) length() int { return len(l.shown) }

func (l *documentList) createItem() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	counts := widget.NewLabel("")
	counts.SizeName = theme.SizeNameCaptionText
	item := &documentItem{list: l, box: container.NewVBox(title, counts)}
	item.ExtendBaseWidget(item)
	return item
}

func (l *documentList) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	d := l.shown[i]
	item := o.(*documentItem)
	item.id = d.ID
	item.box.Objects[0].(*widget.Label).SetText(d.Title)
	line := countsLine(d)
	if l.note != nil {
		if n := l.note(d.ID); n != "" {
			line = n + " · " + line
		}
	}
	item.box.Objects[1].(*widget.Label).SetText(line)
}

// documentItem is one row of the document list: title and counts, with a
// context menu on a right click.
type documentItem struct {
	widget.BaseWidget
	list *documentList
	box  *fyne.Container
	id   string
}

var (
	_ fyne.Tappable          = (*documentItem)(nil)
	_ fyne.SecondaryTappable = (*documentItem)(nil)
)

// Tapped opens the document, as a click on a list row does: the driver
// gives the click to this row rather than to the list's own row, since the
// row takes right clicks.
func (it *documentItem) Tapped(*fyne.PointEvent) {
	if it.id != "" {
		it.list.selectDocument(it.id)
	}
}

// TappedSecondary opens the document and shows its context menu.
func (it *documentItem) TappedSecondary(ev *fyne.PointEvent) {
	if it.id == "" || it.list.onMenu == nil {
		return
	}
	it.list.selectDocument(it.id)
	it.list.onMenu(it.id, ev.AbsolutePosition)
}

func (it *documentItem) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(it.box)
}

// countsLine says how much a document holds, e.g. "5 comments · 12 annotations".
func countsLine(d annotate.DocumentSummary) string {
	return fmt.Sprintf("%s · %s", plural(d.Comments, lang.L("comment"), lang.L("comments")), plural(d.Annotations, lang.L("annotation"), lang.L("annotations")))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return formatCount(1) + " " + one
	}
	return formatCount(n) + " " + many
}

func (l *documentList) setDocuments(docs []annotate.DocumentSummary) {
	l.all = docs
	l.applyFilter()
}

func (l *documentList) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(l.filter.Text))
	l.shown = l.shown[:0]
	for _, d := range l.all {
		if (q == "" || strings.Contains(strings.ToLower(d.Title), q)) && (l.keep == nil || l.keep(d)) {
			l.shown = append(l.shown, d)
		}
	}
	l.list.UnselectAll()
	l.list.Refresh()
}

func (l *documentList) selectDocument(id string) {
	for i, d := range l.shown {
		if d.ID == id {
			l.list.Select(i)
			return
		}
	}
}

// has reports whether the project has a document with the given id.
func (l *documentList) has(id string) bool {
	for _, d := range l.all {
		if d.ID == id {
			return true
		}
	}
	return false
}

func (l *documentList) count() int { return len(l.all) }

// updateCounts shows a document's new annotation count.
func (l *documentList) updateCounts(id string, annotations int) {
	for _, docs := range [][]annotate.DocumentSummary{l.all, l.shown} {
		for i := range docs {
			if docs[i].ID == id {
				docs[i].Annotations = annotations
			}
		}
	}
	l.list.Refresh()
}
