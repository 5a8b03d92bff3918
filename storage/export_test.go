package storage

import (
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// This file gives the external tests a way to build files in old or broken
// shapes, which the public API never writes.

// Version1 is the content of a project file in the layout of schema
// version 1.
type Version1 struct {
	Codebook      *annotate.Codebook
	Documents     []*annotate.Document
	Annotations   []annotate.Annotation // stored as given, quote included
	Relations     []annotate.Relation
	SegmentLabels []annotate.SegmentLabel
}

// WriteVersion1 creates a project file at path in the layout of schema
// version 1: no hashes and usage buckets, no counts in document records.
func WriteVersion1(path string, v Version1) error {
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bbolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketDocuments, bucketDocData, bucketCodebook, bucketAnnotators} {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keyMagic, magic); err != nil {
			return err
		}
		if err := meta.Put(keyVersion, u64(1)); err != nil {
			return err
		}
		cb := codebookRecordOf(v.Codebook)
		if err := tx.Bucket(bucketCodebook).Put(keyCodebook, cb.encode()); err != nil {
			return err
		}
		docs := tx.Bucket(bucketDocuments)
		pos := map[string]map[string]uint64{}
		for _, d := range v.Documents {
			seq, _ := docs.NextSequence()
			rec := documentRecordOf(d)
			rec.Seq = seq
			rec.Segments, rec.Comments = 0, 0 // version 1 had no counts
			if err := docs.Put([]byte(d.ID), rec.encode()); err != nil {
				return err
			}
			b, err := createDocBuckets(tx, d.ID)
			if err != nil {
				return err
			}
			pos[d.ID] = map[string]uint64{}
			for i := range d.Segments {
				r := segmentRecordOf(&d.Segments[i])
				b.segments.Put(u64(uint64(i+1)), r.encode())
				b.segmentIDs.Put([]byte(d.Segments[i].ID), u64(uint64(i+1)))
				pos[d.ID][d.Segments[i].ID] = uint64(i + 1)
			}
		}
		for _, a := range v.Annotations {
			b, err := openDocBuckets(tx, a.DocumentID)
			if err != nil {
				return err
			}
			r := annotationRecordOf(&a)
			if err := b.annotations.Put([]byte(a.ID), r.encode()); err != nil {
				return err
			}
		}
		for _, rel := range v.Relations {
			b, err := openDocBuckets(tx, rel.DocumentID)
			if err != nil {
				return err
			}
			seq, _ := b.relations.NextSequence()
			r := relationRecordOf(&rel, seq)
			if err := b.relations.Put([]byte(rel.ID), r.encode()); err != nil {
				return err
			}
		}
		for _, l := range v.SegmentLabels {
			b, err := openDocBuckets(tx, l.DocumentID)
			if err != nil {
				return err
			}
			r := segmentLabelRecordOf(&l)
			if err := b.segLabels.Put(segmentLabelKey(pos[l.DocumentID][l.SegmentID], l.Label, l.Annotator), r.encode()); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetSchemaVersion writes v as the schema version of the file at path.
func SetSchemaVersion(path string, v uint64) error {
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyVersion, u64(v))
	})
}

// SchemaVersionOf reads the schema version of the file at path.
func SchemaVersionOf(path string) (uint64, error) {
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var v uint64
	err = db.View(func(tx *bbolt.Tx) error {
		v, err = readVersion(tx)
		return err
	})
	return v, err
}

// SpoilAnnotation overwrites the record of an annotation with bytes that do
// not decode.
func SpoilAnnotation(path, docID, id string) error {
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bbolt.Tx) error {
		b, err := openDocBuckets(tx, docID)
		if err != nil {
			return err
		}
		if b.annotations.Get([]byte(id)) == nil {
			return fmt.Errorf("no annotation %s", id)
		}
		return b.annotations.Put([]byte(id), []byte{0x08, 0xff, 0xff})
	})
}

// SetPrepMin sets the smallest batch that Import prepares on other
// goroutines (prep.go), so that tests can run either path on any batch,
// and returns a function that restores the setting.
func SetPrepMin(n int) (restore func()) {
	old := prepMin
	prepMin = n
	return func() { prepMin = old }
}

// UsageCounts returns the usage counts of a project's codebook entries, by
// usage key ("l" + label id, "r" + relation type, "s" + segment label).
func UsageCounts(s *Store) (map[string]uint64, error) {
	counts := map[string]uint64{}
	err := s.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketUsage).ForEach(func(k, v []byte) error {
			counts[string(k)] = be64(v)
			return nil
		})
	})
	return counts, err
}

// SetCheckWait sets how long Open waits for the check of a project opened
// for writing, and returns a function that restores it.
func SetCheckWait(d time.Duration) (restore func()) {
	old := checkWait
	checkWait = d
	return func() { checkWait = old }
}

// StagedImports counts the imports whose documents wait in the staging
// bucket.
func (s *Store) StagedImports() (int, error) {
	n := 0
	err := s.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketStaging).ForEachBucket(func([]byte) error {
			n++
			return nil
		})
	})
	return n, err
}

// WriteVersion2 turns a project file of the current layout into one of
// schema version 2, which had no staging bucket.
func WriteVersion2(path string) error {
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bbolt.Tx) error {
		if err := tx.DeleteBucket(bucketStaging); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyVersion, u64(2))
	})
}
