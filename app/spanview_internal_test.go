package app

import (
	"image/color"
	"math/rand"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// These tests check the span view's maths without a window: lanes, word
// snapping, boundaries and colours. spanview_test.go drives the widget.

func TestAssignLanesGivesOverlappingSpansDifferentLanes(t *testing.T) {
	tests := []struct {
		name  string
		spans [][2]int
		lanes []int
		count int
	}{
		{"disjoint share lane 0", [][2]int{{0, 5}, {6, 9}, {9, 12}}, []int{0, 0, 0}, 1},
		{"nested: outer below inner", [][2]int{{3, 5}, {0, 10}}, []int{1, 0}, 2},
		{"overlap", [][2]int{{0, 6}, {4, 10}}, []int{0, 1}, 2},
		{"same range twice", [][2]int{{2, 8}, {2, 8}}, []int{0, 1}, 2},
		{"three deep, lane reused after", [][2]int{{0, 20}, {2, 10}, {4, 6}, {12, 18}}, []int{0, 1, 2, 1}, 3},
		{"chain reuses lane 0", [][2]int{{0, 4}, {3, 8}, {7, 12}}, []int{0, 1, 0}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := make([]svSpan, len(tt.spans))
			for i, s := range tt.spans {
				spans[i] = svSpan{Span: Span{Start: s[0], End: s[1]}, order: i}
			}
			if got := assignLanes(spans); got != tt.count {
				t.Errorf("lanes used = %d, want %d", got, tt.count)
			}
			for i := range spans {
				if spans[i].lane != tt.lanes[i] {
					t.Errorf("span %v in lane %d, want %d", tt.spans[i], spans[i].lane, tt.lanes[i])
				}
			}
		})
	}
}

func TestAssignLanesNeverPutsOverlappingSpansInOneLane(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for round := 0; round < 200; round++ {
		spans := make([]svSpan, 1+rng.Intn(30))
		for i := range spans {
			s := rng.Intn(100)
			spans[i] = svSpan{Span: Span{Start: s, End: s + 1 + rng.Intn(30)}, order: i}
		}
		n := assignLanes(spans)
		depth := 0
		for p := 0; p < 140; p++ {
			d := 0
			for i := range spans {
				if spans[i].Start <= p && p < spans[i].End {
					d++
				}
			}
			depth = max(depth, d)
		}
		if n != depth {
			t.Fatalf("round %d: %d lanes for a depth of %d", round, n, depth)
		}
		for i := range spans {
			for j := i + 1; j < len(spans); j++ {
				a, b := spans[i], spans[j]
				if a.lane == b.lane && a.Start < b.End && b.Start < a.End {
					t.Fatalf("round %d: %v and %v overlap in lane %d", round, a.Span, b.Span, a.lane)
				}
			}
		}
	}
}

func TestSnapWordsWidensToWordsAndTrimsSpace(t *testing.T) {
	//             0123456789012345678
	txt := newSVText("Größe, Übermaß  und")
	tests := []struct {
		name       string
		s, e       int
		wantS, wnt int
	}{
		{"inside one word", 1, 3, 0, 5},
		{"across words", 2, 10, 0, 14},
		{"already on boundaries", 7, 14, 7, 14},
		{"trailing spaces dropped", 7, 16, 7, 14},
		{"leading space dropped", 6, 10, 7, 14},
		{"only spaces collapses", 14, 16, 14, 14},
		{"empty stays", 3, 3, 3, 3},
		{"punctuation kept", 3, 6, 0, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e := txt.snapWords(tt.s, tt.e)
			if s != tt.wantS || e != tt.wnt {
				t.Errorf("snapWords(%d, %d) = %d, %d; want %d, %d", tt.s, tt.e, s, e, tt.wantS, tt.wnt)
			}
		})
	}
}

func TestSVTextBoundaries(t *testing.T) {
	tests := []struct {
		text      string
		graphemes []int // every grapheme boundary
	}{
		{"Größe", []int{0, 1, 2, 3, 4, 5}},
		{"a👋🏽b", []int{0, 1, 3, 4}},
		{"👨‍👩‍👧 x", []int{0, 5, 6, 7}},
		{"q̇a", []int{0, 2, 3}},
		{"a\r\nb", []int{0, 1, 3, 4}},
		{"", []int{0}},
	}
	for _, tt := range tests {
		txt := newSVText(tt.text)
		var got []int
		for i := 0; i <= txt.n; i++ {
			if txt.isGrapheme(i) {
				got = append(got, i)
			}
		}
		if len(got) != len(tt.graphemes) {
			t.Errorf("%q: grapheme boundaries %v, want %v", tt.text, got, tt.graphemes)
			continue
		}
		for i := range got {
			if got[i] != tt.graphemes[i] {
				t.Errorf("%q: grapheme boundaries %v, want %v", tt.text, got, tt.graphemes)
				break
			}
		}
	}
}

// uniseg v0.4.7 reports a mandatory line break after an emoji with a skin
// tone; the span view must not start a new line there.
func TestSVTextNoHardBreakAfterSkinToneEmoji(t *testing.T) {
	txt := newSVText("Hallo 👋🏽 Welt 👋🏽x\nneu")
	for i := 1; i < txt.n; i++ {
		if txt.flags[i]&svLineMust != 0 && txt.runeAt(i-1) != '\n' {
			t.Errorf("hard break before %d (%q)", i, txt.runeAt(i))
		}
	}
	if txt.flags[8]&(svLineCan|svLineMust) != 0 {
		t.Error("line may break between the emoji and the space after it")
	}
	if txt.flags[18]&svLineMust == 0 {
		t.Error("no hard break after the newline")
	}
}

