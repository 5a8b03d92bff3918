package app

import (
	"image/color"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// svRects is a pool of rectangles reused across redraws, as
// widget/selectable.go reuses its selection boxes.
type svRects struct {
	all []*canvas.Rectangle
	n   int
}

func (p *svRects) reset() { p.n = 0 }

func (p *svRects) next() *canvas.Rectangle {
	if p.n == len(p.all) {
		p.all = append(p.all, canvas.NewRectangle(color.Transparent))
	}
	r := p.all[p.n]
	p.n++
	return r
}

func (p *svRects) used() []*canvas.Rectangle { return p.all[:p.n] }

// spanViewRenderer draws a SpanView: bands behind highlighted text, the
// selection, one canvas.Text per line, the spans' underline bars in their
// lanes, the active span's outline, the caret and the hover tooltip, in that
// order from back to front.
type spanViewRenderer struct {
	v *SpanView

	texts                       []*canvas.Text // one per line; the first nTexts are shown
	nTexts                      int
	bands, sels, bars, outlines svRects
	selBox                      *fyne.Container // holds the selection boxes, so a drag leaves objects alone
	caret, tipBg                *canvas.Rectangle
	tipText                     *canvas.Text
	objects                     []fyne.CanvasObject
	objectCounts                [6]int // the sizes objects was built from
	builtGen                    int    // the SpanView.gen drawn

	fg, bg, selColor, primary color.Color
	colorCache                map[color.NRGBA][2]color.NRGBA // label colour to band and bar colour

	// scratch space reused across redraws
	ranges                [][2]float32
	pieces                []svPiece
	bandColors, barColors []color.NRGBA
	covering              []int
}

// svPiece is the part of span i on line k.
type svPiece struct{ k, i int }

func (r *spanViewRenderer) init() {
	r.selBox = &fyne.Container{}
	r.caret = canvas.NewRectangle(color.Transparent)
	r.caret.Hide()
	r.tipBg = canvas.NewRectangle(color.Transparent)
	r.tipBg.Hide()
	r.tipText = canvas.NewText("", color.Black)
	r.tipText.Hide()
}

func (r *spanViewRenderer) Destroy() {
	if r.v.renderer == r {
		r.v.renderer = nil
	}
}

func (r *spanViewRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Layout rebuilds the drawing if the width changed enough to wrap the text
// differently (or anything else changed since the last build).
func (r *spanViewRenderer) Layout(fyne.Size) {
	r.v.ensureLayout()
	if r.builtGen != r.v.gen {
		r.rebuild()
		r.refreshShapes()
	}
}

func (r *spanViewRenderer) MinSize() fyne.Size {
	r.v.ensureLayout()
	return fyne.NewSize(r.v.metrics.minWidth, r.v.height())
}

// Refresh picks up theme changes and rebuilds the drawing.
func (r *spanViewRenderer) Refresh() {
	v := r.v
	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	r.fg = th.Color(theme.ColorNameForeground, variant)
	r.bg = th.Color(theme.ColorNameBackground, variant)
	r.selColor = th.Color(theme.ColorNameSelection, variant)
	r.primary = th.Color(theme.ColorNamePrimary, variant)
	r.caret.FillColor = r.primary
	r.tipBg.FillColor = th.Color(theme.ColorNameOverlayBackground, variant)
	r.tipBg.StrokeColor = th.Color(theme.ColorNameInputBorder, variant)
	r.tipBg.StrokeWidth = 1
	r.tipBg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.tipText.Color = r.fg
	r.tipText.TextSize = th.Size(theme.SizeNameText)
	r.colorCache = make(map[color.NRGBA][2]color.NRGBA)
	v.metrics.textSize = 0 // theme sizes may have changed
	v.ensureLayout()
	r.rebuild()
	r.refreshShapes()
}

// refreshShapes tells the canvas about the rectangles. The widget itself is
// not refreshed: canvas.Refresh on a widget makes the GL driver drop the
// textures of all its children, and every line of text would be rasterised
// again. rebuild refreshes the lines whose text or colour changed.
func (r *spanViewRenderer) refreshShapes() {
	for _, pool := range []*svRects{&r.bands, &r.sels, &r.bars, &r.outlines} {
		for _, o := range pool.used() {
			canvas.Refresh(o)
		}
	}
	canvas.Refresh(r.caret)
	canvas.Refresh(r.tipBg)
	canvas.Refresh(r.tipText)
}

func (r *spanViewRenderer) rebuild() {
	v := r.v
	l, m := v.lay, v.metrics
	width := v.Size().Width - 2*m.pad
	r.nTexts = len(l.lines)
	for k := range l.lines {
		if k == len(r.texts) {
			r.texts = append(r.texts, canvas.NewText("", r.fg))
		}
		t := r.texts[k]
		text := l.lines[k].text
		if t.Text != text || t.Color != r.fg || t.TextSize != m.textSize || t.TextStyle != v.TextStyle {
			t.Text, t.Color, t.TextSize, t.TextStyle = text, r.fg, m.textSize, v.TextStyle
			canvas.Refresh(t)
		}
		w := width
		if w <= 0 {
			w = l.lineWidth(k)
		}
		t.Move(fyne.NewPos(m.pad, m.pad+float32(k)*m.pitch))
		t.Resize(fyne.NewSize(w, m.textH))
	}
	r.cullLines(false)
	r.layoutSpans()
	r.selBox.Move(fyne.NewPos(0, 0))
	r.selBox.Resize(v.Size())
	r.layoutSelection(false)
	r.layoutTooltip(false)
	r.builtGen = v.gen
	r.updateObjects()
}

// updateObjects rebuilds the object list if the number of any kind changed.
func (r *spanViewRenderer) updateObjects() {
	counts := [6]int{r.bands.n, 0, r.nTexts, r.bars.n, r.outlines.n, 1}
	if counts == r.objectCounts && r.objects != nil {
		return
	}
	r.objectCounts = counts
	// a new slice: the canvas may still hold the one Objects returned before
	objs := make([]fyne.CanvasObject, 0, r.bands.n+r.nTexts+r.bars.n+r.outlines.n+4)
	for _, o := range r.bands.used() {
		objs = append(objs, o)
	}
	objs = append(objs, r.selBox)
	for _, o := range r.texts[:r.nTexts] {
		objs = append(objs, o)
	}
	for _, o := range r.bars.used() {
		objs = append(objs, o)
	}
	for _, o := range r.outlines.used() {
		objs = append(objs, o)
	}
	r.objects = append(objs, r.caret, r.tipBg, r.tipText)
}

// lineTop returns the y of line k's text.
func (r *spanViewRenderer) lineTop(k int) float32 {
	return r.v.metrics.pad + float32(k)*r.v.metrics.pitch
}

// layoutSpans places the bands, bars and outline of every span.
//
// Each span gets a bar under the text in its own lane, so overlapping and
// nested spans all stay visible and can be told apart. Behind the text, every
// stretch covered by spans gets one band in the colour of the innermost of
// them: bands never stack, so the text keeps its contrast.
func (r *spanViewRenderer) layoutSpans() {
	v := r.v
	l := v.lay
	r.bands.reset()
	r.bars.reset()
	r.outlines.reset()
	if len(v.spans) == 0 {
		return
	}

	r.bandColors, r.barColors = r.bandColors[:0], r.barColors[:0]
	for i := range v.spans {
		c := v.spans[i].Color
		if c == nil {
			c = r.primary
		}
		key := toNRGBA(c)
		cols, ok := r.colorCache[key]
		if !ok {
			cols = [2]color.NRGBA{bandColor(c, r.fg, r.bg), barColor(c, r.fg, r.bg)}
			r.colorCache[key] = cols
		}
		r.bandColors = append(r.bandColors, cols[0])
		r.barColors = append(r.barColors, cols[1])
	}

	r.pieces = r.pieces[:0]
	for i := range v.spans {
		s := &v.spans[i]
		for k := l.lineOf(s.Start); k < len(l.lines) && l.lines[k].start < s.End; k++ {
			r.pieces = append(r.pieces, svPiece{k: k, i: i})
		}
	}
	sort.SliceStable(r.pieces, func(a, b int) bool { return r.pieces[a].k < r.pieces[b].k })

	for a := 0; a < len(r.pieces); {
		b := a
		for b < len(r.pieces) && r.pieces[b].k == r.pieces[a].k {
			b++
		}
		r.layoutLineSpans(r.pieces[a].k, r.pieces[a:b])
		a = b
	}
}

func (r *spanViewRenderer) layoutLineSpans(k int, pieces []svPiece) {
	v := r.v
	l, m := v.lay, v.metrics
	top := r.lineTop(k)
	ln := &l.lines[k]
	end := ln.textEnd // spans are not drawn over the spaces a line wraps after
	for end > ln.start && l.t.isSpace(end-1) {
		end--
	}

	// Bars and the active outline: one per span and line.
	step, barH := m.laneStep(v.lanes)
	for _, p := range pieces {
		s := &v.spans[p.i]
		r.ranges = l.xRanges(r.ranges[:0], k, s.Start, min(s.End, end))
		y := top + m.textH + m.barGap + float32(s.lane)*step
		for _, x := range r.ranges {
			bar := r.bars.next()
			bar.FillColor = r.barColors[p.i]
			bar.Move(fyne.NewPos(m.pad+x[0], y))
			bar.Resize(fyne.NewSize(x[1]-x[0], barH))
			if s.ID != "" && s.ID == v.active {
				o := r.outlines.next()
				o.FillColor = color.Transparent
				o.StrokeColor = r.barColors[p.i]
				o.StrokeWidth = 1.5
				o.Move(fyne.NewPos(m.pad+x[0]-1.5, top-1.5))
				o.Resize(fyne.NewSize(x[1]-x[0]+3, y+barH-top+3))
			}
		}
	}

	// Bands: cut the line where any span starts or ends and colour each
	// stretch after its innermost span.
	cuts := make([]int, 0, 2*len(pieces))
	for _, p := range pieces {
		s := &v.spans[p.i]
		cuts = append(cuts, max(s.Start, ln.start), min(s.End, end))
	}
	sort.Ints(cuts)
	runStart, runSpan := -1, -1
	flush := func(end int) {
		if runSpan < 0 || runStart >= end {
			return
		}
		r.ranges = l.xRanges(r.ranges[:0], k, runStart, end)
		for _, x := range r.ranges {
			band := r.bands.next()
			band.FillColor = r.bandColors[runSpan]
			band.Move(fyne.NewPos(m.pad+x[0], top))
			band.Resize(fyne.NewSize(x[1]-x[0], m.textH))
		}
	}
	for c := 0; c+1 < len(cuts); c++ {
		a, b := cuts[c], cuts[c+1]
		if a >= b {
			continue
		}
		r.covering = r.covering[:0]
		for _, p := range pieces {
			if s := &v.spans[p.i]; s.Start <= a && b <= s.End {
				r.covering = append(r.covering, p.i)
			}
		}
		inner := -1
		if len(r.covering) > 0 {
			innermostFirst(v.spans, r.covering)
			inner = r.covering[0]
		}
		if inner != runSpan {
			flush(a)
			runStart, runSpan = a, inner
		}
	}
	if len(cuts) > 0 {
		flush(cuts[len(cuts)-1])
	}
}

// layoutSelection places the selection boxes and the caret. With refresh it
// tells the canvas, touching only these rectangles, so a drag never makes
// the canvas re-render the text.
func (r *spanViewRenderer) layoutSelection(refresh bool) {
	v := r.v
	l, m := v.ensureLayout(), v.metrics
	if refresh && r.builtGen != v.gen {
		r.rebuild() // the layout changed under us; draw everything
		r.refreshShapes()
		return
	}
	before := r.sels.n
	r.sels.reset()
	s, e := v.selStart, v.selEnd
	if s < e {
		for k := l.lineOf(s); k < len(l.lines) && l.lines[k].start < e; k++ {
			top := r.lineTop(k)
			r.ranges = l.xRanges(r.ranges[:0], k, s, e)
			if e > l.lines[k].textEnd && l.lines[k].end > l.lines[k].textEnd && len(r.ranges) > 0 {
				// the newline is selected too: show it as a little space
				last := &r.ranges[len(r.ranges)-1]
				last[1] += m.textSize / 3
			}
			for _, x := range r.ranges {
				box := r.sels.next()
				box.FillColor = r.selColor
				box.Move(fyne.NewPos(m.pad+x[0], top))
				box.Resize(fyne.NewSize(x[1]-x[0], m.textH))
			}
		}
	}

	if before != r.sels.n || len(r.selBox.Objects) != r.sels.n {
		objs := make([]fyne.CanvasObject, r.sels.n)
		for i, o := range r.sels.used() {
			objs[i] = o
		}
		r.selBox.Objects = objs
	}

	if v.focused && s == e {
		k := l.lineOf(v.caret)
		r.caret.Move(fyne.NewPos(m.pad+l.xOf(k, v.caret)-0.5, r.lineTop(k)))
		r.caret.Resize(fyne.NewSize(1.5, m.textH))
		r.caret.Show()
	} else {
		r.caret.Hide()
	}

	if !refresh {
		return
	}
	for _, box := range r.sels.used() {
		canvas.Refresh(box)
	}
	canvas.Refresh(r.caret)
}

// layoutTooltip shows the labels under the pointer in a small box below and
// to the right of it, kept inside the widget.
func (r *spanViewRenderer) layoutTooltip(refresh bool) {
	v := r.v
	if v.hoverTip == "" {
		if r.tipBg.Visible() {
			r.tipBg.Hide()
			r.tipText.Hide()
		}
		return
	}
	p := v.Theme().Size(theme.SizeNamePadding)
	r.tipText.Text = v.hoverTip
	ts := fyne.MeasureText(r.tipText.Text, r.tipText.TextSize, r.tipText.TextStyle)
	w, h := ts.Width+2*p, ts.Height+p
	size := v.Size()
	x, y := v.hoverPos.X+12, v.hoverPos.Y+18
	if x+w > size.Width {
		x = size.Width - w
	}
	if y+h > size.Height {
		y = v.hoverPos.Y - h - 4
	}
	x, y = max(0, x), max(0, y)
	r.tipBg.Move(fyne.NewPos(x, y))
	r.tipBg.Resize(fyne.NewSize(w, h))
	r.tipText.Move(fyne.NewPos(x+p, y+p/2))
	r.tipText.Resize(ts)
	r.tipBg.Show()
	r.tipText.Show()
	if refresh {
		canvas.Refresh(r.tipBg)
		canvas.Refresh(r.tipText)
	}
}
