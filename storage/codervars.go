package storage

import (
	"fmt"
	"maps"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// Each coder's values of the document variables. A coder package holds
// the document with its variables; the coder sets them in the desk of the
// package, and a merge keeps them apart from the project's own values (the
// document record's) as that coder's, so that agreement can compare the
// coders (agreement.CoderVariableSource).

// documentVariables returns the variable values of a document's record.
func (s *Store) documentVariables(docID string) (map[string]string, error) {
	var out map[string]string
	err := s.view(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketDocuments).Get([]byte(docID))
		if v == nil {
			return fmt.Errorf("document %q: %w", docID, annotate.ErrNotFound)
		}
		r, err := decodeDocumentRecord(v, true)
		if err != nil {
			return fmt.Errorf("document %s: %w", docID, err)
		}
		out = r.Variables
		return nil
	})
	return out, err
}

func encodeVariables(values map[string]string) []byte {
	e := encoder{b: make([]byte, 0, 32)}
	e.pairs(1, values)
	return e.b
}

func decodeVariables(b []byte) (map[string]string, error) {
	out := map[string]string{}
	d := newDecoder(b)
	for d.next() {
		if d.field == 1 {
			k, v := d.pair()
			out[k] = v
		}
	}
	return out, d.err
}

// mergeCoderVariables makes values the coder's variable values of document
// d (none removes them) and counts what changed.
func (c *change) mergeCoderVariables(d *docState, coder string, values map[string]string, rep *annotate.MergeReport) error {
	values = cleanVariables(values)
	b := d.root.Bucket(bucketCoderVariables)
	var before map[string]string
	if b != nil {
		if v := b.Get([]byte(coder)); v != nil {
			var err error
			if before, err = decodeVariables(v); err != nil {
				return fmt.Errorf("variables of %s in document %s: %w", coder, d.id, err)
			}
		}
	}
	switch {
	case len(values) == 0 && len(before) == 0:
		return nil
	case len(values) == 0:
		rep.Variables.Removed++
		return b.Delete([]byte(coder))
	case maps.Equal(values, before):
		rep.Variables.Unchanged++
		return nil
	case len(before) == 0:
		rep.Variables.Added++
	default:
		rep.Variables.Changed++
	}
	cb, err := c.cb()
	if err != nil {
		return err
	}
	if err := checkVariables(cb, d.id, values, coder+"'s package"); err != nil {
		return err
	}
	if b == nil {
		if b, err = d.root.CreateBucket(bucketCoderVariables); err != nil {
			return fmt.Errorf("variables of document %s: %w", d.id, err)
		}
	}
	return b.Put([]byte(coder), encodeVariables(values))
}

// CoderVariables returns the variable values each coder gave a document in
// a coder package that was merged back: coder → variable id → value.
func (s *Store) CoderVariables(docID string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	err := s.view(func(tx *bbolt.Tx) error {
		root := tx.Bucket(bucketDocData).Bucket([]byte(docID))
		if root == nil {
			return fmt.Errorf("document %q: %w", docID, annotate.ErrNotFound)
		}
		b := root.Bucket(bucketCoderVariables)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			vals, err := decodeVariables(v)
			if err != nil {
				return fmt.Errorf("variables of %q in document %s: %w", k, docID, err)
			}
			out[string(k)] = vals
			return nil
		})
	})
	return out, err
}
