package app

import (
	"image/color"
	"math"
	"sort"
)

// Span is a highlighted range of a SpanView's text, usually one annotation.
type Span struct {
	ID    string      // returned by OnSpanTapped and OnHover
	Start int         // first code point, counted from the start of the text
	End   int         // code point after the last one (exclusive)
	Color color.Color // the label's colour; nil uses the theme's primary colour
	Label string      // what the hover tooltip shows (the label name); empty shows ID
}

// svSpan is a Span as drawn: clamped to the text, with its lane.
type svSpan struct {
	Span
	lane  int // 0 for the outermost; overlapping spans never share a lane
	order int // position in the slice given to SetSpans
}

// prepareSpans clamps spans to a text of n code points, drops empty ones and
// gives each a lane.
func prepareSpans(in []Span, n int) (out []svSpan, lanes int) {
	out = make([]svSpan, 0, len(in))
	for i, s := range in {
		s.Start, s.End = max(0, min(s.Start, n)), max(0, min(s.End, n))
		if s.Start >= s.End {
			continue
		}
		out = append(out, svSpan{Span: s, order: i})
	}
	return out, assignLanes(out)
}

// assignLanes gives overlapping spans different lanes with the greedy
// interval-colouring pass: take spans by start (longer first on a tie, so
// an enclosing span gets the lower lane) and put each in the lowest lane that
// is free again at its start. It returns the number of lanes used, which is
// the largest number of spans covering one point.
func assignLanes(spans []svSpan) int {
	idx := make([]int, len(spans))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool {
		x, y := &spans[idx[a]], &spans[idx[b]]
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.End != y.End {
			return x.End > y.End
		}
		return x.order < y.order
	})
	var laneEnd []int
	for _, i := range idx {
		s := &spans[i]
		lane := 0
		for lane < len(laneEnd) && laneEnd[lane] > s.Start {
			lane++
		}
		if lane == len(laneEnd) {
			laneEnd = append(laneEnd, 0)
		}
		laneEnd[lane] = s.End
		s.lane = lane
	}
	return len(laneEnd)
}

// innermostFirst orders span indices from the innermost span out: shortest
// first, then the higher lane, then the order they were given in.
func innermostFirst(spans []svSpan, idx []int) {
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := &spans[idx[a]], &spans[idx[b]]
		if lx, ly := x.End-x.Start, y.End-y.Start; lx != ly {
			return lx < ly
		}
		if x.lane != y.lane {
			return x.lane > y.lane
		}
		return x.order < y.order
	})
}

// The band behind a span's text is its colour at partial alpha, as opaque as
// allowed while the theme's text on it keeps a WCAG contrast of 4.5:1.
const (
	svBandMaxAlpha    = 0x73 // 45 %
	svBandMinAlpha    = 0x1f // 12 %
	svTextContrast    = 4.5  // WCAG AA for body text
	svNonTextContrast = 3.0  // WCAG 1.4.11 for the underline bars
)

func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// over composes top at alpha a over an opaque bottom.
func over(top color.NRGBA, a float64, bottom color.NRGBA) color.NRGBA {
	mix := func(t, b uint8) uint8 { return uint8(math.Round(float64(t)*a + float64(b)*(1-a))) }
	return color.NRGBA{R: mix(top.R, bottom.R), G: mix(top.G, bottom.G), B: mix(top.B, bottom.B), A: 0xff}
}

func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast returns the WCAG contrast ratio of two opaque colours (1 to 21).
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// bandColor returns the fill of the band behind text highlighted with label
// colour c, on background bg with text colour fg.
func bandColor(c, fg, bg color.Color) color.NRGBA {
	lc, f, b := opaque(c), opaque(fg), opaque(bg)
	for lc.A = svBandMaxAlpha; lc.A > svBandMinAlpha; lc.A -= 4 {
		if contrast(f, over(lc, float64(lc.A)/255, b)) >= svTextContrast {
			return lc
		}
	}
	lc.A = svBandMinAlpha
	return lc
}

// barColor returns the colour of a span's underline bar: the label colour,
// moved towards the text colour just enough to stand out from the background.
func barColor(c, fg, bg color.Color) color.NRGBA {
	lc, f, b := opaque(c), opaque(fg), opaque(bg)
	for i := 0; i < 10; i++ {
		mixed := over(f, float64(i)/10, lc)
		if contrast(mixed, b) >= svNonTextContrast {
			return mixed
		}
	}
	return f
}

func opaque(c color.Color) color.NRGBA {
	n := toNRGBA(c)
	n.A = 0xff
	return n
}
