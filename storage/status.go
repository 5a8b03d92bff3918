package storage

import (
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

var _ annotate.StatusStore = (*Store)(nil)

// statusRecord is the value of an annotator id in a document's
// bucketStatus.
type statusRecord struct {
	Status   string    // 1
	Modified time.Time // 2
}

func (r *statusRecord) encode() []byte {
	e := encoder{b: make([]byte, 0, 32)}
	e.string(1, r.Status)
	e.time(2, r.Modified)
	return e.b
}

func decodeStatusRecord(b []byte) (statusRecord, error) {
	var r statusRecord
	d := newDecoder(b)
	for d.next() {
		switch d.field {
		case 1:
			r.Status = d.string()
		case 2:
			r.Modified = d.time()
		}
	}
	return r, d.err
}

// SetStatus records annotator's status of a document, in one transaction.
// annotate.StatusNotStarted removes the stored status. The status bucket of
// a document is made on its first status, so a file without one (schema 3
// as earlier versions wrote it) needs no upgrade.
func (s *Store) SetStatus(docID, annotator string, st annotate.Status) error {
	return s.update("set document status", func(c *change) error {
		_, err := c.setStatus(docID, annotator, st, time.Time{})
		return err
	})
}

// setStatus stores a status (a zero modified means now) and reports
// whether anything changed.
func (c *change) setStatus(docID, annotator string, st annotate.Status, modified time.Time) (bool, error) {
	if !st.Valid() {
		return false, fmt.Errorf("status %q of document %s: want done, in_progress or not_started: %w", st, docID, annotate.ErrInvalid)
	}
	if err := checkID("annotator", annotator); err != nil {
		return false, fmt.Errorf("status of document %s: %w", docID, err)
	}
	d, err := c.doc(docID)
	if err != nil {
		return false, fmt.Errorf("status: %w", err)
	}
	b := d.root.Bucket(bucketStatus)
	if st == annotate.StatusNotStarted {
		if b == nil || b.Get([]byte(annotator)) == nil {
			return false, nil
		}
		return true, b.Delete([]byte(annotator))
	}
	if b == nil {
		if b, err = d.root.CreateBucket(bucketStatus); err != nil {
			return false, fmt.Errorf("status of document %s: %w", docID, err)
		}
	}
	if v := b.Get([]byte(annotator)); v != nil {
		if old, err := decodeStatusRecord(v); err == nil && old.Status == string(st) {
			return false, nil
		}
	}
	if modified.IsZero() {
		modified = c.now
	}
	r := statusRecord{Status: string(st), Modified: modified}
	return true, b.Put([]byte(annotator), r.encode())
}

// Statuses lists every stored status, by document in import order, then by
// annotator id.
func (s *Store) Statuses() ([]annotate.DocStatus, error) {
	var list []annotate.DocStatus
	err := s.view(func(tx *bbolt.Tx) error {
		ids, err := documentOrder(tx)
		if err != nil {
			return err
		}
		for _, id := range ids {
			part, err := readStatuses(tx, id)
			if err != nil {
				return err
			}
			list = append(list, part...)
		}
		return nil
	})
	return list, err
}

// readStatuses returns the statuses of one document, by annotator id.
func readStatuses(tx *bbolt.Tx, docID string) ([]annotate.DocStatus, error) {
	root := tx.Bucket(bucketDocData).Bucket([]byte(docID))
	if root == nil {
		return nil, fmt.Errorf("document %q: %w", docID, annotate.ErrNotFound)
	}
	b := root.Bucket(bucketStatus)
	if b == nil {
		return nil, nil
	}
	var list []annotate.DocStatus
	err := b.ForEach(func(k, v []byte) error {
		r, err := decodeStatusRecord(v)
		if err != nil {
			return fmt.Errorf("status of %q in document %s: %w", k, docID, err)
		}
		st := annotate.Status(r.Status)
		if !st.Valid() {
			return fmt.Errorf("status of %q in document %s: %w (unknown status %q)", k, docID, ErrDamaged, r.Status)
		}
		list = append(list, annotate.DocStatus{DocumentID: docID, Annotator: string(k), Status: st, Modified: r.Modified})
		return nil
	})
	return list, err
}

// importStatus stores an imported status of document docID unless the
// project has one of the same coder already: an import does not overwrite
// what a coder did.
func (c *change) importStatus(docID string, st annotate.DocStatus) error {
	d, err := c.doc(docID)
	if err != nil {
		return err
	}
	if b := d.root.Bucket(bucketStatus); b != nil && b.Get([]byte(st.Annotator)) != nil {
		return nil
	}
	_, err = c.setStatus(docID, st.Annotator, st.Status, st.Modified)
	return err
}
