package storage

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// AddAnnotation validates a against its segment and the codebook, fills in
// its quote from the segment's text, gives it an id (annotate.NewID) and
// Created and Modified times if it has none, and stores it. An id already
// taken in the document is an error wrapping annotate.ErrDuplicate.
func (s *Store) AddAnnotation(a *annotate.Annotation) error {
	return writeBack(a, func(a *annotate.Annotation) error {
		return s.update("add annotation", func(c *change) error {
			return c.addAnnotation(a, false)
		})
	})
}

// writeBack runs change on a copy of *v and copies the result into *v only
// if change succeeds, so that a refused change leaves the caller's value as
// it was (no id or quote of an annotation that was never stored).
func writeBack[T any](v *T, change func(*T) error) error {
	c := *v
	if err := change(&c); err != nil {
		return err
	}
	*v = c
	return nil
}

// addAnnotation stores a new annotation. With imported, a quote that a
// carries is first checked against the text (an importer's quote catches
// offsets counted in the wrong unit); otherwise it is recomputed.
func (c *change) addAnnotation(a *annotate.Annotation, imported bool) error {
	d, err := c.doc(a.DocumentID)
	if err != nil {
		return fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	if a.ID == "" {
		a.ID = annotate.NewID()
	} else if err := checkID("annotation", a.ID); err != nil {
		return err
	}
	if c.hasAnnotation(d, a.ID) {
		return fmt.Errorf("annotation %s is already in document %s: %w", a.ID, d.id, annotate.ErrDuplicate)
	}
	return c.storeAnnotation(d, a, imported)
}

// hasAnnotation reports whether document d has an annotation with id. It
// answers as d.annotations.Get would, with a cursor that it keeps (Get
// makes a new one each time, which an import of many annotations felt).
func (c *change) hasAnnotation(d *docState, id string) bool {
	if d.annCursor == nil {
		d.annCursor = d.annotations.Cursor()
	}
	key := c.keyOf(id)
	k, v := d.annCursor.Seek(key)
	return v != nil && bytes.Equal(k, key)
}

// storeAnnotation validates and stores a new annotation of d, whose id d
// does not have.
func (c *change) storeAnnotation(d *docState, a *annotate.Annotation, imported bool) error {
	var err error
	if imported {
		err = c.validateImported(d, a)
	} else {
		err = c.validateAnnotation(d, a, false)
	}
	if err != nil {
		return err
	}
	if a.Created.IsZero() {
		a.Created = c.now
	}
	if a.Modified.IsZero() {
		a.Modified = a.Created
	}
	r := annotationRecordOf(a)
	return c.putAnnotation(d, a.ID, a.Label, c.encoded(r.appendTo))
}

// putAnnotation stores the encoded record of a new annotation of d and
// counts it.
func (c *change) putAnnotation(d *docState, id, label string, value []byte) error {
	if err := d.annotations.Put(c.keyOf(id), value); err != nil {
		return fmt.Errorf("annotation %s: %w", id, err)
	}
	d.rec.Annotations++
	d.dirty = true
	c.use(usageLabel, label, 1)
	return nil
}

// validateAnnotation checks a against its segment and the codebook and sets
// its quote.
func (c *change) validateAnnotation(d *docState, a *annotate.Annotation, checkQuote bool) error {
	seg, _, err := c.segment(d, a.SegmentID)
	if err != nil {
		return fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	cb, err := c.cb()
	if err != nil {
		return err
	}
	if checkQuote && a.Quote.Exact != "" {
		if err := a.ValidateInSegment(seg, cb); err != nil {
			return err
		}
		return a.Anchor(seg) // the same exact text; prefix and suffix from the text too
	}
	if err := a.Anchor(seg); err != nil {
		return err
	}
	return a.ValidateInSegment(seg, cb)
}

// validateImported is validateAnnotation(d, a, true) for the many
// annotations of an import. ValidateInSegment and Anchor each find the
// span's offsets by scanning the segment's text from its start, which made
// the quotes the largest part of an import's work before its commit; here
// one runeIndex per segment serves every span of it. Whatever fails is
// handed to validateAnnotation, so that errors are exactly the ones it
// gives.
func (c *change) validateImported(d *docState, a *annotate.Annotation) error {
	_, index, err := c.segmentIndex(d, a.SegmentID)
	if err != nil {
		return c.validateAnnotation(d, a, true)
	}
	cb, err := c.cb()
	if err != nil {
		return err
	}
	var q annotate.Quote
	ok := a.Start != a.End
	if ok {
		q, ok = index.quote(a.Start, a.End, annotate.QuoteContext)
	}
	ok = ok && (a.Quote.Exact == "" || a.Quote.Exact == q.Exact)
	if ok {
		var label *annotate.Label
		label, ok = cb.Label(a.Label)
		ok = ok && label.CheckAttributes(a.Attributes) == nil
	}
	if !ok {
		return c.validateAnnotation(d, a, true)
	}
	a.Quote = q
	return nil
}

// UpdateAnnotation replaces a stored annotation's segment, offsets, label,
// attributes, note and annotator (an empty annotator keeps the stored one),
// validated as AddAnnotation does. It keeps the Created time, sets Modified
// to now, and writes both and the new quote back into a.
func (s *Store) UpdateAnnotation(a *annotate.Annotation) error {
	return writeBack(a, func(a *annotate.Annotation) error { return s.updateAnnotation(a) })
}

func (s *Store) updateAnnotation(a *annotate.Annotation) error {
	return s.update("update annotation", func(c *change) error {
		d, err := c.doc(a.DocumentID)
		if err != nil {
			return fmt.Errorf("annotation %s: %w", a.ID, err)
		}
		old, err := getAnnotation(d.docBuckets, d.id, a.ID)
		if err != nil {
			return err
		}
		if err := c.validateAnnotation(d, a, false); err != nil {
			return err
		}
		if a.Annotator == "" {
			a.Annotator = old.Annotator
		}
		a.Created = old.Created
		a.Modified = c.now
		r := annotationRecordOf(a)
		if err := d.annotations.Put([]byte(a.ID), r.encode()); err != nil {
			return fmt.Errorf("annotation %s: %w", a.ID, err)
		}
		c.use(usageLabel, old.Label, -1)
		c.use(usageLabel, a.Label, 1)
		return nil
	})
}

// DeleteAnnotation removes an annotation and the relations that link it.
func (s *Store) DeleteAnnotation(docID, id string) error {
	return s.update("delete annotation", func(c *change) error {
		d, err := c.doc(docID)
		if err != nil {
			return err
		}
		old, err := getAnnotation(d.docBuckets, docID, id)
		if err != nil {
			return err
		}
		var linked [][]byte
		if err := d.relations.ForEach(func(k, v []byte) error {
			r, err := decodeRelationRecord(v)
			if err != nil {
				return fmt.Errorf("relation %q: %w", k, err)
			}
			if r.From == id || r.To == id {
				linked = append(linked, bytes.Clone(k))
				c.use(usageRelationType, r.Type, -1)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range linked {
			if err := d.relations.Delete(k); err != nil {
				return err
			}
		}
		if err := d.annotations.Delete([]byte(id)); err != nil {
			return err
		}
		d.rec.Annotations--
		d.dirty = true
		c.use(usageLabel, old.Label, -1)
		return nil
	})
}

// Annotation returns one annotation, or an error wrapping
// annotate.ErrNotFound.
func (s *Store) Annotation(docID, id string) (*annotate.Annotation, error) {
	var a annotate.Annotation
	err := s.view(func(tx *bbolt.Tx) error {
		b, err := openDocBuckets(tx, docID)
		if err != nil {
			return err
		}
		a, err = getAnnotation(b, docID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Annotations returns a document's annotations ordered by segment order,
// then start, then end (then id, so the order is always the same).
func (s *Store) Annotations(docID string) ([]annotate.Annotation, error) {
	var (
		list []annotate.Annotation
		pos  map[string]uint64
	)
	err := s.view(func(tx *bbolt.Tx) error {
		var err error
		list, pos, err = readAnnotations(tx, docID)
		return err
	})
	if err != nil {
		return nil, err
	}
	// Sort positions and a permutation rather than the annotations: moving
	// 10,000 large structs, and looking segment positions up in every
	// comparison, took most of the time of a listing.
	segPos := make([]uint64, len(list))
	order := make([]int, len(list))
	for i := range list {
		segPos[i] = pos[list[i].SegmentID]
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := &list[i], &list[j]
		switch {
		case segPos[i] != segPos[j]:
			return cmp.Compare(segPos[i], segPos[j])
		case a.Start != b.Start:
			return a.Start - b.Start
		case a.End != b.End:
			return a.End - b.End
		}
		return strings.Compare(a.ID, b.ID)
	})
	permute(list, order)
	return list, nil
}

// permute reorders list in place so that list[j] becomes the old
// list[order[j]], following each cycle of the permutation, so that no
// second list is allocated. It overwrites order.
func permute[T any](list []T, order []int) {
	for start := range order {
		if order[start] == start {
			continue
		}
		held := list[start]
		j := start
		for {
			from := order[j]
			order[j] = j // done
			if from == start {
				list[j] = held
				break
			}
			list[j] = list[from]
			j = from
		}
	}
}

// readAnnotations returns a document's annotations in key order and the
// positions of its segments.
func readAnnotations(tx *bbolt.Tx, docID string) ([]annotate.Annotation, map[string]uint64, error) {
	rec, err := getDocumentRecord(tx, docID)
	if err != nil {
		return nil, nil, err
	}
	b, err := openDocBuckets(tx, docID)
	if err != nil {
		return nil, nil, err
	}
	pos, err := segmentPositions(b)
	if err != nil {
		return nil, nil, err
	}
	list := make([]annotate.Annotation, 0, rec.Annotations)
	err = b.annotations.ForEach(func(k, v []byte) error {
		r, err := decodeAnnotationRecord(v)
		if err != nil {
			return fmt.Errorf("annotation %q of document %s: %w", k, docID, err)
		}
		list = append(list, r.annotation(docID, string(k)))
		return nil
	})
	return list, pos, err
}
