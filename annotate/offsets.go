package annotate

import (
	"unicode/utf16"
	"unicode/utf8"
)

// This file is the one place where offsets change unit. Inside Newsmark an
// offset is a count of code points (runes) from the start of a segment's text;
// UTF-8 byte offsets are what Go slices with, and UTF-16 code units are what
// JavaScript-based tools (doccano, Label Studio, Hypothesis) count.

// RuneCount returns the length of s in code points.
func RuneCount(s string) int { return utf8.RuneCountInString(s) }

// ByteOffset returns the UTF-8 byte offset of code point offset cp in s.
// It reports false if cp is negative or greater than the length of s.
func ByteOffset(s string, cp int) (int, bool) {
	if cp < 0 {
		return 0, false
	}
	n := 0
	for i := range s {
		if n == cp {
			return i, true
		}
		n++
	}
	if n == cp {
		return len(s), true
	}
	return 0, false
}

// RuneOffset returns the code point offset of UTF-8 byte offset b in s. It
// reports false if b is outside s or falls inside a multi-byte sequence.
func RuneOffset(s string, b int) (int, bool) {
	if b < 0 || b > len(s) {
		return 0, false
	}
	if b < len(s) && !utf8.RuneStart(s[b]) {
		return 0, false
	}
	return utf8.RuneCountInString(s[:b]), true
}

// UTF16Offset returns the UTF-16 code unit offset of code point offset cp in
// s. Code points outside the Basic Multilingual Plane (most emoji) count two.
func UTF16Offset(s string, cp int) (int, bool) {
	if cp < 0 {
		return 0, false
	}
	n, u := 0, 0
	for _, r := range s {
		if n == cp {
			return u, true
		}
		u += utf16.RuneLen(r)
		n++
	}
	if n == cp {
		return u, true
	}
	return 0, false
}

// RuneOffsetFromUTF16 returns the code point offset of UTF-16 code unit
// offset u in s. It reports false if u is outside s or splits a surrogate
// pair.
func RuneOffsetFromUTF16(s string, u int) (int, bool) {
	if u < 0 {
		return 0, false
	}
	n, cu := 0, 0
	for _, r := range s {
		if cu == u {
			return n, true
		}
		if cu > u {
			return 0, false
		}
		cu += utf16.RuneLen(r)
		n++
	}
	if cu == u {
		return n, true
	}
	return 0, false
}

// Slice returns the text between code point offsets start and end (end
// exclusive). It reports false if the range is not inside s.
func Slice(s string, start, end int) (string, bool) {
	if start > end {
		return "", false
	}
	b0, ok := ByteOffset(s, start)
	if !ok {
		return "", false
	}
	b1, ok := ByteOffset(s[b0:], end-start)
	if !ok {
		return "", false
	}
	return s[b0 : b0+b1], true
}

// QuoteContext is the number of code points of prefix and suffix that
// QuoteOf keeps on each side of a span, as Hypothesis does.
const QuoteContext = 32

// Quote is the W3C TextQuoteSelector of a span: the exact text it covers and
// up to QuoteContext code points before and after, so that a reader of an
// export can check every span and a tool can re-anchor it.
type Quote struct {
	Exact  string
	Prefix string
	Suffix string
}

// QuoteOf returns the quote of code points [start, end) of s, with up to
// context code points of prefix and suffix. It reports false if the range is
// not inside s.
func QuoteOf(s string, start, end, context int) (Quote, bool) {
	if start < 0 || start > end {
		return Quote{}, false
	}
	b0, ok := ByteOffset(s, start)
	if !ok {
		return Quote{}, false
	}
	b1, ok := ByteOffset(s[b0:], end-start)
	if !ok {
		return Quote{}, false
	}
	b1 += b0
	q := Quote{Exact: s[b0:b1]}
	p := b0
	for i := 0; i < context && p > 0; i++ {
		_, size := utf8.DecodeLastRuneInString(s[:p])
		p -= size
	}
	q.Prefix = s[p:b0]
	e := b1
	for i := 0; i < context && e < len(s); i++ {
		_, size := utf8.DecodeRuneInString(s[e:])
		e += size
	}
	q.Suffix = s[b1:e]
	return q, true
}
