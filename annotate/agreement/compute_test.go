package agreement_test

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/agreement"
	"github.com/newsmark/newsmark/storage"
)

func studyCodebook() *annotate.Codebook {
	return &annotate.Codebook{
		Name: "study",
		Labels: []annotate.Label{
			{ID: "PER", Name: "Person", Kind: annotate.KindEntity, Color: "#e6194b"},
			{ID: "ORG", Name: "Organisation", Kind: annotate.KindEntity, Color: "#3cb44b"},
			{ID: "CLAIM", Name: "Claim", Kind: annotate.KindClaim, Color: "#4363d8", Attributes: []annotate.AttributeDef{
				{Name: "stance", Type: annotate.AttrChoice, Values: []string{"pro", "contra"}},
				{Name: "strength", Type: annotate.AttrScale, Values: []string{"weak", "medium", "strong"}},
			}},
		},
		SegmentLabelSets: []annotate.SegmentLabelSet{
			{ID: "relevance", Name: "Relevance", Exclusive: true, Labels: []annotate.SegmentLabelDef{
				{ID: "on", Name: "on topic", Color: "#00ff00"},
				{ID: "off", Name: "off topic", Color: "#ff0000"},
			}},
		},
	}
}

const body = "Angela Merkel met Siemens chiefs in Berlin."

