package storage

import (
	"time"
)

// The records below are what a project file stores. They are separate from
// the domain types of package annotate, and each field has a number that is
// the file format (codec.go): Go names can change freely, numbers never. A
// new field takes the next free number; a field that is dropped keeps its
// number reserved in a comment. Ids that are keys (document, annotation,
// relation, annotator) are not repeated in the records.

// documentRecord is the value of a document id in bucketDocuments: what
// Documents lists, without the segments.
type documentRecord struct {
	Title     string            // 1
	Source    string            // 2
	Outlet    string            // 3
	Published time.Time         // 4
	Language  string            // 5
	Imported  time.Time         // 6
	Hash      string            // 7
	Meta      map[string]string // 8, one pair per entry
	Seq       uint64            // 9, import order: NextSequence of bucketDocuments
	// Counts, kept up to date by every change (schema version 2).
	Segments    int // 10
	Comments    int // 11
	Annotations int // 12
	// How the page gave Published (whenFields); absent in older files.
	PublishedPrecision uint8  // 20
	PublishedWall      bool   // 21
	PublishedText      string // 22
	// The document's variable values (annotate.Document.Variables); absent
	// in files written before variables existed.
	Variables map[string]string // 23, one pair per entry
}

func (r *documentRecord) encode() []byte {
	e := encoder{b: make([]byte, 0, 128)}
	e.string(1, r.Title)
	e.string(2, r.Source)
	e.string(3, r.Outlet)
	e.time(4, r.Published)
	e.string(5, r.Language)
	e.time(6, r.Imported)
	e.string(7, r.Hash)
	e.pairs(8, r.Meta)
	e.uint(9, r.Seq)
	e.uint(10, uint64(r.Segments))
	e.uint(11, uint64(r.Comments))
	e.uint(12, uint64(r.Annotations))
	e.uint(20, uint64(r.PublishedPrecision))
	e.bool(21, r.PublishedWall)
	e.string(22, r.PublishedText)
	e.pairs(23, r.Variables)
	return e.b
}

// decodeDocumentRecord decodes a document record; without meta it skips
// the Meta map, which a document list does not show.
func decodeDocumentRecord(b []byte, meta bool) (documentRecord, error) {
	var r documentRecord
	d := newDecoder(b)
	for d.next() {
		switch d.field {
		case 1:
			r.Title = d.string()
		case 2:
			r.Source = d.string()
		case 3:
			r.Outlet = d.string()
		case 4:
			r.Published = d.time()
		case 5:
			r.Language = d.string()
		case 6:
			r.Imported = d.time()
		case 7:
			r.Hash = d.string()
		case 8:
			if !meta {
				continue
			}
			k, v := d.pair()
			if r.Meta == nil {
				r.Meta = map[string]string{}
			}
			r.Meta[k] = v
		case 9:
			r.Seq = d.uint()
		case 10:
			r.Segments = d.count()
		case 11:
			r.Comments = d.count()
		case 12:
			r.Annotations = d.count()
		case 20:
			r.PublishedPrecision = uint8(d.uint())
		case 21:
			r.PublishedWall = d.bool()
		case 22:
			r.PublishedText = d.string()
		case 23:
			k, v := d.pair()
			if r.Variables == nil {
				r.Variables = map[string]string{}
			}
			r.Variables[k] = v
		}
	}
	return r, d.err
}

// segmentRecord is the value of a segment position in a document's
// bucketSegments.
type segmentRecord struct {
	ID      string            // 1
	Kind    string            // 2
	Text    string            // 3
	Author  string            // 4
	Posted  time.Time         // 5
	Number  int64             // 6
	Title   string            // 7
	ReplyTo string            // 8
	Meta    map[string]string // 9, one pair per entry
	// How the page gave Posted (whenFields); absent in older files.
	PostedPrecision uint8  // 20
	PostedWall      bool   // 21
	PostedText      string // 22
}

func (r *segmentRecord) encode() []byte { return r.appendTo(nil) }

// appendTo appends the encoding to b; nil b gets a buffer of the right
// size.
func (r *segmentRecord) appendTo(b []byte) []byte {
	if b == nil {
		b = make([]byte, 0, 32+len(r.Text))
	}
	e := encoder{b: b}
	e.string(1, r.ID)
	e.string(2, r.Kind)
	e.string(3, r.Text)
	e.string(4, r.Author)
	e.time(5, r.Posted)
	e.int(6, r.Number)
	e.string(7, r.Title)
	e.string(8, r.ReplyTo)
	e.pairs(9, r.Meta)
	e.uint(20, uint64(r.PostedPrecision))
	e.bool(21, r.PostedWall)
	e.string(22, r.PostedText)
	return e.b
}

func decodeSegmentRecord(b []byte) (segmentRecord, error) {
	var r segmentRecord
	d := newDecoder(b)
	for d.next() {
		switch d.field {
		case 1:
			r.ID = d.string()
		case 2:
			r.Kind = d.string()
		case 3:
			r.Text = d.string()
		case 4:
			r.Author = d.string()
		case 5:
			r.Posted = d.time()
		case 6:
			r.Number = d.int()
		case 7:
			r.Title = d.string()
		case 8:
			r.ReplyTo = d.string()
		case 9:
			k, v := d.pair()
			if r.Meta == nil {
				r.Meta = map[string]string{}
			}
			r.Meta[k] = v
		case 20:
			r.PostedPrecision = uint8(d.uint())
		case 21:
			r.PostedWall = d.bool()
		case 22:
			r.PostedText = d.string()
		}
	}
	return r, d.err
}

