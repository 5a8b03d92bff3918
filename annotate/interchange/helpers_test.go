package interchange

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

var t0 = time.Date(2026, 3, 1, 9, 30, 0, 123456789, time.UTC)

func sampleCodebook() *annotate.Codebook {
	return &annotate.Codebook{
		Name: "sample",
		Labels: []annotate.Label{
			{ID: "PER", Name: "Person", Kind: annotate.KindEntity, Color: "#ff0000", Hotkey: "p"},
			{ID: "ORG", Name: "Organisation", Kind: annotate.KindEntity, Color: "#00ff00", Hotkey: "o"},
			{ID: "LOC", Name: "Place", Kind: annotate.KindEntity, Color: "#0000ff", Hotkey: "l"},
			{ID: "MISC", Name: "Other", Kind: annotate.KindEntity, Color: "#888888", Hotkey: "m"},
			{ID: "CLAIM", Name: "Claim", Kind: annotate.KindClaim, Color: "#ffaa00", Hotkey: "c", Description: "A checkable statement.",
				Attributes: []annotate.AttributeDef{
					{Name: "stance", Values: []string{"pro", "contra", "neutral"}},
					{Name: "checkworthy", Description: "free text"},
				}},
			{ID: "QUOTE", Name: "Quoted claim", Kind: annotate.KindClaim, Parent: "CLAIM", Color: "#aa5500"},
		},
		RelationTypes: []annotate.RelationType{
			{ID: "disputes", Name: "disputes", Directed: true},
			{ID: "supports", Name: "supports", Directed: true},
		},
		SegmentLabelSets: []annotate.SegmentLabelSet{
			{ID: "relevance", Name: "Relevance", Exclusive: true, Labels: []annotate.SegmentLabelDef{
				{ID: "on_topic", Name: "on topic", Color: "#00aa00"}, {ID: "off_topic", Name: "off topic", Color: "#aa0000"}}},
			{ID: "tone", Name: "Tone", Labels: []annotate.SegmentLabelDef{{ID: "constructive", Name: "constructive", Color: "#0000aa"}}},
		},
	}
}

// The texts hold a precomposed ë, a ZWJ emoji sequence, a flag (two
// regional indicators), a q with a combining tilde that has no precomposed
// form, and paragraph breaks inside a segment.
var sampleDoc1 = []annotate.Segment{
	{ID: "h", Kind: annotate.KindHeadline, Text: "Zoë sagt: Köln 👩‍👩‍👧 bleibt"},
	{ID: "l", Kind: annotate.KindLead, Text: "Ein Satz mit q\u0303 und 🇩🇪 Flagge."},
	{ID: "b", Kind: annotate.KindBody, Text: "Bürgermeisterin Henriette Reker sprach in Köln.\nDie Stadt plant 2025 neue Radwege – sagt sie.\n\nEin zweiter Absatz."},
	{ID: "c1", Kind: annotate.KindComment, Text: "Das stimmt nicht 😀, Radwege gibt es längst.", Author: "leser42",
		Posted: annotate.When{Time: time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC), Precision: annotate.PrecisionMinute, Text: "1. März 2026 um 10:30 Uhr"},
		Number: 1, Title: "Widerspruch"},
	{ID: "c2", Kind: annotate.KindComment, Text: "Doch, Herr Müller!", Author: "anna_b", Number: 2, ReplyTo: "c1",
		Posted: annotate.When{Text: "vor 8 Stunden"}, Meta: map[string]string{"likes": "12", "Sub3_FactClaiming": "0"}},
	{ID: "c3", Kind: annotate.KindComment, Text: "Nur ein Datum.", Author: "carl", Number: 3,
		Posted: annotate.When{Time: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Precision: annotate.PrecisionDay, Text: "2.3.2026"}},
	{ID: "c4", Kind: annotate.KindComment, Text: "Mit Zeitzone.", Author: "dora", Number: 4,
		Posted: annotate.When{Time: time.Date(2026, 3, 2, 18, 5, 0, 0, time.FixedZone("", 3600)), Precision: annotate.PrecisionMinute, Zoned: true}},
}

type spanSpec struct {
	id, seg, exact string
	nth            int // which occurrence of exact (0 = first)
	label, who     string
	attrs          map[string]string
	note           string
}

