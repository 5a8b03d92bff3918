package storage

import (
	"github.com/newsmark/newsmark/annotate"
)

// This file converts between the domain types of package annotate and the
// records of records.go and codebook_record.go.

func documentRecordOf(d *annotate.Document) documentRecord {
	return documentRecord{
		Title:     d.Title,
		Source:    d.Source,
		Outlet:    d.Outlet,
		Published: d.Published,
		Language:  d.Language,
		Imported:  d.Imported,
		Hash:      d.Hash,
		Meta:      d.Meta,
		Segments:  len(d.Segments),
		Comments:  d.CommentCount(),
	}
}

// document returns the document with id described by r, without segments.
func (r *documentRecord) document(id string) *annotate.Document {
	return &annotate.Document{
		ID:        id,
		Title:     r.Title,
		Source:    r.Source,
		Outlet:    r.Outlet,
		Published: r.Published,
		Language:  r.Language,
		Imported:  r.Imported,
		Hash:      r.Hash,
		Meta:      r.Meta,
	}
}

func (r *documentRecord) summary(id string) annotate.DocumentSummary {
	return annotate.DocumentSummary{
		ID:          id,
		Title:       r.Title,
		Source:      r.Source,
		Outlet:      r.Outlet,
		Published:   r.Published,
		Imported:    r.Imported,
		Hash:        r.Hash,
		Segments:    r.Segments,
		Comments:    r.Comments,
		Annotations: r.Annotations,
	}
}

func segmentRecordOf(s *annotate.Segment) segmentRecord {
	return segmentRecord{
		ID:      s.ID,
		Kind:    string(s.Kind),
		Text:    s.Text,
		Author:  s.Author,
		Posted:  s.Posted,
		Number:  int64(s.Number),
		Title:   s.Title,
		ReplyTo: s.ReplyTo,
		Meta:    s.Meta,
	}
}

func (r *segmentRecord) segment() annotate.Segment {
	return annotate.Segment{
		ID:      r.ID,
		Kind:    annotate.SegmentKind(r.Kind),
		Text:    r.Text,
		Author:  r.Author,
		Posted:  r.Posted,
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
		}
		for _, a := range l.Attributes {
			lr.Attributes = append(lr.Attributes, attributeRecord{
				Name:        a.Name,
				Description: a.Description,
				Values:      a.Values,
				Required:    a.Required,
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
		})
	}
	for _, s := range c.SegmentLabelSets {
		sr := labelSetRecord{ID: s.ID, Name: s.Name, Description: s.Description, Exclusive: s.Exclusive}
		for _, l := range s.Labels {
			sr.Labels = append(sr.Labels, setLabelRecord{
				ID:          l.ID,
				Name:        l.Name,
				Color:       l.Color,
				Description: l.Description,
			})
		}
		r.Sets = append(r.Sets, sr)
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
		}
		for _, a := range lr.Attributes {
			l.Attributes = append(l.Attributes, annotate.AttributeDef{
				Name:        a.Name,
				Description: a.Description,
				Values:      a.Values,
				Required:    a.Required,
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
		})
	}
	for _, sr := range r.Sets {
		s := annotate.SegmentLabelSet{ID: sr.ID, Name: sr.Name, Description: sr.Description, Exclusive: sr.Exclusive}
		for _, l := range sr.Labels {
			s.Labels = append(s.Labels, annotate.SegmentLabelDef{
				ID:          l.ID,
				Name:        l.Name,
				Color:       l.Color,
				Description: l.Description,
			})
		}
		c.SegmentLabelSets = append(c.SegmentLabelSets, s)
	}
	return c
}