// annotationRecord is the value of an annotation id in a document's
// bucketAnnotations.
type annotationRecord struct {
	Segment    string            // 1, segment id
	Start, End int               // 2, 3: code points, end exclusive
	Exact      string            // 4
	Prefix     string            // 5
	Suffix     string            // 6
	Label      string            // 7
	Attributes map[string]string // 8, one pair per entry
	Note       string            // 9
	Annotator  string            // 10
	Created    time.Time         // 11
	Modified   time.Time         // 12
}

func (r *annotationRecord) encode() []byte { return r.appendTo(nil) }

// appendTo appends the encoding to b; nil b gets a buffer of about the
// right size.
func (r *annotationRecord) appendTo(b []byte) []byte {
	if b == nil {
		b = make([]byte, 0, 64+len(r.Exact)+len(r.Prefix)+len(r.Suffix)+len(r.Note))
	}
	e := encoder{b: b}
	e.string(1, r.Segment)
	e.uint(2, uint64(r.Start))
	e.uint(3, uint64(r.End))
	e.string(4, r.Exact)
	e.string(5, r.Prefix)
	e.string(6, r.Suffix)
	e.string(7, r.Label)
	e.pairs(8, r.Attributes)
	e.string(9, r.Note)
	e.string(10, r.Annotator)
	e.time(11, r.Created)
	e.time(12, r.Modified)
	return e.b
}

func decodeAnnotationRecord(b []byte) (annotationRecord, error) {
	var r annotationRecord
	d := newDecoder(b)
	for d.next() {
		switch d.field {
		case 1:
			r.Segment = d.string()
		case 2:
			r.Start = d.count()
		case 3:
			r.End = d.count()
		case 4:
			r.Exact = d.string()
		case 5:
			r.Prefix = d.string()
		case 6:
			r.Suffix = d.string()
		case 7:
			r.Label = d.string()
		case 8:
			k, v := d.pair()
			if r.Attributes == nil {
				r.Attributes = map[string]string{}
			}
			r.Attributes[k] = v
		case 9:
			r.Note = d.string()
		case 10:
			r.Annotator = d.string()
		case 11:
			r.Created = d.time()
		case 12:
			r.Modified = d.time()
		}
	}
	return r, d.err
}

// relationRecord is the value of a relation id in a document's
// bucketRelations.
type relationRecord struct {
	Type      string    // 1
	From, To  string    // 2, 3: annotation ids
	Note      string    // 4
	Annotator string    // 5
	Created   time.Time // 6
	Seq       uint64    // 7, creation order: NextSequence of the relations bucket
}

func (r *relationRecord) encode() []byte {
	e := encoder{b: make([]byte, 0, 96)}
	e.string(1, r.Type)
	e.string(2, r.From)
	e.string(3, r.To)
	e.string(4, r.Note)
	e.string(5, r.Annotator)
	e.time(6, r.Created)
	e.uint(7, r.Seq)
	return e.b
}

func decodeRelationRecord(b []byte) (relationRecord, error) {
	var r relationRecord
	d := newDecoder(b)
	for d.next() {
		switch d.field {
		case 1:
			r.Type = d.string()
		case 2:
			r.From = d.string()
		case 3:
			r.To = d.string()
		case 4:
			r.Note = d.string()
		case 5:
			r.Annotator = d.string()
		case 6:
			r.Created = d.time()
		case 7:
			r.Seq = d.uint()
		}
	}
	return r, d.err
}

// segmentLabelRecord is the value of a segmentLabelKey in a document's
// bucketSegmentLabels. It repeats the key's parts so that a listing needs
// no position-to-id lookup.
type segmentLabelRecord struct {
	Segment   string    // 1, "" for the whole document
	Label     string    // 2
	Annotator string    // 3
	Created   time.Time // 4
}

func (r *segmentLabelRecord) encode() []byte {
	e := encoder{b: make([]byte, 0, 48)}
	e.string(1, r.Segment)
	e.string(2, r.Label)
	e.string(3, r.Annotator)
	e.time(4, r.Created)
	return e.b
}

func decodeSegmentLabelRecord(b []byte) (segmentLabelRecord, error) {
	var r segmentLabelRecord
	d := newDecoder(b)
	for d.next() {
		switch d.field {
		case 1:
			r.Segment = d.string()
		case 2:
			r.Label = d.string()
		case 3:
			r.Annotator = d.string()
		case 4:
			r.Created = d.time()
		}
	}
	return r, d.err
}

// annotatorRecord is the value of an annotator id in bucketAnnotators.
type annotatorRecord struct {
	Name    string    // 1
	Created time.Time // 2
}

func (r *annotatorRecord) encode() []byte {
	e := encoder{b: make([]byte, 0, 32)}
	e.string(1, r.Name)
	e.time(2, r.Created)
	return e.b
}

func decodeAnnotatorRecord(b []byte) (annotatorRecord, error) {
	var r annotatorRecord
	d := newDecoder(b)
	for d.next() {
		switch d.field {
		case 1:
			r.Name = d.string()
		case 2:
			r.Created = d.time()
		}
	}
	return r, d.err
}
