package storage

import (
	"bytes"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// This file holds the changes a user makes to a document by hand: a split,
// a merge, another kind or comment header (EditSegments), a new title.

var _ annotate.DocumentEditor = (*Store)(nil)

// metaImportHash is the document Meta key that keeps the content hash a
// document had when it was imported, once an edit has changed its text.
// The hashes bucket keeps pointing from it to the document, so importing
// the same page again is still recognised as a page already in the project.
const metaImportHash = "import_hash"

// EditSegments applies a segment edit in one transaction (see
// annotate.DocumentEditor). The document's content hash follows its
// segments, since exports carry the hash and their readers check it
// against the texts; the hash it was imported with keeps naming the
// document too (metaImportHash).
func (s *Store) EditSegments(e *annotate.SegmentEdit) error {
	if err := e.Check(); err != nil {
		return fmt.Errorf("edit segments of document %s: %w", e.DocumentID, err)
	}
	for _, seg := range e.To {
		if err := checkID("segment", seg.ID); err != nil {
			return fmt.Errorf("edit segments of document %s: %w", e.DocumentID, err)
		}
	}
	return s.update("edit segments", func(c *change) error { return c.editSegments(e) })
}

func (c *change) editSegments(e *annotate.SegmentEdit) error {
	d, err := c.doc(e.DocumentID)
	if err != nil {
		return err
	}
	current, err := readSegments(d.docBuckets, d.id)
	if err != nil {
		return err
	}
	if !sameSegments(current, e.From) {
		return fmt.Errorf("document %s has changed since this edit was prepared: %w", d.id, annotate.ErrInvalid)
	}
	if err := c.writeSegments(d, current, e.To); err != nil {
		return err
	}
	if err := c.moveAnnotations(d, e); err != nil {
		return err
	}
	if err := c.rekeySegmentLabels(d, e); err != nil {
		return err
	}
	return c.rehash(d, e.To)
}

// readSegments returns a document's segments in order.
func readSegments(b *docBuckets, docID string) ([]annotate.Segment, error) {
	var segs []annotate.Segment
	err := b.segments.ForEach(func(k, v []byte) error {
		r, err := decodeSegmentRecord(v)
		if err != nil {
			return fmt.Errorf("document %s segment %x: %w", docID, k, err)
		}
		segs = append(segs, r.segment())
		return nil
	})
	return segs, err
}

// sameSegments reports whether two segment lists are equal in every field
// a segment record stores.
func sameSegments(a, b []annotate.Segment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		ra, rb := segmentRecordOf(&a[i]), segmentRecordOf(&b[i])
		if !bytes.Equal(ra.encode(), rb.encode()) {
			return false
		}
	}
	return true
}

// writeSegments replaces a document's segments old with segs. It writes
// only the positions whose record changes and the ids whose position
// changes: a comment header edit writes one record, a split in the middle
// of a forum the half after it.
func (c *change) writeSegments(d *docState, old, segs []annotate.Segment) error {
	for i := range max(len(old), len(segs)) {
		pos := u64(uint64(i + 1))
		if i >= len(segs) {
			if err := d.segments.Delete(pos); err != nil {
				return err
			}
			continue
		}
		r := segmentRecordOf(&segs[i])
		v := r.encode()
		if i < len(old) {
			if ro := segmentRecordOf(&old[i]); bytes.Equal(ro.encode(), v) {
				continue
			}
		}
		if err := d.segments.Put(pos, v); err != nil {
			return fmt.Errorf("document %s segment %s: %w", d.id, segs[i].ID, err)
		}
	}
	was := make(map[string]int, len(old))
	for i, s := range old {
		was[s.ID] = i + 1
	}
	for i, s := range segs {
		if was[s.ID] != i+1 {
			if err := d.segmentIDs.Put([]byte(s.ID), u64(uint64(i+1))); err != nil {
				return fmt.Errorf("document %s segment %s: %w", d.id, s.ID, err)
			}
		}
		delete(was, s.ID)
	}
	for id := range was {
		if err := d.segmentIDs.Delete([]byte(id)); err != nil {
			return err
		}
	}
	d.cache = map[string]segmentRef{}
	d.src = nil
	if c.indexed == d {
		c.indexed = nil
	}
	comments := 0
	for _, s := range segs {
		if s.Kind == annotate.KindComment {
			comments++
		}
	}
	d.rec.Segments, d.rec.Comments = len(segs), comments
	d.dirty = true
	return nil
}

