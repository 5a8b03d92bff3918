package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// lineTops returns the absolute y of every line of text drawn in the
// article's span views, in page order, and the views' MinSize heights.
func lineTops(w *Window) (tops []float32, heights []float32) {
	d := fyne.CurrentApp().Driver()
	for _, seg := range w.doc.Article() {
		v := w.views[seg.ID]
		r := v.renderer
		origin := d.AbsolutePositionForObject(v)
		for _, t := range r.texts[:r.nTexts] {
			tops = append(tops, origin.Y+t.Position().Y)
		}
		heights = append(heights, v.MinSize().Height)
	}
	return tops, heights
}

func TestTaggingOverlappingSpansMovesNoLine(t *testing.T) {
	w, _ := newDesk(t)
	var seg string
	for _, s := range w.doc.Article() {
		if v := w.views[s.ID]; v.renderer != nil && v.renderer.nTexts >= 3 {
			seg = s.ID
			break
		}
	}
	if seg == "" {
		t.Fatal("the sample article has no paragraph of three lines")
	}
	text := []rune(w.views[seg].Text())
	w.win.Content().Refresh() // settle the first layout (the label bar's rows)
	tops, heights := lineTops(w)
	steps := []struct {
		name       string
		start, end int
		label      string
	}{
		{"a first span", 0, 12, "PER"},
		{"a second span overlapping it", 6, 30, "CLAIM"},
		{"a third nested in the second", 8, 20, "ORG"},
		{"a fourth, more lanes than the room holds at full height", 9, 15, "LOC"},
	}
	for i, st := range steps {
		w.views[seg].SetSelection(st.start, st.end)
		w.Tag(st.label)
		if got := len(w.views[seg].Spans()); got != i+1 {
			t.Fatalf("after %s the paragraph shows %d highlights, want %d (tagged %q)", st.name, got, i+1, string(text[st.start:st.end]))
		}
		w.win.Content().Refresh()
		gotTops, gotHeights := lineTops(w)
		if fmt.Sprint(gotHeights) != fmt.Sprint(heights) {
			t.Errorf("after %s the article's heights are %v, were %v", st.name, gotHeights, heights)
		}
		if fmt.Sprint(gotTops) != fmt.Sprint(tops) {
			t.Errorf("after %s lines moved:\n got %v\nwant %v", st.name, gotTops, tops)
		}
	}
}

func TestSpanViewBarsStayInTheRoomUnderTheirLine(t *testing.T) {
	for _, lanes := range []int{1, 2, 3, 4, 6, 12, 40} {
		t.Run(fmt.Sprintf("%d lanes", lanes), func(t *testing.T) {
			test.NewTempApp(t)
			v := NewSpanView("Die Bundesregierung in Berlin hat am Mittwoch entschieden.")
			var spans []Span
			for i := range lanes {
				spans = append(spans, Span{ID: fmt.Sprint(i), Start: i % 10, End: 40 - i%10})
			}
			w := test.NewTempWindow(t, v)
			w.Resize(fyne.NewSize(800, 200))
			bare := v.MinSize()
			pitch := v.metrics.pitch
			v.SetSpans(spans)
			if v.MinSize() != bare || v.metrics.pitch != pitch {
				t.Fatalf("spans changed the size from %v to %v", bare, v.MinSize())
			}
			m := v.metrics
			top, bottom := m.pad+m.textH, m.pad+m.pitch
			bars := v.renderer.bars.used()
			if len(bars) != lanes {
				t.Fatalf("%d bars drawn, want %d", len(bars), lanes)
			}
			ys := map[float32]bool{}
			for _, b := range bars {
				y0, y1 := b.Position().Y, b.Position().Y+b.Size().Height
				if y0 < top || y1 > bottom+0.01 || b.Size().Height <= 0 {
					t.Errorf("bar from y %.2f to %.2f, outside the room %.2f–%.2f under the line", y0, y1, top, bottom)
				}
				ys[y0] = true
			}
			if len(ys) != lanes {
				t.Errorf("%d lanes drawn at %d different heights", lanes, len(ys))
			}
		})
	}
}
