package storage

import (
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// Codebook returns the project's codebook. A new project has an empty one;
// the program seeds its default codebook with SetCodebook.
func (s *Store) Codebook() (*annotate.Codebook, error) {
	var cb *annotate.Codebook
	err := s.view(func(tx *bbolt.Tx) error {
		var err error
		cb, err = getCodebook(tx)
		return err
	})
	return cb, err
}

// SetCodebook validates and replaces the codebook. It refuses, with an
// error wrapping annotate.ErrInvalid, to drop a label, relation type or
// segment label that stored annotations, relations or segment labels still
// use.
//
// The check does not scan the annotations: every change keeps a count per
// codebook entry in the usage bucket, so it costs one read per entry in use.
// Changing a label's attribute schema is not checked against stored
// attribute values.
func (s *Store) SetCodebook(cb *annotate.Codebook) error {
	return s.update("set codebook", func(c *change) error {
		if cb == nil {
			return fmt.Errorf("no codebook given: %w", annotate.ErrInvalid)
		}
		if err := cb.Validate(); err != nil {
			return err
		}
		if err := checkUsage(c.tx, cb); err != nil {
			return err
		}
		c.setCodebook(cb)
		return nil
	})
}

// checkUsage reports the first codebook entry in use that cb lacks.
func checkUsage(tx *bbolt.Tx, cb *annotate.Codebook) error {
	return tx.Bucket(bucketUsage).ForEach(func(k, v []byte) error {
		if len(k) < 2 || len(v) != 8 {
			return fmt.Errorf("usage count %q: %w", k, ErrDamaged)
		}
		id, n := string(k[1:]), be64(v)
		var kept bool
		var what string
		switch k[0] {
		case usageLabel:
			_, kept = cb.Label(id)
			what = "label %q, which %d annotations still use"
		case usageRelationType:
			_, kept = cb.RelationType(id)
			what = "relation type %q, which %d relations still use"
		case usageSegmentLabel:
			_, _, kept = cb.SegmentLabel(id)
			what = "segment label %q, which %d segment labels still use"
		default:
			return fmt.Errorf("usage count %q: %w", k, ErrDamaged)
		}
		if !kept {
			return fmt.Errorf("the new codebook drops the "+what+": %w", id, n, annotate.ErrInvalid)
		}
		return nil
	})
}
