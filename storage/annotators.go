package storage

import (
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// Annotators lists the project's annotators by id.
func (s *Store) Annotators() ([]annotate.Annotator, error) {
	var list []annotate.Annotator
	err := s.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketAnnotators).ForEach(func(k, v []byte) error {
			r, err := decodeAnnotatorRecord(v)
			if err != nil {
				return fmt.Errorf("annotator %q: %w", k, err)
			}
			list = append(list, r.annotator(string(k)))
			return nil
		})
	})
	return list, err
}

// AddAnnotator stores an annotator, with a Created time if a has none. An
// annotator whose id is already stored is left as it is.
func (s *Store) AddAnnotator(a *annotate.Annotator) error {
	return writeBack(a, func(a *annotate.Annotator) error {
		return s.update("add annotator", func(c *change) error {
			_, err := c.addAnnotator(a)
			return err
		})
	})
}

// addAnnotator stores a and reports whether it was new.
func (c *change) addAnnotator(a *annotate.Annotator) (bool, error) {
	if err := checkID("annotator", a.ID); err != nil {
		return false, err
	}
	b := c.tx.Bucket(bucketAnnotators)
	if b.Get([]byte(a.ID)) != nil {
		return false, nil
	}
	if a.Created.IsZero() {
		a.Created = c.now
	}
	r := annotatorRecord{Name: a.Name, Created: a.Created}
	if err := b.Put([]byte(a.ID), r.encode()); err != nil {
		return false, fmt.Errorf("annotator %s: %w", a.ID, err)
	}
	return true, nil
}
