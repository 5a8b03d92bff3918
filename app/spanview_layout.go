package app

import (
	"sort"

	"fyne.io/fyne/v2"
	"golang.org/x/text/unicode/bidi"
)

// This file wraps a text into visual lines and maps between code point
// offsets and x positions on a line. x is measured from the left edge of the
// line's text; the widget adds its padding.
//
// Widths come from fyne.MeasureText on whole strings, never from summed
// per-rune advances: kerning and shaping make those drift. On a
// left-to-right line the x of an offset is the width of the words before it
// on the line plus the measured prefix of its own word. Fyne shapes no
// kerning across a space, so at a break after white space the sum of the
// words' widths is exactly the width of the whole prefix (a test checks
// this); across a hyphen or slash it is not, so words are split only after
// white space. Only word-sized strings get measured, and they are cached per
// text size: a first drag over a line costs a few map lookups, where
// measuring whole-line prefixes costs Fyne about 0.2 ms each.
// Right-to-left lines measure prefixes of their bidi runs instead.

// svMeasurer measures strings at one text size and style.
type svMeasurer struct {
	size  float32
	style fyne.TextStyle
	words map[string]float32 // short strings (words, spaces) at this size
}

// svMaxCachedWord is the longest string, in bytes, kept in the word cache.
// Longer strings are run prefixes, cached by position in svLayout instead.
const svMaxCachedWord = 64

func (m *svMeasurer) reset(size float32, style fyne.TextStyle) {
	m.size, m.style = size, style
	m.words = make(map[string]float32)
}

func (m *svMeasurer) width(s string) float32 {
	if s == "" {
		return 0
	}
	if len(s) <= svMaxCachedWord {
		if w, ok := m.words[s]; ok {
			return w
		}
	}
	w := fyne.MeasureText(s, m.size, m.style).Width
	if len(s) <= svMaxCachedWord {
		m.words[s] = w
	}
	return w
}

// svRun is a stretch of a line drawn in one direction. Fyne 2.7 shapes each
// bidi run on its own and places the runs left to right in logical order,
// drawing the glyphs of a right-to-left run mirrored; runs are modelled the
// same way so that hit testing matches what is on screen.
type svRun struct {
	start, end int     // code points, end exclusive
	x0, x1     float32 // left and right edge on the line
	rtl        bool
	line       int // the line's index if the run is the whole of a left-to-right line, else -1
}

// svLine is one visual line.
type svLine struct {
	start, end int    // code points [start, end) including trailing spaces and the newline
	textEnd    int    // end of the drawn text: end without the newline, if any
	text       string // the drawn text
	rtl        bool   // the line holds right-to-left text
	runs       []svRun

	// On a left-to-right line: where each word starts (the line's start and
	// every break opportunity after white space), and the x there; wordX has
	// one more entry, the width of the line.
	words []int
	wordX []float32
}

// svLayout is a text wrapped to one width.
type svLayout struct {
	t      *svText
	m      *svMeasurer
	avail  float32 // width available to the text; 0 means no wrapping
	lines  []svLine
	prefix map[int64]float32 // width of text[a:b] keyed a<<32|b, for a run start a
	bounds []int             // scratch: grapheme boundaries of a run
}

func newSVLayout(t *svText, m *svMeasurer, avail float32) *svLayout {
	l := &svLayout{t: t, m: m, avail: avail, prefix: make(map[int64]float32)}
	l.wrap()
	return l
}

// wrap breaks the text into lines at line-break opportunities (UAX #14),
// greedily filling each line up to avail. A word wider than a whole line is
// broken between grapheme clusters. It runs in time linear in the text: each
// chunk between two break opportunities is measured once (and cached).
func (l *svLayout) wrap() {
	t := l.t
	l.lines = l.lines[:0]
	lineStart := 0
	x := float32(0)
	for p := 0; p < t.n; {
		q := p + 1
		for q < t.n && t.flags[q]&(svLineCan|svLineMust) == 0 {
			q++
		}
		hard := q < t.n && t.flags[q]&svLineMust != 0 || q == t.n && isNewline(t.runeAt(q-1))
		body := q // the chunk without trailing white space and newline
		for body > p && (isNewline(t.runeAt(body-1)) || t.isSpace(body-1)) {
			body--
		}
		bodyW := l.m.width(t.slice(p, body))
		if l.avail > 0 {
			if p > lineStart && x+bodyW > l.avail {
				l.addLine(lineStart, p)
				lineStart, x = p, 0
			}
			for p == lineStart && bodyW > l.avail {
				c := l.fit(p, body)
				if c >= body {
					break
				}
				l.addLine(lineStart, c)
				lineStart, p = c, c
				bodyW = l.m.width(t.slice(p, body))
			}
		}
		tail := body
		for tail < q && !isNewline(t.runeAt(tail)) {
			tail++
		}
		x += bodyW + l.m.width(t.slice(body, tail))
		if hard {
			l.addLine(lineStart, q)
			lineStart, x = q, 0
		}
		p = q
	}
	if lineStart < t.n || len(l.lines) == 0 || isNewline(t.runeAt(t.n-1)) {
		l.addLine(lineStart, t.n)
	}
}

