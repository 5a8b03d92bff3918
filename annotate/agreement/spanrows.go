package agreement

import (
	"fmt"

	"github.com/newsmark/newsmark/annotate"
)

// spanLabels lists the span labels to report: those asked for, or every
// label some counted coder used, in codebook order.
func spanLabels(docs []*docData, cb *annotate.Codebook, f filter) []annotate.Label {
	used := map[string]bool{}
	for _, d := range docs {
		for _, spans := range d.spans {
			for _, a := range spans {
				used[a.Label] = true
			}
		}
	}
	var out []annotate.Label
	for _, l := range cb.Labels {
		if (f.labels != nil && f.labels[l.ID]) || (f.labels == nil && used[l.ID]) {
			out = append(out, l)
		}
	}
	return out
}

// spanRows computes αu, F1 and the disagreements over all labels and per
// label.
func spanRows(r *Report, docs []*docData, coders []string, cb *annotate.Codebook, f filter) []SpanRow {
	labels := spanLabels(docs, cb, f)
	keep := map[string]bool{}
	for _, l := range labels {
		keep[l.ID] = true
	}
	// αu needs every coder on the continuum: the documents all coded.
	var continua []Continuum
	full := 0
	for _, d := range docs {
		if len(d.coders) != len(coders) {
			continue
		}
		pos := 0
		for _, seg := range d.doc.Segments {
			n := annotate.RuneCount(seg.Text)
			c := Continuum{Begin: pos, Length: n, Group: full}
			for _, coder := range d.coders {
				for _, a := range d.spans[coder] {
					if a.SegmentID == seg.ID && keep[a.Label] {
						c.Marks = append(c.Marks, Mark{Coder: coder, Category: a.Label, Start: pos + a.Start, End: pos + a.End})
					}
				}
			}
			continua = append(continua, c)
			pos += n
		}
		full++
	}
	if full < len(docs) {
		r.Notes = append(r.Notes, fmt.Sprintf("αu counts the %d of %d documents that all %d coders coded; F1 counts each pair's common documents", full, len(docs), len(coders)))
	}
	var ua *UnitizingResult
	if full > 0 {
		ua = UnitizingAlpha(coders, continua, r.Seed, r.Draws)
	}
	alphaOf := func(label string) Figure {
		switch {
		case len(coders) < 2:
			return noFigure(0, len(coders), reasonOneCoder)
		case ua == nil:
			return noFigure(0, len(coders), fmt.Sprintf("no document was coded by all %d coders", len(coders)))
		case label == "":
			return ua.Overall
		}
		if fig, ok := ua.Categories[label]; ok {
			return fig
		}
		return noFigure(full, len(coders), reasonNoSpans)
	}
	refs := newSpanRefs(docs, keep)
	rows := []SpanRow{{Label: "", Name: "all labels"}}
	for _, l := range labels {
		rows = append(rows, SpanRow{Label: l.ID, Name: l.Name})
	}
	for i := range rows {
		row := &rows[i]
		row.Alpha = alphaOf(row.Label)
		row.Documents = len(docs)
		match := func(a *annotate.Annotation) bool {
			return keep[a.Label] && (row.Label == "" || a.Label == row.Label)
		}
		for x := 0; x < len(coders); x++ {
			for y := x + 1; y < len(coders); y++ {
				p := PairF1{A: coders[x], B: coders[y]}
				var sa, sb []spanRef
				for di, d := range docs {
					if !d.coded(p.A) || !d.coded(p.B) {
						continue
					}
					p.Documents++
					sa = refs.of(sa, di, p.A, row.Label)
					sb = refs.of(sb, di, p.B, row.Label)
				}
				p.Exact, p.Overlap = f1(sa, sb, false), f1(sa, sb, true)
				row.Pairs = append(row.Pairs, p)
			}
		}
		for _, d := range docs {
			var spans []*annotate.Annotation
			for _, c := range d.coders {
				for i := range d.spans[c] {
					if a := &d.spans[c][i]; match(a) {
						spans = append(spans, a)
					}
				}
			}
			for _, g := range groupSpans(d.doc, spans) {
				if g.agreed(d.coders) {
					continue
				}
				dis := Disagreement{DocumentID: d.doc.ID, SegmentID: g.segment, Start: g.start, End: g.end}
				for _, a := range g.spans {
					dis.Spans = append(dis.Spans, Span{AnnotationID: a.ID, Coder: a.Annotator, Start: a.Start, End: a.End, Label: a.Label, Text: a.Quote.Exact})
				}
				row.Disagreements = append(row.Disagreements, dis)
			}
		}
	}
	return rows
}

// spanRefs holds every counted span as a spanRef, per document and coder,
// so that the F1 of each row and pair does not hash strings again.
type spanRefs struct {
	labels map[string]int32
	byDoc  []map[string][]spanRef // document index → coder → spans
}

func newSpanRefs(docs []*docData, keep map[string]bool) *spanRefs {
	r := &spanRefs{labels: map[string]int32{}, byDoc: make([]map[string][]spanRef, len(docs))}
	segs := map[string]int32{}
	for di, d := range docs {
		clear(segs)
		for i, s := range d.doc.Segments {
			segs[s.ID] = int32(i)
		}
		r.byDoc[di] = map[string][]spanRef{}
		for coder, spans := range d.spans {
			out := make([]spanRef, 0, len(spans))
			for _, a := range spans {
				if !keep[a.Label] {
					continue
				}
				l, ok := r.labels[a.Label]
				if !ok {
					l = int32(len(r.labels))
					r.labels[a.Label] = l
				}
				out = append(out, spanRef{int32(di), segs[a.SegmentID], l, int32(a.Start), int32(a.End)})
			}
			r.byDoc[di][coder] = out
		}
	}
	return r
}

// of appends a coder's spans of one document, of one label or all ("").
func (r *spanRefs) of(out []spanRef, doc int, coder, label string) []spanRef {
	spans := r.byDoc[doc][coder]
	if label == "" {
		return append(out, spans...)
	}
	l, ok := r.labels[label]
	if !ok {
		return out
	}
	for _, s := range spans {
		if s.label == l {
			out = append(out, s)
		}
	}
	return out
}
