package app_test

import (
	"fmt"
	"image/color"
	"math/rand"
	"runtime"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/app"
)

// Texts used across the tests. Offsets in the comments are code points.
const (
	german   = "Größe, Übermaß"           // Größe 0-5, "," 5, Übermaß 7-14
	wave     = "Hallo 👋🏽 Welt"            // 👋🏽 is 6-8 (two code points, one cluster)
	family   = "👨‍👩‍👧 family"             // the family is 0-5 (five code points)
	combined = "Ein q̇ hier"              // q̇ is 4-6: q + U+0307, no precomposed form
	hebrew   = "Er sagte שלום עולם heute" // שלום 9-13, עולם 14-18
	arabic   = "قال مرحبا بالعالم اليوم"  // مرحبا 4-9, بالعالم 10-17
	news     = "Die Bundesregierung in Berlin hat am Mittwoch entschieden, sagte der Sprecher."
)

// newSpanView shows text in a test window of the given width.
func newSpanView(t *testing.T, text string, width float32) (*app.SpanView, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := app.NewSpanView(text)
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(width, 300))
	return v, w
}

// local returns a point in the widget dx right of the caret before offset,
// half a line down.
func local(v *app.SpanView, offset int, dx float32) fyne.Position {
	return v.PositionOf(offset).AddXY(dx, theme.TextSize()/2)
}

// at is local in canvas coordinates, as test.Drag and test.MoveMouse want.
func at(v *app.SpanView, offset int, dx float32) fyne.Position {
	return v.Position().Add(local(v, offset, dx))
}

// drag drags the mouse from one canvas position to another. The test driver
// sends one Dragged event at the end point and a DragEnd, no MouseDown.
func drag(w fyne.Window, from, to fyne.Position) {
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y)
}

// selected returns the selected quote, checked against the text with
// annotate.QuoteOf.
func selected(t *testing.T, v *app.SpanView) string {
	t.Helper()
	s, e := v.Selection()
	q, ok := annotate.QuoteOf(v.Text(), s, e, 0)
	if !ok {
		t.Fatalf("selection %d-%d is not inside the text", s, e)
	}
	if sl, _ := annotate.Slice(v.Text(), s, e); sl != v.SelectedText() {
		t.Errorf("SelectedText() = %q, annotate.Slice = %q", v.SelectedText(), sl)
	}
	return q.Exact
}

func assertSelection(t *testing.T, v *app.SpanView, start, end int, quote string) {
	t.Helper()
	s, e := v.Selection()
	if s != start || e != end {
		t.Errorf("Selection() = %d-%d, want %d-%d", s, e, start, end)
	}
	if got := selected(t, v); got != quote {
		t.Errorf("selected %q, want %q", got, quote)
	}
}

func TestSpanViewTestTextsAreNFC(t *testing.T) {
	for _, s := range []string{german, wave, family, combined, hebrew, arabic, news} {
		if !norm.NFC.IsNormalString(s) {
			t.Errorf("%q is not NFC", s)
		}
	}
	if n := annotate.RuneCount(norm.NFC.String("q̇")); n != 2 {
		t.Errorf("q̇ has %d code points after NFC, want 2 (it has no precomposed form)", n)
	}
}

func TestSpanViewDragSnapsToWholeWords(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		from, to   int     // offsets to drag between
		fdx, tdx   float32 // nudges, inwards for right-to-left text
		start, end int
		quote      string
		width      float32
	}{
		{"German words", german, 2, 10, 1, 1, 0, 14, "Größe, Übermaß", 400},
		{"backwards", german, 10, 2, 1, 1, 0, 14, "Größe, Übermaß", 400},
		{"one word", german, 8, 10, 1, 1, 7, 14, "Übermaß", 400},
		{"across an emoji with skin tone", wave, 2, 11, 1, 1, 0, 13, "Hallo 👋🏽 Welt", 400},
		{"family emoji", family, 0, 8, 1, 1, 0, 12, "👨‍👩‍👧 family", 400},
		{"combining accent", combined, 4, 8, 1, 1, 4, 11, "q̇ hier", 400},
		{"Hebrew in logical order", hebrew, 10, 16, -1, -1, 9, 18, "שלום עולם", 400},
		{"Arabic in logical order", arabic, 6, 13, -1, -1, 4, 17, "مرحبا بالعالم", 400},
		{"across lines", news, 5, 35, 1, 1, 4, 36, "Bundesregierung in Berlin hat am", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, w := newSpanView(t, tt.text, tt.width)
			if tt.name == "across lines" && v.PositionOf(tt.from).Y == v.PositionOf(tt.to).Y {
				t.Fatal("the drag does not cross a line")
			}
			var calls [][2]int
			v.OnSelectionChanged = func(s, e int) { calls = append(calls, [2]int{s, e}) }
			drag(w, at(v, tt.from, tt.fdx), at(v, tt.to, tt.tdx))
			assertSelection(t, v, tt.start, tt.end, tt.quote)
			if len(calls) != 1 || calls[0] != [2]int{tt.start, tt.end} {
				t.Errorf("OnSelectionChanged calls %v, want one with %d-%d", calls, tt.start, tt.end)
			}
		})
	}
}