// fit returns the last grapheme boundary c in (p, body] such that text[p:c]
// fits in avail, and at least the first grapheme cluster after p.
func (l *svLayout) fit(p, body int) int {
	t := l.t
	lo, hi := t.nextGrapheme(p), body // lo always goes on the line
	for lo < hi {
		mid := t.ceilGrapheme((lo + hi + 1) / 2)
		if mid > hi {
			mid = hi
		}
		if mid == lo {
			break
		}
		if l.m.width(t.slice(p, mid)) <= l.avail {
			lo = mid
		} else {
			hi = t.prevGrapheme(mid)
		}
	}
	return lo
}

func (l *svLayout) addLine(start, end int) {
	t := l.t
	textEnd := end
	for textEnd > start && isNewline(t.runeAt(textEnd-1)) {
		textEnd--
	}
	ln := svLine{start: start, end: end, textEnd: textEnd, text: t.slice(start, textEnd)}
	for i := start; i < textEnd; i++ {
		if t.flags[i]&svRTL != 0 {
			ln.rtl = true
			break
		}
	}
	l.lines = append(l.lines, ln)
}

// lineOf returns the index of the line holding offset i: the last line that
// starts at or before i.
func (l *svLayout) lineOf(i int) int {
	k := sort.Search(len(l.lines), func(k int) bool { return l.lines[k].start > i })
	return max(0, k-1)
}

// width returns the width of text[a:b], measured as one string. a is the
// start of a line or of a run, so the result is cached by position.
func (l *svLayout) width(a, b int) float32 {
	if a >= b {
		return 0
	}
	key := int64(a)<<32 | int64(b)
	if w, ok := l.prefix[key]; ok {
		return w
	}
	w := l.m.width(l.t.slice(a, b))
	l.prefix[key] = w
	return w
}

// lineWidth returns the width of line k's text.
func (l *svLayout) lineWidth(k int) float32 {
	runs := l.runs(k)
	return runs[len(runs)-1].x1
}

// runs returns the bidi runs of line k in logical order. A line without
// right-to-left text is one left-to-right run.
func (l *svLayout) runs(k int) []svRun {
	ln := &l.lines[k]
	if ln.runs != nil {
		return ln.runs
	}
	if !ln.rtl {
		l.measureWords(k)
		ln.runs = []svRun{{start: ln.start, end: ln.textEnd, x1: ln.wordX[len(ln.words)], line: k}}
		return ln.runs
	}
	ln.runs = l.bidiRuns(ln)
	return ln.runs
}

// bidiRuns splits a line as Fyne's text shaper does: by the bidi levels of
// golang.org/x/text/unicode/bidi with a left-to-right default, each run
// measured on its own and placed after the previous one.
func (l *svLayout) bidiRuns(ln *svLine) (runs []svRun) {
	defer func() {
		if recover() != nil { // the bidi package is young; fall back to one run
			runs = []svRun{{start: ln.start, end: ln.textEnd, x1: l.width(ln.start, ln.textEnd), line: -1}}
		}
	}()
	var p bidi.Paragraph
	if _, err := p.SetString(ln.text, bidi.DefaultDirection(bidi.LeftToRight)); err != nil {
		panic(err)
	}
	o, err := p.Order()
	if err != nil {
		panic(err)
	}
	x := float32(0)
	next := ln.start
	for i := 0; i < o.NumRuns(); i++ {
		r := o.Run(i)
		s, e := r.Pos()
		start, end := ln.start+s, ln.start+e+1
		if start != next || end > ln.textEnd || end <= start {
			panic("bidi runs out of order")
		}
		w := l.width(start, end)
		runs = append(runs, svRun{start: start, end: end, x0: x, x1: x + w, rtl: r.Direction() == bidi.RightToLeft, line: -1})
		x += w
		next = end
	}
	if next < ln.textEnd { // the paragraph stopped at a separator the line keeps
		w := l.width(next, ln.textEnd)
		runs = append(runs, svRun{start: next, end: ln.textEnd, x0: x, x1: x + w, line: -1})
	}
	if len(runs) == 0 {
		runs = []svRun{{start: ln.start, end: ln.textEnd, line: -1}}
	}
	return runs
}

// measureWords fills in the word starts of left-to-right line k and their x.
// A word's width is that of its text and of the spaces after it, measured
// apart where the word ends in Latin script (the theme font): both strings
// were measured (and cached) when the text was wrapped.
func (l *svLayout) measureWords(k int) {
	ln := &l.lines[k]
	if ln.wordX != nil {
		return
	}
	t := l.t
	x := float32(0)
	for p := ln.start; p < ln.textEnd; {
		q := p + 1
		for q < ln.textEnd && (t.flags[q]&(svLineCan|svLineMust) == 0 || !t.isSpace(q-1)) {
			q++
		}
		body := q
		for body > p && t.isSpace(body-1) {
			body--
		}
		ln.words = append(ln.words, p)
		ln.wordX = append(ln.wordX, x)
		if body == p || t.runeAt(body-1) < 0x0370 {
			x += l.m.width(t.slice(p, body)) + l.m.width(t.slice(body, q))
		} else {
			// Fyne shapes a space in the font of the text before it: after
			// an emoji or other text from a fallback font it has that font's
			// width, so measure the word with its spaces.
			x += l.m.width(t.slice(p, q))
		}
		p = q
	}
	if len(ln.words) == 0 {
		ln.words = append(ln.words, ln.start)
		ln.wordX = append(ln.wordX, 0)
	}
	ln.wordX = append(ln.wordX, x)
}

