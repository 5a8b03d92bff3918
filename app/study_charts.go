package app

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The agreement view's two plots are drawn with Fyne's canvas: a few
// rectangles, lines and texts each, which a plotting library would render
// to an image first (and pull in a font and a PDF stack for it).

// alphaBar is one bar of the alpha chart: a label's alpha with its 95%
// interval, or why there is none.
type alphaBar struct {
	Name      string
	Value     float64
	Low, High float64
	Interval  bool
	OK        bool
	Reason    string
}

// alphaChart draws one horizontal bar per label from 0 to its alpha, a
// whisker over the bootstrap interval, and guides at 0, .667 and .8 (the
// levels Krippendorff names for tentative and firm conclusions).
type alphaChart struct {
	widget.BaseWidget
	bars []alphaBar
}

func newAlphaChart(bars []alphaBar) *alphaChart {
	c := &alphaChart{bars: bars}
	c.ExtendBaseWidget(c)
	return c
}

// chartRange is the alpha axis: from -1 (or below the lowest figure's
// interval, if higher) to 1.
func (c *alphaChart) chartRange() (lo, hi float64) {
	lo = 0
	for _, b := range c.bars {
		if !b.OK {
			continue
		}
		lo = math.Min(lo, b.Value)
		if b.Interval {
			lo = math.Min(lo, b.Low)
		}
	}
	if lo < 0 {
		lo = math.Max(-1, math.Floor(lo*5)/5)
	}
	return lo, 1
}

func (c *alphaChart) CreateRenderer() fyne.WidgetRenderer {
	r := &alphaChartRenderer{c: c}
	r.build()
	return r
}

// alphaChartRow is what one bar is drawn with.
type alphaChartRow struct {
	name, value  *canvas.Text
	bar          *canvas.Rectangle
	whisker      *canvas.Line
	capLo, capHi *canvas.Line
	bar0         alphaBar
}

type alphaChartRenderer struct {
	c      *alphaChart
	rows   []alphaChartRow
	guides []*canvas.Line
	ticks  []*canvas.Text
	axis   *canvas.Line
	title  *canvas.Text
	objs   []fyne.CanvasObject
}

const (
	chartNameWidth = 150
	chartRowHeight = 26
)

func (r *alphaChartRenderer) build() {
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNameDisabled)
	r.rows, r.guides, r.ticks, r.objs = nil, nil, nil, nil
	r.title = canvas.NewText(lang.L("Unitizing alpha per label, with its bootstrap 95% interval"), fg)
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.objs = append(r.objs, r.title)
	for _, g := range []float64{0, 0.667, 0.8, 1} {
		l := canvas.NewLine(muted)
		l.StrokeWidth = 1
		r.guides = append(r.guides, l)
		t := canvas.NewText(trimFloat(g), muted)
		t.TextSize = theme.CaptionTextSize()
		r.ticks = append(r.ticks, t)
		r.objs = append(r.objs, l, t)
	}
	r.axis = canvas.NewLine(fg)
	r.axis.StrokeWidth = 1
	r.objs = append(r.objs, r.axis)
	for _, b := range r.c.bars {
		row := alphaChartRow{bar0: b}
		row.name = canvas.NewText(b.Name, fg)
		row.name.TextSize = theme.CaptionTextSize()
		row.bar = canvas.NewRectangle(alphaColour(b.Value))
		row.whisker = canvas.NewLine(fg)
		row.whisker.StrokeWidth = 2
		row.capLo, row.capHi = canvas.NewLine(fg), canvas.NewLine(fg)
		row.capLo.StrokeWidth, row.capHi.StrokeWidth = 2, 2
		text := b.Reason
		if b.OK {
			text = fmt.Sprintf("%.3f", b.Value)
			if b.Interval {
				text += fmt.Sprintf(" [%.3f, %.3f]", b.Low, b.High)
			}
		}
		row.value = canvas.NewText(text, fg)
		row.value.TextSize = theme.CaptionTextSize()
		if !b.OK {
			row.value.Color = muted
			row.bar.Hidden, row.whisker.Hidden, row.capLo.Hidden, row.capHi.Hidden = true, true, true, true
		} else if !b.Interval {
			row.whisker.Hidden, row.capLo.Hidden, row.capHi.Hidden = true, true, true
		}
		r.rows = append(r.rows, row)
		r.objs = append(r.objs, row.bar, row.whisker, row.capLo, row.capHi, row.name, row.value)
	}
}

