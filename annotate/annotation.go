package annotate

import (
	"fmt"
	"time"
)

// Annotation is a labelled span of one segment's text. Start and End are
// code point offsets into the segment's NFC text, End exclusive (the W3C
// TextPositionSelector rule). Quote repeats the covered text with some
// context so that every exported span can be checked by a reader. Spans may
// overlap and nest.
type Annotation struct {
	ID         string
	DocumentID string
	SegmentID  string
	Start, End int
	Quote      Quote
	Label      string            // id of a codebook label
	Attributes map[string]string // attribute name → value, as the label's schema allows
	Note       string
	Annotator  string // id of the annotator who made it
	Created    time.Time
	Modified   time.Time
}

// Len returns the span's length in code points.
func (a *Annotation) Len() int { return a.End - a.Start }

// Anchor checks a's offsets against the segment's text and fills in its
// quote. It returns ErrOffsetRange or ErrEmptySpan.
func (a *Annotation) Anchor(seg *Segment) error {
	q, err := a.quoteIn(seg)
	if err != nil {
		return err
	}
	a.Quote = q
	return nil
}

func (a *Annotation) quoteIn(seg *Segment) (Quote, error) {
	if a.Start == a.End {
		return Quote{}, fmt.Errorf("annotation %s at %d: %w", a.ID, a.Start, ErrEmptySpan)
	}
	q, ok := QuoteOf(seg.Text, a.Start, a.End, QuoteContext)
	if !ok {
		return Quote{}, fmt.Errorf("annotation %s: [%d,%d) in segment %s of %d code points: %w",
			a.ID, a.Start, a.End, seg.ID, RuneCount(seg.Text), ErrOffsetRange)
	}
	return q, nil
}

// Validate checks a against the document it points into and the codebook: a
// known segment, offsets inside it covering some text, a quote that matches,
// a span label the codebook defines, and attributes its schema allows.
func (a *Annotation) Validate(doc *Document, cb *Codebook) error {
	if a.ID == "" {
		return fmt.Errorf("annotation has no id: %w", ErrInvalid)
	}
	if a.DocumentID != doc.ID {
		return fmt.Errorf("annotation %s belongs to document %s, not %s: %w", a.ID, a.DocumentID, doc.ID, ErrInvalid)
	}
	seg, ok := doc.Segment(a.SegmentID)
	if !ok {
		return fmt.Errorf("annotation %s: document %s has no segment %q: %w", a.ID, doc.ID, a.SegmentID, ErrUnknownSegment)
	}
	return a.ValidateInSegment(seg, cb)
}

// ValidateInSegment is Validate for a caller that already holds the segment.
func (a *Annotation) ValidateInSegment(seg *Segment, cb *Codebook) error {
	q, err := a.quoteIn(seg)
	if err != nil {
		return err
	}
	if a.Quote.Exact != q.Exact {
		return fmt.Errorf("annotation %s: quote %q does not match the text %q at [%d,%d): %w",
			a.ID, a.Quote.Exact, q.Exact, a.Start, a.End, ErrInvalid)
	}
	label, ok := cb.Label(a.Label)
	if !ok {
		return fmt.Errorf("annotation %s: label %q: %w", a.ID, a.Label, ErrUnknownLabel)
	}
	return label.CheckAttributes(a.Attributes)
}

// Relation is a typed, directed link between two annotations of the same
// document, possibly in different segments (a comment's span "disputes" an
// article claim).
type Relation struct {
	ID         string
	DocumentID string
	Type       string // id of a codebook relation type
	From, To   string // annotation ids
	Note       string
	Annotator  string
	Created    time.Time
}

// Validate checks r against the annotations it links and the codebook.
func (r *Relation) Validate(from, to *Annotation, cb *Codebook) error {
	if r.ID == "" {
		return fmt.Errorf("relation has no id: %w", ErrInvalid)
	}
	if from.DocumentID != r.DocumentID || to.DocumentID != r.DocumentID {
		return fmt.Errorf("relation %s links annotations of different documents: %w", r.ID, ErrInvalid)
	}
	if from.ID == to.ID {
		return fmt.Errorf("relation %s links annotation %s to itself: %w", r.ID, from.ID, ErrInvalid)
	}
	rt, ok := cb.RelationType(r.Type)
	if !ok {
		return fmt.Errorf("relation %s: type %q: %w", r.ID, r.Type, ErrUnknownRelationType)
	}
	if !rt.Allows(from.Label, to.Label) {
		return fmt.Errorf("relation %s: a %s link cannot go from a %s span to a %s span: %w", r.ID, rt.Name, from.Label, to.Label, ErrInvalid)
	}
	return nil
}

// SegmentLabel puts a label on a whole comment, or on the whole document when
// SegmentID is empty. One annotator gives a label to a segment at most once.
type SegmentLabel struct {
	DocumentID string
	SegmentID  string // "" for the whole document
	Label      string // id of a label in one of the codebook's segment-label sets
	Annotator  string
	Created    time.Time
}

// Key returns the identity of a segment label: the same annotator giving the
// same label to the same segment is the same segment label.
func (l SegmentLabel) Key() string {
	return l.DocumentID + "\x00" + l.SegmentID + "\x00" + l.Label + "\x00" + l.Annotator
}

// Validate checks l against its document and the codebook.
func (l *SegmentLabel) Validate(doc *Document, cb *Codebook) error {
	if l.DocumentID != doc.ID {
		return fmt.Errorf("segment label belongs to document %s, not %s: %w", l.DocumentID, doc.ID, ErrInvalid)
	}
	if l.SegmentID != "" {
		if _, ok := doc.Segment(l.SegmentID); !ok {
			return fmt.Errorf("segment label %q: document %s has no segment %q: %w", l.Label, doc.ID, l.SegmentID, ErrUnknownSegment)
		}
	}
	if _, _, ok := cb.SegmentLabel(l.Label); !ok {
		return fmt.Errorf("segment label %q: %w", l.Label, ErrUnknownLabel)
	}
	if l.Annotator == "" {
		return fmt.Errorf("segment label %q has no annotator: %w", l.Label, ErrInvalid)
	}
	return nil
}

// Annotator is a person who codes documents. Each annotator's annotations
// form a layer of their own until someone adjudicates them.
type Annotator struct {
	ID      string // short, stable, unique: the name a coder types, e.g. "anna"
	Name    string // display name
	Created time.Time
}
