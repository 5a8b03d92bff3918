package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

var (
	plus2  = time.FixedZone("", 2*3600)
	minus5 = time.FixedZone("", -5*3600-30*60)
)

// sampleRecords returns one record of each kind with every field set.
func sampleRecords() map[string]interface{ encode() []byte } {
	return map[string]interface{ encode() []byte }{
		"document": &documentRecord{
			Title: "Überschrift 👩‍👩‍👧", Source: "https://example.org/a", Outlet: "Zeitung", Published: time.Date(1850, 1, 2, 3, 4, 5, 6, plus2),
			PublishedPrecision: 3, PublishedWall: true, PublishedText: "2. Januar 1850, 3:04 Uhr",
			Language: "de", Imported: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Hash: strings.Repeat("ab", 32),
			Meta: map[string]string{"comments_total": "12", "": "empty key", "leer": ""}, Seq: 1 << 40,
			Segments: 3, Comments: 2, Annotations: 1000000,
		},
		"segment": &segmentRecord{
			ID: "c1", Kind: "comment", Text: "Text mit q̇ und 🇩🇪", Author: "Zoë", Posted: time.Date(2026, 2, 3, 4, 5, 6, 7, minus5),
			PostedPrecision: 4, PostedText: "vor 2 Stunden",
			Number: -3, Title: "Re:", ReplyTo: "c0", Meta: map[string]string{"likes": "12", "Sub1": ""},
		},
		"annotation": &annotationRecord{
			Segment: "s3", Start: 0, End: 1 << 20, Exact: "x", Prefix: "vorher ", Suffix: " nachher", Label: "CLAIM",
			Attributes: map[string]string{"stance": "pro", "empty": ""}, Note: "Notiz", Annotator: "anna",
			Created: time.Date(2026, 1, 1, 0, 0, 0, 1, plus2), Modified: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		},
		"relation":      &relationRecord{Type: "disputes", From: "a", To: "b", Note: "n", Annotator: "ben", Created: time.Unix(-1, 999999999).UTC(), Seq: 7},
		"segment label": &segmentLabelRecord{Segment: "c1", Label: "toxic", Annotator: "anna", Created: time.Unix(1, 0).UTC()},
		"annotator":     &annotatorRecord{Name: "Anna", Created: time.Date(2026, 3, 3, 3, 3, 3, 3, minus5)},
		"codebook": func() *codebookRecord {
			r := codebookRecordOf(&annotate.Codebook{
				Name: "cb",
				Labels: []annotate.Label{{ID: "A", Name: "a", Kind: "frame", Parent: "B", Color: "#000000", Hotkey: "a", Description: "d",
					Attributes: []annotate.AttributeDef{{Name: "x", Description: "dx", Values: []string{"", "v"}, Required: true}, {Name: "y"}}},
					{ID: "B", Name: "b"}},
				RelationTypes:    []annotate.RelationType{{ID: "r", Name: "r", Description: "rd", Directed: true}, {ID: "s"}},
				SegmentLabelSets: []annotate.SegmentLabelSet{{ID: "set", Name: "n", Description: "sd", Exclusive: true, Labels: []annotate.SegmentLabelDef{{ID: "l", Name: "ln", Color: "#ffffff", Description: "ld"}}}, {ID: "empty"}},
			})
			return &r
		}(),
	}
}

// decodeAny decodes b as the same kind of record as like.
func decodeAny(like any, b []byte) (any, error) {
	switch like.(type) {
	case *documentRecord:
		r, err := decodeDocumentRecord(b, true)
		return &r, err
	case *segmentRecord:
		r, err := decodeSegmentRecord(b)
		return &r, err
	case *annotationRecord:
		r, err := decodeAnnotationRecord(b)
		return &r, err
	case *relationRecord:
		r, err := decodeRelationRecord(b)
		return &r, err
	case *segmentLabelRecord:
		r, err := decodeSegmentLabelRecord(b)
		return &r, err
	case *annotatorRecord:
		r, err := decodeAnnotatorRecord(b)
		return &r, err
	case *codebookRecord:
		r, err := decodeCodebookRecord(b)
		return &r, err
	}
	panic("unknown record")
}

