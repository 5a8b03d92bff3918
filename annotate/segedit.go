package annotate

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// SpanPlace is where an annotation points: a segment and code point
// offsets into its text, end exclusive.
type SpanPlace struct {
	SegmentID  string
	Start, End int
}

// SpanMove moves one annotation from one place to another when the text it
// points into is split or merged.
type SpanMove struct {
	ID       string
	From, To SpanPlace
}

// SegmentEdit is a change to a document's segments made by hand: a split, a
// merge, another kind, another comment header. It names the segments as
// they are and as they become, where each annotation the change touches
// moves to, and the segment labels it takes off and puts on. A store applies
// it in one transaction, and only if the document still has the From
// segments; Inverse undoes it.
//
// Segment texts are NFC (a split or merge of NFC texts at code point
// boundaries is NFC again), and annotations keep their quoted text: an
// annotation that moves still covers the same characters.
type SegmentEdit struct {
	DocumentID string
	From, To   []Segment
	Spans      []SpanMove
	// RemoveLabels are taken off before AddLabels are put on.
	RemoveLabels, AddLabels []SegmentLabel
}

// Inverse returns the edit that takes e back.
func (e *SegmentEdit) Inverse() *SegmentEdit {
	inv := &SegmentEdit{
		DocumentID:   e.DocumentID,
		From:         e.To,
		To:           e.From,
		RemoveLabels: e.AddLabels,
		AddLabels:    e.RemoveLabels,
	}
	for _, m := range e.Spans {
		inv.Spans = append(inv.Spans, SpanMove{ID: m.ID, From: m.To, To: m.From})
	}
	return inv
}

// Check validates the segments after the edit as Document.Validate does,
// and that every moved annotation and added label points into them.
func (e *SegmentEdit) Check() error {
	d := Document{ID: e.DocumentID, Segments: e.To}
	if err := d.Validate(); err != nil {
		return err
	}
	for _, s := range e.To {
		if !s.Kind.Known() {
			return fmt.Errorf("segment %s: unknown kind %q: %w", s.ID, s.Kind, ErrInvalid)
		}
	}
	for _, m := range e.Spans {
		seg, ok := d.Segment(m.To.SegmentID)
		if !ok {
			return fmt.Errorf("annotation %s moves to segment %q, which the document will not have: %w", m.ID, m.To.SegmentID, ErrUnknownSegment)
		}
		if _, ok := Slice(seg.Text, m.To.Start, m.To.End); !ok || m.To.Start >= m.To.End {
			return fmt.Errorf("annotation %s moves to [%d,%d) of segment %s: %w", m.ID, m.To.Start, m.To.End, seg.ID, ErrOffsetRange)
		}
	}
	for _, l := range e.AddLabels {
		if _, ok := d.Segment(l.SegmentID); !ok && l.SegmentID != "" {
			return fmt.Errorf("segment label %s goes to segment %q, which the document will not have: %w", l.Label, l.SegmentID, ErrUnknownSegment)
		}
	}
	return nil
}

// MergeSeparator is put between two texts that MergeSegment joins: a
// paragraph break in the article, a line break in a comment.
func MergeSeparator(kind SegmentKind) string {
	if kind == KindComment {
		return "\n"
	}
	return "\n\n"
}

