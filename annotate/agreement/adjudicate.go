package agreement

import (
	"errors"
	"fmt"
	"slices"

	"github.com/newsmark/newsmark/annotate"
)

// DefaultGold is the annotator of the final layer unless the lead picks
// another name.
const DefaultGold = "gold"

// Version is one coder's spans at a place.
type Version struct {
	Coder string
	Spans []annotate.Annotation
}

// Place is where coders marked something in a document: their spans in one
// segment that overlap (taken transitively), each coder's version, and what
// the final layer has there.
type Place struct {
	DocumentID string
	SegmentID  string
	Start, End int       // the extent of the coders' spans, code points
	Versions   []Version // coders who marked something here, in coder order
	// Silent lists the coders who coded the document but marked nothing
	// here.
	Silent []string
	// Gold holds the final layer's spans that overlap the place.
	Gold []annotate.Annotation
	// Agreed is set when every coder of the document marked the same spans
	// here: the same offsets and labels.
	Agreed bool
	// Rejected is set when the adjudicator rejected every coder's span here.
	Rejected bool
}

// Settled reports whether the place has been decided: the final layer has
// a span here, or every version was rejected.
func (p *Place) Settled() bool { return len(p.Gold) > 0 || p.Rejected }

// Adjudication is one document's places for a final layer.
type Adjudication struct {
	DocumentID string
	Gold       string   // the final layer's annotator
	Coders     []string // coders who coded the document, sorted
	Places     []Place
}

// Left counts the places not settled yet.
func (a *Adjudication) Left() int {
	n := 0
	for i := range a.Places {
		if !a.Places[i].Settled() {
			n++
		}
	}
	return n
}

// RejectionStore is implemented by a store that keeps the adjudicator's
// rejections: which coders' annotations the final layer gold does not take.
// A store without it cannot record a rejection (NewReject fails).
type RejectionStore interface {
	// SetRejected marks the annotations of a document rejected (or not) for
	// the final layer gold, in one transaction.
	SetRejected(docID, gold string, annotationIDs []string, rejected bool) error
	// Rejected returns the ids of a document's rejected annotations for gold.
	Rejected(docID, gold string) (map[string]bool, error)
}

// ErrNoRejections reports a store that cannot keep rejections.
var ErrNoRejections = errors.New("this project cannot record rejections")

// AdjudicationOptions says whose work a final layer is built from.
type AdjudicationOptions struct {
	Gold     string               // the final layer's annotator; DefaultGold if empty
	Coders   []string             // coders to adjudicate; all but Gold if empty
	Statuses []annotate.DocStatus // as Options.Statuses
}

// Adjudicate lists the places of a document where coders marked something,
// with each coder's version and what the final layer has there.
func Adjudicate(src Source, docID string, opts AdjudicationOptions) (*Adjudication, error) {
	gold := opts.Gold
	if gold == "" {
		gold = DefaultGold
	}
	statuses, err := statusesOf(src, opts.Statuses)
	if err != nil {
		return nil, err
	}
	started := map[string]bool{}
	for _, s := range statuses {
		if s.DocumentID == docID && (s.Status == annotate.StatusInProgress || s.Status == annotate.StatusDone) {
			started[s.Annotator] = true
		}
	}
	f := filter{coders: set(opts.Coders), exclude: map[string]bool{gold: true}}
	d, err := loadDocument(src, docID, f, started, map[string]bool{gold: true})
	if err != nil {
		return nil, err
	}
	if d.doc, err = src.Document(docID); err != nil {
		return nil, fmt.Errorf("adjudicate: read document %s: %w", docID, err)
	}
	rejected := map[string]bool{}
	if rs, ok := src.(RejectionStore); ok {
		if rejected, err = rs.Rejected(docID, gold); err != nil {
			return nil, fmt.Errorf("adjudicate: rejections of document %s: %w", docID, err)
		}
	}
	adj := &Adjudication{DocumentID: docID, Gold: gold, Coders: d.coders}
	var spans []*annotate.Annotation
	for _, c := range d.coders {
		for i := range d.spans[c] {
			spans = append(spans, &d.spans[c][i])
		}
	}
	for _, g := range groupSpans(d.doc, spans) {
		p := Place{DocumentID: docID, SegmentID: g.segment, Start: g.start, End: g.end, Agreed: g.agreed(d.coders), Rejected: true}
		for _, c := range d.coders {
			var v Version
			for _, a := range g.spans {
				if a.Annotator == c {
					v.Spans = append(v.Spans, *a)
					if !rejected[a.ID] {
						p.Rejected = false
					}
				}
			}
			if len(v.Spans) == 0 {
				p.Silent = append(p.Silent, c)
				continue
			}
			v.Coder = c
			p.Versions = append(p.Versions, v)
		}
		for _, a := range d.gold {
			if a.SegmentID == g.segment && a.Start < g.end && g.start < a.End {
				p.Gold = append(p.Gold, a)
			}
		}
		adj.Places = append(adj.Places, p)
	}
	return adj, nil
}

