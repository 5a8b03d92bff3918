package storage

import (
	"bytes"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// rejectionKey is the key in a document's bucketRejections that says the
// final layer gold does not take the coder's annotation annID.
func rejectionKey(gold, annID string) []byte {
	return []byte(gold + "\x00" + annID)
}

// SetRejected marks annotations of a document rejected (or no longer
// rejected) for the final layer gold, in one transaction. Each annotation
// must exist.
func (s *Store) SetRejected(docID, gold string, annotationIDs []string, rejected bool) error {
	return s.update("reject annotations", func(c *change) error {
		d, err := c.doc(docID)
		if err != nil {
			return err
		}
		for _, id := range annotationIDs {
			if d.annotations.Get([]byte(id)) == nil {
				return fmt.Errorf("annotation %s of document %s: %w", id, docID, annotate.ErrNotFound)
			}
		}
		b, err := d.root.CreateBucketIfNotExists(bucketRejections)
		if err != nil {
			return fmt.Errorf("document %s: %w", docID, err)
		}
		for _, id := range annotationIDs {
			if rejected {
				err = b.Put(rejectionKey(gold, id), []byte{})
			} else {
				err = b.Delete(rejectionKey(gold, id))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// Rejected returns the ids of the annotations of a document that the final
// layer gold rejected.
func (s *Store) Rejected(docID, gold string) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.view(func(tx *bbolt.Tx) error {
		root := tx.Bucket(bucketDocData).Bucket([]byte(docID))
		if root == nil {
			return fmt.Errorf("document %q: %w", docID, annotate.ErrNotFound)
		}
		b := root.Bucket(bucketRejections)
		if b == nil {
			return nil
		}
		prefix := rejectionKey(gold, "")
		cur := b.Cursor()
		for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
			out[string(k[len(prefix):])] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rejections of document %s: %w", docID, err)
	}
	return out, nil
}
