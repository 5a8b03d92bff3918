package storage

import (
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// This file holds the helpers that read a transaction, shared by the
// reading methods and by change.

// docBuckets are the buckets of one document's docdata bucket.
type docBuckets struct {
	root        *bbolt.Bucket
	segments    *bbolt.Bucket
	segmentIDs  *bbolt.Bucket
	annotations *bbolt.Bucket
	relations   *bbolt.Bucket
	segLabels   *bbolt.Bucket
}

// openDocBuckets returns the buckets of document id, or ErrNotFound.
func openDocBuckets(tx *bbolt.Tx, id string) (*docBuckets, error) {
	root := tx.Bucket(bucketDocData).Bucket([]byte(id))
	if root == nil {
		return nil, fmt.Errorf("document %q: %w", id, annotate.ErrNotFound)
	}
	b := &docBuckets{
		root:        root,
		segments:    root.Bucket(bucketSegments),
		segmentIDs:  root.Bucket(bucketSegmentIDs),
		annotations: root.Bucket(bucketAnnotations),
		relations:   root.Bucket(bucketRelations),
		segLabels:   root.Bucket(bucketSegmentLabels),
	}
	if b.segments == nil || b.segmentIDs == nil || b.annotations == nil || b.relations == nil || b.segLabels == nil {
		return nil, fmt.Errorf("document %q: %w (a bucket of its data is missing)", id, ErrDamaged)
	}
	return b, nil
}

// createDocBuckets creates the docdata bucket of a new document.
func createDocBuckets(tx *bbolt.Tx, id string) (*docBuckets, error) {
	return createDocBucketsIn(tx.Bucket(bucketDocData), id)
}

// createDocBucketsIn creates a document's data bucket, named id, in parent:
// docdata, or an import's staging bucket.
func createDocBucketsIn(parent *bbolt.Bucket, id string) (*docBuckets, error) {
	root, err := parent.CreateBucket([]byte(id))
	if err != nil {
		return nil, fmt.Errorf("document %q: %w", id, err)
	}
	b := &docBuckets{root: root}
	for _, child := range []struct {
		name []byte
		into **bbolt.Bucket
	}{
		{bucketSegments, &b.segments}, {bucketSegmentIDs, &b.segmentIDs}, {bucketAnnotations, &b.annotations},
		{bucketRelations, &b.relations}, {bucketSegmentLabels, &b.segLabels},
	} {
		if *child.into, err = root.CreateBucket(child.name); err != nil {
			return nil, fmt.Errorf("document %q: %w", id, err)
		}
	}
	return b, nil
}

// getDocumentRecord returns the record of document id, or ErrNotFound.
func getDocumentRecord(tx *bbolt.Tx, id string) (documentRecord, error) {
	v := tx.Bucket(bucketDocuments).Get([]byte(id))
	if v == nil {
		return documentRecord{}, fmt.Errorf("document %q: %w", id, annotate.ErrNotFound)
	}
	r, err := decodeDocumentRecord(v, true)
	if err != nil {
		return documentRecord{}, fmt.Errorf("document %q: %w", id, err)
	}
	return r, nil
}

// getCodebook returns the stored codebook; a new project has an empty one.
func getCodebook(tx *bbolt.Tx) (*annotate.Codebook, error) {
	r, err := decodeCodebookRecord(tx.Bucket(bucketCodebook).Get(keyCodebook))
	if err != nil {
		return nil, fmt.Errorf("codebook: %w", err)
	}
	return r.codebook(), nil
}

// segmentPositions maps every segment id of a document to its position.
func segmentPositions(b *docBuckets) (map[string]uint64, error) {
	pos := make(map[string]uint64)
	err := b.segmentIDs.ForEach(func(k, v []byte) error {
		if len(v) != 8 {
			return fmt.Errorf("segment %q: %w (bad position)", k, ErrDamaged)
		}
		pos[string(k)] = be64(v)
		return nil
	})
	return pos, err
}

// getAnnotation returns one stored annotation, or ErrNotFound.
func getAnnotation(b *docBuckets, docID, id string) (annotate.Annotation, error) {
	v := b.annotations.Get([]byte(id))
	if v == nil {
		return annotate.Annotation{}, fmt.Errorf("annotation %q of document %q: %w", id, docID, annotate.ErrNotFound)
	}
	r, err := decodeAnnotationRecord(v)
	if err != nil {
		return annotate.Annotation{}, fmt.Errorf("annotation %q of document %q: %w", id, docID, err)
	}
	return r.annotation(docID, id), nil
}

// checkID reports an id that cannot be a key.
func checkID(what, id string) error {
	switch {
	case id == "":
		return fmt.Errorf("%s has no id: %w", what, annotate.ErrInvalid)
	case len(id) > maxIDLen:
		return fmt.Errorf("%s id of %d bytes is longer than %d: %w", what, len(id), maxIDLen, annotate.ErrInvalid)
	}
	return nil
}
