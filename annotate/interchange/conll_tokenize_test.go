package interchange

import (
	"slices"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

func TestTokenizeKeepsWhatReadersSeeAsOneCharacterInOneToken(t *testing.T) {
	tests := []struct {
		name string
		text string
		cuts []int
		want []string
	}{
		{"words and punctuation", "Köln, 2025!", nil, []string{"Köln", ",", "2025", "!"}},
		{"combining mark stays on its letter", "q\u0303 und", nil, []string{"q\u0303", "und"}},
		{"zwj family is one token", "a 👩‍👩‍👧 b", nil, []string{"a", "👩‍👩‍👧", "b"}},
		{"flag is one token, two flags two", "🇩🇪🇫🇷", nil, []string{"🇩🇪", "🇫🇷"}},
		{"skin tone stays on its emoji", "👍🏽!", nil, []string{"👍🏽", "!"}},
		{"keycap stays whole", "1️⃣ x", nil, []string{"1️⃣", "x"}},
		{"a span edge splits a word", "Obamas Rede", []int{5}, []string{"Obama", "s", "Rede"}},
		{"no-break space separates", "a\u00a0b", nil, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cuts := map[int]bool{}
			for _, c := range tt.cuts {
				cuts[c] = true
			}
			x := annotate.NewOffsetIndex(tt.text)
			var got []string
			for _, tok := range tokenize(tt.text, cuts) {
				s, _ := x.Slice(tok.start, tok.end)
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("tokenize(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
