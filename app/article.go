package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// articlePane shows the article's segments (headline, lead, body, captions,
// byline) in page order in one scrolling column, each in its own span view.
type articlePane struct {
	w       *Window
	box     *fyne.Container
	scroll  *container.Scroll
	views   map[string]*SpanView
	content fyne.CanvasObject
	// pendingY is a remembered scroll offset to restore once the article
	// is laid out, 0 for none.
	pendingY float32
}

func newArticlePane(w *Window) *articlePane {
	p := &articlePane{w: w, views: map[string]*SpanView{}}
	p.box = container.New(&viewportLayout{p: p})
	p.scroll = container.NewVScroll(p.box)
	p.scroll.OnScrolled = func(fyne.Position) { p.updateViewports() }
	header := widget.NewLabelWithStyle(lang.L("Article"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// The watcher tells the views when the pane's height changes, and
	// restores a remembered scroll place once the article is laid out.
	p.content = container.NewBorder(header, nil, nil, nil, newWidthWatcher(p.scroll, func(float32) {
		p.updateViewports()
		p.applyPending()
	}))
	return p
}

// updateViewports tells each segment's view which part of it is in sight,
// so that lines far outside it are not drawn (see SpanView.SetViewport).
func (p *articlePane) updateViewports() {
	top, h := p.scroll.Offset.Y, p.scroll.Size().Height
	for _, o := range p.box.Objects {
		if v, ok := o.(*SpanView); ok {
			y := v.Position().Y
			v.SetViewport(top-y, top+h-y)
		}
	}
}

// viewportLayout stacks the segments as a VBox does and then updates the
// views' viewports, as their places have changed.
type viewportLayout struct{ p *articlePane }

func (l *viewportLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	layout.NewVBoxLayout().Layout(objects, size)
	l.p.updateViewports()
	l.p.applyPending() // a remembered place, now that the article has its height
}

func (l *viewportLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return layout.NewVBoxLayout().MinSize(objects)
}

func (p *articlePane) show(doc *annotate.Document) {
	p.box.RemoveAll()
	for id, v := range p.views {
		if p.w.views[id] == v {
			delete(p.w.views, id)
		}
		v.release()
	}
	p.views = map[string]*SpanView{}
	for _, seg := range doc.Article() {
		v := NewSpanView(seg.Text)
		styleSegment(v, seg.Kind)
		p.w.bindView(v, seg.ID)
		p.views[seg.ID] = v
		p.box.Add(v)
	}
	p.pendingY = 0
	p.scrollTo(0)
}

// scrollTo scrolls the article to y and shows the lines there.
func (p *articlePane) scrollTo(y float32) {
	p.scroll.ScrollToOffset(fyne.NewPos(0, y))
	p.updateViewports()
}

// release lets go of the segments' views when the window closes.
func (p *articlePane) release() {
	p.box.RemoveAll()
	for _, v := range p.views {
		v.release()
	}
	p.views = map[string]*SpanView{}
}

// refreshSpans redraws the highlights after annotations changed.
func (p *articlePane) refreshSpans() {
	for id, v := range p.views {
		p.w.bindView(v, id)
	}
}

// reveal scrolls to an offset of an article segment; it reports false if the
// segment is not part of the article.
func (p *articlePane) reveal(seg string, offset int) bool {
	v, ok := p.views[seg]
	if !ok {
		return false
	}
	y := v.Position().Y + v.PositionOf(offset).Y
	view := p.scroll.Size().Height
	if y < p.scroll.Offset.Y || y > p.scroll.Offset.Y+view-2*theme.TextSize() {
		p.scroll.Offset.Y = max(0, y-view/3)
		p.scroll.Refresh()
		p.updateViewports()
	}
	return true
}

// styleSegment sets the text style of a segment's kind.
func styleSegment(v *SpanView, kind annotate.SegmentKind) {
	v.SizeName = sizeNameReadingText // scaled by the text size preference
	switch kind {
	case annotate.KindHeadline:
		v.SizeName = sizeNameReadingHeadingText
		v.TextStyle = fyne.TextStyle{Bold: true}
	case annotate.KindLead:
		v.SizeName = sizeNameReadingSubHeadingText
		v.TextStyle = fyne.TextStyle{Bold: true}
	case annotate.KindSubheading:
		// A heading inside the body: heading type, smaller than the
		// headline.
		v.SizeName = sizeNameReadingSubHeadingText
		v.TextStyle = fyne.TextStyle{Bold: true}
	case annotate.KindCaption, annotate.KindByline:
		v.SizeName = sizeNameReadingCaptionText
		v.TextStyle = fyne.TextStyle{Italic: true}
	}
	v.Refresh()
}
