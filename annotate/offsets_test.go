package annotate_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// The texts cover the cases other tools get wrong: umlauts (one code point,
// two bytes), emoji outside the BMP (one code point, two UTF-16 units), an
// emoji with a skin-tone modifier (two code points, one grapheme), combining
// accents that NFC cannot compose, and right-to-left text.
const mixed = "Größe 👋🏽 q̇ שלום!"

func TestOffsetConversions(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		cp          int
		wantByte    int
		wantUTF16   int
		wantOK      bool
		wantSliceTo string // text of [0, cp)
	}{
		{"start", mixed, 0, 0, 0, true, ""},
		{"after umlaut", mixed, 3, 4, 3, true, "Grö"},
		{"after word", mixed, 5, 7, 5, true, "Größe"},
		{"after waving hand", mixed, 7, 12, 8, true, "Größe 👋"},
		{"after skin tone", mixed, 8, 16, 10, true, "Größe 👋🏽"},
		{"after combining dot", mixed, 11, 20, 13, true, "Größe 👋🏽 q̇"},
		{"end", mixed, 17, len(mixed), 19, true, mixed},
		{"past end", mixed, 18, 0, 0, false, ""},
		{"negative", mixed, -1, 0, 0, false, ""},
		{"empty text", "", 0, 0, 0, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ok := annotate.ByteOffset(tt.text, tt.cp)
			if ok != tt.wantOK || (ok && b != tt.wantByte) {
				t.Fatalf("ByteOffset(%d) = %d, %v; want %d, %v", tt.cp, b, ok, tt.wantByte, tt.wantOK)
			}
			u, ok := annotate.UTF16Offset(tt.text, tt.cp)
			if ok != tt.wantOK || (ok && u != tt.wantUTF16) {
				t.Fatalf("UTF16Offset(%d) = %d, %v; want %d, %v", tt.cp, u, ok, tt.wantUTF16, tt.wantOK)
			}
			if !tt.wantOK {
				return
			}
			if got, _ := annotate.Slice(tt.text, 0, tt.cp); got != tt.wantSliceTo {
				t.Errorf("Slice(0, %d) = %q, want %q", tt.cp, got, tt.wantSliceTo)
			}
			if cp, ok := annotate.RuneOffset(tt.text, tt.wantByte); !ok || cp != tt.cp {
				t.Errorf("RuneOffset(%d) = %d, %v; want %d", tt.wantByte, cp, ok, tt.cp)
			}
			if cp, ok := annotate.RuneOffsetFromUTF16(tt.text, tt.wantUTF16); !ok || cp != tt.cp {
				t.Errorf("RuneOffsetFromUTF16(%d) = %d, %v; want %d", tt.wantUTF16, cp, ok, tt.cp)
			}
		})
	}
}

func TestOffsetsRefuseToSplitCharacters(t *testing.T) {
	// Byte 3 is inside "ö"; UTF-16 unit 7 is between the surrogates of 👋.
	if _, ok := annotate.RuneOffset(mixed, 3); ok {
		t.Error("RuneOffset accepted a byte offset inside a multi-byte sequence")
	}
	if _, ok := annotate.RuneOffsetFromUTF16(mixed, 7); ok {
		t.Error("RuneOffsetFromUTF16 accepted an offset between a surrogate pair")
	}
	if _, ok := annotate.Slice(mixed, 5, 3); ok {
		t.Error("Slice accepted start after end")
	}
}

func TestQuoteOf(t *testing.T) {
	text := "Der Minister sagte: »Wir 👋🏽 bleiben.« Danach ging er."
	tests := []struct {
		name                  string
		start, end, context   int
		exact, prefix, suffix string
		ok                    bool
	}{
		{"word with context", 4, 12, 4, "Minister", "Der ", " sag", true},
		{"emoji span", 25, 27, 3, "👋🏽", "ir ", " bl", true},
		{"context clipped at start", 0, 3, 10, "Der", "", " Minister ", true},
		{"context clipped at end", 45, 53, 10, "ging er.", ".« Danach ", "", true},
		{"empty span", 4, 4, 2, "", "r ", "Mi", true},
		{"out of range", 50, 60, 2, "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, ok := annotate.QuoteOf(text, tt.start, tt.end, tt.context)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			want := annotate.Quote{Exact: tt.exact, Prefix: tt.prefix, Suffix: tt.suffix}
			if ok && q != want {
				t.Errorf("QuoteOf(%d, %d) = %+v, want %+v", tt.start, tt.end, q, want)
			}
		})
	}
}

// FuzzOffsets checks that the conversions agree with each other on any valid
// UTF-8 text: code points → bytes → code points and code points → UTF-16 →
// code points are identities, and a quote's parts concatenate to a substring.
func FuzzOffsets(f *testing.F) {
	f.Add(mixed, 3, 9)
	f.Add("", 0, 0)
	f.Add("👨‍👩‍👧 family", 1, 5)
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		if !utf8.ValidString(s) {
			return
		}
		n := annotate.RuneCount(s)
		for cp := 0; cp <= n; cp++ {
			by, ok := annotate.ByteOffset(s, cp)
			if !ok {
				t.Fatalf("ByteOffset(%d) failed on %q", cp, s)
			}
			if back, ok := annotate.RuneOffset(s, by); !ok || back != cp {
				t.Fatalf("RuneOffset(ByteOffset(%d)) = %d on %q", cp, back, s)
			}
			u, ok := annotate.UTF16Offset(s, cp)
			if !ok {
				t.Fatalf("UTF16Offset(%d) failed on %q", cp, s)
			}
			if back, ok := annotate.RuneOffsetFromUTF16(s, u); !ok || back != cp {
				t.Fatalf("RuneOffsetFromUTF16(UTF16Offset(%d)) = %d on %q", cp, back, s)
			}
		}
		q, ok := annotate.QuoteOf(s, a, b, 5)
		if ok != (a >= 0 && a <= b && b <= n) {
			t.Fatalf("QuoteOf(%d, %d) ok = %v for length %d", a, b, ok, n)
		}
		if ok {
			sub, _ := annotate.Slice(s, a, b)
			if q.Exact != sub {
				t.Fatalf("quote %q != slice %q", q.Exact, sub)
			}
			whole := q.Prefix + q.Exact + q.Suffix
			if !strings.Contains(s, whole) {
				t.Fatalf("prefix+exact+suffix %q is not in %q", whole, s)
			}
		}
	})
}
