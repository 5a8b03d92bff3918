package storage_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// millionBatch builds, once per run, the batch a native JSON export of a
// large corpus decodes to: 10,000 documents of about 30 segments (headline,
// lead, eight body paragraphs, a caption, a byline and 18 to 22 reader
// comments, in German with umlauts, ß, typographic quotes and some emoji)
// with 100 annotations each, 1,000,000 in all. Annotations carry ids from
// annotate.NewID, their quote with prefix and suffix, an annotator, times,
// and (for claims) an attribute, as an export has them; the batch carries
// the codebook and the annotators too.
var millionBatch = sync.OnceValue(func() *annotate.Batch {
	return bulkBatch(10000, 100, 1)
})

// benchWords is the vocabulary of the generated texts.
var benchWords = strings.Fields(`die der das und nicht ist sagte Bürgermeisterin Ministerin Köln Düsseldorf
	München Zürich Straße Größe Änderung Öffentlichkeit über für mit gegen Reform Haushalt Radwege Gemeinderat
	Regierung Opposition Kritiker „Unsinn“ erklärte widersprach laut Angaben Prozent Millionen Euro 2027
	Bürger Leser Kommentar stimmt schreibt Zeitung dpa Foto Polizei Gericht Klage Schule Lehrerinnen
	Verkehr Fahrrad 🚲 Klima 🌍 Wahl 🗳️ Pressekonferenz Freitag Montag gestern heute morgen sehr wirklich
	Vorschlag Entscheidung Ausschuss Fraktion SPD CDU Grüne FDP Linke AfD Verein Verband Unternehmen
	Mitarbeiter Café Ärger Übergang naïve façade Åsa Łódź 😀 👍 ❤️ 🤔 …`)

// benchText returns a text of about n code points drawn from benchWords,
// in sentences.
func benchText(rng *rand.Rand, n int) string {
	var sb strings.Builder
	runes, words := 0, 0
	for runes < n {
		w := benchWords[rng.IntN(len(benchWords))]
		if words == 0 {
			r := []rune(w)
			w = strings.ToUpper(string(r[0])) + string(r[1:])
		}
		if runes > 0 {
			sb.WriteByte(' ')
			runes++
		}
		sb.WriteString(w)
		runes += annotate.RuneCount(w)
		words++
		if words > 6 && rng.IntN(10) == 0 {
			sb.WriteByte('.')
			runes++
			words = 0
		}
	}
	sb.WriteByte('.')
	return sb.String()
}