func TestWordAndParagraphMoves(t *testing.T) {
	//               0123456789012345678901
	txt := newSVText("Hallo, schöne Welt.\nNeu")
	if got := txt.nextWordEnd(0); got != 5 {
		t.Errorf("nextWordEnd(0) = %d, want 5", got)
	}
	if got := txt.nextWordEnd(6); got != 13 {
		t.Errorf("nextWordEnd(6) = %d, want 13", got)
	}
	if got := txt.prevWordStart(13); got != 7 {
		t.Errorf("prevWordStart(13) = %d, want 7", got)
	}
	if got := txt.prevWordStart(7); got != 5 {
		t.Errorf("prevWordStart(7) = %d, want 5 (the comma)", got)
	}
	if s, e := txt.paragraphAt(9); s != 0 || e != 19 {
		t.Errorf("paragraphAt(9) = %d, %d; want 0, 19", s, e)
	}
	if s, e := txt.paragraphAt(21); s != 20 || e != 23 {
		t.Errorf("paragraphAt(21) = %d, %d; want 20, 23", s, e)
	}
}

// The band behind highlighted text must leave the text readable: at least
// 4.5:1 between the theme's text colour and the band over the background, for
// any label colour, in the light and the dark theme.
func TestBandColorKeepsTextContrast(t *testing.T) {
	test.NewTempApp(t)
	palette := []color.Color{
		color.NRGBA{R: 0xff, G: 0xff, B: 0x00, A: 0xff}, color.NRGBA{R: 0x00, G: 0x00, B: 0xff, A: 0xff},
		color.NRGBA{R: 0xff, G: 0x00, B: 0x00, A: 0xff}, color.NRGBA{R: 0x00, G: 0xff, B: 0x00, A: 0xff},
		color.White, color.Black, color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff},
		color.NRGBA{R: 0xe6, G: 0x7e, B: 0x22, A: 0xff}, color.NRGBA{R: 0x8e, G: 0x44, B: 0xad, A: 0xff},
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		palette = append(palette, color.NRGBA{R: uint8(rng.Intn(256)), G: uint8(rng.Intn(256)), B: uint8(rng.Intn(256)), A: 0xff})
	}
	th := theme.DefaultTheme()
	for _, variant := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		fg := th.Color(theme.ColorNameForeground, variant.v)
		bg := th.Color(theme.ColorNameBackground, variant.v)
		for _, c := range palette {
			band := bandColor(c, fg, bg)
			shown := over(opaque(band), float64(band.A)/255, opaque(bg))
			if got := contrast(opaque(fg), shown); got < svTextContrast {
				t.Errorf("%s: label %v gives band %v: text contrast %.2f < 4.5", variant.name, c, band, got)
			}
			if band.A < svBandMinAlpha {
				t.Errorf("%s: label %v: band alpha %d too faint to see", variant.name, c, band.A)
			}
			bar := barColor(c, fg, bg)
			if got := contrast(bar, opaque(bg)); got < svNonTextContrast {
				t.Errorf("%s: label %v gives bar %v with contrast %.2f < 3", variant.name, c, bar, got)
			}
		}
	}
}

// Positions on a left-to-right line are summed from measured words (see
// spanview_layout.go). That is only right if Fyne shapes no kerning across a
// space: check that every x equals the width of the whole line prefix, on
// text full of kerning pairs, hyphens and slashes.
func TestWordSumsEqualWholePrefixWidths(t *testing.T) {
	test.NewTempApp(t)
	txt := newSVText("Tatsächlich: „Wolfgang“ Tübingen, AVWA Tee. Yvonne Twain „Vater“ (Wo?) — “Yes”, " +
		"LTA. T. Y. W. V. A. 1.234,56 € 7/8. Tee-Verkauf AV-Wahl T-Online Y-Achse Nord-West-Tor A/V W/Y " +
		"r/v L-Y 5–Tage Wort—Wahl Tor/Wahl Ä-Y ß-V Größe, Übermaß. Hallo 👋🏽 Welt, 👨‍👩‍👧 family q̇ end. " +
		"Ελλάδα Москва 漢字 かな 한국 ١٢٣ 😀  x 👋🏽  y")
	var m svMeasurer
	m.reset(14, fyne.TextStyle{})
	for _, width := range []float32{150, 320, 800} {
		l := newSVLayout(txt, &m, width)
		for k := range l.lines {
			ln := &l.lines[k]
			r := &l.runs(k)[0]
			for c := ln.start; c <= ln.textEnd; c++ {
				if !txt.isGrapheme(c) {
					continue
				}
				whole := fyne.MeasureText(txt.slice(ln.start, c), 14, fyne.TextStyle{}).Width
				if got := l.runWidth(r, c); got < whole-0.01 || got > whole+0.01 {
					t.Errorf("width %v, line %q, offset %d: x %v, whole prefix %v", width, ln.text, c, got, whole)
				}
			}
		}
	}
}
