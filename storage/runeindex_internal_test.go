package storage

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

// TestRuneIndexQuotesAsQuoteOf checks runeIndex against annotate.QuoteOf,
// whose answers it must give, on every span of short texts and on random
// spans of long ones: ASCII, umlauts, emoji, combining marks, and bytes that
// are not UTF-8 at all.
func TestRuneIndexQuotesAsQuoteOf(t *testing.T) {
	texts := []string{
		"",
		"a",
		"Hallo Welt",
		"äöü",
		"🦊🦊 Fuchs und Hase",
		"e\u0301 combining, 👍🏽 skin tone, 🇩🇪 flag",
		"\xff\xfe broken \x80 bytes \xe2\x82 cut short",
		strings.Repeat("x", runeStep-1) + "ü",
		strings.Repeat("ü", runeStep) + "x",
		strings.Repeat("Die Bürgermeisterin sprach über Radwege in Köln 🚲, sagte „die“ Zeitung. ", 40),
		strings.Repeat("plain ascii text of some length. ", 50),
		strings.Repeat("\xc3", 40) + "ok",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var marks []int
	for _, s := range texts {
		x := newRuneIndex(s, marks)
		n := annotate.RuneCount(s)
		if x.runes != n {
			t.Errorf("%q: %d code points, want %d", s, x.runes, n)
		}
		check := func(start, end, context int) {
			t.Helper()
			got, gotOK := x.quote(start, end, context)
			want, wantOK := annotate.QuoteOf(s, start, end, context)
			if got != want || gotOK != wantOK {
				t.Fatalf("%q [%d,%d) context %d: got %q %v, want %q %v", s, start, end, context, got, gotOK, want, wantOK)
			}
		}
		if n <= 40 {
			for start := -1; start <= n+1; start++ {
				for end := start - 1; end <= n+2; end++ {
					for _, context := range []int{0, 1, 3, annotate.QuoteContext} {
						check(start, end, context)
					}
				}
			}
		} else {
			for range 2000 {
				start := rng.IntN(n+3) - 1
				end := start + rng.IntN(40) - 1
				check(start, end, annotate.QuoteContext)
			}
			check(0, n, annotate.QuoteContext)
			check(n, n, annotate.QuoteContext)
			check(n-1, n+1, annotate.QuoteContext)
		}
		marks = x.marks // reuse, as an import does
	}
}

func TestContentHashMatches(t *testing.T) {
	long := strings.Repeat("Käse 🧀 und Brot. ", 1000) // longer than the copy buffer
	for _, segs := range [][]annotate.Segment{
		nil,
		{{Kind: annotate.KindHeadline}},
		{{Kind: annotate.KindHeadline, Text: "Titel"}, {Kind: annotate.KindComment, Text: long}},
		{{Kind: "custom", Text: "a\x00b"}, {Kind: annotate.KindBody, Text: "\xff"}},
	} {
		if got, want := contentHash(segs), annotate.ContentHash(segs); got != want {
			t.Errorf("contentHash = %s, annotate.ContentHash = %s", got, want)
		}
	}
}

// TestSlabHandsOutEveryByteOnce checks that the values a slab hands out
// never share bytes, whatever their sizes, since bbolt keeps them all until
// the commit.
func TestSlabHandsOutEveryByteOnce(t *testing.T) {
	var s slab
	var got [][]byte
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 5000 {
		n := rng.IntN(300)
		if i%500 == 0 {
			n = 5000 + rng.IntN(2<<20) // longer than what is left, or than a chunk
		}
		b := byte(i)
		v := s.encode(func(dst []byte) []byte {
			for range n {
				dst = append(dst, b)
			}
			return dst
		})
		if len(v) != n {
			t.Fatalf("value %d: len %d, want %d", i, len(v), n)
		}
		got = append(got, v)
	}
	for i, v := range got {
		for _, c := range v {
			if c != byte(i) {
				t.Fatalf("value %d was overwritten", i)
			}
		}
	}
}