func (r *alphaChartRenderer) Layout(size fyne.Size) {
	pad := theme.Padding()
	r.title.Move(fyne.NewPos(pad, pad))
	top := pad*2 + r.title.MinSize().Height
	left := float32(chartNameWidth)
	// Room on the right for the figure and its interval.
	right := size.Width - 190
	if right < left+80 {
		right = left + 80
	}
	lo, hi := r.c.chartRange()
	x := func(v float64) float32 {
		v = math.Max(lo, math.Min(hi, v))
		return left + float32((v-lo)/(hi-lo))*(right-left)
	}
	bottom := top + float32(len(r.rows))*chartRowHeight
	for i, g := range []float64{0, 0.667, 0.8, 1} {
		gx := x(g)
		r.guides[i].Position1 = fyne.NewPos(gx, top)
		r.guides[i].Position2 = fyne.NewPos(gx, bottom)
		t := r.ticks[i]
		t.Move(fyne.NewPos(gx-t.MinSize().Width/2, bottom+2))
	}
	r.axis.Position1 = fyne.NewPos(x(0), top)
	r.axis.Position2 = fyne.NewPos(x(0), bottom)
	for i, row := range r.rows {
		y := top + float32(i)*chartRowHeight
		mid := y + chartRowHeight/2
		row.name.Move(fyne.NewPos(pad, mid-row.name.MinSize().Height/2))
		b := row.bar0
		valueX := x(0) + pad
		if b.OK {
			x0, x1 := x(math.Min(0, b.Value)), x(math.Max(0, b.Value))
			row.bar.Move(fyne.NewPos(x0, y+5))
			row.bar.Resize(fyne.NewSize(max(x1-x0, 1), chartRowHeight-10))
			valueX = right + pad
			if b.Interval {
				l, h := x(b.Low), x(b.High)
				row.whisker.Position1, row.whisker.Position2 = fyne.NewPos(l, mid), fyne.NewPos(h, mid)
				row.capLo.Position1, row.capLo.Position2 = fyne.NewPos(l, mid-6), fyne.NewPos(l, mid+6)
				row.capHi.Position1, row.capHi.Position2 = fyne.NewPos(h, mid-6), fyne.NewPos(h, mid+6)
			}
		}
		row.value.Move(fyne.NewPos(valueX, mid-row.value.MinSize().Height/2))
	}
}

func (r *alphaChartRenderer) MinSize() fyne.Size {
	pad := theme.Padding()
	h := pad*3 + r.title.MinSize().Height + float32(len(r.rows))*chartRowHeight + theme.CaptionTextSize() + 4
	return fyne.NewSize(chartNameWidth+320, h)
}

func (r *alphaChartRenderer) Refresh() {
	r.build()
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *alphaChartRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *alphaChartRenderer) Destroy()                     {}

// alphaColour is a bar's colour: red below .667, amber to .8, green above.
func alphaColour(v float64) color.Color {
	switch {
	case v >= 0.8:
		return color.NRGBA{R: 0x2e, G: 0x9e, B: 0x5b, A: 0xff}
	case v >= 0.667:
		return color.NRGBA{R: 0xe0, G: 0xa4, B: 0x1b, A: 0xff}
	}
	return color.NRGBA{R: 0xd6, G: 0x45, B: 0x45, A: 0xff}
}

// trimFloat writes a guide's value as short as it goes: 0, .667, .8, 1.
func trimFloat(v float64) string {
	switch v {
	case 0, 1:
		return fmt.Sprint(v)
	}
	return strings.TrimPrefix(fmt.Sprintf("%.3g", v), "0")
}

// heatMap draws a coders × coders matrix of pairwise span F1, each cell
// coloured from red (0) through yellow to green (1) with its figure.
type heatMap struct {
	widget.BaseWidget
	title  string
	coders []string
	// values[i][j] is the F1 of coders i and j, NaN where they share no
	// document or neither has a span.
	values [][]float64
}

func newHeatMap(title string, coders []string, values [][]float64) *heatMap {
	h := &heatMap{title: title, coders: coders, values: values}
	h.ExtendBaseWidget(h)
	return h
}

// set shows another matrix.
func (h *heatMap) set(title string, coders []string, values [][]float64) {
	h.title, h.coders, h.values = title, coders, values
	h.Refresh()
}

func (h *heatMap) CreateRenderer() fyne.WidgetRenderer {
	r := &heatMapRenderer{h: h}
	r.build()
	return r
}

