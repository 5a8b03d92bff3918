package storage

import (
	"fmt"
	"slices"

	"github.com/newsmark/newsmark/annotate"
)

// Import stores a batch in one transaction, all or nothing.
//
//   - Codebook labels, relation types, segment-label sets and segment labels
//     the project lacks are added; existing ids are kept as they are. An
//     added label whose hotkey the project already binds loses the hotkey.
//   - Annotators the project lacks are added.
//   - A document whose id (with the same content) or content hash is
//     already in the project is not stored again: it is reported as
//     skipped, and the batch's annotations, relations and segment labels of
//     it are attached to the stored document. A batch document whose id is
//     taken by a different text is an error wrapping annotate.ErrDuplicate.
//   - Annotations and relations whose id, and segment labels whose key, the
//     document already has are skipped and counted. Others are validated as
//     AddAnnotation, AddRelation and SetSegmentLabel do; an annotation that
//     carries a quote must match the text at its offsets, which catches
//     offsets counted in another unit. A segment label that conflicts with
//     another of an exclusive set is an error, not a replacement.
//
// The first invalid item aborts the import with an error naming it, and the
// project is left unchanged. The batch itself is not modified.
func (s *Store) Import(b *annotate.Batch) (annotate.ImportReport, error) {
	var rep annotate.ImportReport
	var p *prep
	if !s.readOnly {
		p = newPrep(b)
	}
	if p != nil {
		defer p.stop()
	}
	err := s.update("import", func(c *change) error {
		rep = annotate.ImportReport{}
		if b == nil {
			return fmt.Errorf("no batch given: %w", annotate.ErrInvalid)
		}
		c.bulk = true
		if b.Codebook != nil {
			added, err := c.mergeCodebook(b.Codebook)
			if err != nil {
				return fmt.Errorf("codebook: %w", err)
			}
			rep.LabelsAdded = added
		}
		if err := c.mergeCodebookLog(b.CodebookLog); err != nil {
			return err
		}
		if p != nil {
			cb, err := c.cb()
			if err != nil {
				return err
			}
			p.start(cb, c.now)
		}
		for i := range b.Annotators {
			a := b.Annotators[i]
			if _, err := c.addAnnotator(&a); err != nil {
				return fmt.Errorf("annotator %d: %w", i+1, err)
			}
		}

		docIDs := make(map[string]string, len(b.Documents)) // batch id → project id
		for i, d := range b.Documents {
			if d == nil {
				return fmt.Errorf("document %d is missing: %w", i+1, annotate.ErrInvalid)
			}
			var (
				existing string
				err      error
				segments [][]byte
			)
			if r := p.document(i); r.checked {
				existing, err = c.findChecked(d, r.err)
				segments = r.segments
			} else {
				existing, err = c.findDocument(d)
			}
			if err != nil {
				return fmt.Errorf("document %d: %w", i+1, err)
			}
			if existing != "" {
				docIDs[d.ID] = existing
				name := d.Title
				if name == "" {
					name = d.ID
				}
				rep.DocumentsSkipped = append(rep.DocumentsSkipped, name)
				continue
			}
			if err := c.addDocument(d, segments); err != nil {
				return fmt.Errorf("document %d: %w", i+1, err)
			}
			docIDs[d.ID] = d.ID
			rep.DocumentsAdded++
		}
		target := func(id string) string {
			if to, ok := docIDs[id]; ok {
				return to
			}
			return id // a document already in the project, not in the batch
		}

		// Annotations come grouped by document: remember the last one.
		var (
			lastID, lastTarget string
			last               *docState
		)
		for i := range b.Annotations {
			a := &b.Annotations[i] // read only: the batch is not modified
			if a.DocumentID != lastID || i == 0 {
				lastID, lastTarget, last = a.DocumentID, target(a.DocumentID), nil
			}
			if a.ID == "" {
				// addAnnotation gives it an id.
				own := *a
				own.DocumentID = lastTarget
				if err := c.addAnnotation(&own, true); err != nil {
					return fmt.Errorf("annotation %d (%s): %w", i+1, own.ID, err)
				}
				rep.AnnotationsAdded++
				continue
			}
			if last == nil {
				d, err := c.doc(lastTarget)
				if err != nil {
					return fmt.Errorf("annotation %d (%s): %w", i+1, a.ID, err)
				}
				last = d
			}
			if c.hasAnnotation(last, a.ID) {
				rep.AnnotationsSkipped++
				continue
			}
			// What addAnnotation does after finding the document and
			// checking that the id is free.
			if err := checkID("annotation", a.ID); err != nil {
				return fmt.Errorf("annotation %d (%s): %w", i+1, a.ID, err)
			}
			if p != nil {
				if r := p.annotation(i); r.doc != nil && r.doc == last.src {
					// Validated and encoded against this very text.
					if err := c.putAnnotation(last, a.ID, a.Label, r.value); err != nil {
						return fmt.Errorf("annotation %d (%s): %w", i+1, a.ID, err)
					}
					rep.AnnotationsAdded++
					continue
				}
			}
			own := *a
			own.DocumentID = lastTarget
			if err := c.storeAnnotation(last, &own, true); err != nil {
				return fmt.Errorf("annotation %d (%s): %w", i+1, a.ID, err)
			}
			rep.AnnotationsAdded++
		}
		for i := range b.Relations {
			r := b.Relations[i]
			r.DocumentID = target(r.DocumentID)
			if r.ID != "" {
				d, err := c.doc(r.DocumentID)
				if err != nil {
					return fmt.Errorf("relation %d (%s): %w", i+1, r.ID, err)
				}
				if d.relations.Get([]byte(r.ID)) != nil {
					rep.RelationsSkipped++
					continue
				}
			}
			if err := c.addRelation(&r); err != nil {
				return fmt.Errorf("relation %d (%s): %w", i+1, r.ID, err)
			}
			rep.RelationsAdded++
		}
		for i := range b.SegmentLabels {
			l := b.SegmentLabels[i]
			l.DocumentID = target(l.DocumentID)
			added, err := c.setSegmentLabel(&l, false)
			if err != nil {
				return fmt.Errorf("segment label %d (%s): %w", i+1, l.Label, err)
			}
			if added {
				rep.SegmentLabelsAdded++
			} else {
				rep.SegmentLabelsSkipped++
			}
		}
		for i, st := range b.Statuses {
			if err := c.importStatus(target(st.DocumentID), st); err != nil {
				return fmt.Errorf("status %d (%s of %s): %w", i+1, st.Status, st.Annotator, err)
			}
		}
		return nil
	})
	if err != nil {
		return annotate.ImportReport{}, err
	}
	return rep, nil
}