// bulkBatch returns a batch of docs documents with perDoc annotations each.
func bulkBatch(docs, perDoc int, seed uint64) *annotate.Batch {
	rng := rand.New(rand.NewPCG(seed, 7))
	cb := testCodebook()
	b := &annotate.Batch{
		Codebook:   cb,
		Annotators: []annotate.Annotator{{ID: "anna", Name: "Anna", Created: t0}, {ID: "ben", Name: "Ben", Created: t0}},
		Documents:  make([]*annotate.Document, 0, docs),
	}
	b.Annotations = make([]annotate.Annotation, 0, docs*perDoc)
	published := time.Date(2026, 3, 13, 18, 0, 0, 0, berlin)
	for i := range docs {
		d := &annotate.Document{
			Title:     fmt.Sprintf("Artikel %d über Köln", i),
			Source:    fmt.Sprintf("https://example.org/news/%d", i),
			Outlet:    "Example Zeitung",
			Published: annotate.WhenOf(published),
			Language:  "de",
			Imported:  t0,
			Meta:      map[string]string{"section": "Politik"},
		}
		d.Segments = append(d.Segments,
			annotate.Segment{ID: "h", Kind: annotate.KindHeadline, Text: fmt.Sprintf("Streit um die Reform in Köln (%d) 🚲", i)},
			annotate.Segment{ID: "l", Kind: annotate.KindLead, Text: benchText(rng, 150+rng.IntN(150))})
		for p := range 8 {
			d.Segments = append(d.Segments, annotate.Segment{
				ID: fmt.Sprintf("b%d", p+1), Kind: annotate.KindBody, Text: benchText(rng, 300+rng.IntN(900))})
		}
		d.Segments = append(d.Segments,
			annotate.Segment{ID: "cap", Kind: annotate.KindCaption, Text: "Foto: dpa / Straßenszene in Köln"},
			annotate.Segment{ID: "by", Kind: annotate.KindByline, Text: "Von Åsa Müller-Łódź"})
		comments := 18 + rng.IntN(5)
		for c := 1; c <= comments; c++ {
			seg := annotate.Segment{
				ID: fmt.Sprintf("c%d", c), Kind: annotate.KindComment, Text: benchText(rng, 40+rng.IntN(600)),
				Author: fmt.Sprintf("leser%d", rng.IntN(500)), Posted: annotate.WhenOf(published.Add(time.Duration(c) * time.Minute)), Number: c,
			}
			if c > 1 && c%3 == 0 {
				seg.ReplyTo = fmt.Sprintf("c%d", c-1)
			}
			d.Segments = append(d.Segments, seg)
		}
		if err := d.Prepare(t0); err != nil {
			panic(err)
		}
		b.Documents = append(b.Documents, d)

		// Spans fall on words, more of them in the longer segments.
		index := make([]*annotate.OffsetIndex, len(d.Segments))
		total := 0
		for k := range d.Segments {
			index[k] = annotate.NewOffsetIndex(d.Segments[k].Text)
			total += index[k].Len()
		}
		for k := range perDoc {
			at := rng.IntN(total)
			s := 0
			for at >= index[s].Len() {
				at -= index[s].Len()
				s++
			}
			x, seg := index[s], &d.Segments[s]
			start := at
			end := min(x.Len(), start+1+rng.IntN(24))
			a := annotate.Annotation{
				ID: annotate.NewID(), DocumentID: d.ID, SegmentID: seg.ID, Start: start, End: end,
				Label: "PER", Annotator: []string{"anna", "ben"}[k%2], Created: t0, Modified: t0.Add(time.Minute),
			}
			switch k % 4 {
			case 1:
				a.Label = "ORG"
			case 2:
				a.Label = "POL"
			case 3:
				a.Label, a.Attributes = "CLAIM", map[string]string{"stance": []string{"pro", "contra", "neutral"}[k%3]}
				if k%8 == 3 {
					a.Note = "prüfen 🤔"
				}
			}
			a.Quote, _ = x.Quote(start, end, annotate.QuoteContext)
			b.Annotations = append(b.Annotations, a)
		}
	}
	return b
}

// BenchmarkImportMillion imports 1,000,000 annotations over 10,000
// documents (millionBatch) into a new project in one transaction: the store's
// half of importing a large native JSON export. Run it once:
//
//	go test -run '^$' -bench ImportMillion -benchtime 1x ./storage/
//
// Besides the wall time (ns/op) it reports the CPU time of the process
// (cpu-s/op, user + system) and the part of it the garbage collector took
// (gc-cpu-s/op, as the Go runtime estimates it), annotations stored per
// second, the memory
// allocated during the import (alloc-MB/op) and the size of the project
// file it made (file-MB).
func BenchmarkImportMillion(b *testing.B) {
	batch := millionBatch()
	var wall, cpu, gcCPU, gcRuns, allocMB, fileMB float64
	runs := 0
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "million.db")
		s, err := storage.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		b.StartTimer()

		c0, g0, w0 := cpuSeconds(), gcSeconds(), time.Now()
		rep, err := s.Import(batch)
		wall += time.Since(w0).Seconds()
		cpu += cpuSeconds() - c0
		gcCPU += gcSeconds() - g0

		b.StopTimer()
		runtime.ReadMemStats(&m1)
		allocMB += float64(m1.TotalAlloc-m0.TotalAlloc) / (1 << 20)
		gcRuns += float64(m1.NumGC - m0.NumGC)
		if err != nil {
			b.Fatal(err)
		}
		if rep.DocumentsAdded != len(batch.Documents) || rep.AnnotationsAdded != len(batch.Annotations) {
			b.Fatalf("report %d documents, %d annotations", rep.DocumentsAdded, rep.AnnotationsAdded)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if info, err := os.Stat(path); err == nil {
			fileMB += float64(info.Size()) / (1 << 20)
		}
		runs++
		b.StartTimer()
	}
	n := float64(runs)
	b.ReportMetric(cpu/n, "cpu-s/op")
	b.ReportMetric(gcCPU/n, "gc-cpu-s/op")
	b.ReportMetric(gcRuns/n, "gc-cycles/op")
	b.ReportMetric(float64(len(batch.Annotations))*n/wall, "annotations/s")
	b.ReportMetric(allocMB/n, "alloc-MB/op")
	b.ReportMetric(fileMB/n, "file-MB")
}

// gcSeconds returns the CPU time the garbage collector has used, as the
// runtime estimates it.
func gcSeconds() float64 {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return s[0].Value.Float64()
}
