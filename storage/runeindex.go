package storage

import (
	"slices"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// runeIndex finds the byte offsets of code point offsets in one text, for
// the quotes of the many spans an import checks in a segment.
// annotate.QuoteOf scans the text from its start for every span (twice per
// imported annotation, since ValidateInSegment and Anchor each call it);
// annotate.OffsetIndex answers in constant time but keeps 8 to 16 bytes per
// code point, which for an import of 1,000,000 annotations over 300,000
// segments came to more allocation than the quotes cost. runeIndex keeps
// the byte offset of every runeStep-th code point and walks at most
// runeStep-1 code points from there; an ASCII text needs no table.
//
// It decodes as a range loop over the string does (an invalid byte is one
// code point), so its answers are annotate.QuoteOf's for any text.
type runeIndex struct {
	text  string
	runes int
	marks []int // marks[k] is the byte offset of code point k*runeStep; nil for ASCII
}

const runeStep = 16

// newRuneIndex indexes s, reusing the memory of marks for its table.
func newRuneIndex(s string, marks []int) *runeIndex {
	x := &runeIndex{text: s}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		x.runes = len(s)
		return x
	}
	marks = slices.Grow(marks[:0], len(s)/runeStep+1)
	n := 0
	for i := range s {
		if n&(runeStep-1) == 0 {
			marks = append(marks, i)
		}
		n++
	}
	x.runes, x.marks = n, marks
	return x
}

// byteOffset returns the byte offset of code point offset cp, which must
// be in [0, x.runes].
func (x *runeIndex) byteOffset(cp int) int {
	if x.marks == nil {
		return cp
	}
	if cp == x.runes {
		return len(x.text)
	}
	b := x.marks[cp/runeStep]
	for k := cp % runeStep; k > 0; k-- {
		if x.text[b] < utf8.RuneSelf {
			b++
			continue
		}
		_, size := utf8.DecodeRuneInString(x.text[b:])
		b += size
	}
	return b
}

// quote returns what annotate.QuoteOf(x.text, start, end, context) does.
func (x *runeIndex) quote(start, end, context int) (annotate.Quote, bool) {
	if start < 0 || start > end || end > x.runes {
		return annotate.Quote{}, false
	}
	bp := x.byteOffset(max(start-context, 0))
	b0 := x.byteOffset(start)
	b1 := x.byteOffset(end)
	bs := x.byteOffset(min(end+context, x.runes))
	return annotate.Quote{Exact: x.text[b0:b1], Prefix: x.text[bp:b0], Suffix: x.text[b1:bs]}, true
}
