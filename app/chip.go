package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

var (
	_ fyne.Tappable      = (*chip)(nil)
	_ desktop.Hoverable  = (*chip)(nil)
	_ desktop.Cursorable = (*chip)(nil)
	_ fyne.Widget        = (*chip)(nil)
)

// chip is a small rounded tag in a label's colour: the label bar shows one per
// codebook label with its hotkey, and comment cards one per comment label.
// An "on" chip is filled; an "off" chip shows only its outline.
type chip struct {
	widget.BaseWidget
	text    string
	hint    string // hotkey, drawn after the text in a lighter colour
	colour  color.Color
	on      bool
	small   bool // caption-sized, for comment cards
	compact bool // caption-sized but drawn as a label bar chip, for a group's members
	hovered bool
	// OnTapped is called when the chip is clicked.
	OnTapped func()
	// Tooltip is the label's description, shown in the status line on hover.
	OnHover func(in bool)
}

func newChip(text, hint string, c color.Color, on bool, tapped func()) *chip {
	ch := &chip{text: text, hint: hint, colour: c, on: on, OnTapped: tapped}
	ch.ExtendBaseWidget(ch)
	return ch
}

// setOn switches the chip between filled and outlined.
func (c *chip) setOn(on bool) {
	if c.on != on {
		c.on = on
		c.Refresh()
	}
}

func (c *chip) Tapped(*fyne.PointEvent) {
	if c.OnTapped != nil {
		c.OnTapped()
	}
}

func (c *chip) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *chip) MouseIn(*desktop.MouseEvent) {
	c.hovered = true
	c.Refresh()
	if c.OnHover != nil {
		c.OnHover(true)
	}
}

func (c *chip) MouseMoved(*desktop.MouseEvent) {}

func (c *chip) MouseOut() {
	c.hovered = false
	c.Refresh()
	if c.OnHover != nil {
		c.OnHover(false)
	}
}

func (c *chip) CreateRenderer() fyne.WidgetRenderer {
	r := &chipRenderer{
		chip: c,
		bg:   canvas.NewRectangle(color.Transparent),
		swat: canvas.NewRectangle(c.colour),
		text: canvas.NewText(c.text, color.Black),
		hint: canvas.NewText(c.hint, color.Black),
	}
	r.hint.TextStyle = fyne.TextStyle{Monospace: true}
	r.Refresh()
	return r
}

type chipRenderer struct {
	chip       *chip
	bg, swat   *canvas.Rectangle
	text, hint *canvas.Text
}

const chipSwatch = 10

func (r *chipRenderer) padding() (h, v float32) {
	p := theme.Padding()
	if r.chip.small || r.chip.compact {
		return p, p / 2
	}
	return p * 1.5, p
}

func (r *chipRenderer) MinSize() fyne.Size {
	h, v := r.padding()
	ts := r.text.MinSize()
	w := h + chipSwatch + h/1.5 + ts.Width + h
	if r.chip.hint != "" {
		w += r.hint.MinSize().Width + h/1.5
	}
	return fyne.NewSize(w, ts.Height+2*v)
}

func (r *chipRenderer) Layout(size fyne.Size) {
	h, _ := r.padding()
	r.bg.Resize(size)
	r.swat.Resize(fyne.NewSquareSize(chipSwatch))
	r.swat.Move(fyne.NewPos(h, (size.Height-chipSwatch)/2))
	ts := r.text.MinSize()
	x := h + chipSwatch + h/1.5
	r.text.Move(fyne.NewPos(x, (size.Height-ts.Height)/2))
	x += ts.Width + h/1.5
	hs := r.hint.MinSize()
	r.hint.Move(fyne.NewPos(x, (size.Height-hs.Height)/2))
}

func (r *chipRenderer) Refresh() {
	c := r.chip
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	r.text.Text, r.text.Color = c.text, fg
	r.text.TextSize = th.Size(theme.SizeNameText)
	if c.small || c.compact {
		r.text.TextSize = th.Size(theme.SizeNameCaptionText)
	}
	r.hint.Text, r.hint.Color = c.hint, th.Color(theme.ColorNamePlaceHolder, v)
	r.hint.TextSize = r.text.TextSize
	r.swat.FillColor = c.colour
	r.swat.CornerRadius = chipSwatch / 2
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius) * 2
	r.bg.StrokeWidth = 1.5
	r.bg.StrokeColor = c.colour
	// On and off must differ at a glance: an "on" chip is filled with its
	// colour and its text contrasts with it; an "off" comment label is an
	// outline with muted text.
	switch {
	case c.on:
		r.bg.FillColor = c.colour
		r.text.Color = contrastOn(c.colour)
		r.hint.Color = r.text.Color
		r.swat.FillColor = r.text.Color
	case c.hovered:
		r.bg.FillColor = th.Color(theme.ColorNameHover, v)
	default:
		r.bg.FillColor = color.Transparent
		if c.small {
			// A comment label that is off: outline and muted text. (The
			// label bar's chips are never "on" unless sticky, and keep
			// their names readable.)
			r.bg.StrokeColor = withAlpha(c.colour, 0xA0)
			r.text.Color = th.Color(theme.ColorNamePlaceHolder, v)
		}
	}
	r.Layout(c.Size())
	canvas.Refresh(c)
}

func (r *chipRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.swat, r.text, r.hint}
}

func (r *chipRenderer) Destroy() {}

// contrastOn returns black or white, whichever reads better on c.
func contrastOn(c color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	// Relative luminance, roughly (sRGB weights without linearising).
	if 299*int(n.R)+587*int(n.G)+114*int(n.B) > 140*1000 {
		return color.Black
	}
	return color.White
}

// withAlpha returns c with its alpha replaced.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
