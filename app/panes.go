package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Minimum pane widths: below them words would break letter by letter. The
// article and the comments keep theirs; the inspector side gives way first.
const (
	minArticleWidth  float32 = 300
	minCommentsWidth float32 = 260
	minSideWidth     float32 = 260
)

// withMinWidth gives o a minimum width, so that a split never makes it
// narrower.
func withMinWidth(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	floor := canvas.NewRectangle(color.Transparent)
	floor.SetMinSize(fyne.NewSize(width, 0))
	return container.NewStack(floor, o)
}

// collapsingSplit holds the texts and the side pane (inspector and
// annotation list) in a horizontal split and hides the side pane when the
// window is too narrow for both at their minimum widths, so the texts keep
// theirs. Its minimum size is the texts' alone.
type collapsingSplit struct {
	widget.BaseWidget
	split *container.Split
}

func newCollapsingSplit(texts, side fyne.CanvasObject) *collapsingSplit {
	c := &collapsingSplit{split: container.NewHSplit(texts, side)}
	c.ExtendBaseWidget(c)
	return c
}

// sideShown reports whether the side pane has room.
func (c *collapsingSplit) sideShown() bool { return c.split.Trailing.Visible() }

// fits reports whether texts and side both fit in width.
func (c *collapsingSplit) fits(width float32) bool {
	return width >= c.split.Leading.MinSize().Width+c.split.Trailing.MinSize().Width+8
}

func (c *collapsingSplit) CreateRenderer() fyne.WidgetRenderer {
	return &collapsingRenderer{c: c}
}

type collapsingRenderer struct{ c *collapsingSplit }

func (r *collapsingRenderer) Layout(size fyne.Size) {
	side := r.c.split.Trailing
	if r.c.fits(size.Width) {
		side.Show()
	} else {
		side.Hide()
	}
	r.c.split.Resize(size)
	r.c.split.Refresh()
}

func (r *collapsingRenderer) MinSize() fyne.Size {
	m := r.c.split.Leading.MinSize()
	if s := r.c.split.Trailing.MinSize(); s.Height > m.Height {
		m.Height = s.Height
	}
	return m
}

func (r *collapsingRenderer) Refresh()                     { r.c.split.Refresh() }
func (r *collapsingRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.c.split} }
func (r *collapsingRenderer) Destroy()                     {}
