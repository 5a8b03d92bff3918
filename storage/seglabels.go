package storage

import (
	"bytes"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// SetSegmentLabel gives a segment (or the whole document, with SegmentID "")
// a label, with a Created time if l has none. If the label belongs to an
// exclusive set, it replaces the annotator's other labels of that set on the
// segment. Giving a label the segment already has from the same annotator
// changes nothing.
func (s *Store) SetSegmentLabel(l *annotate.SegmentLabel) error {
	return writeBack(l, func(l *annotate.SegmentLabel) error {
		return s.update("set segment label", func(c *change) error {
			_, err := c.setSegmentLabel(l, true)
			return err
		})
	})
}

// setSegmentLabel stores l and reports whether it was new. In an exclusive
// set, the annotator's other labels of the set on the segment are replaced
// if replace is true, and are an error otherwise (an import does not remove
// what a coder did).
func (c *change) setSegmentLabel(l *annotate.SegmentLabel, replace bool) (bool, error) {
	d, pos, err := c.segmentLabelTarget(l)
	if err != nil {
		return false, err
	}
	cb, err := c.cb()
	if err != nil {
		return false, err
	}
	if len(l.Annotator) > maxIDLen {
		return false, checkID("annotator", l.Annotator)
	}
	var target *annotate.Document
	if l.SegmentID == "" {
		target = &annotate.Document{ID: d.id}
	} else {
		seg, _, _ := c.segment(d, l.SegmentID)
		target = &annotate.Document{ID: d.id, Segments: []annotate.Segment{*seg}}
	}
	// Validate looks the segment up in the document: give it the one segment
	// instead of decoding them all.
	if err := l.Validate(target, cb); err != nil {
		return false, err
	}
	key := segmentLabelKey(pos, l.Label, l.Annotator)
	if d.segLabels.Get(key) != nil {
		return false, nil
	}

	set, _, _ := cb.SegmentLabel(l.Label)
	if set.Exclusive {
		var others [][]byte
		prefix := key[:8]
		cur := d.segLabels.Cursor()
		for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			r, err := decodeSegmentLabelRecord(v)
			if err != nil {
				return false, fmt.Errorf("segment label %q: %w", k, err)
			}
			if r.Annotator != l.Annotator {
				continue
			}
			if other, _, ok := cb.SegmentLabel(r.Label); ok && other.ID == set.ID {
				if !replace {
					return false, fmt.Errorf("segment label %s by %s on segment %q of document %s: the segment already has label %s of the exclusive set %s: %w",
						l.Label, l.Annotator, l.SegmentID, d.id, r.Label, set.ID, annotate.ErrDuplicate)
				}
				others = append(others, bytes.Clone(k))
				c.use(usageSegmentLabel, r.Label, -1)
			}
		}
		for _, k := range others {
			if err := d.segLabels.Delete(k); err != nil {
				return false, err
			}
		}
	}

	if l.Created.IsZero() {
		l.Created = c.now
	}
	r := segmentLabelRecordOf(l)
	if err := d.segLabels.Put(key, r.encode()); err != nil {
		return false, fmt.Errorf("segment label %s: %w", l.Label, err)
	}
	c.use(usageSegmentLabel, l.Label, 1)
	return true, nil
}

// segmentLabelTarget returns the document of l and the position of its
// segment (0 for the whole document).
func (c *change) segmentLabelTarget(l *annotate.SegmentLabel) (*docState, uint64, error) {
	d, err := c.doc(l.DocumentID)
	if err != nil {
		return nil, 0, fmt.Errorf("segment label %s: %w", l.Label, err)
	}
	if l.SegmentID == "" {
		return d, 0, nil
	}
	_, pos, err := c.segment(d, l.SegmentID)
	if err != nil {
		return nil, 0, fmt.Errorf("segment label %s: %w", l.Label, err)
	}
	return d, pos, nil
}

// RemoveSegmentLabel takes a label off a segment, or returns an error
// wrapping annotate.ErrNotFound.
func (s *Store) RemoveSegmentLabel(l annotate.SegmentLabel) error {
	return s.update("remove segment label", func(c *change) error {
		d, pos, err := c.segmentLabelTarget(&l)
		if err != nil {
			return err
		}
		key := segmentLabelKey(pos, l.Label, l.Annotator)
		if d.segLabels.Get(key) == nil {
			return fmt.Errorf("segment label %s by %s on segment %q of document %s: %w",
				l.Label, l.Annotator, l.SegmentID, d.id, annotate.ErrNotFound)
		}
		if err := d.segLabels.Delete(key); err != nil {
			return err
		}
		c.use(usageSegmentLabel, l.Label, -1)
		return nil
	})
}

// SegmentLabels returns a document's segment labels: the document's own
// first, then by segment order, then by label and annotator id.
func (s *Store) SegmentLabels(docID string) ([]annotate.SegmentLabel, error) {
	var list []annotate.SegmentLabel
	err := s.view(func(tx *bbolt.Tx) error {
		b, err := openDocBuckets(tx, docID)
		if err != nil {
			return err
		}
		return b.segLabels.ForEach(func(k, v []byte) error {
			r, err := decodeSegmentLabelRecord(v)
			if err != nil {
				return fmt.Errorf("segment label %q of document %s: %w", k, docID, err)
			}
			list = append(list, r.segmentLabel(docID))
			return nil
		})
	})
	return list, err
}