func TestSpanViewExactSelectionSelectsGraphemeClusters(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		from, to   int
		fdx, tdx   float32
		start, end int
		quote      string
	}{
		{"German letters", german, 2, 10, 1, 1, 2, 10, "öße, Übe"},
		{"emoji with skin tone", wave, 6, 8, 1, 1, 6, 8, "👋🏽"},
		{"family emoji", family, 0, 5, 1, 1, 0, 5, "👨‍👩‍👧"},
		{"combining accent", combined, 4, 6, 1, 1, 4, 6, "q̇"},
		{"Hebrew word", hebrew, 9, 13, -1, 1, 9, 13, "שלום"},
		{"Arabic word", arabic, 4, 9, -1, 1, 4, 9, "مرحبا"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, w := newSpanView(t, tt.text, 400)
			v.ExactSelection = true
			drag(w, at(v, tt.from, tt.fdx), at(v, tt.to, tt.tdx))
			assertSelection(t, v, tt.start, tt.end, tt.quote)
		})
	}
}

func TestSpanViewAltDragSelectsExactly(t *testing.T) {
	v, w := newSpanView(t, german, 400)
	from := at(v, 2, 1)
	v.MouseDown(&desktop.MouseEvent{
		PointEvent: fyne.PointEvent{Position: local(v, 2, 1), AbsolutePosition: from},
		Button:     desktop.MouseButtonPrimary,
		Modifier:   fyne.KeyModifierAlt,
	})
	drag(w, from, at(v, 10, 1))
	v.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	assertSelection(t, v, 2, 10, "öße, Übe")

	// Alt inverts ExactSelection.
	v.ExactSelection = true
	v.MouseDown(&desktop.MouseEvent{
		PointEvent: fyne.PointEvent{Position: local(v, 2, 1)},
		Button:     desktop.MouseButtonPrimary,
		Modifier:   fyne.KeyModifierAlt,
	})
	drag(w, from, at(v, 10, 1))
	assertSelection(t, v, 0, 14, german)
}

// Right-to-left runs are drawn mirrored: the logical start of a Hebrew word
// is at its right edge.
func TestSpanViewRightToLeftRunsAreMirrored(t *testing.T) {
	v, _ := newSpanView(t, hebrew, 400)
	if a, b := v.PositionOf(9).X, v.PositionOf(13).X; a <= b {
		t.Errorf("x of שלום's start %v should be right of its end %v", a, b)
	}
	if a, b := v.PositionOf(2).X, v.PositionOf(8).X; a >= b {
		t.Errorf("left-to-right text: x %v of offset 2 should be left of %v", a, b)
	}
}

func TestSpanViewNeverSplitsAGraphemeCluster(t *testing.T) {
	for _, tt := range []struct {
		text       string
		start, end int // a cluster of several code points
	}{{wave, 6, 8}, {family, 0, 5}, {combined, 4, 6}} {
		t.Run(tt.text, func(t *testing.T) {
			v, w := newSpanView(t, tt.text, 400)
			v.ExactSelection = true
			x0, x1 := at(v, tt.start, 0).X, at(v, tt.end, 0).X
			end := at(v, annotate.RuneCount(tt.text), 0)
			for x := x0 - 2; x <= x1+2; x++ {
				from := fyne.NewPos(x, end.Y)
				drag(w, from, end)
				if s, _ := v.Selection(); s > tt.start && s < tt.end {
					t.Errorf("drag from x=%v starts inside the cluster at %d", x, s)
				}
				drag(w, at(v, 0, 0), from)
				if _, e := v.Selection(); e > tt.start && e < tt.end {
					t.Errorf("drag to x=%v ends inside the cluster at %d", x, e)
				}
			}
		})
	}
}

