package app

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// commentPane shows the reader comments in a virtualised list: only the cards
// on screen exist, so a forum of thousands of comments opens at once. Each
// card is measured when it is shown; until then its height is estimated
// from the length of its text.
type commentPane struct {
	w        *Window
	comments []annotate.Segment
	index    map[string]int // comment segment id → position
	depth    []int          // reply depth of each comment, for indentation
	heights  []float32      // measured (or estimated) card heights
	measured []bool
	width    float32 // the width heights were measured for
	current  int     // the comment keyboard navigation is on, -1 for none
	pendingY float32 // a remembered scroll offset to restore once laid out

	header  *widget.Label
	list    *widget.List
	holder  *fyne.Container // holds list; a new list replaces it when all heights change
	cards   []*commentCard  // the cards the list made, released with it
	content fyne.CanvasObject
}

func newCommentPane(w *Window) *commentPane {
	p := &commentPane{w: w, current: -1}
	p.header = widget.NewLabelWithStyle(lang.L("Comments"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.list = p.newList()
	p.holder = container.NewStack(p.list)
	p.content = container.NewBorder(p.header, nil, nil, nil, newWidthWatcher(p.holder, p.onWidth))
	return p
}

func (p *commentPane) newList() *widget.List {
	l := widget.NewList(
		func() int { return len(p.comments) },
		func() fyne.CanvasObject {
			c := newCommentCard(p.w)
			p.cards = append(p.cards, c)
			return c
		},
		p.updateItem,
	)
	l.HideSeparators = false
	return l
}

// replaceList shows a new list with the estimated heights. widget.List
// refreshes itself (and sets up every visible card again) for each
// SetItemHeight once it is on screen: estimating 2,000 comments that way
// was a fifth of a second of the first open of a long thread, and more on
// every change of the pane's width. A list not yet shown takes the heights
// for free. The new list gets the old one's size at once, so that it can
// scroll before it is first drawn; the old one's cards are let go.
func (p *commentPane) replaceList() {
	old := p.list
	p.releaseCards()
	l := p.newList()
	for i, h := range p.heights {
		l.SetItemHeight(i, h)
	}
	p.list = l
	p.holder.Objects = []fyne.CanvasObject{l}
	l.Resize(old.Size())
	p.holder.Refresh()
}

func (p *commentPane) show(doc *annotate.Document) {
	p.comments = doc.Comments()
	p.index = make(map[string]int, len(p.comments))
	for i, c := range p.comments {
		p.index[c.ID] = i
	}
	p.depth = replyDepths(p.comments)
	p.current = -1
	p.pendingY = 0
	header := sprintf(lang.L("Comments (%d)"), len(p.comments))
	if total := doc.Meta["comments_total"]; total != "" && total != fmt.Sprint(len(p.comments)) {
		// The page said how many there were; a copy often holds only the first page.
		header = sprintf(lang.L("Comments (%d of %s on the page)"), len(p.comments), total)
	}
	p.header.SetText(header)
	p.estimateHeights()
	p.replaceList()
}

// estimateHeights guesses every card's height from its text length, so that
// the scroll bar is about right before the cards are measured.
func (p *commentPane) estimateHeights() {
	width := p.width
	if width <= 0 {
		width = 400
	}
	size := theme.Size(sizeNameReadingText)
	if size == 0 { // a theme that does not scale the reading text
		size = theme.TextSize()
	}
	charW := fyne.MeasureText("abcdefghijklmnopqrstuvwxyz", size, fyne.TextStyle{}).Width / 26
	_, _, _, pitch := svLineMetrics(theme.Current(), size, fyne.MeasureText("M", size, fyne.TextStyle{}).Height)
	lineH := fyne.MeasureText("Ag", size, fyne.TextStyle{}).Height
	p.heights = make([]float32, len(p.comments))
	p.measured = make([]bool, len(p.comments))
	for i, c := range p.comments {
		avail := max(width-float32(p.depth[i])*indentStep()-4*theme.Padding(), 100)
		lines := float32(int(float32(annotate.RuneCount(c.Text))*charW/avail) + 1)
		p.heights[i] = lines*pitch + 5*lineH
	}
}

// onWidth re-measures the cards when the list gets wider or narrower.
func (p *commentPane) onWidth(width float32) {
	if width == p.width {
		return
	}
	p.width = width
	offset := p.list.GetScrollOffset()
	p.estimateHeights()
	p.replaceList()
	p.list.ScrollToOffset(offset)
	p.applyPending()
}

func (p *commentPane) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.comments) {
		return
	}
	card := o.(*commentCard)
	card.set(p.comments[i], p.depth[i], i == p.current)
	if p.width <= 0 {
		return
	}
	h := card.heightFor(p.width)
	if !p.measured[i] || h != p.heights[i] {
		p.measured[i] = true
		if h != p.heights[i] {
			p.heights[i] = h
			p.list.SetItemHeight(i, h)
		}
	}
}

