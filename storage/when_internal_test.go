package storage

import (
	"path/filepath"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// toOldLayout rewrites every document and segment record of the file at
// path as Newsmark wrote them before times kept their precision: without
// fields 20 to 22.
func toOldLayout(t *testing.T, path string) {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bbolt.Tx) error {
		docs := tx.Bucket(bucketDocuments)
		var ids []string
		if err := docs.ForEach(func(k, v []byte) error {
			r, err := decodeDocumentRecord(v, true)
			if err != nil {
				return err
			}
			r.PublishedPrecision, r.PublishedWall, r.PublishedText = 0, false, ""
			ids = append(ids, string(k))
			return docs.Put(k, r.encode())
		}); err != nil {
			return err
		}
		for _, id := range ids {
			b, err := openDocBuckets(tx, id)
			if err != nil {
				return err
			}
			if err := b.segments.ForEach(func(k, v []byte) error {
				r, err := decodeSegmentRecord(v)
				if err != nil {
					return err
				}
				r.PostedPrecision, r.PostedWall, r.PostedText = 0, false, ""
				return b.segments.Put(k, r.encode())
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFileWithoutTimePrecisionsReadsTimesAsBefore opens a file whose
// records have no precisions: times read as the instants they are, and
// midnight on the dot as the date the desk showed.
func TestFileWithoutTimePrecisionsReadsTimesAsBefore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	berlin := time.FixedZone("", 3600)
	published := time.Date(2014, 10, 15, 18, 5, 0, 0, berlin)
	posted := time.Date(2014, 10, 15, 19, 12, 7, 0, berlin)
	midnight := time.Date(2014, 10, 16, 0, 0, 0, 0, berlin) // a date without a clock, as the old importer stored it
	doc := &annotate.Document{
		Title:     "Alt",
		Published: annotate.WhenOf(published),
		Segments: []annotate.Segment{
			{Kind: annotate.KindBody, Text: "Ein Artikel."},
			{Kind: annotate.KindComment, Text: "Ein Kommentar.", Author: "anna", Posted: annotate.WhenOf(posted)},
			{Kind: annotate.KindComment, Text: "Noch einer.", Author: "ben"},
			{Kind: annotate.KindComment, Text: "Nur ein Tag.", Author: "carl", Posted: annotate.WhenOf(midnight)},
		},
	}
	if err := doc.Prepare(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	toOldLayout(t, path)

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Document(doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ got, want annotate.When }{
		"published": {got.Published, annotate.WhenOf(published)},
		"posted":    {got.Segments[1].Posted, annotate.WhenOf(posted)},
		"no time":   {got.Segments[2].Posted, annotate.When{}},
		"date":      {got.Segments[3].Posted, annotate.DateOf(2014, 10, 16)},
	}
	for name, w := range want {
		if !w.got.Equal(w.want) || !w.got.Time.Equal(w.want.Time) {
			t.Errorf("%s = %+v (%s), want %+v (%s)", name, w.got, w.got.ISO(), w.want, w.want.ISO())
		}
	}
	if got := got.Segments[1].Posted.ISO(); got != "2014-10-15T19:12:07+01:00" {
		t.Errorf("old posted time writes as %q, want the instant with its offset", got)
	}
}

func TestTimesKeepPrecisionOffsetAndText(t *testing.T) {
	cases := []annotate.When{
		{},
		{Text: "vor 8 Stunden"},
		annotate.DateOf(2014, 10, 15),
		{Time: time.Date(2014, 10, 15, 14, 32, 0, 0, time.UTC), Precision: annotate.PrecisionMinute, Text: "15.10.2014, 14:32 Uhr"},
		{Time: time.Date(2014, 10, 15, 14, 0, 0, 0, time.UTC), Precision: annotate.PrecisionHour},
		{Time: time.Date(2014, 10, 15, 14, 32, 0, 0, time.FixedZone("", 7200)), Precision: annotate.PrecisionMinute, Zoned: true},
		{Time: time.Date(2014, 10, 15, 14, 32, 9, 5, time.UTC), Precision: annotate.PrecisionSecond, Zoned: true},
	}
	for _, w := range cases {
		t.Run(w.String(), func(t *testing.T) {
			seg := annotate.Segment{ID: "c1", Kind: annotate.KindComment, Posted: w}
			rec := segmentRecordOf(&seg)
			back, err := decodeSegmentRecord(rec.encode())
			if err != nil {
				t.Fatal(err)
			}
			got := back.segment().Posted
			if !got.Equal(w) || got.Time.Location() != time.UTC && !w.Zoned {
				t.Errorf("stored and read back %+v (%s), want %+v (%s)", got, got.ISO(), w, w.ISO())
			}
		})
	}
}