func TestSpanViewDoubleTapSelectsAWord(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		at         int
		start, end int
		quote      string
	}{
		{"umlaut word", german, 10, 7, 14, "Übermaß"},
		{"family emoji", family, 0, 0, 5, "👨‍👩‍👧"},
		{"word with combining accent", "Der Ortq̇ hier", 6, 4, 9, "Ortq̇"},
		{"Hebrew word", hebrew, 15, 14, 18, "עולם"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := newSpanView(t, tt.text, 400)
			dx := float32(1)
			if tt.text == hebrew {
				dx = -1
			}
			v.DoubleTapped(&fyne.PointEvent{Position: local(v, tt.at, dx)})
			assertSelection(t, v, tt.start, tt.end, tt.quote)
		})
	}

	t.Run("test.DoubleTap at the top left", func(t *testing.T) {
		v, _ := newSpanView(t, german, 400)
		test.DoubleTap(v)
		assertSelection(t, v, 0, 5, "Größe")
	})
}

func TestSpanViewTripleClickSelectsAParagraph(t *testing.T) {
	v, _ := newSpanView(t, "Erster Absatz, zwei Sätze.\nZweiter Absatz.", 400)
	p := local(v, 3, 1)
	v.DoubleTapped(&fyne.PointEvent{Position: p})
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary})
	assertSelection(t, v, 0, 26, "Erster Absatz, zwei Sätze.")
}

// press and release shift around f, as the desktop driver reports them.
func withShift(v *app.SpanView, f func()) {
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	f()
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
}

func key(v *app.SpanView, name fyne.KeyName) { v.TypedKey(&fyne.KeyEvent{Name: name}) }

func wordShortcut(name fyne.KeyName, shift bool) *desktop.CustomShortcut {
	mod := fyne.KeyModifierShortcutDefault
	if runtime.GOOS == "darwin" {
		mod = fyne.KeyModifierAlt
	}
	if shift {
		mod |= fyne.KeyModifierShift
	}
	return &desktop.CustomShortcut{KeyName: name, Modifier: mod}
}

func TestSpanViewKeyboardSelection(t *testing.T) {
	t.Run("shift+arrows by grapheme cluster", func(t *testing.T) {
		v, w := newSpanView(t, wave, 400)
		w.Canvas().Focus(v)
		v.SetSelection(6, 6)
		withShift(v, func() { key(v, fyne.KeyRight) })
		assertSelection(t, v, 6, 8, "👋🏽")
		withShift(v, func() { key(v, fyne.KeyRight); key(v, fyne.KeyRight) })
		assertSelection(t, v, 6, 10, "👋🏽 W")
		withShift(v, func() { key(v, fyne.KeyLeft) })
		assertSelection(t, v, 6, 9, "👋🏽 ")
		key(v, fyne.KeyRight) // collapses to the end
		assertSelection(t, v, 9, 9, "")
		withShift(v, func() { key(v, fyne.KeyLeft); key(v, fyne.KeyLeft) })
		assertSelection(t, v, 6, 9, "👋🏽 ")
	})
	t.Run("combining accent", func(t *testing.T) {
		v, _ := newSpanView(t, combined, 400)
		v.SetSelection(6, 6)
		withShift(v, func() { key(v, fyne.KeyLeft) })
		assertSelection(t, v, 4, 6, "q̇")
	})
	t.Run("Hebrew in logical order", func(t *testing.T) {
		v, _ := newSpanView(t, hebrew, 400)
		v.SetSelection(9, 9)
		withShift(v, func() {
			for range 4 {
				key(v, fyne.KeyRight)
			}
		})
		assertSelection(t, v, 9, 13, "שלום")
	})
	t.Run("ctrl+shift by word", func(t *testing.T) {
		v, _ := newSpanView(t, german, 400)
		v.SetSelection(0, 0)
		v.TypedShortcut(wordShortcut(fyne.KeyRight, true))
		assertSelection(t, v, 0, 5, "Größe")
		v.TypedShortcut(wordShortcut(fyne.KeyRight, true))
		v.TypedShortcut(wordShortcut(fyne.KeyRight, true))
		assertSelection(t, v, 0, 14, german)
		v.TypedShortcut(wordShortcut(fyne.KeyLeft, true))
		assertSelection(t, v, 0, 7, "Größe, ")
		v.TypedShortcut(wordShortcut(fyne.KeyLeft, false))
		assertSelection(t, v, 5, 5, "")
	})
	t.Run("emoji words", func(t *testing.T) {
		v, _ := newSpanView(t, wave, 400)
		v.SetSelection(0, 0)
		v.TypedShortcut(wordShortcut(fyne.KeyRight, true))
		v.TypedShortcut(wordShortcut(fyne.KeyRight, true))
		assertSelection(t, v, 0, 8, "Hallo 👋🏽")
	})
	t.Run("shift+End and shift+Down", func(t *testing.T) {
		v, _ := newSpanView(t, "Erste Zeile\nZweite Zeile", 400)
		v.SetSelection(6, 6)
		withShift(v, func() { key(v, fyne.KeyEnd) })
		assertSelection(t, v, 6, 11, "Zeile")
		v.SetSelection(0, 0)
		withShift(v, func() { key(v, fyne.KeyDown) })
		assertSelection(t, v, 0, 12, "Erste Zeile\n")
		withShift(v, func() { key(v, fyne.KeyDown) })
		assertSelection(t, v, 0, 24, "Erste Zeile\nZweite Zeile")
	})
	t.Run("escape clears, select all", func(t *testing.T) {
		v, _ := newSpanView(t, german, 400)
		v.TypedShortcut(&fyne.ShortcutSelectAll{})
		assertSelection(t, v, 0, 14, german)
		key(v, fyne.KeyEscape)
		if s, e := v.Selection(); s != e {
			t.Errorf("Escape left %d-%d selected", s, e)
		}
	})
}

