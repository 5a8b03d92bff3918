package storage

import (
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// firstSchemaVersion is the oldest layout that Open can upgrade.
const firstSchemaVersion uint64 = 1

// A migration upgrades a project file from one schema version to the next.
type migration struct {
	from  uint64 // the version it upgrades; it leaves the file at from+1
	what  string
	apply func(tx *bbolt.Tx) error
}

// migrations is the upgrade path, one step per version from
// firstSchemaVersion to SchemaVersion. A step may read the old layout only:
// it never calls the methods of Store, which expect the current one.
var migrations = []migration{
	{from: 1, what: "index documents by content hash and count their segments, comments, annotations and codebook usage", apply: migrate1to2},
	{from: 2, what: "add the staging bucket of large imports", apply: migrate2to3},
}

// migrate2to3 creates the staging bucket that version 3 added.
func migrate2to3(tx *bbolt.Tx) error {
	if _, err := tx.CreateBucket(bucketStaging); err != nil {
		return fmt.Errorf("%w (bucket %q: %v)", ErrDamaged, bucketStaging, err)
	}
	return nil
}

// migrate upgrades the file of tx to SchemaVersion, step by step, inside
// the caller's one transaction: if a step fails, the file is unchanged.
func migrate(tx *bbolt.Tx) error {
	v, err := readVersion(tx)
	if err != nil {
		return err
	}
	for v < SchemaVersion {
		step, ok := migrationFrom(v)
		if !ok {
			return fmt.Errorf("%w (no upgrade from schema version %d)", ErrDamaged, v)
		}
		if err := step.apply(tx); err != nil {
			return fmt.Errorf("schema version %d to %d (%s): %w", v, v+1, step.what, err)
		}
		v++
		if err := tx.Bucket(bucketMeta).Put(keyVersion, u64(v)); err != nil {
			return err
		}
	}
	return checkLayout(tx)
}

func migrationFrom(v uint64) (migration, bool) {
	for _, m := range migrations {
		if m.from == v {
			return m, true
		}
	}
	return migration{}, false
}

// migrate1to2 builds what version 2 added to version 1: the hashes bucket,
// the counts in document records and the usage bucket.
func migrate1to2(tx *bbolt.Tx) error {
	hashes, err := tx.CreateBucket(bucketHashes)
	if err != nil {
		return fmt.Errorf("%w (bucket %q: %v)", ErrDamaged, bucketHashes, err)
	}
	usageBucket, err := tx.CreateBucket(bucketUsage)
	if err != nil {
		return fmt.Errorf("%w (bucket %q: %v)", ErrDamaged, bucketUsage, err)
	}
	usage := map[string]uint64{}
	docs := tx.Bucket(bucketDocuments)
	if docs == nil || tx.Bucket(bucketDocData) == nil {
		return fmt.Errorf("%w (the documents are missing)", ErrDamaged)
	}
	type update struct {
		id  []byte
		rec documentRecord
	}
	var updates []update
	err = docs.ForEach(func(k, v []byte) error {
		id := string(k)
		rec, err := decodeDocumentRecord(v, true)
		if err != nil {
			return fmt.Errorf("document %q: %w", id, err)
		}
		b, err := openDocBuckets(tx, id)
		if err != nil {
			return err
		}
		rec.Segments, rec.Comments, rec.Annotations = 0, 0, 0
		if err := b.segments.ForEach(func(k, v []byte) error {
			r, err := decodeSegmentRecord(v)
			if err != nil {
				return fmt.Errorf("document %q segment %x: %w", id, k, err)
			}
			rec.Segments++
			if annotate.SegmentKind(r.Kind) == annotate.KindComment {
				rec.Comments++
			}
			return nil
		}); err != nil {
			return err
		}
		if err := b.annotations.ForEach(func(k, v []byte) error {
			r, err := decodeAnnotationRecord(v)
			if err != nil {
				return fmt.Errorf("document %q annotation %q: %w", id, k, err)
			}
			rec.Annotations++
			usage[string(usageKey(usageLabel, r.Label))]++
			return nil
		}); err != nil {
			return err
		}
		if err := b.relations.ForEach(func(k, v []byte) error {
			r, err := decodeRelationRecord(v)
			if err != nil {
				return fmt.Errorf("document %q relation %q: %w", id, k, err)
			}
			usage[string(usageKey(usageRelationType, r.Type))]++
			return nil
		}); err != nil {
			return err
		}
		if err := b.segLabels.ForEach(func(k, v []byte) error {
			r, err := decodeSegmentLabelRecord(v)
			if err != nil {
				return fmt.Errorf("document %q segment label %q: %w", id, k, err)
			}
			usage[string(usageKey(usageSegmentLabel, r.Label))]++
			return nil
		}); err != nil {
			return err
		}
		if rec.Hash != "" && hashes.Get([]byte(rec.Hash)) == nil {
			if err := hashes.Put([]byte(rec.Hash), []byte(id)); err != nil {
				return err
			}
		}
		updates = append(updates, update{id: []byte(id), rec: rec})
		return nil
	})
	if err != nil {
		return err
	}
	// Written after the walk: bbolt forbids changing a bucket inside its
	// own ForEach.
	for _, u := range updates {
		if err := docs.Put(u.id, u.rec.encode()); err != nil {
			return err
		}
	}
	for k, n := range usage {
		if err := usageBucket.Put([]byte(k), u64(n)); err != nil {
			return err
		}
	}
	return nil
}
