package annotate

import (
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// OffsetIndex converts offsets within one text in constant time. The
// functions of offsets.go scan the text from its start on every call, which
// is right for one span but quadratic for the thousands of spans an export or
// import converts in a long segment; an OffsetIndex is built once per text
// (one pass) and answers each conversion by lookup. An all-ASCII text needs
// no tables at all, since its three units coincide.
type OffsetIndex struct {
	text  string
	runes int
	// bytes[i] is the UTF-8 byte offset of code point i, for i in
	// [0, runes]; nil when the text is ASCII.
	bytes []int
	// units[i] is the UTF-16 code unit offset of code point i; nil when
	// every code point is in the Basic Multilingual Plane.
	units []int
}

// NewOffsetIndex indexes s.
func NewOffsetIndex(s string) *OffsetIndex {
	x := &OffsetIndex{text: s}
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
	x.bytes = make([]int, 0, len(s)+1)
	astral := false
	for i, r := range s {
		x.bytes = append(x.bytes, i)
		if utf16.RuneLen(r) == 2 {
			astral = true
		}
	}
	x.runes = len(x.bytes)
	x.bytes = append(x.bytes, len(s))
	if astral {
		x.units = make([]int, x.runes+1)
		u := 0
		i := 0
		for _, r := range s {
			x.units[i] = u
			u += utf16.RuneLen(r)
			i++
		}
		x.units[x.runes] = u
	}
	return x
}

// Text returns the indexed text.
func (x *OffsetIndex) Text() string { return x.text }

// Len returns the text's length in code points.
func (x *OffsetIndex) Len() int { return x.runes }

// UTF16Len returns the text's length in UTF-16 code units.
func (x *OffsetIndex) UTF16Len() int {
	if x.units == nil {
		return x.runes
	}
	return x.units[x.runes]
}

// ByteOffset returns the UTF-8 byte offset of code point offset cp, as
// ByteOffset does.
func (x *OffsetIndex) ByteOffset(cp int) (int, bool) {
	if cp < 0 || cp > x.runes {
		return 0, false
	}
	if x.bytes == nil {
		return cp, true
	}
	return x.bytes[cp], true
}

// UTF16Offset returns the UTF-16 code unit offset of code point offset cp,
// as UTF16Offset does.
func (x *OffsetIndex) UTF16Offset(cp int) (int, bool) {
	if cp < 0 || cp > x.runes {
		return 0, false
	}
	if x.units == nil {
		return cp, true
	}
	return x.units[cp], true
}

// RuneOffsetFromUTF16 returns the code point offset of UTF-16 code unit
// offset u, as RuneOffsetFromUTF16 does: false if u is outside the text or
// splits a surrogate pair.
func (x *OffsetIndex) RuneOffsetFromUTF16(u int) (int, bool) {
	if u < 0 {
		return 0, false
	}
	if x.units == nil {
		if u > x.runes {
			return 0, false
		}
		return u, true
	}
	i := sort.SearchInts(x.units, u)
	if i > x.runes || x.units[i] != u {
		return 0, false
	}
	return i, true
}

// RuneOffset returns the code point offset of UTF-8 byte offset b, as
// RuneOffset does: false if b is outside the text or inside a multi-byte
// sequence.
func (x *OffsetIndex) RuneOffset(b int) (int, bool) {
	if b < 0 || b > len(x.text) {
		return 0, false
	}
	if x.bytes == nil {
		return b, true
	}
	i := sort.SearchInts(x.bytes, b)
	if i > x.runes || x.bytes[i] != b {
		return 0, false
	}
	return i, true
}

// Slice returns the text between code point offsets start and end, as Slice
// does.
func (x *OffsetIndex) Slice(start, end int) (string, bool) {
	if start < 0 || start > end || end > x.runes {
		return "", false
	}
	b0, _ := x.ByteOffset(start)
	b1, _ := x.ByteOffset(end)
	return x.text[b0:b1], true
}

// Quote returns the quote of code points [start, end) with up to context
// code points of prefix and suffix, exactly as QuoteOf does.
func (x *OffsetIndex) Quote(start, end, context int) (Quote, bool) {
	if start < 0 || start > end || end > x.runes {
		return Quote{}, false
	}
	p := max(start-context, 0)
	s := min(end+context, x.runes)
	bp, _ := x.ByteOffset(p)
	b0, _ := x.ByteOffset(start)
	b1, _ := x.ByteOffset(end)
	bs, _ := x.ByteOffset(s)
	return Quote{Exact: x.text[b0:b1], Prefix: x.text[bp:b0], Suffix: x.text[b1:bs]}, true
}