// releaseCards empties the cards of the list being replaced (Fyne's cache
// may keep them a while; see SpanView.release) and forgets them.
func (p *commentPane) releaseCards() {
	for _, c := range p.cards {
		if p.w.views[c.seg.ID] == c.text {
			delete(p.w.views, c.seg.ID)
		}
		c.seg = annotate.Segment{}
		c.text.release()
	}
	p.cards = nil
}

// release lets go of the comments and cards when the window closes.
func (p *commentPane) release() {
	p.releaseCards()
	p.comments, p.index, p.depth, p.heights, p.measured = nil, nil, nil, nil, nil
	p.holder.Objects = nil
}

// refreshSpans redraws highlights and comment labels after a change.
func (p *commentPane) refreshSpans() { p.list.Refresh() }

// reveal scrolls to a comment.
func (p *commentPane) reveal(seg string) {
	if i, ok := p.index[seg]; ok {
		p.list.ScrollTo(i)
	}
}

// step moves to the next (dir 1) or previous (-1) comment, or with
// unannotated to the next comment that has no annotations yet, scrolls it
// into view and gives its text the keyboard.
func (p *commentPane) step(dir int, unannotated bool) {
	if len(p.comments) == 0 {
		return
	}
	has := map[string]bool{}
	if unannotated {
		for _, a := range p.w.anns {
			has[a.SegmentID] = true
		}
	}
	i := p.current
	for range p.comments {
		i += dir
		if i < 0 || i >= len(p.comments) {
			if unannotated {
				i = (i + len(p.comments)) % len(p.comments)
			} else {
				p.stayAtEnd(dir)
				return
			}
		}
		if !unannotated || !has[p.comments[i].ID] {
			p.goTo(i)
			return
		}
	}
	p.w.setStatusNote(lang.L("Every comment has at least one annotation"))
}

// stayAtEnd keeps the keyboard on the first or last comment when a step
// would leave the list, shows it and says why nothing moved.
func (p *commentPane) stayAtEnd(dir int) {
	if p.current < 0 || p.current >= len(p.comments) {
		return
	}
	p.goTo(p.current)
	if dir > 0 {
		p.w.setStatusNote(sprintf(lang.L("Comment %d of %d is the last"), p.current+1, len(p.comments)))
	} else {
		p.w.setStatusNote(sprintf(lang.L("Comment 1 of %d is the first"), len(p.comments)))
	}
}

func (p *commentPane) goTo(i int) {
	p.current = i
	p.list.ScrollTo(i)
	p.list.Refresh()
	c := p.comments[i]
	if v := p.w.views[c.ID]; v != nil {
		p.w.win.Canvas().Focus(v)
	}
	p.w.setStatusNote(sprintf(lang.L("Comment %d of %d"), i+1, len(p.comments)))
}

// replyDepths returns how deep in a reply thread each comment sits: 0 for a
// comment on the article, 1 for a reply to it, and so on.
func replyDepths(comments []annotate.Segment) []int {
	depth := make([]int, len(comments))
	index := make(map[string]int, len(comments))
	for i, c := range comments {
		if j, ok := index[c.ReplyTo]; ok && c.ReplyTo != "" {
			depth[i] = depth[j] + 1
		}
		index[c.ID] = i
	}
	return depth
}

func indentStep() float32 { return 3 * theme.Padding() * 2 }

// commentCard shows one comment: number, author, time and title above the
// comment's text, the comment's labels as toggle chips, indented by its
// reply depth.
type commentCard struct {
	widget.BaseWidget
	w      *Window
	seg    annotate.Segment
	meta   *widget.Label
	title  *widget.Label
	text   *SpanView
	labels *fyne.Container
	chips  map[string]*chip
	bg     *canvas.Rectangle
	bar    *canvas.Rectangle
	indent float32
}

func newCommentCard(w *Window) *commentCard {
	c := &commentCard{
		w:      w,
		meta:   widget.NewLabel(""),
		title:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		text:   NewSpanView(""),
		labels: container.New(layout.NewRowWrapLayoutWithCustomPadding(theme.Padding(), theme.Padding())),
		chips:  map[string]*chip{},
		bg:     canvas.NewRectangle(color.Transparent),
		bar:    canvas.NewRectangle(color.Transparent),
	}
	c.meta.SizeName = theme.SizeNameCaptionText
	c.text.SizeName = sizeNameReadingText // scaled by the text size preference
	c.title.Wrapping = fyne.TextWrapWord
	for _, set := range w.codebook.SegmentLabelSets {
		for _, l := range set.Labels {
			id := l.ID
			name := segmentLabelText(set.ID, l)
			if name == "" {
				name = l.ID
			}
			ch := newChip(name, "", parseHex(l.Color), false, func() { c.toggle(id) })
			ch.small = true
			c.chips[id] = ch
			c.labels.Add(ch)
		}
	}
	c.ExtendBaseWidget(c)
	return c
}

