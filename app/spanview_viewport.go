package app

// The GL painter of Fyne 2.7 draws every object that is not hidden, clipped
// or not: each line of a long article got its text rasterised into a texture
// on the first paint, whether it was on screen or not, and was drawn again in
// every frame. A span view inside a scroll container is told which part of
// it is in view and hides the lines outside it (with a margin, so a scroll
// step finds its lines ready).

// svViewportMargin is how far beyond the visible part lines stay shown, in
// lines.
const svViewportMargin = 6

// SetViewport tells the view which part of it, from top to bottom in its own
// coordinates, is visible; lines well outside it are not drawn. A view that
// was never told shows every line.
func (v *SpanView) SetViewport(top, bottom float32) {
	if v.hasViewport && v.viewTop == top && v.viewBottom == bottom {
		return
	}
	v.hasViewport, v.viewTop, v.viewBottom = true, top, bottom
	if r := v.renderer; r != nil && r.builtGen == v.gen {
		r.cullLines(true)
	}
}

// visibleLines returns the lines [first, last) to draw.
func (v *SpanView) visibleLines() (first, last int) {
	n := len(v.lay.lines)
	if !v.hasViewport || v.metrics.pitch <= 0 {
		return 0, n
	}
	m := v.metrics
	first = int((v.viewTop-m.pad)/m.pitch) - svViewportMargin
	last = int((v.viewBottom-m.pad)/m.pitch) + 1 + svViewportMargin
	return min(max(first, 0), n), min(max(last, 0), n)
}

// cullLines hides the lines outside the viewport and shows those in it;
// with refresh it tells the canvas about the lines it changed.
func (r *spanViewRenderer) cullLines(refresh bool) {
	first, last := r.v.visibleLines()
	for k, t := range r.texts[:r.nTexts] {
		hide := k < first || k >= last
		if t.Hidden == hide {
			continue
		}
		t.Hidden = hide
		if refresh && !hide {
			t.Refresh()
		}
	}
}
