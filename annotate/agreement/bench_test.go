package agreement_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/agreement"
	"github.com/newsmark/newsmark/storage"
)

// benchStudy stores a study of docs documents, each an article of about
// 1,500 code points and ten comments, coded by three coders with spans
// spans in all (each coder marks the same places; one time in ten a coder
// moves an end, one in ten gives another label) and a relevance label on
// every comment by every coder.
func benchStudy(b *testing.B, docs, spans int) *storage.Store {
	b.Helper()
	s, err := storage.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	rng := rand.New(rand.NewPCG(1, 2))
	coders := []string{"anna", "ben", "cara"}
	batch := &annotate.Batch{Codebook: studyCodebook()}
	for _, c := range coders {
		batch.Annotators = append(batch.Annotators, annotate.Annotator{ID: c, Name: c})
	}
	labels := []string{"PER", "ORG", "CLAIM"}
	word := "Wort "
	for d := range docs {
		doc := &annotate.Document{ID: fmt.Sprintf("d%04d", d), Title: fmt.Sprintf("doc %d", d)}
		doc.Segments = append(doc.Segments, annotate.Segment{ID: "s1", Kind: annotate.KindBody, Text: fmt.Sprintf("%d ", d) + strings.Repeat(word, 300)})
		for c := range 10 {
			doc.Segments = append(doc.Segments, annotate.Segment{ID: fmt.Sprintf("c%d", c+1), Kind: annotate.KindComment, Text: strings.Repeat(word, 40)})
		}
		if err := doc.Prepare(time.Now()); err != nil {
			b.Fatal(err)
		}
		batch.Documents = append(batch.Documents, doc)
		places := (spans + len(coders) - 1) / len(coders)
		per := places / docs
		if d < places%docs {
			per++
		}
		for i := range per {
			start := 6 + 5*(i*(290/per))
			end := start + 4 + 5*rng.IntN(3)
			label := labels[rng.IntN(len(labels))]
			for _, c := range coders {
				st, en, l := start, end, label
				switch rng.IntN(10) {
				case 0:
					en += 5
				case 1:
					l = labels[(rng.IntN(2)+1+indexOf(labels, label))%len(labels)]
				}
				a := annotate.Annotation{ID: annotate.NewID(), DocumentID: doc.ID, SegmentID: "s1", Start: st, End: en, Label: l, Annotator: c}
				if l == "CLAIM" {
					a.Attributes = map[string]string{"stance": []string{"pro", "contra"}[rng.IntN(2)]}
				}
				seg, _ := doc.Segment("s1")
				if err := a.Anchor(seg); err != nil {
					b.Fatal(err)
				}
				batch.Annotations = append(batch.Annotations, a)
			}
		}
		for c := range 10 {
			for _, coder := range coders {
				batch.SegmentLabels = append(batch.SegmentLabels, annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: fmt.Sprintf("c%d", c+1),
					Label: []string{"on", "off"}[rng.IntN(2)], Annotator: coder})
			}
		}
	}
	// Three coders at every place give a multiple of three; the last coder
	// leaves out the last spans to make the count exact.
	batch.Annotations = batch.Annotations[:spans]
	if _, err := s.Import(batch); err != nil {
		b.Fatal(err)
	}
	return s
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// BenchmarkCompute1000Documents3Coders50000Spans is the goal of issue 10
// item 7: agreement for 1,000 documents, 3 coders, 50,000 spans in all,
// with 1,000 bootstrap draws per alpha, under 2 s.
func BenchmarkCompute1000Documents3Coders50000Spans(b *testing.B) {
	s := benchStudy(b, 1000, 50000)
	cpu := cpuSeconds()
	b.ResetTimer()
	for b.Loop() {
		r, err := agreement.Compute(s, agreement.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Documents) != 1000 || !r.Spans[0].Alpha.Interval {
			b.Fatalf("documents %d, alpha %+v", len(r.Documents), r.Spans[0].Alpha)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}
