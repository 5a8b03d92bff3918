package agreement

import (
	"context"
	"encoding/json"
	"math"

	"github.com/newsmark/newsmark/annotate"
)

// Figure is one agreement coefficient with what it rests on. A figure that
// cannot be computed (one coder, one category only, no pairable units) has
// Reason set and no Value.
type Figure struct {
	Value float64
	// Low and High bound the bootstrap 95% interval when Interval is set
	// (alphas only).
	Low, High float64
	Interval  bool
	Units     int // units (spans' places, segments, documents) the figure rests on
	Coders    int // coders whose values entered it
	Reason    string
}

// OK reports whether the figure has a value.
func (f Figure) OK() bool { return f.Reason == "" && !math.IsNaN(f.Value) }

// noFigure returns a figure that says why it has no value.
func noFigure(units, coders int, reason string) Figure {
	return Figure{Value: math.NaN(), Units: units, Coders: coders, Reason: reason}
}

type figureJSON struct {
	Value  *float64 `json:"value,omitempty"`
	Low    *float64 `json:"low,omitempty"`
	High   *float64 `json:"high,omitempty"`
	Units  int      `json:"units"`
	Coders int      `json:"coders"`
	Reason string   `json:"reason,omitempty"`
}

// MarshalJSON writes a figure without a value as its reason.
func (f Figure) MarshalJSON() ([]byte, error) {
	j := figureJSON{Units: f.Units, Coders: f.Coders, Reason: f.Reason}
	if f.OK() {
		v := f.Value
		j.Value = &v
		if f.Interval {
			lo, hi := f.Low, f.High
			j.Low, j.High = &lo, &hi
		}
	}
	return json.Marshal(j)
}

// F1 is the agreement of two coders' spans as an F-score: 2·matched /
// (spans of A + spans of B), which is the same whichever coder is taken as
// the reference. A span matches at most one span of the other coder.
type F1 struct {
	Matched        int     `json:"matched"`
	SpansA, SpansB int     // spans of coder A and of coder B
	Value          float64 `json:"-"` // NaN when neither coder has a span
}

// MarshalJSON writes the F-score as "value", left out when neither coder
// has a span.
func (f F1) MarshalJSON() ([]byte, error) {
	j := struct {
		Value   *float64 `json:"value,omitempty"`
		Matched int      `json:"matched"`
		SpansA  int      `json:"spans_a"`
		SpansB  int      `json:"spans_b"`
	}{Matched: f.Matched, SpansA: f.SpansA, SpansB: f.SpansB}
	if !math.IsNaN(f.Value) {
		v := f.Value
		j.Value = &v
	}
	return json.Marshal(j)
}

// PairF1 is the span F1 of one pair of coders, with exact match (same
// segment, offsets and label) and with overlapping match (same segment and
// label, at least one code point in common).
type PairF1 struct {
	A         string `json:"a"`
	B         string `json:"b"`
	Documents int    `json:"documents"` // documents both coded
	Exact     F1     `json:"exact"`
	Overlap   F1     `json:"overlap"`
}

// PairFigure is a figure of one pair of coders (Cohen's kappa).
type PairFigure struct {
	A      string `json:"a"`
	B      string `json:"b"`
	Figure Figure `json:"kappa"`
}

// Span is one coder's span in a disagreement.
type Span struct {
	AnnotationID string `json:"annotation_id"`
	Coder        string `json:"coder"`
	Start        int    `json:"start"`
	End          int    `json:"end"`
	Label        string `json:"label"`
	Text         string `json:"text"`
}

// Value is one coder's value of a unit in a disagreement (a comment label,
// an attribute, a variable); "" when the coder gave none.
type Value struct {
	Coder string `json:"coder"`
	Value string `json:"value"`
}

// Disagreement is one place where the coders of a row differ: for spans,
// the overlapping spans of the coders (Start, End are the extent of the
// place); for values, each coder's value of the unit.
type Disagreement struct {
	DocumentID string  `json:"document"`
	SegmentID  string  `json:"segment,omitempty"` // "" for the whole document
	Start      int     `json:"start,omitempty"`
	End        int     `json:"end,omitempty"`
	Spans      []Span  `json:"spans,omitempty"`
	Values     []Value `json:"values,omitempty"`
}