var sampleSpans1 = []spanSpec{
	{id: "a1", seg: "h", exact: "Zoë", label: "PER", who: "anna", note: "two\nlines"},
	{id: "a2", seg: "h", exact: "Köln", label: "LOC", who: "anna"},
	{id: "a3", seg: "h", exact: "bleibt", label: "MISC", who: "anna"},
	{id: "a4", seg: "l", exact: "q\u0303", label: "MISC", who: "ben"},
	{id: "a5", seg: "l", exact: "🇩🇪 Flagge", label: "MISC", who: "ben"},
	{id: "a6", seg: "b", exact: "Henriette Reker", label: "PER", who: "anna"},
	{id: "a7", seg: "b", exact: "Bürgermeisterin Henriette Reker", label: "PER", who: "ben"},
	{id: "a8", seg: "b", exact: "Die Stadt plant 2025 neue Radwege", label: "CLAIM", who: "anna",
		attrs: map[string]string{"stance": "pro", "checkworthy": "yes, very"}},
	{id: "a9", seg: "b", exact: "Stadt plant 2025 neue Radwege – sagt sie.\n\nEin zweiter", label: "QUOTE", who: "ben"},
	{id: "a10", seg: "c1", exact: "Das stimmt nicht", label: "CLAIM", who: "anna", attrs: map[string]string{"stance": "contra"}},
	{id: "a11", seg: "c2", exact: "Müller", label: "PER", who: "anna"},
}

// runeIndex returns the code point offset of the nth occurrence of sub.
func runeIndex(t testing.TB, s, sub string, nth int) int {
	t.Helper()
	from := 0
	for {
		i := strings.Index(s[from:], sub)
		if i < 0 {
			t.Fatalf("%q not in %q", sub, s)
		}
		if nth == 0 {
			return annotate.RuneCount(s[:from+i])
		}
		nth--
		from += i + 1
	}
}

func addSpans(t testing.TB, s annotate.Store, doc *annotate.Document, specs []spanSpec) {
	t.Helper()
	for i, sp := range specs {
		seg, _ := doc.Segment(sp.seg)
		start := runeIndex(t, seg.Text, sp.exact, sp.nth)
		a := &annotate.Annotation{
			ID: sp.id, DocumentID: doc.ID, SegmentID: sp.seg, Start: start, End: start + annotate.RuneCount(sp.exact),
			Label: sp.label, Attributes: sp.attrs, Note: sp.note, Annotator: sp.who,
			Created: t0.Add(time.Duration(i) * time.Minute), Modified: t0.Add(time.Duration(i)*time.Minute + time.Second),
		}
		if err := s.AddAnnotation(a); err != nil {
			t.Fatalf("add %s: %v", sp.id, err)
		}
	}
}

// sampleProject returns a project with two documents (one of five
// segments), eleven overlapping spans of two annotators, relations and
// segment labels.
func sampleProject(t testing.TB) *memStore {
	t.Helper()
	s := newMemStore(sampleCodebook())
	fillSample(t, s)
	return s
}