// SplitSegment returns the edit that splits segment segID at code point
// offset at: the text before stays in the segment, the text after becomes a
// new segment of the given kind right after it. White space at the cut is
// dropped from both parts. Annotations after the cut move into the new
// segment with their offsets shifted; an annotation that covers text on
// both sides of the cut is shortened to the part before it, and is returned
// in cut so that a caller can ask first. A new comment replies where the
// split comment did and has no author or time yet; comment labels of a
// split comment are given to both parts.
func SplitSegment(doc *Document, anns []Annotation, labels []SegmentLabel, segID string, at int, kind SegmentKind) (edit *SegmentEdit, cut []Annotation, err error) {
	i := segmentIndex(doc, segID)
	if i < 0 {
		return nil, nil, fmt.Errorf("split: document %s has no segment %q: %w", doc.ID, segID, ErrUnknownSegment)
	}
	if !kind.Known() {
		return nil, nil, fmt.Errorf("split: unknown kind %q: %w", kind, ErrInvalid)
	}
	seg := doc.Segments[i]
	runes := []rune(seg.Text)
	if at <= 0 || at >= len(runes) {
		return nil, nil, fmt.Errorf("split: the caret must be inside the text, not at its start or end: %w", ErrInvalid)
	}
	leftEnd := at
	for leftEnd > 0 && unicode.IsSpace(runes[leftEnd-1]) {
		leftEnd--
	}
	rightStart := at
	for rightStart < len(runes) && unicode.IsSpace(runes[rightStart]) {
		rightStart++
	}
	if leftEnd == 0 || rightStart == len(runes) {
		return nil, nil, fmt.Errorf("split: there is no text on one side of the caret: %w", ErrInvalid)
	}
	first, second := seg, Segment{ID: newSegmentID(doc, kind), Kind: kind}
	first.Text = string(runes[:leftEnd])
	second.Text = string(runes[rightStart:])
	if kind == KindComment && seg.Kind == KindComment {
		second.ReplyTo = seg.ReplyTo
	}
	edit = &SegmentEdit{DocumentID: doc.ID, From: doc.Segments}
	edit.To = slices.Concat(doc.Segments[:i], []Segment{first, second}, doc.Segments[i+1:])
	for _, a := range anns {
		if a.SegmentID != segID {
			continue
		}
		from := SpanPlace{SegmentID: segID, Start: a.Start, End: a.End}
		switch {
		case a.End <= leftEnd:
			continue // stays where it is
		case a.Start >= rightStart:
			edit.Spans = append(edit.Spans, SpanMove{ID: a.ID, From: from,
				To: SpanPlace{SegmentID: second.ID, Start: a.Start - rightStart, End: a.End - rightStart}})
		case a.Start >= leftEnd && a.End <= rightStart:
			return nil, nil, fmt.Errorf("split: annotation %s covers only the white space at the caret: %w", a.ID, ErrInvalid)
		case a.Start >= leftEnd:
			// It starts in the white space at the cut: keep its text.
			edit.Spans = append(edit.Spans, SpanMove{ID: a.ID, From: from,
				To: SpanPlace{SegmentID: second.ID, Start: 0, End: a.End - rightStart}})
		default:
			// It ends after the text before the cut: shorten it to that text.
			edit.Spans = append(edit.Spans, SpanMove{ID: a.ID, From: from,
				To: SpanPlace{SegmentID: segID, Start: a.Start, End: leftEnd}})
			if a.End > rightStart {
				cut = append(cut, a)
			}
		}
	}
	if kind == KindComment && seg.Kind == KindComment {
		for _, l := range labels {
			if l.SegmentID == segID {
				l.SegmentID = second.ID
				edit.AddLabels = append(edit.AddLabels, l)
			}
		}
	}
	return edit, cut, edit.Check()
}

// MergeTarget returns the segment that MergeSegment would merge segID into:
// the comment before a comment, the article segment before an article
// segment.
func MergeTarget(doc *Document, segID string) (*Segment, bool) {
	i := segmentIndex(doc, segID)
	if i < 0 {
		return nil, false
	}
	comment := doc.Segments[i].Kind == KindComment
	for j := i - 1; j >= 0; j-- {
		if (doc.Segments[j].Kind == KindComment) == comment {
			return &doc.Segments[j], true
		}
	}
	return nil, false
}

// MergeSegment returns the edit that merges segment segID into the one
// before it (see MergeTarget): its text is appended after MergeSeparator, its
// annotations move with their offsets shifted, and replies to it reply to
// the merged comment. The merged segment keeps the kind and comment header
// of the one before. The comment labels of the merged-away comment move
// along, except where the comment before already has that label, or a
// label of the same exclusive set, from the same annotator: those are taken
// off (undo gives them back).
func MergeSegment(doc *Document, anns []Annotation, labels []SegmentLabel, cb *Codebook, segID string) (*SegmentEdit, error) {
	i := segmentIndex(doc, segID)
	if i < 0 {
		return nil, fmt.Errorf("merge: document %s has no segment %q: %w", doc.ID, segID, ErrUnknownSegment)
	}
	prev, ok := MergeTarget(doc, segID)
	if !ok {
		what := "article segment"
		if doc.Segments[i].Kind == KindComment {
			what = "comment"
		}
		return nil, fmt.Errorf("merge: there is no %s before this one: %w", what, ErrInvalid)
	}
	seg := doc.Segments[i]
	merged := *prev
	sep := MergeSeparator(prev.Kind)
	merged.Text = prev.Text + sep + seg.Text // NFC: the separator composes with nothing
	shift := RuneCount(prev.Text) + RuneCount(sep)

	edit := &SegmentEdit{DocumentID: doc.ID, From: doc.Segments}
	for j, s := range doc.Segments {
		switch {
		case j == i:
			continue
		case s.ID == prev.ID:
			s = merged
		case s.ReplyTo == seg.ID:
			s.ReplyTo = prev.ID
		}
		edit.To = append(edit.To, s)
	}
	for _, a := range anns {
		if a.SegmentID == seg.ID {
			edit.Spans = append(edit.Spans, SpanMove{ID: a.ID,
				From: SpanPlace{SegmentID: seg.ID, Start: a.Start, End: a.End},
				To:   SpanPlace{SegmentID: prev.ID, Start: a.Start + shift, End: a.End + shift}})
		}
	}
	for _, l := range labels {
		if l.SegmentID != seg.ID {
			continue
		}
		edit.RemoveLabels = append(edit.RemoveLabels, l)
		if !labelClashes(l, prev.ID, labels, cb) {
			moved := l
			moved.SegmentID = prev.ID
			edit.AddLabels = append(edit.AddLabels, moved)
		}
	}
	return edit, edit.Check()
}

