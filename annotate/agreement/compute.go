package agreement

import (
	"fmt"
	"strconv"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// Compute measures the agreement of the coders of a project on the
// documents that two or more of them have coded (see the package comment),
// narrowed by opts. Alphas get a bootstrap 95% interval from opts.Draws
// resamples (1000 unless set) seeded with opts.Seed (DefaultSeed unless
// set); both are in the report.
func Compute(src Source, opts Options) (*Report, error) {
	docs, coders, cb, err := load(src, opts)
	if err != nil {
		return nil, err
	}
	r := &Report{Coders: coders, Seed: opts.Seed, Draws: opts.Draws}
	if r.Seed == 0 {
		r.Seed = DefaultSeed
	}
	if r.Draws == 0 {
		r.Draws = DefaultDraws
	}
	if r.Draws < 0 {
		r.Draws = 0
	}
	for _, d := range docs {
		r.Documents = append(r.Documents, d.doc.ID)
	}
	f := filter{labels: set(opts.Labels)}
	r.Spans = spanRows(r, docs, coders, cb, f)
	r.Values = append(r.Values, commentLabelRows(r, docs, coders, cb)...)
	r.Values = append(r.Values, attributeRows(r, docs, coders, cb, f)...)
	vars, err := variableRows(r, src, docs, coders, cb)
	if err != nil {
		return nil, err
	}
	r.Values = append(r.Values, vars...)
	return r, nil
}

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
	rows := []SpanRow{{Label: "", Name: "all labels"}}
	for _, l := range labels {
		rows = append(rows, SpanRow{Label: l.ID, Name: l.Name})
	}
	for i := range rows {
		row := &rows[i]
		row.Alpha = alphaOf(row.Label)
		row.Documents = len(docs)
		match := func(a annotate.Annotation) bool {
			return keep[a.Label] && (row.Label == "" || a.Label == row.Label)
		}
		for x := 0; x < len(coders); x++ {
			for y := x + 1; y < len(coders); y++ {
				p := PairF1{A: coders[x], B: coders[y]}
				var sa, sb []SpanKey
				for _, d := range docs {
					if !d.coded(p.A) || !d.coded(p.B) {
						continue
					}
					p.Documents++
					sa = appendKeys(sa, d.spans[p.A], match)
					sb = appendKeys(sb, d.spans[p.B], match)
				}
				p.Exact, p.Overlap = SpanF1(sa, sb, false), SpanF1(sa, sb, true)
				row.Pairs = append(row.Pairs, p)
			}
		}
		for _, d := range docs {
			var spans []annotate.Annotation
			for _, c := range d.coders {
				for _, a := range d.spans[c] {
					if match(a) {
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

func appendKeys(out []SpanKey, spans []annotate.Annotation, keep func(annotate.Annotation) bool) []SpanKey {
	for _, a := range spans {
		if keep(a) {
			out = append(out, SpanKey{Document: a.DocumentID, Segment: a.SegmentID, Label: a.Label, Start: a.Start, End: a.End})
		}
	}
	return out
}

// valueUnit is a unit of a value row with where it is, for the list of
// disagreements.
type valueUnit struct {
	doc, seg   string
	start, end int // a span's place, for attributes
	values     Unit
}

// valueRow computes the figures of one value row.
func valueRow(r *Report, row ValueRow, us []valueUnit, coders []string, order []string) ValueRow {
	plain := make([]Unit, len(us))
	for i, u := range us {
		plain[i] = u.values
	}
	row.Alpha = AlphaWithInterval(plain, row.Metric, order, r.Seed, r.Draws)
	var present []string
	for _, c := range coders {
		for _, u := range plain {
			if _, ok := u[c]; ok {
				present = append(present, c)
				break
			}
		}
	}
	row.Fleiss = FleissKappa(plain, present)
	for x := 0; x < len(coders); x++ {
		for y := x + 1; y < len(coders); y++ {
			row.Cohen = append(row.Cohen, PairFigure{A: coders[x], B: coders[y], Figure: CohenKappa(plain, coders[x], coders[y])})
		}
	}
	for _, u := range us {
		if len(u.values) < 2 || allSame(u.values) {
			continue
		}
		dis := Disagreement{DocumentID: u.doc, SegmentID: u.seg, Start: u.start, End: u.end}
		for _, c := range coders {
			if v, ok := u.values[c]; ok {
				dis.Values = append(dis.Values, Value{Coder: c, Value: v})
			}
		}
		row.Disagreements = append(row.Disagreements, dis)
	}
	return row
}

func allSame(u Unit) bool {
	first, have := "", false
	for _, v := range u {
		if !have {
			first, have = v, true
		} else if v != first {
			return false
		}
	}
	return true
}

// commentLabelRows measures the segment labels. An exclusive set of two or
// more labels is one nominal coding (a coder's label of the set on a
// comment, missing when the coder gave none); any other set's labels are
// yes/no codings of their own (a coder who coded the document and did not
// give the label said no). Units are the comments of the counted
// documents, and the document itself where a coder labelled it.
func commentLabelRows(r *Report, docs []*docData, coders []string, cb *annotate.Codebook) []ValueRow {
	used := map[string]bool{}
	for _, d := range docs {
		for _, ls := range d.segLabels {
			for _, l := range ls {
				used[l.Label] = true
			}
		}
	}
	var rows []ValueRow
	for _, s := range cb.SegmentLabelSets {
		inSet := map[string]bool{}
		any := false
		for _, l := range s.Labels {
			inSet[l.ID] = true
			any = any || used[l.ID]
		}
		if !any {
			continue
		}
		// units per document: every comment, and "" when the document was labelled.
		collect := func(value func(d *docData, coder, seg string) (string, bool)) []valueUnit {
			var us []valueUnit
			for _, d := range docs {
				segs := []string{}
				docLevel := false
				for _, ls := range d.segLabels {
					for _, l := range ls {
						if l.SegmentID == "" && inSet[l.Label] {
							docLevel = true
						}
					}
				}
				if docLevel {
					segs = append(segs, "")
				}
				for _, seg := range d.doc.Segments {
					if seg.Kind == annotate.KindComment {
						segs = append(segs, seg.ID)
					}
				}
				for _, seg := range segs {
					u := valueUnit{doc: d.doc.ID, seg: seg, values: Unit{}}
					for _, c := range d.coders {
						if v, ok := value(d, c, seg); ok {
							u.values[c] = v
						}
					}
					us = append(us, u)
				}
			}
			return us
		}
		if s.Exclusive && len(s.Labels) >= 2 {
			us := collect(func(d *docData, coder, seg string) (string, bool) {
				for _, l := range d.segLabels[coder] {
					if l.SegmentID == seg && inSet[l.Label] {
						return l.Label, true
					}
				}
				return "", false
			})
			rows = append(rows, valueRow(r, ValueRow{Kind: RowCommentLabel, ID: s.ID, Name: s.Name, Metric: Nominal}, us, coders, nil))
			continue
		}
		for _, def := range s.Labels {
			us := collect(func(d *docData, coder, seg string) (string, bool) {
				for _, l := range d.segLabels[coder] {
					if l.SegmentID == seg && l.Label == def.ID {
						return "yes", true
					}
				}
				return "no", true
			})
			rows = append(rows, valueRow(r, ValueRow{Kind: RowCommentLabel, ID: def.ID, Name: s.Name + ": " + def.Name, Metric: Nominal}, us, coders, nil))
		}
	}
	return rows
}

// attributeRows measures each attribute of each reported span label on the
// places where coders marked that label (overlapping spans of the label
// grouped): a coder's value is that of their one span there; a coder with
// no span or several, or no value, has none.
func attributeRows(r *Report, docs []*docData, coders []string, cb *annotate.Codebook, f filter) []ValueRow {
	var rows []ValueRow
	for _, l := range spanLabels(docs, cb, f) {
		if len(l.Attributes) == 0 {
			continue
		}
		var groups []struct {
			doc string
			g   group
		}
		for _, d := range docs {
			var spans []annotate.Annotation
			for _, c := range d.coders {
				for _, a := range d.spans[c] {
					if a.Label == l.ID {
						spans = append(spans, a)
					}
				}
			}
			for _, g := range groupSpans(d.doc, spans) {
				groups = append(groups, struct {
					doc string
					g   group
				}{d.doc.ID, g})
			}
		}
		for _, def := range l.Attributes {
			row := ValueRow{Kind: RowAttribute, ID: l.ID + "." + def.Name, Name: l.Name + ": " + def.Name}
			var order []string
			switch def.Kind() {
			case annotate.AttrScale:
				row.Metric, order = Ordinal, def.Values
			case annotate.AttrNumber:
				row.Metric = Interval
			case annotate.AttrText:
				row.Metric = Nominal
				row.Alpha = noFigure(0, 0, "free text: no agreement measure")
				row.Fleiss = row.Alpha
				rows = append(rows, row)
				continue
			default:
				row.Metric = Nominal
			}
			var us []valueUnit
			for _, x := range groups {
				u := valueUnit{doc: x.doc, seg: x.g.segment, start: x.g.start, end: x.g.end, values: Unit{}}
				count := map[string]int{}
				for _, a := range x.g.spans {
					count[a.Annotator]++
				}
				for _, a := range x.g.spans {
					v := a.Attributes[def.Name]
					if count[a.Annotator] != 1 || v == "" {
						continue
					}
					if def.Kind() == annotate.AttrMulti {
						d := def
						v = d.JoinMulti(annotate.SplitMulti(v))
					}
					u.values[a.Annotator] = v
				}
				us = append(us, u)
			}
			rows = append(rows, valueRow(r, row, us, coders, order))
		}
	}
	return rows
}

// variableRows measures the document variables when the store keeps each
// coder's values (CoderVariableSource).
func variableRows(r *Report, src Source, docs []*docData, coders []string, cb *annotate.Codebook) ([]ValueRow, error) {
	if len(cb.Variables) == 0 {
		return nil, nil
	}
	cv, ok := src.(CoderVariableSource)
	if !ok {
		r.Notes = append(r.Notes, "document variables: the project keeps one value per document, not one per coder, so there is nothing to compare")
		return nil, nil
	}
	values := make([]map[string]map[string]string, len(docs))
	for i, d := range docs {
		m, err := cv.CoderVariables(d.doc.ID)
		if err != nil {
			return nil, fmt.Errorf("agreement: variables of document %s: %w", d.doc.ID, err)
		}
		values[i] = m
	}
	var rows []ValueRow
	for _, def := range cb.Variables {
		row := ValueRow{Kind: RowVariable, ID: def.ID, Name: def.Name, Metric: Nominal}
		switch def.Type {
		case annotate.VarNumber, annotate.VarDate:
			row.Metric = Interval
		case annotate.VarText:
			row.Alpha = noFigure(0, 0, "free text: no agreement measure")
			row.Fleiss = row.Alpha
			rows = append(rows, row)
			continue
		}
		var us []valueUnit
		for i, d := range docs {
			u := valueUnit{doc: d.doc.ID, values: Unit{}}
			for _, c := range d.coders {
				v := values[i][c][def.ID]
				if v == "" {
					continue
				}
				if def.Type == annotate.VarDate {
					// dates are compared in days
					if t, err := time.Parse(time.DateOnly, v); err == nil {
						v = strconv.FormatInt(t.Unix()/86400, 10)
					}
				}
				u.values[c] = v
			}
			us = append(us, u)
		}
		rows = append(rows, valueRow(r, row, us, coders, nil))
	}
	return rows, nil
}
