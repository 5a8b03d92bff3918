package storage

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// An import of a large file used to be one transaction, and bbolt builds a
// transaction in memory: every parsed document, every encoded record and,
// at the commit, a buffer for every page written (a 200 MB JSONL file
// peaked at 7 times its size). A stage stores the documents in several
// transactions instead, each into the import's own bucket under staging,
// which no reader looks into, and its last transaction moves their buckets
// into docdata and writes the document records and hashes that make them
// visible: a bucket moves by its 16-byte header, so that transaction is
// small. Until it commits, the project is as before; a crash leaves only
// the staging bucket, which Open deletes.

// stage is an import in progress: a Store's annotate.ImportStage.
type stage struct {
	s    *Store
	name []byte // its bucket in bucketStaging

	docs   []stagedDocument
	ids    map[string]string   // id → content hash, of the documents staged
	hashes map[string]struct{} // content hashes staged
	// skipped names the documents Add left out, in order.
	skipped []string
	done    bool
}

// stagedDocument is what the last transaction needs of a staged document:
// its record (without the sequence number, given then) and hashes.
type stagedDocument struct {
	id         string
	rec        documentRecord
	importHash string
}

var _ annotate.StagedImporter = (*Store)(nil)

// BeginImport starts an import in parts; see annotate.ImportStage.
func (s *Store) BeginImport() (annotate.ImportStage, error) {
	st := &stage{s: s, ids: map[string]string{}, hashes: map[string]struct{}{}}
	err := s.update("import", func(c *change) error {
		staging := c.tx.Bucket(bucketStaging)
		n, err := staging.NextSequence()
		if err != nil {
			return err
		}
		st.name = u64(n)
		_, err = staging.CreateBucket(st.name)
		return err
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// Add stores docs into the stage's bucket in one transaction.
func (st *stage) Add(docs []*annotate.Document) error {
	if st.done {
		return fmt.Errorf("import: add to a finished import: %w", annotate.ErrInvalid)
	}
	checks := checkDocuments(docs)
	var added []stagedDocument
	var skipped []string
	err := st.s.update("import", func(c *change) error {
		added, skipped = added[:0], skipped[:0]
		c.bulk = true
		bucket := c.tx.Bucket(bucketStaging).Bucket(st.name)
		if bucket == nil {
			return fmt.Errorf("%w (the bucket of this import is missing)", ErrDamaged)
		}
		fresh := map[string]string{} // added in this call: id → hash
		freshHashes := map[string]struct{}{}
		for i, d := range docs {
			if d == nil {
				return fmt.Errorf("document %d is missing: %w", len(st.docs)+len(added)+1, annotate.ErrInvalid)
			}
			existing, err := c.findChecked(d, checks[i])
			if err == nil && existing == "" {
				existing, err = st.findStaged(d, fresh, freshHashes)
			}
			if err != nil {
				return fmt.Errorf("document %d: %w", len(st.docs)+len(added)+1, err)
			}
			if existing != "" {
				skipped = append(skipped, nameOf(d))
				continue
			}
			if len(d.Variables) > 0 {
				cb, err := c.cb()
				if err != nil {
					return err
				}
				if err := checkVariables(cb, d.ID, d.Variables, "import"); err != nil {
					return fmt.Errorf("document %d: %w", len(st.docs)+len(added)+1, err)
				}
			}
			b, err := createDocBucketsIn(bucket, d.ID)
			if err != nil {
				return err
			}
			if err := c.putSegments(b, d, nil); err != nil {
				return err
			}
			fresh[d.ID] = d.Hash
			freshHashes[d.Hash] = struct{}{}
			added = append(added, stagedDocument{id: d.ID, rec: documentRecordOf(d), importHash: d.Meta[metaImportHash]})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, d := range added {
		st.ids[d.id] = d.rec.Hash
		st.hashes[d.rec.Hash] = struct{}{}
	}
	st.docs = append(st.docs, added...)
	st.skipped = append(st.skipped, skipped...)
	return nil
}

// findStaged is findChecked for the documents staged before and in this
// call (fresh).
func (st *stage) findStaged(d *annotate.Document, fresh map[string]string, freshHashes map[string]struct{}) (string, error) {
	hash, ok := st.ids[d.ID]
	if !ok {
		hash, ok = fresh[d.ID]
	}
	if ok {
		if hash != d.Hash {
			return "", fmt.Errorf("document id %s is already taken by another document of this import: %w", d.ID, annotate.ErrDuplicate)
		}
		return d.ID, nil
	}
	if _, ok := st.hashes[d.Hash]; ok {
		return d.ID, nil
	}
	if _, ok := freshHashes[d.Hash]; ok {
		return d.ID, nil
	}
	return "", nil
}

// Commit makes the staged documents part of the project in one
// transaction. Documents that the project gained since they were staged
// are skipped.
func (st *stage) Commit() (annotate.ImportReport, error) {
	if st.done {
		return annotate.ImportReport{}, fmt.Errorf("import: commit of a finished import: %w", annotate.ErrInvalid)
	}
	st.done = true
	var rep annotate.ImportReport
	err := st.s.update("import", func(c *change) error {
		rep = annotate.ImportReport{DocumentsSkipped: append([]string(nil), st.skipped...)}
		staging := c.tx.Bucket(bucketStaging)
		bucket := staging.Bucket(st.name)
		if bucket == nil {
			return fmt.Errorf("%w (the bucket of this import is missing)", ErrDamaged)
		}
		docs, hashes, data := c.tx.Bucket(bucketDocuments), c.tx.Bucket(bucketHashes), c.tx.Bucket(bucketDocData)
		for i := range st.docs {
			d := &st.docs[i]
			id := []byte(d.id)
			if v := docs.Get(id); v != nil {
				rec, err := decodeDocumentRecord(v, true)
				if err != nil {
					return fmt.Errorf("document %q: %w", d.id, err)
				}
				if rec.Hash != d.rec.Hash {
					return fmt.Errorf("document id %s is already taken by another document (%q) of the project: %w",
						d.id, rec.Title, annotate.ErrDuplicate)
				}
				rep.DocumentsSkipped = append(rep.DocumentsSkipped, d.name())
				continue
			}
			if hashes.Get([]byte(d.rec.Hash)) != nil {
				rep.DocumentsSkipped = append(rep.DocumentsSkipped, d.name())
				continue
			}
			seq, err := docs.NextSequence()
			if err != nil {
				return err
			}
			rec := d.rec
			rec.Seq = seq
			if err := docs.Put(id, rec.encode()); err != nil {
				return fmt.Errorf("document %s: %w", d.id, err)
			}
			if err := hashes.Put([]byte(rec.Hash), id); err != nil {
				return fmt.Errorf("document %s: %w", d.id, err)
			}
			if err := c.keepImportHash(d.id, d.importHash); err != nil {
				return err
			}
			if err := bucket.MoveBucket(id, data); err != nil {
				return fmt.Errorf("document %s: %w", d.id, err)
			}
			rep.DocumentsAdded++
		}
		return staging.DeleteBucket(st.name)
	})
	if err != nil {
		st.done = false // Abort cleans up
		abortErr := st.Abort()
		return annotate.ImportReport{}, errors.Join(err, abortErr)
	}
	st.docs, st.ids, st.hashes = nil, nil, nil
	return rep, nil
}

// Abort deletes the stage's bucket.
func (st *stage) Abort() error {
	if st.done {
		return nil
	}
	st.done = true
	st.docs, st.ids, st.hashes = nil, nil, nil
	return st.s.update("cancel import", func(c *change) error {
		staging := c.tx.Bucket(bucketStaging)
		if staging.Bucket(st.name) == nil {
			return nil
		}
		return staging.DeleteBucket(st.name)
	})
}

func (d *stagedDocument) name() string {
	if d.rec.Title != "" {
		return d.rec.Title
	}
	return d.id
}

// nameOf names a document in ImportReport.DocumentsSkipped.
func nameOf(d *annotate.Document) string {
	if d.Title != "" {
		return d.Title
	}
	return d.ID
}

// checkDocuments runs checkDocument on every document, on every CPU: it is
// most of the work of storing a document that needs nothing of the file.
func checkDocuments(docs []*annotate.Document) []error {
	errs := make([]error, len(docs))
	workers := min(runtime.GOMAXPROCS(0), (len(docs)+7)/8)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(docs); i += workers {
				if docs[i] != nil {
					errs[i] = checkDocument(docs[i])
				}
			}
		})
	}
	wg.Wait()
	return errs
}

// cleanStaging deletes the staging buckets that imports cut off by a crash
// left behind. It runs when the project is opened for writing, when no
// import of this process can be in progress; a project without any costs
// one read.
func (s *Store) cleanStaging() error {
	stale := false
	err := s.view(func(tx *bbolt.Tx) error {
		if b := tx.Bucket(bucketStaging); b != nil {
			k, _ := b.Cursor().First()
			stale = k != nil
		}
		return nil
	})
	if err != nil || !stale {
		return err
	}
	return s.update("clean up an interrupted import", func(c *change) error {
		staging := c.tx.Bucket(bucketStaging)
		var names [][]byte
		err := staging.ForEachBucket(func(k []byte) error {
			names = append(names, append([]byte(nil), k...))
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range names {
			if err := staging.DeleteBucket(k); err != nil {
				return err
			}
		}
		return nil
	})
}