func TestSpanViewShiftClickExtends(t *testing.T) {
	v, _ := newSpanView(t, "Größe, Übermaß und mehr", 400)
	v.SetSelection(0, 5)
	ev := &desktop.MouseEvent{
		PointEvent: fyne.PointEvent{Position: local(v, 16, 1)},
		Button:     desktop.MouseButtonPrimary,
		Modifier:   fyne.KeyModifierShift,
	}
	v.MouseDown(ev)
	v.MouseUp(ev)
	v.Tapped(&ev.PointEvent) // the tap after a shift+click must not collapse
	assertSelection(t, v, 0, 18, "Größe, Übermaß und")

	// A plain click collapses the selection.
	test.TapAt(v, local(v, 2, 1))
	assertSelection(t, v, 2, 2, "")
}

func TestSpanViewSetSelection(t *testing.T) {
	v, _ := newSpanView(t, wave, 400)
	var got [][2]int
	v.OnSelectionChanged = func(s, e int) { got = append(got, [2]int{s, e}) }
	for _, tt := range []struct{ start, end, wantS, wantE int }{
		{7, 12, 6, 12},   // widened to the whole emoji
		{12, 7, 6, 12},   // either order; no change, no call
		{-5, 100, 0, 13}, // clamped
		{7, 7, 6, 6},     // a caret, moved off the cluster's inside
	} {
		v.SetSelection(tt.start, tt.end)
		if s, e := v.Selection(); s != tt.wantS || e != tt.wantE {
			t.Errorf("SetSelection(%d, %d): Selection() = %d-%d, want %d-%d", tt.start, tt.end, s, e, tt.wantS, tt.wantE)
		}
	}
	if want := [][2]int{{6, 12}, {0, 13}, {6, 6}}; !slices.Equal(got, want) {
		t.Errorf("OnSelectionChanged calls %v, want %v", got, want)
	}

	v.SetSpans([]app.Span{{ID: "a", Start: 0, End: 5}})
	v.SetText(german)
	if s, e := v.Selection(); s != 0 || e != 0 {
		t.Errorf("SetText kept selection %d-%d", s, e)
	}
	if len(v.Spans()) != 0 {
		t.Errorf("SetText kept spans %v", v.Spans())
	}
}

var (
	claimColor = color.NRGBA{R: 0xff, G: 0xeb, B: 0x3b, A: 0xff} // yellow
	orgColor   = color.NRGBA{R: 0x4d, G: 0xd0, B: 0xe1, A: 0xff} // cyan
	locColor   = color.NRGBA{R: 0xf4, G: 0x8f, B: 0xb1, A: 0xff} // pink
	perColor   = color.NRGBA{R: 0xae, G: 0xd5, B: 0x81, A: 0xff} // light green
)

// newsSpans are nested and overlapping spans on the news text: the claim
// 0-58 holds org "Bundesregierung in Berlin" 4-29, which holds loc "Berlin"
// 23-29; org2 "Berlin hat am Mittwoch" 23-45 overlaps org; per "der
// Sprecher" 65-77 stands alone.
func newsSpans() []app.Span {
	return []app.Span{
		{ID: "claim", Start: 0, End: 58, Color: claimColor, Label: "Claim"},
		{ID: "org", Start: 4, End: 29, Color: orgColor, Label: "ORG"},
		{ID: "loc", Start: 23, End: 29, Color: locColor, Label: "LOC"},
		{ID: "per", Start: 65, End: 77, Color: perColor, Label: "PER"},
		{ID: "org2", Start: 23, End: 45, Color: orgColor, Label: "ORG"},
	}
}

