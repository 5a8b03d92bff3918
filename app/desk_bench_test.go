package app

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
	"github.com/newsmark/newsmark/storage"
)

// largeProject stores n documents of 2,000 comments of about 60 words and
// 10,000 annotations each, spread over the article and comments, and returns
// their ids. Each document has words of its own (a Zipf-distributed
// vocabulary drawn by its number, as article makes), so opening one for the
// first time finds nothing of it in any cache of text widths or shapes, as
// a document a user opens for the first time.
func largeProject(b *testing.B, n int) (*storage.Store, []string) {
	b.Helper()
	store, err := storage.Open(filepath.Join(b.TempDir(), "large.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	if err := store.SetCodebook(assets.DefaultCodebook()); err != nil {
		b.Fatal(err)
	}
	var ids []string
	for d := range n {
		words := strings.Fields(article(int64(1000+d), 20*120+2000*60+100))
		next := 0
		para := func(n int) string {
			s := strings.Join(words[next:next+n], " ")
			next += n
			return s
		}
		doc := &annotate.Document{Title: fmt.Sprintf("Large forum %d", d+1)}
		doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindHeadline, Text: para(10)})
		for range 20 {
			doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindBody, Text: para(120)})
		}
		for i := range 2000 {
			c := annotate.Segment{ID: fmt.Sprintf("c%d", i+1), Kind: annotate.KindComment, Text: para(60),
				Author: fmt.Sprintf("user%d", i%97), Number: i + 1, Posted: annotate.WhenOf(time.Date(2026, 3, 1, 0, i%60, 0, 0, time.UTC))}
			if i%3 == 2 {
				c.ReplyTo = fmt.Sprintf("c%d", i)
			}
			doc.Segments = append(doc.Segments, c)
		}
		if err := doc.Prepare(time.Now()); err != nil {
			b.Fatal(err)
		}
		labels := []string{"PER", "ORG", "LOC", "CLAIM", "OPINION"}
		batch := &annotate.Batch{Documents: []*annotate.Document{doc}}
		for i := range 10000 {
			seg := doc.Segments[1+i%len(doc.Segments[1:])]
			n := annotate.RuneCount(seg.Text)
			start := (i * 13) % (n - 20)
			a := annotate.Annotation{ID: fmt.Sprintf("a%d-%05d", d, i), DocumentID: doc.ID, SegmentID: seg.ID,
				Start: start, End: start + 5 + i%15, Label: labels[i%len(labels)], Annotator: "bench"}
			if err := a.Anchor(&seg); err != nil {
				b.Fatal(err)
			}
			batch.Annotations = append(batch.Annotations, a)
		}
		if _, err := store.Import(batch); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, doc.ID)
	}
	return store, ids
}

// deskWithSample returns a project holding the sample document and n large
// ones (largeProject).
func deskWithSample(b *testing.B, n int) (*storage.Store, string, []string) {
	b.Helper()
	store, large := largeProject(b, n)
	sample, err := assets.SampleDocument(time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if err := store.AddDocuments(sample); err != nil {
		b.Fatal(err)
	}
	return store, sample.ID, large
}

// heapMB returns the heap in use after a collection, in MB.
func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / (1 << 20)
}

// BenchmarkOpenLargeDocument measures opening a document with 2,000 comments
// and 10,000 annotations up to its first complete drawing: reading it and
// its annotations from the store, building the article's span views and the
// comment list, laying out the window at 1400×860 and painting it once (the
// test driver's software painter, which like the GL driver shapes and
// rasterises every text it draws; paint-ms is that part, which the GL
// driver does on its own time and, for texts drawn before, from its cache).
//
// "first" opens, in each iteration, a document never opened before in a new
// window, as a user's click on a document in the list does: nothing of its
// text is in any cache. The window is closed after each; heap-MB is the heap
// in use once they are all closed, so it shows memory that a closed window
// keeps alive (it must not grow over -count).
//
// "again" switches between the sample and one large document in one window
// (warm caches), and reports the heap in use with the large one open.
func BenchmarkOpenLargeDocument(b *testing.B) {
	b.Run("first", func(b *testing.B) {
		a := test.NewTempApp(b)
		store, sample, large := deskWithSample(b, b.N)
		size := fyne.NewSize(1400, 860)
		var paint time.Duration
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			w := NewWindow(a, store, "large.db", Options{Annotator: "bench"})
			w.win.Resize(size)
			w.onDocumentSelected(sample)
			w.win.Canvas().Capture()
			b.StartTimer()
			w.onDocumentSelected(large[i])
			w.win.Content().Resize(size.AddWidthHeight(1, 0))
			t := time.Now()
			w.win.Canvas().Capture()
			paint += time.Since(t)
			b.StopTimer()
			if len(w.anns) != 10000 || len(w.comments.comments) != 2000 {
				b.Fatalf("opened %d annotations, %d comments", len(w.anns), len(w.comments.comments))
			}
			w.win.Close()
			b.StartTimer()
		}
		b.StopTimer()
		b.ReportMetric(float64(paint.Milliseconds())/float64(b.N), "paint-ms")
		b.ReportMetric(heapMB(), "heap-MB")
	})
	b.Run("again", func(b *testing.B) {
		a := test.NewTempApp(b)
		store, sample, large := deskWithSample(b, 1)
		w := NewWindow(a, store, "large.db", Options{Annotator: "bench"})
		defer w.win.Close()
		size := fyne.NewSize(1400, 860)
		w.win.Resize(size)
		var paint time.Duration
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			w.onDocumentSelected(sample)
			w.onDocumentSelected(large[0])
			// A size change forces a full layout of the window's content.
			size.Width += float32(1 - 2*(i%2))
			w.win.Content().Resize(size)
			t := time.Now()
			w.win.Canvas().Capture()
			paint += time.Since(t)
		}
		b.StopTimer()
		b.ReportMetric(float64(paint.Milliseconds())/float64(b.N), "paint-ms")
		if len(w.anns) != 10000 || len(w.comments.comments) != 2000 {
			b.Fatalf("opened %d annotations, %d comments", len(w.anns), len(w.comments.comments))
		}
		b.ReportMetric(heapMB(), "heap-MB")
	})
}