func (c *commentCard) set(seg annotate.Segment, depth int, current bool) {
	c.seg = seg
	c.meta.SetText(commentMeta(seg))
	c.title.SetText(seg.Title)
	c.title.Hidden = seg.Title == ""
	if c.text.Text() != seg.Text {
		// The view still reports to the comment it showed before.
		c.text.OnSelectionChanged = nil
		c.text.SetText(seg.Text)
	}
	c.w.bindView(c.text, seg.ID)
	on := map[string]bool{}
	for _, l := range c.w.segLabels {
		if l.SegmentID == seg.ID && l.Annotator == c.w.annotator {
			on[l.Label] = true
		}
	}
	for id, ch := range c.chips {
		ch.setOn(on[id])
	}
	c.indent = float32(min(depth, 6)) * indentStep()
	if current {
		c.bar.FillColor = theme.Color(theme.ColorNamePrimary)
	} else {
		c.bar.FillColor = color.Transparent
	}
	c.Refresh()
}

// toggle puts a comment label on this comment or takes it off.
func (c *commentCard) toggle(label string) {
	w := c.w
	if w.doc == nil {
		return
	}
	l := annotate.SegmentLabel{DocumentID: w.doc.ID, SegmentID: c.seg.ID, Label: label, Annotator: w.annotator}
	for _, x := range w.segLabels {
		if x.Key() == l.Key() {
			w.apply(&annotate.RemoveSegmentLabel{Label: x})
			return
		}
	}
	w.apply(&annotate.SetSegmentLabel{Label: l})
}

// heightFor returns the card's height at the given width.
func (c *commentCard) heightFor(width float32) float32 {
	if c.Size().Width != width {
		c.Resize(fyne.NewSize(width, c.Size().Height))
	}
	return c.MinSize().Height
}

// commentMeta is the line above a comment, e.g. "3. joG · 15.10.2014 08:14 · reply".
func commentMeta(seg annotate.Segment) string {
	s := ""
	if seg.Number > 0 {
		s = fmt.Sprintf("%d. ", seg.Number)
	}
	if seg.Author != "" {
		s += seg.Author
	} else {
		s += lang.L("(no name)")
	}
	if t := postedLabel(seg.Posted); t != "" {
		s += " · " + t
	}
	if seg.ReplyTo != "" {
		s += " · " + lang.L("reply")
	}
	return s
}

func (c *commentCard) CreateRenderer() fyne.WidgetRenderer {
	box := container.NewVBox(c.meta, c.title, c.text, c.labels)
	return &commentCardRenderer{card: c, box: box}
}

type commentCardRenderer struct {
	card *commentCard
	box  *fyne.Container
}

func (r *commentCardRenderer) Layout(size fyne.Size) {
	c := r.card
	bar := theme.Padding()
	x := c.indent + bar*2
	c.bar.Move(fyne.NewPos(c.indent, 0))
	c.bar.Resize(fyne.NewSize(bar, size.Height))
	c.bg.Resize(size)
	r.box.Move(fyne.NewPos(x, 0))
	r.box.Resize(fyne.NewSize(size.Width-x, size.Height))
}

func (r *commentCardRenderer) MinSize() fyne.Size {
	c := r.card
	x := c.indent + theme.Padding()*2
	// The text's height depends on its width: lay it out at the card's
	// width before asking.
	if w := c.Size().Width - x; w > 0 && r.box.Size().Width != w {
		r.box.Resize(fyne.NewSize(w, r.box.Size().Height))
	}
	m := r.box.MinSize()
	return fyne.NewSize(m.Width+x, m.Height)
}

func (r *commentCardRenderer) Refresh() {
	r.Layout(r.card.Size())
	r.card.bar.Refresh()
	r.box.Refresh()
}

func (r *commentCardRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.card.bg, r.card.bar, r.box}
}

func (r *commentCardRenderer) Destroy() {}

// widthWatcher wraps an object and reports when its width changes, so that
// wrapped content can be re-measured.
type widthWatcher struct {
	widget.BaseWidget
	inner   fyne.CanvasObject
	onWidth func(float32)
}

func newWidthWatcher(inner fyne.CanvasObject, onWidth func(float32)) *widthWatcher {
	ww := &widthWatcher{inner: inner, onWidth: onWidth}
	ww.ExtendBaseWidget(ww)
	return ww
}

func (ww *widthWatcher) Resize(s fyne.Size) {
	ww.BaseWidget.Resize(s)
	ww.onWidth(s.Width)
}

func (ww *widthWatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(ww.inner)
}

// postedLabel shows a comment's time with the precision the page gave, in
// the page's wall time: "15.10.2014" for a date alone (never a made-up
// midnight), "15.10.2014 14h" for an hour, "15.10.2014 14:32" for a clock,
// seconds only when the page gave some; a relative time the page did not
// let us resolve as shown ("vor 8 Stunden").
func postedLabel(w annotate.When) string {
	if w.IsZero() {
		return w.Text
	}
	t := w.Time
	switch w.Precision {
	case annotate.PrecisionDay:
		return t.Format(dateLayout())
	case annotate.PrecisionHour:
		return t.Format(dateLayout()+" 15") + "h"
	case annotate.PrecisionSecond:
		if t.Second() != 0 {
			return t.Format(dateLayout() + " 15:04:05")
		}
	}
	return t.Format(dateLayout() + " 15:04")
}