func TestSpanViewTapReportsSpansInnermostFirst(t *testing.T) {
	v, _ := newSpanView(t, news, 600)
	v.SetSpans(newsSpans())
	var got [][]string
	v.OnSpanTapped = func(ids []string) { got = append(got, ids) }

	test.TapAt(v, local(v, 25, 1)) // in Berlin
	test.TapAt(v, local(v, 1, 1))  // in "Die"
	test.TapAt(v, local(v, 40, 1)) // in Mittwoch
	test.TapAt(v, local(v, 59, 1)) // between claim and per: nothing
	want := [][]string{{"loc", "org2", "org", "claim"}, {"claim"}, {"org2", "claim"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("OnSpanTapped got %v, want %v", got, want)
	}
	if s, e := v.Selection(); s != e {
		t.Errorf("a tap left %d-%d selected", s, e)
	}
}

// visibleTexts returns the visible canvas.Text objects of the widget.
func visibleTexts(v *app.SpanView) []*canvas.Text {
	var out []*canvas.Text
	for _, o := range test.WidgetRenderer(v).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Visible() {
			out = append(out, t)
		}
	}
	return out
}

func TestSpanViewHoverNamesTheLabels(t *testing.T) {
	v, w := newSpanView(t, news, 600)
	v.SetSpans(newsSpans())
	var got [][]string
	v.OnHover = func(ids []string) { got = append(got, ids) }
	lines := len(visibleTexts(v))

	test.MoveMouse(w.Canvas(), at(v, 25, 1))
	texts := visibleTexts(v)
	if len(texts) != lines+1 || texts[len(texts)-1].Text != "LOC · ORG · Claim" {
		t.Errorf("tooltip: %d texts, last %q; want %d, %q", len(texts), texts[len(texts)-1].Text, lines+1, "LOC · ORG · Claim")
	}
	test.MoveMouse(w.Canvas(), at(v, 26, 1)) // same spans: no call
	test.MoveMouse(w.Canvas(), at(v, 59, 1)) // no span
	if len(visibleTexts(v)) != lines {
		t.Error("tooltip still shown away from the spans")
	}
	want := [][]string{{"loc", "org2", "org", "claim"}, nil}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("OnHover got %v, want %v", got, want)
	}
}

func TestSpanViewWrapsToItsWidth(t *testing.T) {
	v, w := newSpanView(t, news, 700)
	wide, wideMin := len(visibleTexts(v)), v.MinSize().Height
	w.Resize(fyne.NewSize(200, 300))
	narrow, narrowMin := len(visibleTexts(v)), v.MinSize().Height
	if narrow <= wide {
		t.Errorf("%d lines at 200 px, %d at 700 px: should wrap to more", narrow, wide)
	}
	if narrowMin <= wideMin {
		t.Errorf("MinSize height %v at 200 px should exceed %v at 700 px", narrowMin, wideMin)
	}
	var joined strings.Builder
	limit := v.Size().Width - 2*theme.InnerPadding()
	for _, tx := range visibleTexts(v) {
		joined.WriteString(tx.Text)
		if wd := fyne.MeasureText(strings.TrimRight(tx.Text, " "), tx.TextSize, tx.TextStyle).Width; wd > limit {
			t.Errorf("line %q is %v wide, more than %v", tx.Text, wd, limit)
		}
		if strings.HasPrefix(tx.Text, " ") {
			t.Errorf("line %q starts with a space: wrapped before it", tx.Text)
		}
	}
	if joined.String() != news {
		t.Errorf("lines joined give %q", joined.String())
	}

	t.Run("paragraph breaks", func(t *testing.T) {
		v, _ := newSpanView(t, "Eins\nZwei\n\nVier", 700)
		var got []string
		for _, tx := range visibleTexts(v) {
			got = append(got, tx.Text)
		}
		if want := []string{"Eins", "Zwei", "", "Vier"}; !slices.Equal(got, want) {
			t.Errorf("lines %q, want %q", got, want)
		}
	})

	t.Run("a word longer than the line is broken", func(t *testing.T) {
		v, _ := newSpanView(t, "Donaudampfschifffahrtsgesellschaftskapitänswitwe", 120)
		if n := len(visibleTexts(v)); n < 2 {
			t.Errorf("%d lines, want the long word broken", n)
		}
	})

	t.Run("in a vertical scroller", func(t *testing.T) {
		test.NewTempApp(t)
		v := app.NewSpanView(strings.Repeat(news+" ", 10))
		s := container.NewVScroll(v)
		w := test.NewTempWindow(t, s)
		w.Resize(fyne.NewSize(300, 200))
		s.Refresh() // the desktop driver does this on the next frame, when MinSize changed
		if got, want := v.Size().Width, s.Size().Width; got != want {
			t.Errorf("width %v, want the scroller's %v", got, want)
		}
		if got, want := v.Size().Height, v.MinSize().Height; got != want || want <= s.Size().Height {
			t.Errorf("height %v, MinSize %v, viewport %v: the text should be taller than the viewport", got, want, s.Size().Height)
		}
	})
}

