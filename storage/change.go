package storage

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
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
	usage map[usageRef]int64 // codebook entry → change of the count

	// Import sets bulk: records are then encoded into a slab rather than
	// allocated one by one (see encoded).
	bulk bool
	slab slab
	key  []byte

	indexed    *docState // the document whose segments have offset indexes
	spareMarks [][]int   // tables of released indexes, for reuse
}

// usageRef names a codebook entry counted in bucketUsage.
type usageRef struct {
	kind byte
	id   string
}

// docState is a document as a change sees it.
type docState struct {
	id    string
	rec   documentRecord
	dirty bool // rec must be written back
	*docBuckets
	cache map[string]segmentRef // decoded segments by id
	// src is the document as given to addDocument, when it was added in
	// this transaction: its segments need no decoding.
	src *annotate.Document
	// annCursor serves hasAnnotation; Seek positions it afresh each time,
	// so changes to the bucket in between do not matter.
	annCursor *bbolt.Cursor
}

type segmentRef struct {
	pos uint64
	seg *annotate.Segment
	// index converts offsets in seg's text; an import builds it on first
	// use and finds the quotes of all the segment's spans with it.
	index *runeIndex
}

func newChange(tx *bbolt.Tx) *change {
	return &change{
		tx:    tx,
		now:   time.Now().UTC(),
		docs:  map[string]*docState{},
		usage: map[usageRef]int64{},
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
	ref, err := c.segmentRef(d, id)
	if err != nil {
		return nil, 0, err
	}
	return ref.seg, ref.pos, nil
}

// segmentRef returns the cache entry of a segment of d, or
// ErrUnknownSegment.
func (c *change) segmentRef(d *docState, id string) (segmentRef, error) {
	if ref, ok := d.cache[id]; ok {
		return ref, nil
	}
	if d.src != nil && len(d.cache) == 0 {
		// A document added in this transaction: take its segments as
		// given, all at once.
		for i := range d.src.Segments {
			seg := &d.src.Segments[i]
			d.cache[seg.ID] = segmentRef{pos: uint64(i + 1), seg: seg}
		}
		if ref, ok := d.cache[id]; ok {
			return ref, nil
		}
	}
	seg, pos, err := c.decodeSegment(d, id)
	if err != nil {
		return segmentRef{}, err
	}
	ref := segmentRef{pos: pos, seg: seg}
	d.cache[id] = ref
	return ref, nil
}

// segmentIndex returns a segment of d with an offset index of its text.
func (c *change) segmentIndex(d *docState, id string) (*annotate.Segment, *runeIndex, error) {
	ref, err := c.segmentRef(d, id)
	if err != nil {
		return nil, nil, err
	}
	if ref.index == nil {
		if c.indexed != d {
			c.releaseIndexes()
			c.indexed = d
		}
		var marks []int
		if n := len(c.spareMarks); n > 0 {
			marks, c.spareMarks = c.spareMarks[n-1], c.spareMarks[:n-1]
		}
		ref.index = newRuneIndex(ref.seg.Text, marks)
		d.cache[id] = ref
	}
	return ref.seg, ref.index, nil
}

// releaseIndexes drops the offset indexes of the document that has them
// and keeps their memory for the next document's: an import works through
// its documents one by one (if its annotations come grouped by document),
// so it holds the indexes of one document at a time.
func (c *change) releaseIndexes() {
	d := c.indexed
	if d == nil {
		return
	}
	for id, ref := range d.cache {
		if ref.index == nil {
			continue
		}
		if ref.index.marks != nil {
			c.spareMarks = append(c.spareMarks, ref.index.marks)
		}
		ref.index = nil
		d.cache[id] = ref
	}
	c.indexed = nil
}

// decodeSegment reads a segment of d from its buckets.
func (c *change) decodeSegment(d *docState, id string) (*annotate.Segment, uint64, error) {
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
	c.usage[usageRef{kind, id}] += delta
}

// keyOf returns id as a key for Get, Put or Seek, in a buffer that the
// next call overwrites (Put copies the key).
func (c *change) keyOf(id string) []byte {
	c.key = append(c.key[:0], id...)
	return c.key
}

// encoded returns the encoding of a record as appendTo makes it, for Put.
// In an import it is carved from a slab (see slab), which saves an
// allocation per record.
func (c *change) encoded(appendTo func([]byte) []byte) []byte {
	if !c.bulk {
		return appendTo(nil)
	}
	return c.slab.encode(appendTo)
}

// flush writes the changed document records, usage counts and codebook.
func (c *change) flush() error {
	docs := c.tx.Bucket(bucketDocuments)
	// In key order: bbolt inserts into a sorted array per page, and an
	// import of thousands of documents into a new project puts them all
	// into one.
	var dirty []string
	for id, d := range c.docs {
		if d.dirty {
			dirty = append(dirty, id)
		}
	}
	slices.Sort(dirty)
	for _, id := range dirty {
		if err := docs.Put([]byte(id), c.docs[id].rec.encode()); err != nil {
			return fmt.Errorf("document %q: %w", id, err)
		}
	}
	usage := c.tx.Bucket(bucketUsage)
	for _, ref := range slices.SortedFunc(maps.Keys(c.usage), compareUsage) {
		delta := c.usage[ref]
		if delta == 0 {
			continue
		}
		k := usageKey(ref.kind, ref.id)
		n := int64(0)
		if v := usage.Get(k); v != nil {
			if len(v) != 8 {
				return fmt.Errorf("usage count of %q: %w", ref.id, ErrDamaged)
			}
			n = int64(be64(v))
		}
		n += delta
		switch {
		case n < 0:
			return fmt.Errorf("usage count of %q falls below zero: %w", ref.id, ErrDamaged)
		case n == 0:
			if err := usage.Delete(k); err != nil {
				return err
			}
		default:
			if err := usage.Put(k, u64(uint64(n))); err != nil {
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

func compareUsage(a, b usageRef) int {
	if c := cmp.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}