// mergeCodebook adds to the project's codebook the entries of in that it
// lacks, and returns their ids.
func (c *change) mergeCodebook(in *annotate.Codebook) ([]string, error) {
	cur, err := c.cb()
	if err != nil {
		return nil, err
	}
	merged := &annotate.Codebook{
		Name:             cur.Name,
		Labels:           slices.Clone(cur.Labels),
		RelationTypes:    slices.Clone(cur.RelationTypes),
		SegmentLabelSets: slices.Clone(cur.SegmentLabelSets),
		Variables:        slices.Clone(cur.Variables),
	}
	var added []string
	for _, l := range in.Labels {
		if _, ok := merged.Label(l.ID); ok {
			continue
		}
		if _, taken := merged.LabelByHotkey(l.Hotkey); taken {
			l.Hotkey = ""
		}
		merged.Labels = append(merged.Labels, l)
		added = append(added, l.ID)
	}
	for _, t := range in.RelationTypes {
		if _, ok := merged.RelationType(t.ID); ok {
			continue
		}
		merged.RelationTypes = append(merged.RelationTypes, t)
		added = append(added, t.ID)
	}
	for _, set := range in.SegmentLabelSets {
		i := slices.IndexFunc(merged.SegmentLabelSets, func(s annotate.SegmentLabelSet) bool { return s.ID == set.ID })
		if i < 0 {
			merged.SegmentLabelSets = append(merged.SegmentLabelSets, set)
			for _, l := range set.Labels {
				added = append(added, l.ID)
			}
			continue
		}
		into := &merged.SegmentLabelSets[i]
		into.Labels = slices.Clone(into.Labels)
		for _, l := range set.Labels {
			if _, _, ok := merged.SegmentLabel(l.ID); !ok {
				into.Labels = append(into.Labels, l)
				added = append(added, l.ID)
			}
		}
	}
	for _, v := range in.Variables {
		if _, ok := merged.Variable(v.ID); ok {
			continue
		}
		merged.Variables = append(merged.Variables, v)
		added = append(added, v.ID)
	}
	if merged.Name == "" {
		// A new project takes the name of the codebook it is given.
		merged.Name = in.Name
	}
	if len(added) == 0 && merged.Name == cur.Name {
		return nil, nil
	}
	if err := merged.Validate(); err != nil {
		return nil, err
	}
	c.setCodebook(merged)
	return added, nil
}