// bar is an underline bar found among the renderer's objects.
type bar struct {
	x0, x1, y float32
	c         color.NRGBA
}

// barsAndBands splits the visible rectangles into the opaque underline bars
// and the translucent bands behind the text.
func barsAndBands(v *app.SpanView) (bars []bar, bands []*canvas.Rectangle) {
	textH := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{}).Height
	for _, o := range test.WidgetRenderer(v).Objects() {
		r, ok := o.(*canvas.Rectangle)
		if !ok || !r.Visible() || r.StrokeWidth > 0 {
			continue
		}
		c := color.NRGBAModel.Convert(r.FillColor).(color.NRGBA)
		switch {
		case c.A == 0xff && r.Size().Height < textH/3:
			bars = append(bars, bar{r.Position().X, r.Position().X + r.Size().Width, r.Position().Y, c})
		case c.A < 0xff && r.Size().Height == textH:
			bands = append(bands, r)
		}
	}
	return bars, bands
}

func TestSpanViewDrawsEveryOverlappingSpan(t *testing.T) {
	v, _ := newSpanView(t, news, 300) // three lines, spans across line ends
	spans := newsSpans()
	spans[4].Color = color.NRGBA{R: 0xff, G: 0xb7, B: 0x4d, A: 0xff} // org2 orange, to tell it apart
	v.SetSpans(spans)
	bars, bands := barsAndBands(v)

	// Every span has a bar on every line it covers, in its own colour.
	lineOf := func(offset int) float32 { return v.PositionOf(offset).Y }
	for _, s := range spans {
		var lines []float32
		for o := s.Start; o < s.End; o++ {
			if y := lineOf(o); !slices.Contains(lines, y) {
				lines = append(lines, y)
			}
		}
		n := 0
		for _, b := range bars {
			if b.c == s.Color {
				n++
			}
		}
		if n < len(lines) {
			t.Errorf("span %s covers %d lines but has %d bars", s.ID, len(lines), n)
		}
	}
	// Bars of one lane never overlap; bars of overlapping spans are in
	// different lanes, so no bar hides another.
	for i, a := range bars {
		for _, b := range bars[i+1:] {
			if a.y == b.y && a.x0 < b.x1-0.5 && b.x0 < a.x1-0.5 {
				t.Errorf("bars %v and %v overlap at y=%v", a, b, a.y)
			}
		}
	}
	// Bands behind the text never stack, so the text's contrast holds.
	for i, a := range bands {
		for _, b := range bands[i+1:] {
			if a.Position().Y == b.Position().Y &&
				a.Position().X < b.Position().X+b.Size().Width-0.5 && b.Position().X < a.Position().X+a.Size().Width-0.5 {
				t.Errorf("bands at %v and %v overlap", a.Position(), b.Position())
			}
		}
	}
	if len(bands) == 0 {
		t.Error("no bands drawn")
	}

	// Redrawing reuses the rectangles.
	before := test.WidgetRenderer(v).Objects()
	v.SetSpans(spans)
	after := test.WidgetRenderer(v).Objects()
	if len(before) != len(after) || before[0] != after[0] {
		t.Error("SetSpans with the same spans did not reuse the rectangles")
	}
}

func TestSpanViewOutlinesTheActiveSpan(t *testing.T) {
	v, _ := newSpanView(t, news, 600)
	v.SetSpans(newsSpans())
	outlines := func() (n int) {
		for _, o := range test.WidgetRenderer(v).Objects() {
			if r, ok := o.(*canvas.Rectangle); ok && r.StrokeWidth > 0 && r.Visible() && r.FillColor == color.Transparent {
				n++
			}
		}
		return n
	}
	if n := outlines(); n != 0 {
		t.Errorf("%d outlines before SetActiveSpan", n)
	}
	v.SetActiveSpan("org")
	if n := outlines(); n != 1 {
		t.Errorf("%d outlines for a one-line span, want 1", n)
	}
	v.SetActiveSpan("")
	if n := outlines(); n != 0 {
		t.Errorf("%d outlines after clearing the active span", n)
	}
}

