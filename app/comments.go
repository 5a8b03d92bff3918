package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// commentPane shows the reader comments in a virtualised list: only the cards
// on screen exist, so a forum of thousands of comments opens at once.
type commentPane struct {
	comments []annotate.Segment
	depth    []int // reply depth of each comment, for indentation
	header   *widget.Label
	list     *widget.List
	content  fyne.CanvasObject
}

func newCommentPane() *commentPane {
	p := &commentPane{}
	p.header = widget.NewLabelWithStyle("Comments", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.list = widget.NewList(
		func() int { return len(p.comments) },
		func() fyne.CanvasObject { return newCommentCard() },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*commentCard).set(p.comments[i], p.depth[i]) },
	)
	p.content = container.NewBorder(p.header, nil, nil, nil, p.list)
	return p
}

func (p *commentPane) show(doc *annotate.Document) {
	p.comments = doc.Comments()
	p.depth = replyDepths(p.comments)
	p.header.SetText(fmt.Sprintf("Comments (%d)", len(p.comments)))
	p.list.UnselectAll()
	p.list.ScrollToTop()
	p.list.Refresh()
}

// replyDepths returns how deep in a reply thread each comment sits: 0 for a
// comment on the article, 1 for a reply to it, and so on.
func replyDepths(comments []annotate.Segment) []int {
	depth := make([]int, len(comments))
	index := make(map[string]int, len(comments))
	for i, c := range comments {
		index[c.ID] = i
		if j, ok := index[c.ReplyTo]; ok && c.ReplyTo != "" {
			depth[i] = depth[j] + 1
		}
	}
	return depth
}

// commentCard shows one comment: number, author, time and title above the
// comment's text, indented by its reply depth.
type commentCard struct {
	widget.BaseWidget
	meta   *widget.Label
	title  *widget.Label
	text   *widget.Label
	indent float32
}

func newCommentCard() *commentCard {
	c := &commentCard{
		meta:  widget.NewLabel(""),
		title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		text:  widget.NewLabel(""),
	}
	c.meta.SizeName = theme.SizeNameCaptionText
	c.text.Wrapping = fyne.TextWrapWord
	c.title.Wrapping = fyne.TextWrapWord
	c.ExtendBaseWidget(c)
	return c
}

func (c *commentCard) set(seg annotate.Segment, depth int) {
	c.meta.SetText(commentMeta(seg))
	c.title.SetText(seg.Title)
	c.title.Hidden = seg.Title == ""
	c.text.SetText(seg.Text)
	c.indent = float32(min(depth, 6)) * 2 * theme.Padding() * 3
	c.Refresh()
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
		s += "(no name)"
	}
	if !seg.Posted.IsZero() {
		s += " · " + seg.Posted.Format("02.01.2006 15:04")
	}
	if seg.ReplyTo != "" {
		s += " · reply"
	}
	return s
}

func (c *commentCard) CreateRenderer() fyne.WidgetRenderer {
	box := container.NewVBox(c.meta, c.title, c.text)
	return &commentCardRenderer{card: c, box: box}
}

type commentCardRenderer struct {
	card *commentCard
	box  *fyne.Container
}

func (r *commentCardRenderer) Layout(size fyne.Size) {
	r.box.Move(fyne.NewPos(r.card.indent, 0))
	r.box.Resize(fyne.NewSize(size.Width-r.card.indent, size.Height))
}

func (r *commentCardRenderer) MinSize() fyne.Size {
	m := r.box.MinSize()
	return fyne.NewSize(m.Width+r.card.indent, m.Height)
}

func (r *commentCardRenderer) Refresh()                     { r.box.Refresh(); r.Layout(r.card.Size()) }
func (r *commentCardRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.box} }
func (r *commentCardRenderer) Destroy()                     {}
