package app

import (
	"image/color"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/newsmark/newsmark/annotate"
)

// article returns a German-looking article of n words: a vocabulary of 2,000
// made-up words used with a Zipf distribution (as words in real text are),
// sentences of 8 to 30 words, a paragraph break every 60 to 120 words.
func article(seed int64, n int) string {
	rng := rand.New(rand.NewSource(seed))
	syllables := []string{"ber", "lin", "ge", "setz", "re", "gie", "rung", "mi", "nis", "ter", "wahl",
		"kampf", "ver", "tei", "di", "gung", "haus", "halt", "schul", "den", "brem", "se", "ö", "ko",
		"no", "mie", "ü", "ber", "maß", "grö", "ße", "stra", "ße", "bür", "ger", "mei", "ster", "ta"}
	vocab := make([]string, 2000)
	for i := range vocab {
		var w strings.Builder
		for range 1 + rng.Intn(4) {
			w.WriteString(syllables[rng.Intn(len(syllables))])
		}
		vocab[i] = w.String()
		if rng.Intn(4) == 0 { // capitalise the first letter, ö and ü too
			r := []rune(vocab[i])
			vocab[i] = strings.ToUpper(string(r[:1])) + string(r[1:])
		}
	}
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))
	var b strings.Builder
	sentence, paragraph := 8+rng.Intn(23), 60+rng.Intn(61)
	for i := 0; i < n; i++ {
		b.WriteString(vocab[zipf.Uint64()])
		sentence--
		paragraph--
		switch {
		case paragraph <= 0 && sentence <= 0:
			b.WriteString(".\n")
			sentence, paragraph = 8+rng.Intn(23), 60+rng.Intn(61)
		case sentence <= 0:
			b.WriteString(". ")
			sentence = 8 + rng.Intn(23)
		case rng.Intn(12) == 0:
			b.WriteString(", ")
		default:
			b.WriteString(" ")
		}
	}
	return b.String()
}

// articleSpans returns a span every 100 code points (about 15 words), 40
// long, and in every fourth a nested one.
func articleSpans(text string) []Span {
	n := annotate.RuneCount(text)
	var spans []Span
	colors := []color.Color{color.NRGBA{R: 0xf3, G: 0x9c, B: 0x12, A: 0xff}, color.NRGBA{R: 0x34, G: 0x98, B: 0xdb, A: 0xff}}
	for s, i := 0, 0; s+40 < n; s, i = s+100, i+1 {
		spans = append(spans, Span{ID: string(rune('a' + i%26)), Start: s, End: s + 40, Color: colors[i%2]})
		if i%4 == 0 {
			spans = append(spans, Span{ID: "n", Start: s + 10, End: s + 20, Color: colors[1-i%2]})
		}
	}
	return spans
}

// BenchmarkSpanViewLayout measures showing a 5,000-word article at 800 px:
// text analysis, wrapping, and building the canvas objects. Word widths are
// warm in Fyne's text cache after the first iteration, as for a text shown
// before; see BenchmarkSpanViewLayoutNewWords for unseen words.
func BenchmarkSpanViewLayout(b *testing.B) {
	test.NewTempApp(b)
	text := article(1, 5000)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		v := NewSpanView(text)
		v.Resize(fyne.NewSize(800, 600))
		_ = v.MinSize()
	}
}

// BenchmarkSpanViewLayoutNewWords is BenchmarkSpanViewLayout with a new
// vocabulary every iteration, so most words are measured for the first time.
func BenchmarkSpanViewLayoutNewWords(b *testing.B) {
	test.NewTempApp(b)
	texts := make([]string, b.N)
	for i := range texts {
		texts[i] = article(int64(1000+i), 5000)
	}
	b.ResetTimer()
	for i := range b.N {
		v := NewSpanView(texts[i])
		v.Resize(fyne.NewSize(800, 600))
		_ = v.MinSize()
	}
}

