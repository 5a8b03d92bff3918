package storage

import (
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// change is the state of one write transaction. It reads the codebook, a
// document's record and its segments once however often the transaction
// uses them (an import touches one document thousands of times), collects
// the changes to document counts and codebook usage, and writes them in
// flush, before the transaction commits.
type change struct {
	tx  *bbolt.Tx
	now time.Time

	codebook      *annotate.Codebook // nil until first needed
	codebookDirty bool

	docs  map[string]*docState
	usage map[string]int64 // usageKey → change of the count
}

// docState is a document as a change sees it.
type docState struct {
	id    string
	rec   documentRecord
	dirty bool // rec must be written back
	*docBuckets
	cache map[string]segmentRef // decoded segments by id
}

type segmentRef struct {
	pos uint64
	seg *annotate.Segment
}

func newChange(tx *bbolt.Tx) *change {
	return &change{
		tx:    tx,
		now:   time.Now().UTC(),
		docs:  map[string]*docState{},
		usage: map[string]int64{},
	}
}

// doc returns a document of the project, or ErrNotFound.
func (c *change) doc(id string) (*docState, error) {
	if d, ok := c.docs[id]; ok {
		return d, nil
	}
	if id == "" {
		return nil, fmt.Errorf("no document given: %w", annotate.ErrNotFound)
	}
	rec, err := getDocumentRecord(c.tx, id)
	if err != nil {
		return nil, err
	}
	b, err := openDocBuckets(c.tx, id)
	if err != nil {
		return nil, err
	}
	d := &docState{id: id, rec: rec, docBuckets: b, cache: map[string]segmentRef{}}
	c.docs[id] = d
	return d, nil
}

// segment returns a segment of d and its position, or ErrUnknownSegment.
func (c *change) segment(d *docState, id string) (*annotate.Segment, uint64, error) {
	if ref, ok := d.cache[id]; ok {
		return ref.seg, ref.pos, nil
	}
	p := d.segmentIDs.Get([]byte(id))
	if p == nil {
		return nil, 0, fmt.Errorf("document %s has no segment %q: %w", d.id, id, annotate.ErrUnknownSegment)
	}
	if len(p) != 8 {
		return nil, 0, fmt.Errorf("document %s segment %q: %w (bad position)", d.id, id, ErrDamaged)
	}
	pos := be64(p)
	v := d.segments.Get(p)
	if v == nil {
		return nil, 0, fmt.Errorf("document %s segment %q: %w (its text is missing)", d.id, id, ErrDamaged)
	}
	r, err := decodeSegmentRecord(v)
	if err != nil {
		return nil, 0, fmt.Errorf("document %s segment %q: %w", d.id, id, err)
	}
	seg := r.segment()
	d.cache[id] = segmentRef{pos: pos, seg: &seg}
	return &seg, pos, nil
}

// cb returns the project's codebook, as changed so far in this transaction.
func (c *change) cb() (*annotate.Codebook, error) {
	if c.codebook == nil {
		cb, err := getCodebook(c.tx)
		if err != nil {
			return nil, err
		}
		c.codebook = cb
	}
	return c.codebook, nil
}

// setCodebook replaces the codebook when the transaction commits.
func (c *change) setCodebook(cb *annotate.Codebook) {
	c.codebook = cb
	c.codebookDirty = true
}

// use records that one more (delta 1) or one fewer (-1) stored item uses a
// codebook entry.
func (c *change) use(kind byte, id string, delta int64) {
	c.usage[string(usageKey(kind, id))] += delta
}

// flush writes the changed document records, usage counts and codebook.
func (c *change) flush() error {
	docs := c.tx.Bucket(bucketDocuments)
	for id, d := range c.docs {
		if !d.dirty {
			continue
		}
		if err := docs.Put([]byte(id), d.rec.encode()); err != nil {
			return fmt.Errorf("document %q: %w", id, err)
		}
	}
	usage := c.tx.Bucket(bucketUsage)
	for k, delta := range c.usage {
		if delta == 0 {
			continue
		}
		n := int64(0)
		if v := usage.Get([]byte(k)); v != nil {
			if len(v) != 8 {
				return fmt.Errorf("usage count of %q: %w", k[1:], ErrDamaged)
			}
			n = int64(be64(v))
		}
		n += delta
		switch {
		case n < 0:
			return fmt.Errorf("usage count of %q falls below zero: %w", k[1:], ErrDamaged)
		case n == 0:
			if err := usage.Delete([]byte(k)); err != nil {
				return err
			}
		default:
			if err := usage.Put([]byte(k), u64(uint64(n))); err != nil {
				return err
			}
		}
	}
	if c.codebookDirty {
		r := codebookRecordOf(c.codebook)
		if err := c.tx.Bucket(bucketCodebook).Put(keyCodebook, r.encode()); err != nil {
			return fmt.Errorf("codebook: %w", err)
		}
	}
	return nil
}
