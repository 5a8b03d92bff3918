package storage

import (
	"cmp"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// AddRelation validates and stores a relation between two annotations of
// one document. It gives r an id (annotate.NewID) and a Created time if it
// has none. Relations are listed in the order they were added.
func (s *Store) AddRelation(r *annotate.Relation) error {
	return writeBack(r, func(r *annotate.Relation) error {
		return s.update("add relation", func(c *change) error {
			return c.addRelation(r)
		})
	})
}

func (c *change) addRelation(r *annotate.Relation) error {
	d, err := c.doc(r.DocumentID)
	if err != nil {
		return fmt.Errorf("relation %s: %w", r.ID, err)
	}
	if r.ID == "" {
		r.ID = annotate.NewID()
	} else if err := checkID("relation", r.ID); err != nil {
		return err
	}
	if d.relations.Get([]byte(r.ID)) != nil {
		return fmt.Errorf("relation %s is already in document %s: %w", r.ID, d.id, annotate.ErrDuplicate)
	}
	from, err := getAnnotation(d.docBuckets, d.id, r.From)
	if err != nil {
		return fmt.Errorf("relation %s from: %w", r.ID, err)
	}
	to, err := getAnnotation(d.docBuckets, d.id, r.To)
	if err != nil {
		return fmt.Errorf("relation %s to: %w", r.ID, err)
	}
	cb, err := c.cb()
	if err != nil {
		return err
	}
	if err := r.Validate(&from, &to, cb); err != nil {
		return err
	}
	if r.Created.IsZero() {
		r.Created = c.now
	}
	seq, err := d.relations.NextSequence()
	if err != nil {
		return err
	}
	rec := relationRecordOf(r, seq)
	if err := d.relations.Put([]byte(r.ID), rec.encode()); err != nil {
		return fmt.Errorf("relation %s: %w", r.ID, err)
	}
	c.use(usageRelationType, r.Type, 1)
	return nil
}

// DeleteRelation removes a relation, or returns an error wrapping
// annotate.ErrNotFound.
func (s *Store) DeleteRelation(docID, id string) error {
	return s.update("delete relation", func(c *change) error {
		d, err := c.doc(docID)
		if err != nil {
			return err
		}
		v := d.relations.Get([]byte(id))
		if v == nil {
			return fmt.Errorf("relation %q of document %s: %w", id, docID, annotate.ErrNotFound)
		}
		r, err := decodeRelationRecord(v)
		if err != nil {
			return fmt.Errorf("relation %q: %w", id, err)
		}
		if err := d.relations.Delete([]byte(id)); err != nil {
			return err
		}
		c.use(usageRelationType, r.Type, -1)
		return nil
	})
}

// Relations returns a document's relations in the order they were added.
func (s *Store) Relations(docID string) ([]annotate.Relation, error) {
	type entry struct {
		seq uint64
		rel annotate.Relation
	}
	var list []entry
	err := s.view(func(tx *bbolt.Tx) error {
		b, err := openDocBuckets(tx, docID)
		if err != nil {
			return err
		}
		return b.relations.ForEach(func(k, v []byte) error {
			r, err := decodeRelationRecord(v)
			if err != nil {
				return fmt.Errorf("relation %q of document %s: %w", k, docID, err)
			}
			list = append(list, entry{seq: r.Seq, rel: r.relation(docID, string(k))})
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b entry) int { return cmp.Compare(a.seq, b.seq) })
	out := make([]annotate.Relation, len(list))
	for i := range list {
		out[i] = list[i].rel
	}
	return out, nil
}
