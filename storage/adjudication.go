package storage

import (
	"bytes"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// bucketRejections holds the adjudicator's rejections: the key
// rejectionKey(gold, document, annotation) with an empty value says that
// the final layer gold does not take that coder's annotation. The bucket is
// created by the first rejection; a file without it has none, so it needs
// no new schema version.
var bucketRejections = []byte("rejections")

func rejectionPrefix(gold, docID string) []byte {
	return []byte(gold + "\x00" + docID + "\x00")
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
		b, err := c.tx.CreateBucketIfNotExists(bucketRejections)
		if err != nil {
			return err
		}
		prefix := rejectionPrefix(gold, docID)
		for _, id := range annotationIDs {
			key := append(append([]byte{}, prefix...), id...)
			if rejected {
				err = b.Put(key, []byte{})
			} else {
				err = b.Delete(key)
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
		b := tx.Bucket(bucketRejections)
		if b == nil {
			return nil
		}
		prefix := rejectionPrefix(gold, docID)
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