type heatMapRenderer struct {
	h     *heatMap
	title *canvas.Text
	rowH  []*canvas.Text
	colH  []*canvas.Text
	cells []*canvas.Rectangle
	texts []*canvas.Text
	objs  []fyne.CanvasObject
}

const heatCell = 64

func (r *heatMapRenderer) build() {
	fg := theme.Color(theme.ColorNameForeground)
	h := r.h
	r.title = canvas.NewText(h.title, fg)
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.objs = []fyne.CanvasObject{r.title}
	r.rowH, r.colH, r.cells, r.texts = nil, nil, nil, nil
	for _, c := range h.coders {
		rt, ct := canvas.NewText(c, fg), canvas.NewText(c, fg)
		rt.TextSize, ct.TextSize = theme.CaptionTextSize(), theme.CaptionTextSize()
		r.rowH, r.colH = append(r.rowH, rt), append(r.colH, ct)
		r.objs = append(r.objs, rt, ct)
	}
	for i := range h.coders {
		for j := range h.coders {
			v := math.NaN()
			if i < len(h.values) && j < len(h.values[i]) {
				v = h.values[i][j]
			}
			cell := canvas.NewRectangle(heatColour(v))
			text := "–"
			if !math.IsNaN(v) {
				text = fmt.Sprintf("%.2f", v)
			}
			t := canvas.NewText(text, color.NRGBA{A: 0xff})
			t.TextStyle = fyne.TextStyle{Bold: true}
			if math.IsNaN(v) {
				t.Color = fg
			}
			r.cells, r.texts = append(r.cells, cell), append(r.texts, t)
			r.objs = append(r.objs, cell, t)
		}
	}
}

// nameWidth is the width of the row headers.
func (r *heatMapRenderer) nameWidth() float32 {
	w := float32(40)
	for _, t := range r.rowH {
		w = max(w, t.MinSize().Width+theme.Padding()*2)
	}
	return w
}

func (r *heatMapRenderer) Layout(fyne.Size) {
	pad := theme.Padding()
	r.title.Move(fyne.NewPos(pad, pad))
	top := pad*2 + r.title.MinSize().Height
	left := r.nameWidth()
	headH := theme.CaptionTextSize() + pad*2
	n := len(r.h.coders)
	for i := range n {
		ct := r.colH[i]
		ct.Move(fyne.NewPos(left+float32(i)*heatCell+(heatCell-ct.MinSize().Width)/2, top))
		rt := r.rowH[i]
		rt.Move(fyne.NewPos(pad, top+headH+float32(i)*heatCell+(heatCell-rt.MinSize().Height)/2))
	}
	for i := range n {
		for j := range n {
			k := i*n + j
			pos := fyne.NewPos(left+float32(j)*heatCell, top+headH+float32(i)*heatCell)
			r.cells[k].Move(pos.AddXY(1, 1))
			r.cells[k].Resize(fyne.NewSize(heatCell-2, heatCell-2))
			t := r.texts[k]
			ts := t.MinSize()
			t.Move(pos.AddXY((heatCell-ts.Width)/2, (heatCell-ts.Height)/2))
		}
	}
}

func (r *heatMapRenderer) MinSize() fyne.Size {
	pad := theme.Padding()
	n := float32(len(r.h.coders))
	top := pad*2 + r.title.MinSize().Height + theme.CaptionTextSize() + pad*2
	return fyne.NewSize(max(r.nameWidth()+n*heatCell+pad, r.title.MinSize().Width+pad*2), top+n*heatCell+pad)
}

func (r *heatMapRenderer) Refresh() {
	r.build()
	r.Layout(r.h.Size())
	canvas.Refresh(r.h)
}

func (r *heatMapRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *heatMapRenderer) Destroy()                     {}

// heatColour runs from red at 0 through yellow at .5 to green at 1; grey
// for no figure.
func heatColour(v float64) color.Color {
	if math.IsNaN(v) {
		return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0x55}
	}
	v = math.Max(0, math.Min(1, v))
	lerp := func(a, b uint8, t float64) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*t) }
	if v < 0.5 {
		t := v / 0.5
		return color.NRGBA{R: lerp(0xe0, 0xf2, t), G: lerp(0x5a, 0xd0, t), B: lerp(0x5a, 0x4a, t), A: 0xff}
	}
	t := (v - 0.5) / 0.5
	return color.NRGBA{R: lerp(0xf2, 0x4c, t), G: lerp(0xd0, 0xb0, t), B: lerp(0x4a, 0x6a, t), A: 0xff}
}
