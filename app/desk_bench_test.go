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

// largeProject stores a document with 2,000 comments of about 60 words and
// 10,000 annotations spread over its article and comments.
func largeProject(b *testing.B) (*storage.Store, string) {
	b.Helper()
	store, err := storage.Open(filepath.Join(b.TempDir(), "large.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	if err := store.SetCodebook(assets.DefaultCodebook()); err != nil {
		b.Fatal(err)
	}
	words := strings.Fields("Die Bundesregierung in Berlin hat am Mittwoch entschieden, sagte der Sprecher. Größere Übermaße 👋🏽 sind nicht vorgesehen, meinte Müller von der SPD in Hamburg.")
	para := func(n, seed int) string {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(words[(i*7+seed)%len(words)])
		}
		return sb.String()
	}
	doc := &annotate.Document{Title: "Large forum"}
	doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindHeadline, Text: para(10, 1)})
	for i := 0; i < 20; i++ {
		doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindBody, Text: para(120, i)})
	}
	for i := 0; i < 2000; i++ {
		c := annotate.Segment{ID: fmt.Sprintf("c%d", i+1), Kind: annotate.KindComment, Text: para(60, i),
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
	for i := 0; i < 10000; i++ {
		seg := doc.Segments[1+i%len(doc.Segments[1:])]
		n := annotate.RuneCount(seg.Text)
		start := (i * 13) % (n - 20)
		a := annotate.Annotation{ID: fmt.Sprintf("a%05d", i), DocumentID: doc.ID, SegmentID: seg.ID,
			Start: start, End: start + 5 + i%15, Label: labels[i%len(labels)], Annotator: "bench"}
		if err := a.Anchor(&seg); err != nil {
			b.Fatal(err)
		}
		batch.Annotations = append(batch.Annotations, a)
	}
	if _, err := store.Import(batch); err != nil {
		b.Fatal(err)
	}
	return store, doc.ID
}

// BenchmarkOpenLargeDocument measures opening a document with 2,000 comments
// and 10,000 annotations up to its first complete layout: reading it and its
// annotations from the store, building the article's span views and the
// comment list, and laying out the window at 1400×860. It reports the heap
// in use with the document open.
func BenchmarkOpenLargeDocument(b *testing.B) {
	a := test.NewTempApp(b)
	store, large := largeProject(b)
	sample, err := assets.SampleDocument(time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if err := store.AddDocuments(sample); err != nil {
		b.Fatal(err)
	}
	w := NewWindow(a, store, "large.db", Options{Annotator: "bench"})
	defer w.win.Close()
	size := fyne.NewSize(1400, 860)
	w.win.Resize(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.onDocumentSelected(sample.ID)
		w.onDocumentSelected(large)
		// A size change forces a full layout of the window's content.
		size.Width += float32(1 - 2*(i%2))
		w.win.Content().Resize(size)
	}
	b.StopTimer()
	if len(w.anns) != 10000 || len(w.comments.comments) != 2000 {
		b.Fatalf("opened %d annotations, %d comments", len(w.anns), len(w.comments.comments))
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB")
}