func TestSpanViewPassesUnusedInputToTheWindow(t *testing.T) {
	v, w := newSpanView(t, german, 400)
	var runes []rune
	var keys []fyne.KeyName
	undone := false
	w.Canvas().SetOnTypedRune(func(r rune) { runes = append(runes, r) })
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { keys = append(keys, ev.Name) })
	w.Canvas().AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { undone = true })
	w.Canvas().Focus(v)

	test.Type(v, "p")
	key(v, fyne.KeyDelete)
	v.SetSelection(0, 5)
	key(v, fyne.KeyEscape) // clears the selection, not passed on
	key(v, fyne.KeyEscape) // nothing to clear: passed on
	v.TypedShortcut(&fyne.ShortcutUndo{})

	if string(runes) != "p" {
		t.Errorf("window got runes %q, want \"p\"", string(runes))
	}
	if want := []fyne.KeyName{fyne.KeyDelete, fyne.KeyEscape}; !slices.Equal(keys, want) {
		t.Errorf("window got keys %v, want %v", keys, want)
	}
	if !undone {
		t.Error("ctrl+Z did not reach the window's shortcut")
	}

	v.SetSelection(7, 14)
	v.TypedShortcut(&fyne.ShortcutCopy{})
	if got := fyne.CurrentApp().Clipboard().Content(); got != "Übermaß" {
		t.Errorf("copied %q, want %q", got, "Übermaß")
	}
}

// graphemeBounds returns the grapheme cluster boundaries of s in code points.
func graphemeBounds(s string) map[int]bool {
	b := map[int]bool{0: true}
	cp := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		cp += len(g.Runes())
		b[cp] = true
	}
	return b
}

// For random texts in mixed scripts and random drags, clicks and keys, the
// selection is always inside the text, in order, on grapheme boundaries.
func TestSpanViewSelectionIsAlwaysValid(t *testing.T) {
	pieces := []string{
		"Größe", "Übermaß", "straße", "Hallo", "👋🏽", "👨‍👩‍👧", "🇩🇪", "q̇", "é", "n̈a",
		"שלום", "עולם", "مرحبا", "بالعالم", "١٢٣", "漢字", "かな", "(Zitat)", "„so“", "–", "123,45",
		" ", " ", " ", "  ", ", ", ". ", "\n", "\r\n", "\t",
	}
	rng := rand.New(rand.NewSource(42))
	v, w := newSpanView(t, "", 300)
	for round := 0; round < 150; round++ {
		var b strings.Builder
		for range 1 + rng.Intn(60) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		text := b.String()
		n := annotate.RuneCount(text)
		bounds := graphemeBounds(text)
		v.SetText(text)
		w.Resize(fyne.NewSize(float32(80+rng.Intn(400)), 300))
		check := func(what string) {
			t.Helper()
			s, e := v.Selection()
			if s < 0 || s > e || e > n || !bounds[s] || !bounds[e] {
				t.Fatalf("round %d, %s: selection %d-%d in %q (%d code points)", round, what, s, e, text, n)
			}
			if _, ok := annotate.Slice(text, s, e); !ok {
				t.Fatalf("round %d, %s: annotate.Slice rejects %d-%d", round, what, s, e)
			}
		}
		size := v.Size()
		point := func() fyne.Position {
			return v.Position().AddXY(rng.Float32()*size.Width*1.2-10, rng.Float32()*size.Height*1.2-10)
		}
		for range 8 {
			v.ExactSelection = rng.Intn(2) == 0
			from, to := point(), point()
			drag(w, from, to)
			check(fmt.Sprintf("drag %v→%v exact=%v", from, to, v.ExactSelection))
			v.DoubleTapped(&fyne.PointEvent{Position: point().Subtract(v.Position())})
			check("double tap")
			withShift(v, func() {
				key(v, []fyne.KeyName{fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd}[rng.Intn(6)])
			})
			check("shift+key")
			v.TypedShortcut(wordShortcut([]fyne.KeyName{fyne.KeyLeft, fyne.KeyRight}[rng.Intn(2)], rng.Intn(2) == 0))
			check("word key")
			v.SetSelection(rng.Intn(n+3)-1, rng.Intn(n+3)-1)
			check("SetSelection")
		}
	}
}