// xIn returns the x position of the boundary before code point c, which lies
// in run r (r.start <= c <= r.end).
func (l *svLayout) xIn(r *svRun, c int) float32 {
	w := l.runWidth(r, c)
	if r.rtl {
		return r.x1 - w
	}
	return r.x0 + w
}

// runWidth returns the width of run r up to code point c. On a
// left-to-right line that is the x of c's word plus the measured prefix of
// the word. Inside a right-to-left word the prefix is measured with a zero
// width joiner after it: an Arabic letter cut off from the next one would
// take its final form, which can be wider than the letter as drawn joined in
// the whole word, and the widths would stop growing with c.
func (l *svLayout) runWidth(r *svRun, c int) float32 {
	if r.line >= 0 {
		ln := &l.lines[r.line]
		if c >= ln.textEnd {
			return ln.wordX[len(ln.words)]
		}
		j := sort.SearchInts(ln.words, c+1) - 1
		return ln.wordX[j] + l.m.width(l.t.slice(ln.words[j], c))
	}
	if !r.rtl || c <= r.start || c >= r.end || l.t.isSpace(c) || l.t.isSpace(c-1) {
		return l.width(r.start, c)
	}
	key := -(int64(r.start)<<32 | int64(c)) // negative: joined prefixes
	if w, ok := l.prefix[key]; ok {
		return w
	}
	w := l.m.width(l.t.slice(r.start, c) + "\u200d")
	l.prefix[key] = w
	return w
}

// xOf returns the x position of offset c on line k. At the edge between two
// runs the offset belongs to the run it starts.
func (l *svLayout) xOf(k, c int) float32 {
	runs := l.runs(k)
	for i := range runs {
		r := &runs[i]
		if c >= r.start && c < r.end {
			return l.xIn(r, c)
		}
	}
	last := &runs[len(runs)-1]
	if last.rtl {
		return last.x0
	}
	return l.xIn(last, min(max(c, last.start), last.end))
}

// hit returns, for position x on line k, the nearest grapheme boundary
// (where a caret would go) and the grapheme cluster under x (floor, -1 if x
// is not over the text).
func (l *svLayout) hit(k int, x float32) (nearest, under int) {
	runs := l.runs(k)
	var r *svRun
	switch {
	case len(runs) == 1:
		r = &runs[0]
	case x < runs[0].x0:
		r = &runs[0]
	default:
		r = &runs[len(runs)-1]
		for i := range runs {
			if x < runs[i].x1 {
				r = &runs[i]
				break
			}
		}
	}
	target := x - r.x0
	if r.rtl {
		target = r.x1 - x
	}

	// Grapheme boundaries of the run, binary searched by measured prefix.
	b := l.bounds[:0]
	for i := r.start; i <= r.end; i++ {
		if i == r.start || i == r.end || l.t.isGrapheme(i) {
			b = append(b, i)
		}
	}
	l.bounds = b
	lo, hi := 0, len(b)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.runWidth(r, b[mid]) <= target {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	nearest = b[lo]
	if lo+1 < len(b) && target-l.runWidth(r, b[lo]) > l.runWidth(r, b[lo+1])-target {
		nearest = b[lo+1]
	}
	under = -1
	if target >= 0 && lo+1 < len(b) {
		under = b[lo]
	}
	return nearest, under
}

// xRanges appends the x ranges that code points [a, b) cover on line k: one
// range on a left-to-right line, possibly several where runs change
// direction. Touching ranges are merged.
func (l *svLayout) xRanges(dst [][2]float32, k, a, b int) [][2]float32 {
	ln := &l.lines[k]
	a, b = max(a, ln.start), min(b, ln.textEnd)
	if a >= b {
		return dst
	}
	first := len(dst)
	runs := l.runs(k)
	for i := range runs {
		r := &runs[i]
		lo, hi := max(a, r.start), min(b, r.end)
		if lo >= hi {
			continue
		}
		x0, x1 := l.xIn(r, lo), l.xIn(r, hi)
		if x0 > x1 {
			x0, x1 = x1, x0
		}
		if n := len(dst); n > first && dst[n-1][1] >= x0-0.5 && dst[n-1][0] <= x1+0.5 {
			dst[n-1][0], dst[n-1][1] = min(dst[n-1][0], x0), max(dst[n-1][1], x1)
			continue
		}
		dst = append(dst, [2]float32{x0, x1})
	}
	return dst
}