// fillSample puts the sample project into s, whose codebook must be
// sampleCodebook.
func fillSample(t testing.TB, s annotate.Store) {
	t.Helper()
	for _, a := range []annotate.Annotator{{ID: "anna", Name: "Anna B.", Created: t0}, {ID: "ben", Name: "Ben C.", Created: t0}} {
		if err := s.AddAnnotator(&a); err != nil {
			t.Fatal(err)
		}
	}
	d1 := &annotate.Document{ID: "doc-1", Title: "Radwege für Köln", Source: "https://example.org/koeln-radwege", Outlet: "Example Zeitung",
		Published: annotate.When{Time: time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC), Precision: annotate.PrecisionDay, Text: "28.02.2026"}, Language: "de", Meta: map[string]string{"comments_total": "2"},
		Segments: slices.Clone(sampleDoc1)}
	d2 := &annotate.Document{ID: "doc-2", Title: "Merkel in Paris", Source: "https://example.com/merkel", Language: "en",
		Segments: []annotate.Segment{{ID: "s1", Kind: annotate.KindBody, Text: "Angela Merkel visited Paris on Monday."}}}
	for _, d := range []*annotate.Document{d1, d2} {
		if err := d.Prepare(t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddDocuments(d1, d2); err != nil {
		t.Fatal(err)
	}
	addSpans(t, s, d1, sampleSpans1)
	addSpans(t, s, d2, []spanSpec{
		{id: "m1", seg: "s1", exact: "Angela Merkel", label: "PER", who: "anna"},
		{id: "m2", seg: "s1", exact: "Paris", label: "LOC", who: "anna"},
	})
	for _, r := range []annotate.Relation{
		{ID: "r1", DocumentID: "doc-1", Type: "disputes", From: "a10", To: "a8", Annotator: "anna", Note: "comment disputes", Created: t0},
		{ID: "r2", DocumentID: "doc-1", Type: "supports", From: "a4", To: "a5", Annotator: "ben", Created: t0},
	} {
		if err := s.AddRelation(&r); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []annotate.SegmentLabel{
		{DocumentID: "doc-1", SegmentID: "c1", Label: "off_topic", Annotator: "anna", Created: t0},
		{DocumentID: "doc-1", Label: "constructive", Annotator: "ben", Created: t0},
	} {
		if err := s.SetSegmentLabel(&l); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot is everything a project holds besides its codebook and
// annotators, in a canonical order for comparison.
type snapshot struct {
	Docs   []annotate.Document
	Anns   []annotate.Annotation
	Rels   []annotate.Relation
	Labels []annotate.SegmentLabel
}

// canonWhen gives a time with an offset a location of its own, so that
// the same time read from two sources compares equal.
func canonWhen(w annotate.When) annotate.When {
	if w.Zoned {
		_, off := w.Time.Zone()
		w.Time = w.Time.In(time.FixedZone("", off))
	}
	return w
}

func canonTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func snap(t testing.TB, s annotate.Store) snapshot {
	t.Helper()
	var out snapshot
	sums, _ := s.Documents()
	ids := make([]string, len(sums))
	for i, d := range sums {
		ids[i] = d.ID
	}
	slices.Sort(ids)
	for _, id := range ids {
		d, err := s.Document(id)
		if err != nil {
			t.Fatal(err)
		}
		d.Published, d.Imported = canonWhen(d.Published), canonTime(d.Imported)
		for i := range d.Segments {
			d.Segments[i].Posted = canonWhen(d.Segments[i].Posted)
		}
		out.Docs = append(out.Docs, *d)
		as, _ := s.Annotations(id)
		for _, a := range as {
			a.Created, a.Modified = canonTime(a.Created), canonTime(a.Modified)
			out.Anns = append(out.Anns, a)
		}
		rs, _ := s.Relations(id)
		for _, r := range rs {
			r.Created = canonTime(r.Created)
			out.Rels = append(out.Rels, r)
		}
		ls, _ := s.SegmentLabels(id)
		for _, l := range ls {
			l.Created = canonTime(l.Created)
			out.Labels = append(out.Labels, l)
		}
	}
	slices.SortFunc(out.Rels, func(a, b annotate.Relation) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(out.Labels, func(a, b annotate.SegmentLabel) int { return strings.Compare(a.Key(), b.Key()) })
	return out
}

// diff names the first difference between two values of the same type.
func diff(want, got any) string {
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	if w.Kind() == reflect.Slice {
		for i := 0; i < min(w.Len(), g.Len()); i++ {
			if !reflect.DeepEqual(w.Index(i).Interface(), g.Index(i).Interface()) {
				return fmt.Sprintf("element %d:\nwant %+v\n got %+v", i, w.Index(i).Interface(), g.Index(i).Interface())
			}
		}
		if w.Len() != g.Len() {
			return fmt.Sprintf("length: want %d, got %d", w.Len(), g.Len())
		}
		return ""
	}
	if !reflect.DeepEqual(want, got) {
		return fmt.Sprintf("want %+v\n got %+v", want, got)
	}
	return ""
}

func exportBytes(t testing.TB, s annotate.Store, opts ExportOptions) ([]byte, ExportReport) {
	t.Helper()
	var buf bytes.Buffer
	rep, err := Export(context.Background(), s, &buf, opts, nil)
	if err != nil {
		t.Fatalf("export %s: %v", opts.Format, err)
	}
	return buf.Bytes(), rep
}

func decodeBytes(t testing.TB, name string, data []byte, f Format, project Project) (*annotate.Batch, DecodeReport) {
	t.Helper()
	b, rep, err := DecodeWith(name, bytes.NewReader(data), DecodeOptions{Format: f, Project: project, Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatalf("decode %s: %v", f, err)
	}
	return b, rep
}

func importBatch(t testing.TB, s *memStore, b *annotate.Batch) annotate.ImportReport {
	t.Helper()
	rep, err := s.Import(b)
	if err != nil {
		t.Fatalf("store import: %v", err)
	}
	return rep
}

// fixtures returns the directory of the shared test fixtures
// (/work/shared/fixtures/formats, beside the repository in CI), or the one
// named by NEWSMARK_FIXTURES.
func fixtures(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("NEWSMARK_FIXTURES")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "fixtures", "formats")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("fixtures not found at %s (set NEWSMARK_FIXTURES to the formats directory): %v", dir, err)
	}
	return dir
}

func readFixture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
