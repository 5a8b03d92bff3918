package storage

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// AddDocuments stores new documents, each already Prepared, all or none. A
// document whose id or content hash is already in the project, or that
// repeats another of the call, fails the call with an error wrapping
// annotate.ErrDuplicate that names it.
func (s *Store) AddDocuments(docs ...*annotate.Document) error {
	return s.update("add documents", func(c *change) error {
		for _, d := range docs {
			if existing, err := c.findDocument(d); err != nil {
				return err
			} else if existing != "" {
				return fmt.Errorf("document %s (%q) is already in the project as document %s: %w",
					d.ID, d.Title, existing, annotate.ErrDuplicate)
			}
			if err := c.addDocument(d, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkDocument validates a document about to be stored.
func checkDocument(d *annotate.Document) error {
	if err := checkID("document", d.ID); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Hash != contentHash(d.Segments) {
		return fmt.Errorf("document %s: its content hash does not match its text (was it Prepared?): %w", d.ID, annotate.ErrInvalid)
	}
	for _, seg := range d.Segments {
		if err := checkID("segment", seg.ID); err != nil {
			return fmt.Errorf("document %s: %w", d.ID, err)
		}
	}
	return nil
}

// contentHash returns annotate.ContentHash(segs), the same bytes hashed
// without fmt: Fprintf copied every text into its buffer before the hash
// read it, which came to a tenth of the checks of a large import.
// TestContentHashMatches holds the two together.
func contentHash(segs []annotate.Segment) string {
	h := sha256.New()
	var buf [4096]byte
	write := func(s string) {
		for len(s) > 0 {
			n := copy(buf[:], s)
			h.Write(buf[:n])
			s = s[n:]
		}
	}
	for _, s := range segs {
		write(string(s.Kind))
		write("\x00")
		write(strconv.Itoa(len(s.Text)))
		write("\x00")
		write(s.Text)
		write("\x00")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// findDocument returns the id of the stored document that has d's id with
// the same content, or d's content hash; "" if there is none. A stored
// document with d's id but other content is an error: its annotations would
// point into another text.
func (c *change) findDocument(d *annotate.Document) (string, error) {
	return c.findChecked(d, checkDocument(d))
}

// findChecked is findDocument for a document that checkDocument has
// already checked, with the error it returned.
func (c *change) findChecked(d *annotate.Document, checkErr error) (string, error) {
	if checkErr != nil {
		return "", checkErr
	}
	if v := c.tx.Bucket(bucketDocuments).Get([]byte(d.ID)); v != nil {
		rec, err := decodeDocumentRecord(v, true)
		if err != nil {
			return "", fmt.Errorf("document %q: %w", d.ID, err)
		}
		if rec.Hash != d.Hash {
			return "", fmt.Errorf("document id %s is already taken by another document (%q) of the project: %w",
				d.ID, rec.Title, annotate.ErrDuplicate)
		}
		return d.ID, nil
	}
	if id := c.tx.Bucket(bucketHashes).Get([]byte(d.Hash)); id != nil {
		return string(id), nil
	}
	return "", nil
}

// addDocument stores a document that findDocument did not find. segments,
// if not nil, are its segment records already encoded (by a prep).
func (c *change) addDocument(d *annotate.Document, segments [][]byte) error {
	if len(d.Variables) > 0 {
		cb, err := c.cb()
		if err != nil {
			return err
		}
		if err := checkVariables(cb, d.ID, d.Variables, "import"); err != nil {
			return err
		}
	}
	docs := c.tx.Bucket(bucketDocuments)
	seq, err := docs.NextSequence()
	if err != nil {
		return err
	}
	rec := documentRecordOf(d)
	rec.Seq = seq
	if err := docs.Put([]byte(d.ID), rec.encode()); err != nil {
		return fmt.Errorf("document %s: %w", d.ID, err)
	}
	if err := c.tx.Bucket(bucketHashes).Put([]byte(d.Hash), []byte(d.ID)); err != nil {
		return fmt.Errorf("document %s: %w", d.ID, err)
	}
	if err := c.keepImportHash(d.ID, d.Meta[metaImportHash]); err != nil {
		return err
	}
	b, err := createDocBuckets(c.tx, d.ID)
	if err != nil {
		return err
	}
	if err := c.putSegments(b, d, segments); err != nil {
		return err
	}
	c.docs[d.ID] = &docState{id: d.ID, rec: rec, docBuckets: b, cache: map[string]segmentRef{}, src: d}
	return nil
}

// putSegments writes the segments of d, a new document, into its new
// buckets b. segments, if not nil, are its records already encoded.
func (c *change) putSegments(b *docBuckets, d *annotate.Document, segments [][]byte) error {
	// The buckets are new, their keys are put in order (positions) or
	// nearly so (annotation ids are time-sortable), and a document's
	// segments never change: pack their pages full rather than half.
	b.segments.FillPercent = 1.0
	b.segmentIDs.FillPercent = 1.0
	b.annotations.FillPercent = 1.0
	for i := range d.Segments {
		seg := &d.Segments[i]
		pos := u64(uint64(i + 1))
		var v []byte
		if segments != nil {
			v = segments[i]
		} else {
			r := segmentRecordOf(seg)
			v = c.encoded(r.appendTo)
		}
		if err := b.segments.Put(pos, v); err != nil {
			return fmt.Errorf("document %s segment %s: %w", d.ID, seg.ID, err)
		}
		if err := b.segmentIDs.Put(c.keyOf(seg.ID), pos); err != nil {
			return fmt.Errorf("document %s segment %s: %w", d.ID, seg.ID, err)
		}
	}
	return nil
}

// Document returns a document with all its segments, or an error wrapping
// annotate.ErrNotFound.
func (s *Store) Document(id string) (*annotate.Document, error) {
	var doc *annotate.Document
	err := s.view(func(tx *bbolt.Tx) error {
		rec, err := getDocumentRecord(tx, id)
		if err != nil {
			return err
		}
		b, err := openDocBuckets(tx, id)
		if err != nil {
			return err
		}
		doc = rec.document(id)
		doc.Segments = make([]annotate.Segment, 0, rec.Segments)
		return b.segments.ForEach(func(k, v []byte) error {
			r, err := decodeSegmentRecord(v)
			if err != nil {
				return fmt.Errorf("document %s segment %x: %w", id, k, err)
			}
			doc.Segments = append(doc.Segments, r.segment())
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// Documents lists every document in import order, with its counts of
// segments, comments and annotations. It reads the document records only,
// never a segment's text.
func (s *Store) Documents() ([]annotate.DocumentSummary, error) {
	var (
		list []annotate.DocumentSummary
		seqs []uint64
	)
	err := s.view(func(tx *bbolt.Tx) error {
		docs := tx.Bucket(bucketDocuments)
		n := docs.Sequence() // at least the number of documents
		list = make([]annotate.DocumentSummary, 0, n)
		seqs = make([]uint64, 0, n)
		return docs.ForEach(func(k, v []byte) error {
			r, err := decodeDocumentRecord(v, false)
			if err != nil {
				return fmt.Errorf("document %q: %w", k, err)
			}
			list = append(list, r.summary(string(k)))
			seqs = append(seqs, r.Seq)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(seqs[a], seqs[b]) })
	permute(list, order)
	return list, nil
}

// DocumentByHash returns the id of the document with the given content
// hash, or an error wrapping annotate.ErrNotFound.
func (s *Store) DocumentByHash(hash string) (string, error) {
	var id string
	err := s.view(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketHashes).Get([]byte(hash))
		if v == nil {
			return fmt.Errorf("no document with content hash %s: %w", hash, annotate.ErrNotFound)
		}
		id = string(v)
		return nil
	})
	return id, err
}

// DeleteDocument removes a document with its segments, annotations,
// relations and segment labels, in one transaction.
func (s *Store) DeleteDocument(id string) error {
	return s.update("delete document", func(c *change) error { return c.deleteDocument(id) })
}

// DeleteDocuments removes documents with their segments, annotations,
// relations and segment labels, all in one transaction, or none if one of
// them is not in the project.
func (s *Store) DeleteDocuments(ids ...string) error {
	return s.update("delete documents", func(c *change) error {
		for _, id := range ids {
			if err := c.deleteDocument(id); err != nil {
				return err
			}
		}
		return nil
	})
}

// deleteDocument removes a document and all that belongs to it.
func (c *change) deleteDocument(id string) error {
	d, err := c.doc(id)
	if err != nil {
		return err
	}
	if err := d.annotations.ForEach(func(k, v []byte) error {
		r, err := decodeAnnotationRecord(v)
		if err != nil {
			return fmt.Errorf("annotation %q: %w", k, err)
		}
		c.use(usageLabel, r.Label, -1)
		return nil
	}); err != nil {
		return err
	}
	if err := d.relations.ForEach(func(k, v []byte) error {
		r, err := decodeRelationRecord(v)
		if err != nil {
			return fmt.Errorf("relation %q: %w", k, err)
		}
		c.use(usageRelationType, r.Type, -1)
		return nil
	}); err != nil {
		return err
	}
	if err := d.segLabels.ForEach(func(k, v []byte) error {
		r, err := decodeSegmentLabelRecord(v)
		if err != nil {
			return fmt.Errorf("segment label %q: %w", k, err)
		}
		c.use(usageSegmentLabel, r.Label, -1)
		return nil
	}); err != nil {
		return err
	}
	hashes := c.tx.Bucket(bucketHashes)
	for _, h := range []string{d.rec.Hash, d.rec.Meta[metaImportHash]} {
		if h != "" && string(hashes.Get([]byte(h))) == id {
			if err := hashes.Delete([]byte(h)); err != nil {
				return err
			}
		}
	}
	if err := c.tx.Bucket(bucketDocData).DeleteBucket([]byte(id)); err != nil {
		return err
	}
	if err := c.tx.Bucket(bucketDocuments).Delete([]byte(id)); err != nil {
		return err
	}
	delete(c.docs, id)
	return nil
}