// SpanRow is the agreement on spans of one label, or of all labels when
// Label is "".
type SpanRow struct {
	Label         string         `json:"label"` // label id; "" for all labels
	Name          string         `json:"name"`
	Alpha         Figure         `json:"alpha_u"` // Krippendorff's unitizing alpha
	Documents     int            `json:"documents"`
	Pairs         []PairF1       `json:"f1"`
	Disagreements []Disagreement `json:"disagreements"`
}

// RowKind says what a value row measures.
type RowKind string

// The kinds of value rows.
const (
	RowCommentLabel RowKind = "comment_label" // labels of a segment-label set on comments (and documents)
	RowAttribute    RowKind = "attribute"     // an attribute of matched spans of one label
	RowVariable     RowKind = "variable"      // a document variable
)

// Metric is the difference function of Krippendorff's alpha that fits a
// scale.
type Metric string

// The metrics.
const (
	Nominal  Metric = "nominal"
	Ordinal  Metric = "ordinal"
	Interval Metric = "interval"
)

// ValueRow is the agreement on one categorical or numeric coding: the
// labels of a segment-label set, one attribute of one span label, or one
// document variable.
type ValueRow struct {
	Kind          RowKind        `json:"kind"`
	ID            string         `json:"id"` // set id, "LABEL.attribute", variable id, or a set's label id for yes/no labels
	Name          string         `json:"name"`
	Metric        Metric         `json:"metric"`
	Alpha         Figure         `json:"alpha"`  // Krippendorff's alpha with Metric
	Fleiss        Figure         `json:"fleiss"` // Fleiss' kappa (units every coder coded)
	Cohen         []PairFigure   `json:"cohen"`
	Disagreements []Disagreement `json:"disagreements"`
}

// Report is the agreement of a study.
type Report struct {
	Coders    []string   `json:"coders"`          // coders counted, sorted
	Documents []string   `json:"documents"`       // documents two or more coders coded, in project order
	Seed      int64      `json:"seed"`            // of the bootstrap
	Draws     int        `json:"draws"`           // bootstrap draws per alpha
	Spans     []SpanRow  `json:"spans"`           // all labels first, then one per label in codebook order
	Values    []ValueRow `json:"values"`          // comment labels, attributes, variables
	Notes     []string   `json:"notes,omitempty"` // what was left out and why
}

// Options narrows a computation. Empty lists mean all.
type Options struct {
	Labels    []string // span labels, attribute rows of these labels
	Coders    []string // annotator ids
	Documents []string // document ids
	// Statuses are the coders' document statuses; a status in progress or
	// done makes a document coded by that coder. A store that keeps them
	// (StatusSource) is asked when this is nil.
	Statuses []annotate.DocStatus
	// Exclude names annotators that are not coders, such as the final
	// layer; nil means DefaultGold.
	Exclude []string
	// Seed and Draws of the bootstrap; Draws 0 means 1000, negative none.
	Seed  int64
	Draws int
	// Context, when set, stops a long computation: Compute returns its
	// error (context.Canceled) as soon as it sees it done.
	Context context.Context
	// Progress, when set, is called after each document read, with the
	// number read and the number to read.
	Progress func(done, total int)
}

// DefaultSeed is the bootstrap seed when Options.Seed is 0.
const DefaultSeed int64 = 20260101

// DefaultDraws is the number of bootstrap draws.
const DefaultDraws = 1000

// Source is what Compute and the adjudication read from a project;
// annotate.Store satisfies it.
type Source interface {
	Documents() ([]annotate.DocumentSummary, error)
	Document(id string) (*annotate.Document, error)
	Annotations(docID string) ([]annotate.Annotation, error)
	SegmentLabels(docID string) ([]annotate.SegmentLabel, error)
	Codebook() (*annotate.Codebook, error)
}

// StatusSource is implemented by a store that keeps the coders' document
// statuses.
type StatusSource interface {
	Statuses() ([]annotate.DocStatus, error)
}

// CoderVariableSource is implemented by a store that keeps each coder's
// values of the document variables (a merged study); without it, document
// variables have one value per document and no agreement figure.
type CoderVariableSource interface {
	// CoderVariables returns a document's variable values per coder:
	// coder → variable id → value.
	CoderVariables(docID string) (map[string]map[string]string, error)
}