// openStudy makes a project with one document of an article and four
// comments.
func openStudy(t *testing.T) (*storage.Store, string) {
	t.Helper()
	s, err := storage.Open(filepath.Join(t.TempDir(), "study.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SetCodebook(studyCodebook()); err != nil {
		t.Fatal(err)
	}
	doc := &annotate.Document{ID: "d1", Title: "Merkel", Segments: []annotate.Segment{
		{ID: "s1", Kind: annotate.KindBody, Text: body},
		{ID: "c1", Kind: annotate.KindComment, Text: "Good."},
		{ID: "c2", Kind: annotate.KindComment, Text: "Buy crypto."},
		{ID: "c3", Kind: annotate.KindComment, Text: "Fine meeting."},
		{ID: "c4", Kind: annotate.KindComment, Text: "Whatever."},
	}}
	if err := doc.Prepare(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"anna", "ben", "cara"} {
		if err := s.AddAnnotator(&annotate.Annotator{ID: a, Name: a}); err != nil {
			t.Fatal(err)
		}
	}
	return s, doc.ID
}

func span(t *testing.T, s annotate.Store, coder, seg string, start, end int, label string, attrs map[string]string) annotate.Annotation {
	t.Helper()
	a := annotate.Annotation{ID: annotate.NewID(), DocumentID: "d1", SegmentID: seg, Start: start, End: end, Label: label, Annotator: coder, Attributes: attrs}
	if err := s.AddAnnotation(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

func comment(t *testing.T, s annotate.Store, coder, seg, label string) {
	t.Helper()
	if err := s.SetSegmentLabel(&annotate.SegmentLabel{DocumentID: "d1", SegmentID: seg, Label: label, Annotator: coder}); err != nil {
		t.Fatal(err)
	}
}

// codeTwoCoders: anna and ben agree on the person, not on the extent of the
// organisation; on the comments they agree three times in four.
func codeTwoCoders(t *testing.T, s annotate.Store) {
	span(t, s, "anna", "s1", 0, 13, "PER", nil)
	span(t, s, "anna", "s1", 18, 25, "ORG", nil)
	span(t, s, "ben", "s1", 0, 13, "PER", nil)
	span(t, s, "ben", "s1", 18, 32, "ORG", nil)
	for i, l := range []string{"on", "off", "on", "off"} {
		comment(t, s, "anna", []string{"c1", "c2", "c3", "c4"}[i], l)
	}
	for i, l := range []string{"on", "off", "on", "on"} {
		comment(t, s, "ben", []string{"c1", "c2", "c3", "c4"}[i], l)
	}
}

func near(got, want float64) bool { return math.Abs(got-want) < 0.0005 }

func TestComputeGivesTheHandComputedFiguresOfASmallStudy(t *testing.T) {
	s, _ := openStudy(t)
	codeTwoCoders(t, s)
	r, err := agreement.Compute(s, agreement.Options{Seed: 1, Draws: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Coders, []string{"anna", "ben"}) || !slices.Equal(r.Documents, []string{"d1"}) {
		t.Fatalf("coders %v, documents %v", r.Coders, r.Documents)
	}
	if r.Seed != 1 || r.Draws != 100 {
		t.Errorf("seed, draws = %d, %d", r.Seed, r.Draws)
	}
	all := r.Spans[0]
	if all.Label != "" || len(r.Spans) != 3 {
		t.Fatalf("span rows: %+v", r.Spans)
	}
	p := all.Pairs[0]
	// Exact: the person matches, the organisation does not: 2·1/(2+2).
	// Overlap: both match: 2·2/4.
	if p.Exact.Matched != 1 || !near(p.Exact.Value, 0.5) || p.Overlap.Matched != 2 || !near(p.Overlap.Value, 1) {
		t.Errorf("F1 exact %+v, overlap %+v", p.Exact, p.Overlap)
	}
	if len(all.Disagreements) != 1 || all.Disagreements[0].Start != 18 || all.Disagreements[0].End != 32 || len(all.Disagreements[0].Spans) != 2 {
		t.Errorf("disagreements: %+v", all.Disagreements)
	}
	per := r.Spans[1]
	if per.Label != "PER" || per.Alpha.Value != 1 || len(per.Disagreements) != 0 {
		t.Errorf("PER row: %+v", per)
	}
	org := r.Spans[2]
	if org.Label != "ORG" || !org.Alpha.OK() || org.Alpha.Value >= 1 || org.Alpha.Coders != 2 || org.Alpha.Units != 1 {
		t.Errorf("ORG row alpha: %+v", org.Alpha)
	}
	// Comments: anna on, off, on, off; ben on, off, on, on.
	// Cohen: p_o = 3/4, p_e = .5·.75 + .5·.25 = .5, κ = .5.
	// Alpha: n_on = 5, n_off = 3, o(on,off) = o(off,on) = 1:
	// α = 1 − (n−1)·Σo·δ / Σn_c·n_k·δ = 1 − 7·2/(5·3·2) = .5333.
	var rel *agreement.ValueRow
	for i := range r.Values {
		if r.Values[i].ID == "relevance" {
			rel = &r.Values[i]
		}
	}
	if rel == nil {
		t.Fatalf("no relevance row in %+v", r.Values)
	}
	if !near(rel.Cohen[0].Figure.Value, 0.5) || rel.Cohen[0].Figure.Units != 4 {
		t.Errorf("cohen = %+v", rel.Cohen[0].Figure)
	}
	if !near(rel.Alpha.Value, 0.5333) || rel.Alpha.Units != 4 || rel.Alpha.Coders != 2 || !rel.Alpha.Interval {
		t.Errorf("alpha = %+v", rel.Alpha)
	}
	// Fleiss with two coders: p_e from the pooled shares (5/8, 3/8) =
	// 34/64, κ = (.75 − .53125)/(1 − .53125) = .4667.
	if !near(rel.Fleiss.Value, 0.4667) || rel.Fleiss.Units != 4 {
		t.Errorf("fleiss = %+v", rel.Fleiss)
	}
	if len(rel.Disagreements) != 1 || rel.Disagreements[0].SegmentID != "c4" {
		t.Errorf("comment disagreements: %+v", rel.Disagreements)
	}
}

func TestADocumentCodedByOneCoderDoesNotCount(t *testing.T) {
	s, _ := openStudy(t)
	span(t, s, "anna", "s1", 0, 13, "PER", nil)
	r, err := agreement.Compute(s, agreement.Options{Draws: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Documents) != 0 || r.Spans[0].Alpha.OK() || r.Spans[0].Alpha.Reason == "" {
		t.Errorf("documents %v, alpha %+v", r.Documents, r.Spans[0].Alpha)
	}
}

func TestAStatusMakesACoderOfADocumentWithoutAnnotations(t *testing.T) {
	s, _ := openStudy(t)
	span(t, s, "anna", "s1", 0, 13, "PER", nil)
	st := []annotate.DocStatus{{DocumentID: "d1", Annotator: "ben", Status: annotate.StatusDone}}
	r, err := agreement.Compute(s, agreement.Options{Statuses: st, Draws: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Coders, []string{"anna", "ben"}) {
		t.Fatalf("coders = %v", r.Coders)
	}
	// ben found no person where anna found one.
	if p := r.Spans[0].Pairs[0]; p.Exact.SpansB != 0 || p.Exact.Value != 0 {
		t.Errorf("F1 = %+v", p.Exact)
	}
	notStarted := []annotate.DocStatus{{DocumentID: "d1", Annotator: "ben", Status: annotate.StatusNotStarted}}
	if r, _ := agreement.Compute(s, agreement.Options{Statuses: notStarted, Draws: -1}); len(r.Documents) != 0 {
		t.Errorf("a status not started made ben a coder: %v", r.Coders)
	}
}

func TestStatusesTheStoreKeepsMakeCoders(t *testing.T) {
	s, _ := openStudy(t)
	span(t, s, "anna", "s1", 0, 13, "PER", nil)
	if err := s.SetStatus("d1", "ben", annotate.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	r, err := agreement.Compute(s, agreement.Options{Draws: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Coders, []string{"anna", "ben"}) || len(r.Documents) != 1 {
		t.Errorf("coders %v, documents %v", r.Coders, r.Documents)
	}
}

func TestComputeStopsWhenCancelledAndReportsProgress(t *testing.T) {
	s, _ := openStudy(t)
	codeTwoCoders(t, s)
	var calls [][2]int
	if _, err := agreement.Compute(s, agreement.Options{Draws: -1, Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }}); err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{1, 1} {
		t.Errorf("progress calls: %v", calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := agreement.Compute(s, agreement.Options{Context: ctx}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestAttributesOfMatchedSpansAreCompared(t *testing.T) {
	s, _ := openStudy(t)
	span(t, s, "anna", "s1", 0, 17, "CLAIM", map[string]string{"stance": "pro", "strength": "strong"})
	span(t, s, "ben", "s1", 0, 13, "CLAIM", map[string]string{"stance": "pro", "strength": "medium"})
	span(t, s, "anna", "c3", 0, 4, "CLAIM", map[string]string{"stance": "contra", "strength": "weak"})
	span(t, s, "ben", "c3", 0, 13, "CLAIM", map[string]string{"stance": "contra", "strength": "weak"})
	r, err := agreement.Compute(s, agreement.Options{Draws: -1})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]agreement.ValueRow{}
	for _, v := range r.Values {
		rows[v.ID] = v
	}
	stance, strength := rows["CLAIM.stance"], rows["CLAIM.strength"]
	if stance.Metric != agreement.Nominal || stance.Alpha.Value != 1 || stance.Alpha.Units != 2 {
		t.Errorf("stance: %+v", stance.Alpha)
	}
	if strength.Metric != agreement.Ordinal || !strength.Alpha.OK() || strength.Alpha.Value >= 1 || len(strength.Disagreements) != 1 ||
		strength.Disagreements[0].End != 17 {
		t.Errorf("strength: %s %+v %+v", strength.Metric, strength.Alpha, strength.Disagreements)
	}
}

func TestTheFinalLayerIsNotACoder(t *testing.T) {
	s, _ := openStudy(t)
	codeTwoCoders(t, s)
	if err := s.AddAnnotator(&annotate.Annotator{ID: "gold", Name: "gold"}); err != nil {
		t.Fatal(err)
	}
	span(t, s, "gold", "s1", 0, 13, "PER", nil)
	r, err := agreement.Compute(s, agreement.Options{Draws: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Coders, []string{"anna", "ben"}) {
		t.Errorf("coders = %v", r.Coders)
	}
}

func TestComputeKeepsToTheGivenLabelsAndCoders(t *testing.T) {
	s, _ := openStudy(t)
	codeTwoCoders(t, s)
	span(t, s, "cara", "s1", 0, 6, "PER", nil)
	r, err := agreement.Compute(s, agreement.Options{Labels: []string{"ORG"}, Coders: []string{"anna", "ben"}, Draws: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Spans) != 2 || r.Spans[1].Label != "ORG" || !slices.Equal(r.Coders, []string{"anna", "ben"}) {
		t.Fatalf("rows %d, coders %v", len(r.Spans), r.Coders)
	}
	if p := r.Spans[0].Pairs[0]; p.Exact.SpansA != 1 || p.Exact.Matched != 0 {
		t.Errorf("all-labels F1 should count ORG only: %+v", p.Exact)
	}
}

// coderVariables is a store that keeps each coder's values of the document
// variables.
type coderVariables struct {
	*storage.Store
	values map[string]map[string]string // coder → variable → value, of d1
}

func (c coderVariables) CoderVariables(docID string) (map[string]map[string]string, error) {
	if docID != "d1" {
		return nil, nil
	}
	return c.values, nil
}

func (c coderVariables) Codebook() (*annotate.Codebook, error) {
	cb, err := c.Store.Codebook()
	if err != nil {
		return nil, err
	}
	cb.Variables = []annotate.VariableDef{
		{ID: "topic", Name: "Topic", Type: annotate.VarChoice, Values: []string{"politics", "economy"}},
		{ID: "words", Name: "Words", Type: annotate.VarNumber},
		{ID: "memo", Name: "Memo", Type: annotate.VarText},
	}
	return cb, nil
}

func TestDocumentVariablesAreComparedWhenTheStoreKeepsEachCodersValues(t *testing.T) {
	s, _ := openStudy(t)
	codeTwoCoders(t, s)
	src := coderVariables{s, map[string]map[string]string{
		"anna": {"topic": "politics", "words": "120", "memo": "x"},
		"ben":  {"topic": "economy", "words": "130"},
	}}
	r, err := agreement.Compute(src, agreement.Options{Draws: -1})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]agreement.ValueRow{}
	for _, v := range r.Values {
		if v.Kind == agreement.RowVariable {
			rows[v.ID] = v
		}
	}
	topic, words, memo := rows["topic"], rows["words"], rows["memo"]
	// One document: one pairable unit, two values that differ.
	if topic.Metric != agreement.Nominal || topic.Alpha.Units != 1 || len(topic.Disagreements) != 1 ||
		len(topic.Disagreements[0].Values) != 2 || topic.Disagreements[0].Values[1].Value != "economy" {
		t.Errorf("topic: %+v", topic)
	}
	if words.Metric != agreement.Interval || words.Alpha.Units != 1 {
		t.Errorf("words: %+v", words)
	}
	if memo.Alpha.OK() || memo.Alpha.Reason == "" {
		t.Errorf("free text got a figure: %+v", memo.Alpha)
	}

	// Without per-coder values the report says why there is no row.
	r, err = agreement.Compute(struct{ agreement.Source }{src}, agreement.Options{Draws: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range r.Values {
		if v.Kind == agreement.RowVariable {
			t.Errorf("a variable row without per-coder values: %+v", v)
		}
	}
	if len(r.Notes) == 0 || !strings.Contains(strings.Join(r.Notes, "\n"), "one value per document") {
		t.Errorf("notes: %q", r.Notes)
	}
}
