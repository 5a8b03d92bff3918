package agreement

import (
	"fmt"
	"strconv"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

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
			var spans []*annotate.Annotation
			for _, c := range d.coders {
				for i := range d.spans[c] {
					if a := &d.spans[c][i]; a.Label == l.ID {
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