// clearBucket deletes every key of a bucket that holds no buckets.
func clearBucket(b *bbolt.Bucket) error {
	var keys [][]byte
	if err := b.ForEach(func(k, _ []byte) error {
		keys = append(keys, bytes.Clone(k))
		return nil
	}); err != nil {
		return err
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// moveAnnotations moves the annotations of e.Spans and checks every other
// annotation against the new segments: its segment must still be there and
// show the same text at its offsets. Quotes take their context from the
// new texts.
func (c *change) moveAnnotations(d *docState, e *annotate.SegmentEdit) error {
	segs := make(map[string]*annotate.Segment, len(e.To))
	for i := range e.To {
		segs[e.To[i].ID] = &e.To[i]
	}
	changed := map[string]bool{}
	before := make(map[string]string, len(e.From))
	for _, s := range e.From {
		before[s.ID] = s.Text
	}
	for _, s := range e.To {
		if t, ok := before[s.ID]; !ok || t != s.Text {
			changed[s.ID] = true
		}
	}
	moves := make(map[string]annotate.SpanMove, len(e.Spans))
	for _, m := range e.Spans {
		moves[m.ID] = m
	}
	type put struct {
		key []byte
		val []byte
	}
	var puts []put
	err := d.annotations.ForEach(func(k, v []byte) error {
		id := string(k)
		r, err := decodeAnnotationRecord(v)
		if err != nil {
			return fmt.Errorf("annotation %q of document %s: %w", id, d.id, err)
		}
		m, moving := moves[id]
		if moving {
			delete(moves, id)
			if r.Segment != m.From.SegmentID || r.Start != m.From.Start || r.End != m.From.End {
				return fmt.Errorf("annotation %s is no longer where this edit expects it: %w", id, annotate.ErrInvalid)
			}
			r.Segment, r.Start, r.End = m.To.SegmentID, m.To.Start, m.To.End
		} else if !changed[r.Segment] {
			if _, ok := segs[r.Segment]; !ok {
				return fmt.Errorf("annotation %s would lose its segment %s: %w", id, r.Segment, annotate.ErrUnknownSegment)
			}
			return nil
		}
		seg, ok := segs[r.Segment]
		if !ok {
			return fmt.Errorf("annotation %s would lose its segment %s: %w", id, r.Segment, annotate.ErrUnknownSegment)
		}
		q, ok := annotate.QuoteOf(seg.Text, r.Start, r.End, annotate.QuoteContext)
		if !ok || r.Start >= r.End {
			return fmt.Errorf("annotation %s: [%d,%d) lies outside segment %s: %w", id, r.Start, r.End, seg.ID, annotate.ErrOffsetRange)
		}
		if !moving && q.Exact != r.Exact {
			return fmt.Errorf("annotation %s would cover %q instead of %q: %w", id, q.Exact, r.Exact, annotate.ErrInvalid)
		}
		r.Exact, r.Prefix, r.Suffix = q.Exact, q.Prefix, q.Suffix
		puts = append(puts, put{bytes.Clone(k), r.encode()})
		return nil
	})
	if err != nil {
		return err
	}
	for id := range moves {
		return fmt.Errorf("annotation %s that this edit moves is not in document %s: %w", id, d.id, annotate.ErrNotFound)
	}
	for _, p := range puts {
		if err := d.annotations.Put(p.key, p.val); err != nil {
			return fmt.Errorf("annotation %s: %w", p.key, err)
		}
	}
	return nil
}

// rekeySegmentLabels gives every segment label the key of its segment's
// new position, takes off e.RemoveLabels and puts on e.AddLabels.
func (c *change) rekeySegmentLabels(d *docState, e *annotate.SegmentEdit) error {
	pos := make(map[string]uint64, len(e.To)+1)
	pos[""] = 0
	for i, s := range e.To {
		pos[s.ID] = uint64(i + 1)
	}
	remove := make(map[string]bool, len(e.RemoveLabels))
	for _, l := range e.RemoveLabels {
		remove[l.Key()] = true
	}
	var kept []segmentLabelRecord
	err := d.segLabels.ForEach(func(k, v []byte) error {
		r, err := decodeSegmentLabelRecord(v)
		if err != nil {
			return fmt.Errorf("segment label %q of document %s: %w", k, d.id, err)
		}
		l := r.segmentLabel(d.id)
		if remove[l.Key()] {
			delete(remove, l.Key())
			c.use(usageSegmentLabel, r.Label, -1)
			return nil
		}
		kept = append(kept, r)
		return nil
	})
	if err != nil {
		return err
	}
	for k := range remove {
		return fmt.Errorf("segment label %q that this edit takes off is not in document %s: %w", k, d.id, annotate.ErrNotFound)
	}
	cb, err := c.cb()
	if err != nil {
		return err
	}
	for i := range e.AddLabels {
		l := e.AddLabels[i]
		if l.DocumentID != d.id || l.Annotator == "" {
			return fmt.Errorf("segment label %s: wrong document or no annotator: %w", l.Label, annotate.ErrInvalid)
		}
		if _, _, ok := cb.SegmentLabel(l.Label); !ok {
			return fmt.Errorf("segment label %q: %w", l.Label, annotate.ErrUnknownLabel)
		}
		if l.Created.IsZero() {
			l.Created = c.now
		}
		kept = append(kept, segmentLabelRecordOf(&l))
		c.use(usageSegmentLabel, l.Label, 1)
	}
	if err := clearBucket(d.segLabels); err != nil {
		return err
	}
	for _, r := range kept {
		p, ok := pos[r.Segment]
		if !ok {
			return fmt.Errorf("segment label %s would lose its segment %s: %w", r.Label, r.Segment, annotate.ErrUnknownSegment)
		}
		key := segmentLabelKey(p, r.Label, r.Annotator)
		if d.segLabels.Get(key) != nil {
			return fmt.Errorf("segment %s would have label %s by %s twice: %w", r.Segment, r.Label, r.Annotator, annotate.ErrDuplicate)
		}
		if err := d.segLabels.Put(key, r.encode()); err != nil {
			return err
		}
	}
	return nil
}

// rehash gives the document the content hash of its new segments. The hash
// it was imported with stays in the hashes bucket (see metaImportHash).
func (c *change) rehash(d *docState, segs []annotate.Segment) error {
	old, now := d.rec.Hash, contentHash(segs)
	if now == old {
		return nil
	}
	hashes := c.tx.Bucket(bucketHashes)
	if owner := hashes.Get([]byte(now)); owner != nil && string(owner) != d.id {
		return fmt.Errorf("document %s would have exactly the text of document %s: %w", d.id, owner, annotate.ErrDuplicate)
	}
	if d.rec.Meta == nil {
		d.rec.Meta = map[string]string{}
	}
	imported := d.rec.Meta[metaImportHash]
	if imported == "" {
		imported = old
		d.rec.Meta[metaImportHash] = old
	}
	if old != imported && string(hashes.Get([]byte(old))) == d.id {
		if err := hashes.Delete([]byte(old)); err != nil {
			return err
		}
	}
	if err := hashes.Put([]byte(now), []byte(d.id)); err != nil {
		return err
	}
	if now == imported {
		// Back to the text it was imported with (an undo, say).
		delete(d.rec.Meta, metaImportHash)
	}
	d.rec.Hash = now
	d.dirty = true
	return nil
}

// keepImportHash points the import hash of a document restored with
// metaImportHash back at it, unless another document has that hash.
func (c *change) keepImportHash(id, hash string) error {
	if hash == "" {
		return nil
	}
	hashes := c.tx.Bucket(bucketHashes)
	if hashes.Get([]byte(hash)) != nil {
		return nil
	}
	return hashes.Put([]byte(hash), []byte(id))
}

// SetDocumentTitle renames a document. The title is kept on one line,
// without space at its ends, NFC; an empty title is refused.
func (s *Store) SetDocumentTitle(id, title string) error {
	title = annotate.CleanTitle(title)
	if title == "" {
		return fmt.Errorf("rename document %s: a document needs a title: %w", id, annotate.ErrInvalid)
	}
	return s.update("rename document", func(c *change) error {
		d, err := c.doc(id)
		if err != nil {
			return err
		}
		d.rec.Title = title
		d.dirty = true
		return nil
	})
}
