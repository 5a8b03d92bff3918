package storage

import (
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// This file converts between the domain types of package annotate and the
// records of records.go and codebook_record.go.

func documentRecordOf(d *annotate.Document) documentRecord {
	published, prec, wall, text := whenFields(d.Published)
	return documentRecord{
		Title:              d.Title,
		Source:             d.Source,
		Outlet:             d.Outlet,
		Published:          published,
		PublishedPrecision: prec,
		PublishedWall:      wall,
		PublishedText:      text,
		Language:           d.Language,
		Imported:           d.Imported,
		Hash:               d.Hash,
		Meta:               d.Meta,
		Variables:          d.Variables,
		Segments:           len(d.Segments),
		Comments:           d.CommentCount(),
	}
}

// document returns the document with id described by r, without segments.
func (r *documentRecord) document(id string) *annotate.Document {
	return &annotate.Document{
		ID:        id,
		Title:     r.Title,
		Source:    r.Source,
		Outlet:    r.Outlet,
		Published: recordWhen(r.Published, r.PublishedPrecision, r.PublishedWall, r.PublishedText),
		Language:  r.Language,
		Imported:  r.Imported,
		Hash:      r.Hash,
		Meta:      r.Meta,
		Variables: r.Variables,
	}
}

func (r *documentRecord) summary(id string) annotate.DocumentSummary {
	return annotate.DocumentSummary{
		ID:          id,
		Title:       r.Title,
		Source:      r.Source,
		Outlet:      r.Outlet,
		Published:   recordWhen(r.Published, r.PublishedPrecision, r.PublishedWall, r.PublishedText),
		Imported:    r.Imported,
		Hash:        r.Hash,
		Segments:    r.Segments,
		Comments:    r.Comments,
		Annotations: r.Annotations,
	}
}

func segmentRecordOf(s *annotate.Segment) segmentRecord {
	posted, prec, wall, text := whenFields(s.Posted)
	return segmentRecord{
		ID:              s.ID,
		Kind:            string(s.Kind),
		Text:            s.Text,
		Author:          s.Author,
		Posted:          posted,
		Number:          int64(s.Number),
		Title:           s.Title,
		ReplyTo:         s.ReplyTo,
		PostedPrecision: prec,
		PostedWall:      wall,
		PostedText:      text,
		Meta:            s.Meta,
	}
}

func (r *segmentRecord) segment() annotate.Segment {
	return annotate.Segment{
		ID:      r.ID,
		Kind:    annotate.SegmentKind(r.Kind),
		Text:    r.Text,
		Author:  r.Author,
		Posted:  recordWhen(r.Posted, r.PostedPrecision, r.PostedWall, r.PostedText),
		Number:  int(r.Number),
		Title:   r.Title,
		ReplyTo: r.ReplyTo,
		Meta:    r.Meta,
	}
}

func annotationRecordOf(a *annotate.Annotation) annotationRecord {
	return annotationRecord{
		Segment:    a.SegmentID,
		Start:      a.Start,
		End:        a.End,
		Exact:      a.Quote.Exact,
		Prefix:     a.Quote.Prefix,
		Suffix:     a.Quote.Suffix,
		Label:      a.Label,
		Attributes: a.Attributes,
		Note:       a.Note,
		Annotator:  a.Annotator,
		Created:    a.Created,
		Modified:   a.Modified,
	}
}

func (r *annotationRecord) annotation(docID, id string) annotate.Annotation {
	return annotate.Annotation{
		ID:         id,
		DocumentID: docID,
		SegmentID:  r.Segment,
		Start:      r.Start,
		End:        r.End,
		Quote:      annotate.Quote{Exact: r.Exact, Prefix: r.Prefix, Suffix: r.Suffix},
		Label:      r.Label,
		Attributes: r.Attributes,
		Note:       r.Note,
		Annotator:  r.Annotator,
		Created:    r.Created,
		Modified:   r.Modified,
	}
}

func relationRecordOf(r *annotate.Relation, seq uint64) relationRecord {
	return relationRecord{
		Type:      r.Type,
		From:      r.From,
		To:        r.To,
		Note:      r.Note,
		Annotator: r.Annotator,
		Created:   r.Created,
		Seq:       seq,
	}
}

func (r *relationRecord) relation(docID, id string) annotate.Relation {
	return annotate.Relation{
		ID:         id,
		DocumentID: docID,
		Type:       r.Type,
		From:       r.From,
		To:         r.To,
		Note:       r.Note,
		Annotator:  r.Annotator,
		Created:    r.Created,
	}
}

func segmentLabelRecordOf(l *annotate.SegmentLabel) segmentLabelRecord {
	return segmentLabelRecord{Segment: l.SegmentID, Label: l.Label, Annotator: l.Annotator, Created: l.Created}
}

func (r *segmentLabelRecord) segmentLabel(docID string) annotate.SegmentLabel {
	return annotate.SegmentLabel{
		DocumentID: docID,
		SegmentID:  r.Segment,
		Label:      r.Label,
		Annotator:  r.Annotator,
		Created:    r.Created,
	}
}

func (r *annotatorRecord) annotator(id string) annotate.Annotator {
	return annotate.Annotator{ID: id, Name: r.Name, Created: r.Created}
}

func codebookRecordOf(c *annotate.Codebook) codebookRecord {
	r := codebookRecord{Name: c.Name}
	for _, l := range c.Labels {
		lr := labelRecord{
			ID:          l.ID,
			Name:        l.Name,
			Kind:        string(l.Kind),
			Parent:      l.Parent,
			Color:       l.Color,
			Hotkey:      l.Hotkey,
			Description: l.Description,
			Examples:    l.Examples,
			GUID:        l.GUID,
		}
		for _, a := range l.Attributes {
			lr.Attributes = append(lr.Attributes, attributeRecord{
				Name:        a.Name,
				Description: a.Description,
				Values:      a.Values,
				Required:    a.Required,
				Type:        string(a.Type),
			})
		}
		r.Labels = append(r.Labels, lr)
	}
	for _, t := range c.RelationTypes {
		r.RelationTypes = append(r.RelationTypes, relationTypeRecord{
			ID:          t.ID,
			Name:        t.Name,
			Description: t.Description,
			Directed:    t.Directed,
			From:        t.From,
			To:          t.To,
		})
	}
	for _, s := range c.SegmentLabelSets {
		sr := labelSetRecord{ID: s.ID, Name: s.Name, Description: s.Description, Exclusive: s.Exclusive, GUID: s.GUID}
		for _, l := range s.Labels {
			sr.Labels = append(sr.Labels, setLabelRecord{
				ID:          l.ID,
				Name:        l.Name,
				Color:       l.Color,
				Description: l.Description,
				GUID:        l.GUID,
			})
		}
		r.Sets = append(r.Sets, sr)
	}
	for _, v := range c.Variables {
		r.Variables = append(r.Variables, variableRecord{
			ID:          v.ID,
			Name:        v.Name,
			Description: v.Description,
			Type:        string(v.Type),
			Values:      v.Values,
			GUID:        v.GUID,
		})
	}
	return r
}

func (r *codebookRecord) codebook() *annotate.Codebook {
	c := &annotate.Codebook{Name: r.Name}
	for _, lr := range r.Labels {
		l := annotate.Label{
			ID:          lr.ID,
			Name:        lr.Name,
			Kind:        annotate.LabelKind(lr.Kind),
			Parent:      lr.Parent,
			Color:       lr.Color,
			Hotkey:      lr.Hotkey,
			Description: lr.Description,
			Examples:    lr.Examples,
			GUID:        lr.GUID,
		}
		for _, a := range lr.Attributes {
			l.Attributes = append(l.Attributes, annotate.AttributeDef{
				Name:        a.Name,
				Description: a.Description,
				Values:      a.Values,
				Required:    a.Required,
				Type:        annotate.AttributeType(a.Type),
			})
		}
		c.Labels = append(c.Labels, l)
	}
	for _, t := range r.RelationTypes {
		c.RelationTypes = append(c.RelationTypes, annotate.RelationType{
			ID:          t.ID,
			Name:        t.Name,
			Description: t.Description,
			Directed:    t.Directed,
			From:        t.From,
			To:          t.To,
		})
	}
	for _, sr := range r.Sets {
		s := annotate.SegmentLabelSet{ID: sr.ID, Name: sr.Name, Description: sr.Description, Exclusive: sr.Exclusive, GUID: sr.GUID}
		for _, l := range sr.Labels {
			s.Labels = append(s.Labels, annotate.SegmentLabelDef{
				ID:          l.ID,
				Name:        l.Name,
				Color:       l.Color,
				Description: l.Description,
				GUID:        l.GUID,
			})
		}
		c.SegmentLabelSets = append(c.SegmentLabelSets, s)
	}
	for _, v := range r.Variables {
		c.Variables = append(c.Variables, annotate.VariableDef{
			ID:          v.ID,
			Name:        v.Name,
			Description: v.Description,
			Type:        annotate.VariableType(v.Type),
			Values:      v.Values,
			GUID:        v.GUID,
		})
	}
	return c
}

// whenFields splits a time as the page gave it into its record fields: the
// time (a wall time is stored as the same clock in UTC), its precision, and
// whether it is a wall time without offset.
func whenFields(w annotate.When) (t time.Time, prec uint8, wall bool, text string) {
	if w.IsZero() {
		return time.Time{}, 0, false, w.Text
	}
	return w.Time, precisionCodes[w.Precision], !w.Zoned, w.Text
}

// precisionCodes are the stored numbers of the precisions: part of the
// file format, whatever annotate numbers them.
var precisionCodes = map[annotate.Precision]uint8{
	annotate.PrecisionDay: 1, annotate.PrecisionHour: 2, annotate.PrecisionMinute: 3, annotate.PrecisionSecond: 4,
}

// precisionOf returns the precision of a stored code; an unknown code
// (from a newer Newsmark) reads as to the second.
func precisionOf(code uint8) annotate.Precision {
	for p, c := range precisionCodes {
		if c == code {
			return p
		}
	}
	return annotate.PrecisionSecond
}

// recordWhen rebuilds a time from its record fields. A record without a
// precision was written before times kept one: its time reads as before,
// an instant to the second, except midnight on the dot, which the importer
// of that time wrote for a date without a clock and the desk showed as a
// date: it reads as that date.
func recordWhen(t time.Time, prec uint8, wall bool, text string) annotate.When {
	if t.IsZero() {
		return annotate.When{Text: text}
	}
	if prec == 0 {
		if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0 {
			w := annotate.DateOf(t.Date())
			w.Text = text
			return w
		}
		w := annotate.WhenOf(t)
		w.Text = text
		return w
	}
	w := annotate.When{Time: t, Precision: precisionOf(prec), Zoned: !wall, Text: text}
	if wall || w.Precision == annotate.PrecisionDay {
		y, mo, d := t.Date()
		h, mi, s := t.Clock()
		w.Time = time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC)
		w.Zoned = false
	}
	return w
}