// forcedVariant is the default theme held to one variant, as a user's
// light or dark preference would select it.
type forcedVariant struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (f forcedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return f.Theme.Color(n, f.variant)
}

// goldenSpans use colours like a codebook's: claim orange, ORG blue, LOC
// green, PER red, and a second ORG overlapping the first.
func goldenSpans() []app.Span {
	return []app.Span{
		{ID: "claim", Start: 0, End: 58, Color: color.NRGBA{R: 0xf3, G: 0x9c, B: 0x12, A: 0xff}, Label: "Claim"},
		{ID: "org", Start: 4, End: 29, Color: color.NRGBA{R: 0x34, G: 0x98, B: 0xdb, A: 0xff}, Label: "ORG"},
		{ID: "loc", Start: 23, End: 29, Color: color.NRGBA{R: 0x27, G: 0xae, B: 0x60, A: 0xff}, Label: "LOC"},
		{ID: "org2", Start: 23, End: 45, Color: color.NRGBA{R: 0x8e, G: 0x44, B: 0xad, A: 0xff}, Label: "MISC"},
		{ID: "per", Start: 65, End: 77, Color: color.NRGBA{R: 0xe7, G: 0x4c, B: 0x3c, A: 0xff}, Label: "PER"},
	}
}

func TestSpanViewRendersHighlights(t *testing.T) {
	for _, tt := range []struct {
		name    string
		variant fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			test.ApplyTheme(t, forcedVariant{theme.DefaultTheme(), tt.variant})
			v := app.NewSpanView(news)
			v.SetSpans(goldenSpans())
			w := test.NewTempWindow(t, v)
			w.Resize(fyne.NewSize(330, 130))
			test.AssertImageMatches(t, "spanview/overlaps_"+tt.name+".png", w.Canvas().Capture())

			w.Canvas().Focus(v)
			v.SetSelection(46, 57)
			v.SetActiveSpan("org")
			test.MoveMouse(w.Canvas(), at(v, 25, 2))
			test.AssertImageMatches(t, "spanview/selection_"+tt.name+".png", w.Canvas().Capture())
		})
	}
}

func TestSpanViewTapAfterADragReportsSpans(t *testing.T) {
	v, w := newSpanView(t, news, 600)
	v.SetSpans(newsSpans())
	var got [][]string
	v.OnSpanTapped = func(ids []string) { got = append(got, ids) }
	drag(w, at(v, 0, 1), at(v, 10, 1))
	test.TapAt(v, local(v, 1, 1))
	if fmt.Sprint(got) != "[[claim]]" {
		t.Errorf("OnSpanTapped got %v after a drag and a tap, want [[claim]]", got)
	}
}

func TestSpanViewOnSelectionDone(t *testing.T) {
	v, w := newSpanView(t, "Größe, Übermaß und mehr", 400)
	var done [][2]int
	v.OnSelectionDone = func(s, e int) { done = append(done, [2]int{s, e}) }
	expect := func(what string, want ...[2]int) {
		t.Helper()
		if !slices.Equal(done, want) {
			t.Errorf("%s: OnSelectionDone calls %v, want %v", what, done, want)
		}
		done = nil
	}

	drag(w, at(v, 2, 1), at(v, 10, 1))
	expect("drag", [2]int{0, 14})
	v.DoubleTapped(&fyne.PointEvent{Position: local(v, 16, 1)})
	expect("double tap", [2]int{15, 18})
	test.TapAt(v, local(v, 2, 1))
	v.SetSelection(0, 5)
	expect("tap and SetSelection")

	shiftClick := &desktop.MouseEvent{
		PointEvent: fyne.PointEvent{Position: local(v, 8, 1)},
		Button:     desktop.MouseButtonPrimary,
		Modifier:   fyne.KeyModifierShift,
	}
	v.MouseDown(shiftClick)
	expect("shift+click pressed")
	v.MouseUp(shiftClick)
	expect("shift+click released", [2]int{0, 14})

	v.SetSelection(0, 0)
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	key(v, fyne.KeyRight)
	key(v, fyne.KeyRight)
	v.TypedShortcut(wordShortcut(fyne.KeyRight, true))
	expect("shift held")
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	expect("shift released", [2]int{0, 5})
	withShift(v, func() {})
	expect("shift pressed and released without keys")

	v.TypedShortcut(&fyne.ShortcutSelectAll{})
	expect("select all", [2]int{0, 23})
}