// sameRecord compares records, times by instant and zone offset.
func sameRecord(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

func TestRecordsRoundTrip(t *testing.T) {
	for name, rec := range sampleRecords() {
		t.Run(name, func(t *testing.T) {
			b := rec.encode()
			got, err := decodeAny(rec, b)
			if err != nil {
				t.Fatal(err)
			}
			sameRecord(t, "decoded", got, rec)
		})
	}
}

func TestDecoderSkipsUnknownFields(t *testing.T) {
	unknown := func(field uint64, payload string) []byte {
		b := binary.AppendUvarint(nil, field)
		b = binary.AppendUvarint(b, uint64(len(payload)))
		return append(b, payload...)
	}
	for name, rec := range sampleRecords() {
		t.Run(name, func(t *testing.T) {
			b := rec.encode()
			// A field from a later version at the start, at the end, and one
			// with a large number.
			withNew := append(unknown(99, "from the future"), b...)
			withNew = append(withNew, unknown(1<<40, "")...)
			got, err := decodeAny(rec, withNew)
			if err != nil {
				t.Fatal(err)
			}
			sameRecord(t, "decoded", got, rec)
		})
	}
}

func TestDecoderRefusesBrokenRecords(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
	}{
		{"field number 0", []byte{0, 0}},
		{"length past the end", []byte{1, 5, 'a'}},
		{"truncated field number", []byte{0x80}},
		{"truncated length", []byte{1, 0x80}},
		{"overlong varint", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0}},
		{"number with trailing bytes", []byte{2, 2, 1, 1}},
		{"empty number", []byte{2, 0}},
		{"time with nanoseconds past a second", append([]byte{11, 7, 2}, binary.AppendUvarint(nil, 1e9)...)},
		{"time far beyond any date", append([]byte{11, 12}, binary.AppendVarint(binary.AppendVarint(nil, 1<<50), 0)...)},
		{"time with a zone a day off", append([]byte{11, 5, 2, 0}, binary.AppendVarint(nil, 86400)...)},
		{"map entry with a key past the end", []byte{8, 2, 9, 'k'}},
		{"offset beyond int32", append([]byte{2, 5}, binary.AppendUvarint(nil, 1<<33)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeAnnotationRecord(tt.b)
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("decode %x: %v, want ErrDamaged", tt.b, err)
			}
		})
	}
	// A broken nested record breaks the codebook.
	if _, err := decodeCodebookRecord([]byte{2, 2, 1, 9}); !errors.Is(err, ErrDamaged) {
		t.Errorf("codebook with a broken label: %v", err)
	}
}

func TestTimesKeepInstantAndOffset(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC),
		time.Date(2026, 3, 14, 9, 26, 53, 0, plus2),
		time.Date(1601, 1, 1, 0, 0, 0, 1, minus5),
		time.Unix(0, 0).UTC(),
	} {
		var e encoder
		e.time(1, tm)
		d := newDecoder(e.b)
		if !d.next() {
			t.Fatalf("%v: no field", tm)
		}
		got := d.time()
		_, wantOff := tm.Zone()
		_, gotOff := got.Zone()
		if !got.Equal(tm) || gotOff != wantOff || d.err != nil {
			t.Errorf("%v came back as %v (%v)", tm, got, d.err)
		}
		if tm.Location() == time.UTC && !reflect.DeepEqual(got, tm) {
			t.Errorf("a UTC time came back as %#v", got)
		}
	}
	var e encoder
	e.time(1, time.Time{})
	if len(e.b) != 0 {
		t.Errorf("the zero time takes %d bytes", len(e.b))
	}
}

func TestMigrationsChainToTheCurrentVersion(t *testing.T) {
	for v := firstSchemaVersion; v < SchemaVersion; v++ {
		if _, ok := migrationFrom(v); !ok {
			t.Errorf("no migration from schema version %d", v)
		}
	}
}

// BenchmarkAnnotationRecord compares the codec with encoding/json on the
// same record, to justify the hand-written codec.
func BenchmarkAnnotationRecord(b *testing.B) {
	rec := sampleRecords()["annotation"].(*annotationRecord)
	enc := rec.encode()
	js, _ := json.Marshal(rec)
	b.Run("codec/decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeAnnotationRecord(enc); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(enc)), "bytes/record")
	})
	b.Run("json/decode", func(b *testing.B) {
		for b.Loop() {
			var r annotationRecord
			if err := json.Unmarshal(js, &r); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(js)), "bytes/record")
	})
	b.Run("codec/encode", func(b *testing.B) {
		for b.Loop() {
			rec.encode()
		}
	})
	b.Run("json/encode", func(b *testing.B) {
		for b.Loop() {
			json.Marshal(rec)
		}
	})
}