// BenchmarkSpanViewRewrap measures a resize: wrapping the shown article
// again at a new width and moving the canvas objects.
func BenchmarkSpanViewRewrap(b *testing.B) {
	test.NewTempApp(b)
	v := NewSpanView(article(1, 5000))
	v.SetSpans(articleSpans(v.Text()))
	v.Resize(fyne.NewSize(800, 600))
	b.ResetTimer()
	for i := range b.N {
		v.Resize(fyne.NewSize(float32(700+i%200), 600))
	}
}

// BenchmarkSpanViewDrag measures one drag event on the article at 800 px:
// hit testing the pointer and redrawing the selection, which grows to cover
// up to a hundred lines.
func BenchmarkSpanViewDrag(b *testing.B) {
	benchmarkDrag(b, false)
}

// BenchmarkSpanViewDragExact is BenchmarkSpanViewDrag without word snapping.
func BenchmarkSpanViewDragExact(b *testing.B) {
	benchmarkDrag(b, true)
}

func benchmarkDrag(b *testing.B, exact bool) {
	test.NewTempApp(b)
	v := NewSpanView(article(1, 5000))
	v.SetSpans(articleSpans(v.Text()))
	v.ExactSelection = exact
	w := test.NewTempWindow(b, v)
	w.Resize(fyne.NewSize(800+2*4, v.MinSize().Height+2*4))
	start := v.PositionOf(2000).AddXY(3, 5)
	end := v.PositionOf(13000) // about 100 lines further down
	// Pointer positions along a drag from start to end, 97 of them so that
	// iterations do not line up with cache-friendly repeats.
	var points []fyne.Position
	for i := range 97 {
		y := start.Y + float32(i)*(end.Y-start.Y)/97
		x := float32((i * 157) % 780)
		points = append(points, fyne.NewPos(x, y))
	}
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: start.AddXY(1, 0)}, Dragged: fyne.Delta{DX: 1}})
	times := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range b.N {
		p := points[i%len(points)]
		prev := points[(i+len(points)-1)%len(points)]
		t0 := time.Now()
		v.Dragged(&fyne.DragEvent{
			PointEvent: fyne.PointEvent{Position: p},
			Dragged:    fyne.Delta{DX: p.X - prev.X, DY: p.Y - prev.Y},
		})
		times[i] = time.Since(t0)
	}
	b.StopTimer()
	reportPercentiles(b, times)
	v.DragEnd()
	if s, e := v.Selection(); s == e {
		b.Fatal("the drag selected nothing")
	}
}

// BenchmarkSpanViewDragUncached is BenchmarkSpanViewDrag with the span
// view's own caches emptied before every event (measured words, word
// positions of each line, run prefixes), as for the first drag over lines
// after the text was laid out. Fyne's cache of text sizes stays warm;
// BenchmarkSpanViewLayoutNewWords shows what measuring new strings costs.
func BenchmarkSpanViewDragUncached(b *testing.B) {
	test.NewTempApp(b)
	v := NewSpanView(article(1, 5000))
	v.SetSpans(articleSpans(v.Text()))
	w := test.NewTempWindow(b, v)
	w.Resize(fyne.NewSize(800+2*4, v.MinSize().Height+2*4))
	start := v.PositionOf(2000).AddXY(3, 5)
	end := v.PositionOf(13000)
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: start.AddXY(1, 0)}, Dragged: fyne.Delta{DX: 1}})
	times := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range b.N {
		t0 := time.Now()
		clear(v.lay.prefix)
		clear(v.measure.words)
		for k := range v.lay.lines {
			ln := &v.lay.lines[k]
			ln.runs, ln.words, ln.wordX = nil, nil, nil
		}
		p := fyne.NewPos(float32((i*157)%780), start.Y+float32(i%97)*(end.Y-start.Y)/97)
		v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: fyne.Delta{DX: 1}})
		times[i] = time.Since(t0)
	}
	b.StopTimer()
	v.DragEnd()
	reportPercentiles(b, times)
}

// reportPercentiles adds the median and the 99th percentile of single events
// to the benchmark's output: on a shared machine the mean carries outliers
// of CPU contention.
func reportPercentiles(b *testing.B, times []time.Duration) {
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
}