// labelClashes reports whether segment target already has label l from l's
// annotator, or another label of l's exclusive set from that annotator.
func labelClashes(l SegmentLabel, target string, labels []SegmentLabel, cb *Codebook) bool {
	var set *SegmentLabelSet
	if cb != nil {
		set, _, _ = cb.SegmentLabel(l.Label)
	}
	for _, x := range labels {
		if x.SegmentID != target || x.Annotator != l.Annotator {
			continue
		}
		if x.Label == l.Label {
			return true
		}
		if set != nil && set.Exclusive {
			if other, _, ok := cb.SegmentLabel(x.Label); ok && other.ID == set.ID {
				return true
			}
		}
	}
	return false
}

// ChangeSegmentKind returns the edit that gives segment segID another kind.
// A comment that becomes part of the article loses its comment header, and
// replies to it reply to the comment it answered (or to none).
func ChangeSegmentKind(doc *Document, segID string, kind SegmentKind) (*SegmentEdit, error) {
	i := segmentIndex(doc, segID)
	if i < 0 {
		return nil, fmt.Errorf("change kind: document %s has no segment %q: %w", doc.ID, segID, ErrUnknownSegment)
	}
	if !kind.Known() {
		return nil, fmt.Errorf("change kind: unknown kind %q: %w", kind, ErrInvalid)
	}
	seg := doc.Segments[i]
	if seg.Kind == kind {
		return nil, fmt.Errorf("change kind: segment %s is already a %s: %w", segID, kind, ErrInvalid)
	}
	edit := &SegmentEdit{DocumentID: doc.ID, From: doc.Segments}
	for j, s := range doc.Segments {
		switch {
		case j == i:
			if kind != KindComment {
				s = Segment{ID: s.ID, Text: s.Text}
			}
			s.Kind = kind
		case s.ReplyTo == segID && kind != KindComment:
			s.ReplyTo = seg.ReplyTo
		}
		edit.To = append(edit.To, s)
	}
	return edit, edit.Check()
}

// CommentHeader is what a comment says about itself besides its text.
type CommentHeader struct {
	Author  string
	Posted  When   // zero for no time
	ReplyTo string // id of an earlier comment, "" for none
}

// EditCommentHeader returns the edit that gives comment segID another
// author, time or parent. The parent must be an earlier comment.
func EditCommentHeader(doc *Document, segID string, h CommentHeader) (*SegmentEdit, error) {
	i := segmentIndex(doc, segID)
	if i < 0 {
		return nil, fmt.Errorf("edit comment: document %s has no segment %q: %w", doc.ID, segID, ErrUnknownSegment)
	}
	if doc.Segments[i].Kind != KindComment {
		return nil, fmt.Errorf("edit comment: segment %s is not a comment: %w", segID, ErrInvalid)
	}
	edit := &SegmentEdit{DocumentID: doc.ID, From: doc.Segments, To: slices.Clone(doc.Segments)}
	s := &edit.To[i]
	s.Author = norm.NFC.String(strings.TrimSpace(h.Author))
	s.Posted = h.Posted
	s.ReplyTo = h.ReplyTo
	return edit, edit.Check()
}

func segmentIndex(doc *Document, id string) int {
	for i := range doc.Segments {
		if doc.Segments[i].ID == id {
			return i
		}
	}
	return -1
}

// newSegmentID returns an id no segment of doc has: "c" and a number for a
// comment, "s" and a number for the article.
func newSegmentID(doc *Document, kind SegmentKind) string {
	prefix := "s"
	if kind == KindComment {
		prefix = "c"
	}
	used := make(map[string]bool, len(doc.Segments))
	for _, s := range doc.Segments {
		used[s.ID] = true
	}
	for n := len(doc.Segments) + 1; ; n++ {
		if id := fmt.Sprintf("%s%d", prefix, n); !used[id] {
			return id
		}
	}
}
