package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// articlePane shows the article's segments (headline, lead, body, captions,
// byline) in page order in one scrolling column.
type articlePane struct {
	box     *fyne.Container
	scroll  *container.Scroll
	content fyne.CanvasObject
}

func newArticlePane() *articlePane {
	p := &articlePane{box: container.NewVBox()}
	p.scroll = container.NewVScroll(p.box)
	header := widget.NewLabelWithStyle("Article", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.content = container.NewBorder(header, nil, nil, nil, p.scroll)
	return p
}

func (p *articlePane) show(doc *annotate.Document) {
	p.box.RemoveAll()
	for _, seg := range doc.Article() {
		p.box.Add(articleSegment(seg))
	}
	p.scroll.ScrollToTop()
}

// articleSegment renders one article segment in the style of its kind.
func articleSegment(seg annotate.Segment) fyne.CanvasObject {
	t := widget.NewRichText(&widget.TextSegment{Text: seg.Text, Style: segmentStyle(seg.Kind)})
	t.Wrapping = fyne.TextWrapWord
	return t
}

func segmentStyle(kind annotate.SegmentKind) widget.RichTextStyle {
	switch kind {
	case annotate.KindHeadline:
		return widget.RichTextStyleHeading
	case annotate.KindLead:
		return widget.RichTextStyle{Inline: false, SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
	case annotate.KindCaption, annotate.KindByline:
		return widget.RichTextStyle{Inline: false, SizeName: theme.SizeNameCaptionText, TextStyle: fyne.TextStyle{Italic: true}}
	default:
		return widget.RichTextStyleParagraph
	}
}