// goldCopy returns a copy of a coder's span for the final layer gold: a new
// id, the same place, label, attributes and note.
func goldCopy(a annotate.Annotation, gold string) *annotate.Annotation {
	c := annotate.Annotation{
		ID:         annotate.NewID(),
		DocumentID: a.DocumentID,
		SegmentID:  a.SegmentID,
		Start:      a.Start,
		End:        a.End,
		Label:      a.Label,
		Note:       a.Note,
		Annotator:  gold,
	}
	if len(a.Attributes) > 0 {
		c.Attributes = make(map[string]string, len(a.Attributes))
		for k, v := range a.Attributes {
			c.Attributes[k] = v
		}
	}
	return &c
}

// NewAccept returns the change that makes one coder's version of a place
// the final layer's: the final layer's spans at the place are removed and
// the version's spans are copied into it (annotator p's gold). Undo puts the
// final layer back as it was.
func NewAccept(p *Place, coder, gold string) (annotate.Change, error) {
	if gold == "" {
		gold = DefaultGold
	}
	i := slices.IndexFunc(p.Versions, func(v Version) bool { return v.Coder == coder })
	if i < 0 {
		return nil, fmt.Errorf("adjudicate: %s marked nothing at %s [%d,%d) of document %s: %w", coder, p.SegmentID, p.Start, p.End, p.DocumentID, annotate.ErrNotFound)
	}
	g := &annotate.Group{Description: fmt.Sprintf("accept %s's version", coder)}
	for _, a := range p.Gold {
		g.Changes = append(g.Changes, &annotate.DeleteAnnotation{Annotation: a})
	}
	for _, a := range p.Versions[i].Spans {
		g.Changes = append(g.Changes, &annotate.CreateAnnotation{Annotation: goldCopy(a, gold)})
	}
	return g, nil
}

// Reject is the change that rejects coders' annotations for a final layer;
// undo takes the rejection back.
type Reject struct {
	DocumentID    string
	Gold          string
	AnnotationIDs []string
}

// NewReject returns the change that rejects every version of a place: the
// final layer takes nothing there, and the place counts as settled.
func NewReject(p *Place, gold string) *Reject {
	if gold == "" {
		gold = DefaultGold
	}
	r := &Reject{DocumentID: p.DocumentID, Gold: gold}
	for _, v := range p.Versions {
		for _, a := range v.Spans {
			r.AnnotationIDs = append(r.AnnotationIDs, a.ID)
		}
	}
	return r
}

func (r *Reject) set(s annotate.Store, rejected bool) error {
	rs, ok := s.(RejectionStore)
	if !ok {
		return ErrNoRejections
	}
	return rs.SetRejected(r.DocumentID, r.Gold, r.AnnotationIDs, rejected)
}

// Apply implements annotate.Change.
func (r *Reject) Apply(s annotate.Store) error { return r.set(s, true) }

// Revert implements annotate.Change.
func (r *Reject) Revert(s annotate.Store) error { return r.set(s, false) }

// Describe implements annotate.Change.
func (r *Reject) Describe() string {
	return fmt.Sprintf("reject %d annotations for %s", len(r.AnnotationIDs), r.Gold)
}

// NewAcceptAgreed returns one change that copies into the final layer every
// place of the given documents where all coders agree (the same offsets and
// labels) and the final layer has nothing yet, and how many places that
// is. Undo removes them all again. The change is nil when there is
// nothing to accept.
func NewAcceptAgreed(src Source, docIDs []string, opts AdjudicationOptions) (annotate.Change, int, error) {
	gold := opts.Gold
	if gold == "" {
		gold = DefaultGold
	}
	g := &annotate.Group{}
	n := 0
	for _, id := range docIDs {
		adj, err := Adjudicate(src, id, opts)
		if err != nil {
			return nil, 0, err
		}
		for i := range adj.Places {
			p := &adj.Places[i]
			if !p.Agreed || p.Settled() {
				continue
			}
			for _, a := range p.Versions[0].Spans {
				g.Changes = append(g.Changes, &annotate.CreateAnnotation{Annotation: goldCopy(a, gold)})
			}
			n++
		}
	}
	if n == 0 {
		return nil, 0, nil
	}
	g.Description = fmt.Sprintf("accept %d places all coders agree on", n)
	return g, n, nil
}
