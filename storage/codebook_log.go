package storage

import (
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// codebookLogRecord is one entry of bucketCodebookLog.
type codebookLogRecord struct {
	Time      time.Time         // 1
	Annotator string            // 2
	What      string            // 3
	Relabel   map[string]string // 4, one pair per entry
}

func (r *codebookLogRecord) encode() []byte {
	var e encoder
	e.time(1, r.Time)
	e.string(2, r.Annotator)
	e.string(3, r.What)
	e.pairs(4, r.Relabel)
	return e.b
}

func decodeCodebookLogRecord(b []byte) (codebookLogRecord, error) {
	var r codebookLogRecord
	d := newDecoder(b)
	for d.next() {
		switch d.field {
		case 1:
			r.Time = d.time()
		case 2:
			r.Annotator = d.string()
		case 3:
			r.What = d.string()
		case 4:
			k, v := d.pair()
			if r.Relabel == nil {
				r.Relabel = map[string]string{}
			}
			r.Relabel[k] = v
		}
	}
	return r, d.err
}

// CodebookLog returns the codebook's change list, oldest first. A project
// whose codebook was never edited has an empty one.
func (s *Store) CodebookLog() ([]annotate.CodebookLogEntry, error) {
	var out []annotate.CodebookLogEntry
	err := s.view(func(tx *bbolt.Tx) error {
		var err error
		out, err = readCodebookLog(tx)
		return err
	})
	return out, err
}

func readCodebookLog(tx *bbolt.Tx) ([]annotate.CodebookLogEntry, error) {
	b := tx.Bucket(bucketCodebookLog)
	if b == nil {
		return nil, nil
	}
	var out []annotate.CodebookLogEntry
	err := b.ForEach(func(k, v []byte) error {
		r, err := decodeCodebookLogRecord(v)
		if err != nil {
			return fmt.Errorf("codebook change %x: %w", k, err)
		}
		out = append(out, annotate.CodebookLogEntry{Time: r.Time, Annotator: r.Annotator, What: r.What, Relabel: r.Relabel})
		return nil
	})
	return out, err
}

// appendCodebookLog adds entries to the change list, creating its bucket
// in a file that has none yet.
func (c *change) appendCodebookLog(entries ...annotate.CodebookLogEntry) error {
	if len(entries) == 0 {
		return nil
	}
	b, err := c.tx.CreateBucketIfNotExists(bucketCodebookLog)
	if err != nil {
		return fmt.Errorf("codebook change list: %w", err)
	}
	for _, e := range entries {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		t := e.Time
		if t.IsZero() {
			t = c.now
		}
		r := codebookLogRecord{Time: t.UTC(), Annotator: e.Annotator, What: e.What, Relabel: e.Relabel}
		if err := b.Put(u64(seq), r.encode()); err != nil {
			return fmt.Errorf("codebook change list: %w", err)
		}
	}
	return nil
}

// mergeCodebookLog adds the entries of log that the change list lacks
// (the same time, annotator and words), in their order, so that importing
// an export twice lists its changes once.
func (c *change) mergeCodebookLog(log []annotate.CodebookLogEntry) error {
	if len(log) == 0 {
		return nil
	}
	have, err := readCodebookLog(c.tx)
	if err != nil {
		return err
	}
	type key struct {
		t         int64
		who, what string
	}
	seen := make(map[key]bool, len(have))
	for _, e := range have {
		seen[key{e.Time.UnixNano(), e.Annotator, e.What}] = true
	}
	var add []annotate.CodebookLogEntry
	for _, e := range log {
		k := key{e.Time.UnixNano(), e.Annotator, e.What}
		if !seen[k] {
			seen[k] = true
			add = append(add, e)
		}
	}
	return c.appendCodebookLog(add...)
}

// AppendCodebookLog adds entries to the codebook's change list as they
// are (an import of a native export brings the list it had), in one
// transaction. An entry without a time gets now.
func (s *Store) AppendCodebookLog(entries ...annotate.CodebookLogEntry) error {
	return s.update("append codebook change list", func(c *change) error {
		return c.appendCodebookLog(entries...)
	})
}
