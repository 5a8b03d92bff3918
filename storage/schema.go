package storage

import (
	"encoding/binary"
	"fmt"

	"go.etcd.io/bbolt"
)

// SchemaVersion is the version of the on-disk layout this package writes.
// Open upgrades files of an older version (see migrate.go) and refuses files
// of a newer one with ErrNewerVersion.
//
// History:
//
//	1  documents, per-document data, codebook and annotators.
//	2  adds the content-hash index (hashes), the segment, comment and
//	   annotation counts of document records, and the codebook usage counts
//	   (usage) that SetCodebook checks.
//	3  adds the staging bucket, where a large import keeps the documents it
//	   has stored until its last transaction makes them part of the project.
const SchemaVersion uint64 = 3

// This file declares every bucket and every fixed key of a project file, in
// one place. doc.go describes what each holds.
var (
	// bucketMeta holds keyMagic and keyVersion.
	bucketMeta = []byte("meta")
	// keyMagic marks a bbolt file as a Newsmark project; its value is magic.
	keyMagic = []byte("magic")
	// keyVersion holds the schema version, a big-endian uint64.
	keyVersion = []byte("version")
	// magic is the value of keyMagic.
	magic = []byte("newsmark project")

	// bucketDocuments maps a document id to its document record.
	bucketDocuments = []byte("documents")
	// bucketHashes maps a document's content hash to its id (version 2),
	// and, once its segments were edited by hand, the hash it was imported
	// with as well (see metaImportHash).
	bucketHashes = []byte("hashes")
	// bucketDocData holds one nested bucket per document id, which holds the
	// buckets of docBuckets.
	bucketDocData = []byte("docdata")
	// bucketCodebook holds the codebook record under keyCodebook.
	bucketCodebook = []byte("codebook")
	keyCodebook    = []byte("codebook")
	// bucketAnnotators maps an annotator id to an annotator record.
	bucketAnnotators = []byte("annotators")
	// bucketUsage maps a codebook entry (usageKey) to the number of stored
	// annotations, relations or segment labels that use it (version 2).
	bucketUsage = []byte("usage")
	// bucketStaging holds one nested bucket per import in progress (version
	// 3), named by a sequence number, which maps a document id to a bucket
	// laid out as that document's docdata bucket. Nothing reads it but the
	// import that wrote it: its last transaction moves the buckets into
	// docdata and deletes its own; Open deletes what a crash left.
	bucketStaging = []byte("staging")
	// bucketCodebookLog maps a sequence number (big-endian uint64, from 1)
	// to a codebookLogRecord: the codebook's change list. It came after
	// version 3 without a new version: a file without it has an empty list,
	// and the first codebook edit creates it.
	bucketCodebookLog = []byte("codebooklog")

	// Buckets inside a document's docdata bucket.

	// bucketSegments maps a segment's position (big-endian uint64, from 1)
	// to its segment record.
	bucketSegments = []byte("segments")
	// bucketSegmentIDs maps a segment id to its position.
	bucketSegmentIDs = []byte("segids")
	// bucketAnnotations maps an annotation id to its annotation record.
	bucketAnnotations = []byte("annotations")
	// bucketRelations maps a relation id to its relation record.
	bucketRelations = []byte("relations")
	// bucketSegmentLabels maps a segmentLabelKey to a segment label record.
	bucketSegmentLabels = []byte("seglabels")
)

// topBuckets are the top-level buckets of the current layout.
var topBuckets = [][]byte{
	bucketMeta, bucketDocuments, bucketHashes, bucketDocData,
	bucketCodebook, bucketAnnotators, bucketUsage, bucketStaging,
}

// docBucketNames are the buckets inside each document's docdata bucket.
var docBucketNames = [][]byte{
	bucketSegments, bucketSegmentIDs, bucketAnnotations, bucketRelations, bucketSegmentLabels,
}

