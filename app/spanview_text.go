package app

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/bidi"
)

// This file holds the text maths of the span view that does not depend on
// fonts, widths or Fyne: where grapheme clusters, words and line-break
// opportunities begin, and how a selection snaps to them. Offsets are code
// points from the start of the text, as everywhere in Newsmark.

// Flags describing the boundary before a code point (svText.flags[i] is the
// boundary between code points i-1 and i).
const (
	svGrapheme uint8 = 1 << iota // a grapheme cluster starts here
	svWord                       // a word segment (UAX #29) starts here
	svLineCan                    // a line may be wrapped here (UAX #14)
	svLineMust                   // a hard line break: the previous cluster is a newline
	svRTL                        // code point i is a strong right-to-left character
)

// svText is a text with its segment boundaries, computed once per SetText.
type svText struct {
	s      string
	n      int     // length in code points
	byteAt []int32 // byteAt[i] is the UTF-8 offset of code point i; len n+1
	flags  []uint8 // boundary flags before code point i; len n+1
}

func newSVText(s string) *svText {
	n := utf8.RuneCountInString(s)
	t := &svText{s: s, n: n, byteAt: make([]int32, n+1), flags: make([]uint8, n+1)}
	i := 0
	for b, r := range s {
		t.byteAt[i] = int32(b)
		if isRTLRune(r) {
			t.flags[i] |= svRTL
		}
		i++
	}
	t.byteAt[n] = int32(len(s))

	cp, state := 0, -1
	rest := s
	for len(rest) > 0 {
		var cluster string
		var boundaries int
		cluster, rest, boundaries, state = uniseg.StepString(rest, state)
		t.flags[cp] |= svGrapheme
		cp += utf8.RuneCountInString(cluster)
		if cp == n {
			break // the end is a boundary of every kind; LB3's final "must break" is no newline
		}
		if boundaries&uniseg.MaskWord != 0 {
			t.flags[cp] |= svWord
		}
		switch boundaries & uniseg.MaskLine {
		case uniseg.LineCanBreak:
			t.flags[cp] |= svLineCan
		case uniseg.LineMustBreak:
			last, _ := utf8.DecodeLastRuneInString(cluster)
			switch {
			case isNewline(last):
				t.flags[cp] |= svLineMust
			case !unicode.IsSpace(t.runeAt(cp)):
				// uniseg v0.4.7 reports a mandatory break after an emoji
				// with a skin tone (its LB30b leaves a bad state); treat it
				// as an opportunity, and as none before a space (LB7).
				t.flags[cp] |= svLineCan
			}
		}
	}
	t.flags[0] |= svGrapheme | svWord
	t.flags[n] |= svGrapheme | svWord
	return t
}

// isRTLRune reports whether r makes the bidi algorithm open a right-to-left
// run: a strong RTL letter or an explicit RTL embedding, override or isolate.
func isRTLRune(r rune) bool {
	if r < 0x0590 {
		return false // fast path: nothing below Hebrew is right-to-left
	}
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.R, bidi.AL, bidi.RLE, bidi.RLO, bidi.RLI:
		return true
	}
	return false
}

// isNewline reports whether r ends a line by itself (UAX #14 classes BK, CR,
// LF and NL).
func isNewline(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

func (t *svText) slice(a, b int) string { return t.s[t.byteAt[a]:t.byteAt[b]] }

func (t *svText) runeAt(i int) rune {
	r, _ := utf8.DecodeRuneInString(t.s[t.byteAt[i]:])
	return r
}

func (t *svText) clamp(i int) int {
	return max(0, min(i, t.n))
}

func (t *svText) isGrapheme(i int) bool { return t.flags[i]&svGrapheme != 0 }

// floorGrapheme returns the last grapheme boundary at or before i.
func (t *svText) floorGrapheme(i int) int {
	i = t.clamp(i)
	for i > 0 && t.flags[i]&svGrapheme == 0 {
		i--
	}
	return i
}

// ceilGrapheme returns the first grapheme boundary at or after i.
func (t *svText) ceilGrapheme(i int) int {
	i = t.clamp(i)
	for i < t.n && t.flags[i]&svGrapheme == 0 {
		i++
	}
	return i
}

// prevGrapheme returns the grapheme boundary before i, or 0.
func (t *svText) prevGrapheme(i int) int {
	if i <= 0 {
		return 0
	}
	return t.floorGrapheme(i - 1)
}

// nextGrapheme returns the grapheme boundary after i, or n.
func (t *svText) nextGrapheme(i int) int {
	if i >= t.n {
		return t.n
	}
	return t.ceilGrapheme(i + 1)
}

// wordAt returns the word segment (UAX #29) that holds code point i, which
// must be less than n. Spaces, punctuation and emoji are segments too.
func (t *svText) wordAt(i int) (start, end int) {
	start, end = i, i+1
	for start > 0 && t.flags[start]&svWord == 0 {
		start--
	}
	for end < t.n && t.flags[end]&svWord == 0 {
		end++
	}
	return start, end
}

// isSpace reports whether the segment starting at code point i is white
// space (a word segment of spaces or a newline).
func (t *svText) isSpace(i int) bool { return unicode.IsSpace(t.runeAt(i)) }

// snapWords widens [s, e) outwards to whole word segments and then drops
// white space at either end, so a drag from inside one word to inside
// another selects both words and nothing around them. An empty range stays
// as it is; a range of white space only collapses to its start.
func (t *svText) snapWords(s, e int) (int, int) {
	if s >= e {
		return s, e
	}
	if t.flags[s]&svWord == 0 {
		s, _ = t.wordAt(s)
	}
	if t.flags[e]&svWord == 0 {
		_, e = t.wordAt(e - 1)
	}
	s0 := s
	for s < e && t.isSpace(s) {
		_, s = t.wordAt(s)
	}
	for e > s && t.isSpace(e-1) {
		e, _ = t.wordAt(e - 1)
	}
	if s >= e {
		return s0, s0
	}
	return s, e
}

// prevWordStart returns where the word before i starts, skipping white space,
// as ctrl+Left moves in a text editor.
func (t *svText) prevWordStart(i int) int {
	for i > 0 {
		s, _ := t.wordAt(i - 1)
		if !t.isSpace(s) {
			return s
		}
		i = s
	}
	return 0
}

// nextWordEnd returns where the word after i ends, skipping white space, as
// ctrl+Right moves in a text editor.
func (t *svText) nextWordEnd(i int) int {
	for i < t.n {
		s, e := t.wordAt(i)
		if !t.isSpace(s) {
			return e
		}
		i = e
	}
	return t.n
}

// paragraphAt returns the paragraph around code point i: the text between
// hard line breaks, without the break itself.
func (t *svText) paragraphAt(i int) (start, end int) {
	i = t.clamp(i)
	start, end = i, i
	for start > 0 && t.flags[start]&svLineMust == 0 {
		start--
	}
	for end < t.n && !isNewline(t.runeAt(end)) {
		end++
	}
	return start, end
}

// snapGraphemes widens [s, e) to whole grapheme clusters, after clamping it
// to the text and putting the ends in order.
func (t *svText) snapGraphemes(s, e int) (int, int) {
	if s > e {
		s, e = e, s
	}
	return t.floorGrapheme(s), t.ceilGrapheme(e)
}
