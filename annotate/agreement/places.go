package agreement

import (
	"cmp"
	"slices"

	"github.com/newsmark/newsmark/annotate"
)

// group is a set of overlapping spans of one segment (overlap taken
// transitively), with its extent.
type group struct {
	segment    string
	start, end int
	spans      []*annotate.Annotation
}

// groupSpans groups spans that overlap, segment by segment, in segment
// order of doc, then by start.
func groupSpans(doc *annotate.Document, spans []*annotate.Annotation) []group {
	segOrder := map[string]int{}
	for i, s := range doc.Segments {
		segOrder[s.ID] = i
	}
	sorted := slices.Clone(spans)
	slices.SortFunc(sorted, func(a, b *annotate.Annotation) int {
		return cmp.Or(cmp.Compare(segOrder[a.SegmentID], segOrder[b.SegmentID]), cmp.Compare(a.Start, b.Start),
			cmp.Compare(a.End, b.End), cmp.Compare(a.Annotator, b.Annotator), cmp.Compare(a.Label, b.Label), cmp.Compare(a.ID, b.ID))
	})
	var out []group
	for _, a := range sorted {
		if n := len(out); n > 0 && out[n-1].segment == a.SegmentID && a.Start < out[n-1].end {
			g := &out[n-1]
			g.end = max(g.end, a.End)
			g.spans = append(g.spans, a)
			continue
		}
		out = append(out, group{segment: a.SegmentID, start: a.Start, end: a.End, spans: []*annotate.Annotation{a}})
	}
	return out
}

// spanShape is what exact agreement compares: offsets and label.
type spanShape struct {
	start, end int
	label      string
}

// agreed reports whether every coder in coders marked exactly the same
// spans (offsets and label) in the group.
func (g *group) agreed(coders []string) bool {
	if len(coders) < 2 {
		return false
	}
	shapes := map[string][]spanShape{}
	for _, a := range g.spans {
		shapes[a.Annotator] = append(shapes[a.Annotator], spanShape{a.Start, a.End, a.Label})
	}
	first := shapes[coders[0]]
	if len(first) == 0 {
		return false
	}
	sortShapes := func(s []spanShape) {
		slices.SortFunc(s, func(a, b spanShape) int {
			return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end), cmp.Compare(a.label, b.label))
		})
	}
	sortShapes(first)
	for _, c := range coders[1:] {
		s := shapes[c]
		sortShapes(s)
		if !slices.Equal(first, s) {
			return false
		}
	}
	for c := range shapes {
		if !slices.Contains(coders, c) {
			return false
		}
	}
	return true
}