// Keys and buckets of a coding study. They came after schema version 3
// without a new version: a file without them reads as a project with no
// identity yet, no packages and no statuses, and each is made on its first
// write.
var (
	// keyProject in bucketMeta holds the project's identity, a random id
	// given once (a package file holds its lead project's).
	keyProject = []byte("project")
	// keyPackage in bucketMeta holds the packageRecord of a coder package;
	// a project that is not one has none.
	keyPackage = []byte("package")
	// bucketPackages maps a package id to the packageRecord of a coder
	// package made from this project.
	bucketPackages = []byte("packages")
	// bucketStatus, inside a document's docdata bucket, maps an annotator
	// id to a statusRecord.
	bucketStatus = []byte("status")
	// bucketRejections, inside a document's docdata bucket, holds the
	// adjudicator's rejections: the key <final layer>0x00<annotation id>,
	// with an empty value, says that final layer does not take that coder's
	// annotation. Made by the document's first rejection; a file without it
	// has none, so it needs no new schema version.
	bucketRejections = []byte("rejections")
	// bucketCoderVariables, inside a document's docdata bucket, maps a
	// coder's id to the document variable values that coder gave in a coder
	// package (one pair per value, as a document record's Variables), so
	// that agreement can compare them. Made by the first merge that brings
	// values; a file without it has none, so it needs no new schema version.
	bucketCoderVariables = []byte("codervars")
)

// The kinds of codebook entry counted in bucketUsage: the first byte of a
// usageKey.
const (
	usageLabel        = 'l' // a span label, used by annotations
	usageRelationType = 'r' // a relation type, used by relations
	usageSegmentLabel = 's' // a segment label, used by segment labels
)

// usageKey is the key of a codebook entry in bucketUsage.
func usageKey(kind byte, id string) []byte {
	k := make([]byte, 0, 1+len(id))
	return append(append(k, kind), id...)
}

// maxIDLen bounds every id used as a key, well below bbolt's MaxKeySize.
const maxIDLen = 1024

// u64 encodes n as an 8-byte big-endian key or value, so keys sort by number.
func u64(n uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), n)
}

// be64 decodes an 8-byte big-endian key or value.
func be64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// segmentLabelKey is the key of a segment label: the position of the segment
// (0 for the whole document, so document labels come first), the label id,
// a zero byte (label ids never contain one) and the annotator id.
func segmentLabelKey(pos uint64, label, annotator string) []byte {
	k := make([]byte, 0, 8+len(label)+1+len(annotator))
	k = binary.BigEndian.AppendUint64(k, pos)
	k = append(k, label...)
	k = append(k, 0)
	return append(k, annotator...)
}

// readVersion reports the schema version of a project file, or
// ErrNotNewsmark if tx is not a Newsmark project.
func readVersion(tx *bbolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, fmt.Errorf("%w (a database of another program)", ErrNotNewsmark)
	}
	if m := meta.Get(keyMagic); string(m) != string(magic) {
		return 0, fmt.Errorf("%w (a database of another program)", ErrNotNewsmark)
	}
	v := meta.Get(keyVersion)
	if len(v) != 8 {
		return 0, fmt.Errorf("%w (its schema version is missing)", ErrDamaged)
	}
	return binary.BigEndian.Uint64(v), nil
}

// readableVersion is the oldest schema version that a read-only Open reads
// as it is, without the upgrade it cannot write: version 3 only added the
// staging bucket, which nothing but an import looks into.
const readableVersion uint64 = 2

// checkLayout reports ErrDamaged if a bucket of the current layout is
// missing, so that the rest of the package can rely on tx.Bucket finding
// every top-level bucket.
func checkLayout(tx *bbolt.Tx) error { return checkLayoutOf(tx, SchemaVersion) }

// checkLayoutOf is checkLayout for a file of schema version v, from
// readableVersion on: it may lack the buckets later versions added.
func checkLayoutOf(tx *bbolt.Tx, v uint64) error {
	for _, name := range topBuckets {
		if v < 3 && string(name) == string(bucketStaging) {
			continue
		}
		if tx.Bucket(name) == nil {
			return fmt.Errorf("%w (bucket %q is missing)", ErrDamaged, name)
		}
	}
	return nil
}
