package interchange

import (
	"fmt"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// The types in this file are the JSON records of the native format
// (docs/schema/newsmark-v1.schema.json). They are separate from the domain
// types so that renaming a Go field cannot change the file format.

// NativeVersion is the newest version of the native JSON format this
// package reads and writes. Decoding refuses files of a newer version.
//
// Version 2 added document variables, the codebook's change list
// (codebook_log), the codebook fields of issue 9 (attribute types, label
// examples, GUIDs, relation type ends, variables) and the coders' document
// statuses. A file that uses
// none of them is written as version 1, which older Newsmarks read.
const NativeVersion = 2

// nativeVersionFor returns the version a native file with codebook cb,
// change list log and document statuses needs: 1 unless they use what
// version 2 added (document variables need codebook variables, which the
// store checks).
func nativeVersionFor(cb *annotate.Codebook, log []annotate.CodebookLogEntry, statuses bool) int {
	switch {
	case len(log) > 0, statuses:
		return 2
	case cb == nil:
		return 1
	case len(cb.Variables) > 0:
		return 2
	}
	for _, l := range cb.Labels {
		if len(l.Examples) > 0 || l.GUID != "" {
			return 2
		}
		for _, a := range l.Attributes {
			if a.Type != "" {
				return 2
			}
		}
	}
	for _, t := range cb.RelationTypes {
		if len(t.From)+len(t.To) > 0 {
			return 2
		}
	}
	for _, s := range cb.SegmentLabelSets {
		if s.GUID != "" {
			return 2
		}
		for _, l := range s.Labels {
			if l.GUID != "" {
				return 2
			}
		}
	}
	return 1
}

// nativeFormatName is the value of the "format" member of native files.
const nativeFormatName = "newsmark"

// header is the native file's top level without its documents; JSONL
// writes it as the first line.
type header struct {
	Format       string             `json:"format"`
	Version      int                `json:"version"`
	Layout       string             `json:"layout,omitempty"` // "jsonl" on the first line of a JSONL file
	Exported     time.Time          `json:"exported,omitzero"`
	Generator    string             `json:"generator,omitempty"`
	OffsetUnit   string             `json:"offset_unit"`
	TextIncluded bool               `json:"text_included"`
	Codebook     *annotate.Codebook `json:"codebook"`
	Annotators   []annotatorJSON    `json:"annotators"`
	// CodebookLog is the codebook's change list, oldest first (absent
	// when the codebook was never edited).
	CodebookLog []codebookLogJSON `json:"codebook_log,omitempty"`
}

// codebookLogJSON is one entry of the codebook's change list.
type codebookLogJSON struct {
	Time      time.Time         `json:"time"`
	Annotator string            `json:"annotator,omitempty"`
	What      string            `json:"what"`
	Relabel   map[string]string `json:"relabel,omitempty"` // old label id → new label id
}

func toCodebookLogJSON(log []annotate.CodebookLogEntry) []codebookLogJSON {
	out := make([]codebookLogJSON, len(log))
	for i, e := range log {
		out[i] = codebookLogJSON{Time: utc(e.Time), Annotator: e.Annotator, What: e.What, Relabel: e.Relabel}
	}
	return out
}

func (e codebookLogJSON) domain() annotate.CodebookLogEntry {
	return annotate.CodebookLogEntry{Time: e.Time, Annotator: e.Annotator, What: e.What, Relabel: e.Relabel}
}

type annotatorJSON struct {
	ID      string    `json:"id"`
	Name    string    `json:"name,omitempty"`
	Created time.Time `json:"created,omitzero"`
}

type documentJSON struct {
	ID            string             `json:"id"`
	Title         string             `json:"title,omitempty"`
	Source        string             `json:"source,omitempty"`
	Outlet        string             `json:"outlet,omitempty"`
	Published     string             `json:"published,omitempty"` // annotate.When.ISO
	PublishedText string             `json:"published_text,omitempty"`
	Language      string             `json:"language,omitempty"`
	Imported      time.Time          `json:"imported,omitzero"`
	Hash          string             `json:"hash"`
	Meta          map[string]string  `json:"meta,omitempty"`
	Variables     map[string]string  `json:"variables,omitempty"` // variable id → value
	Segments      []segmentJSON      `json:"segments"`
	Annotations   []annotationJSON   `json:"annotations"`
	Relations     []relationJSON     `json:"relations,omitempty"`
	SegmentLabels []segmentLabelJSON `json:"segment_labels,omitempty"`
	Statuses      []statusJSON       `json:"statuses,omitempty"` // each coder's status of the document
}

type statusJSON struct {
	Annotator string    `json:"annotator"`
	Status    string    `json:"status"` // in_progress or done
	Modified  time.Time `json:"modified,omitzero"`
}

type segmentJSON struct {
	ID         string            `json:"id"`
	Kind       string            `json:"kind"`
	Text       *string           `json:"text,omitempty"` // absent when the export omits texts
	Author     string            `json:"author,omitempty"`
	Posted     string            `json:"posted,omitempty"` // annotate.When.ISO
	PostedText string            `json:"posted_text,omitempty"`
	Number     int               `json:"number,omitempty"`
	Title      string            `json:"title,omitempty"`
	ReplyTo    string            `json:"reply_to,omitempty"`
	Meta       map[string]string `json:"meta,omitempty"`
}

type quoteJSON struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

type annotationJSON struct {
	ID         string            `json:"id"`
	Segment    string            `json:"segment"`
	Start      int               `json:"start"`
	End        int               `json:"end"`
	Quote      quoteJSON         `json:"quote"`
	Label      string            `json:"label"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Note       string            `json:"note,omitempty"`
	Annotator  string            `json:"annotator"`
	Created    time.Time         `json:"created,omitzero"`
	Modified   time.Time         `json:"modified,omitzero"`
}

type relationJSON struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	Note      string    `json:"note,omitempty"`
	Annotator string    `json:"annotator,omitempty"`
	Created   time.Time `json:"created,omitzero"`
}

type segmentLabelJSON struct {
	Segment   string    `json:"segment,omitempty"` // "" labels the whole document
	Label     string    `json:"label"`
	Annotator string    `json:"annotator"`
	Created   time.Time `json:"created,omitzero"`
}

func toAnnotatorJSON(a annotate.Annotator) annotatorJSON {
	return annotatorJSON{ID: a.ID, Name: a.Name, Created: utc(a.Created)}
}

func (a annotatorJSON) domain() annotate.Annotator {
	return annotate.Annotator{ID: a.ID, Name: a.Name, Created: a.Created}
}

// utc drops the monotonic reading and location so that the same instant
// always encodes the same way.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func toDocumentJSON(u *docUnit, withText bool) documentJSON {
	d := u.doc
	out := documentJSON{
		ID: d.ID, Title: d.Title, Source: d.Source, Outlet: d.Outlet,
		Published: d.Published.ISO(), PublishedText: d.Published.Text, Language: d.Language, Imported: utc(d.Imported),
		Hash: d.Hash, Meta: d.Meta, Variables: d.Variables,
		Segments:    make([]segmentJSON, len(d.Segments)),
		Annotations: make([]annotationJSON, len(u.anns)),
	}
	for i := range d.Segments {
		out.Segments[i] = toSegmentJSON(&d.Segments[i], withText)
	}
	for i := range u.anns {
		out.Annotations[i] = toAnnotationJSON(&u.anns[i])
	}
	if len(u.rels) > 0 {
		out.Relations = make([]relationJSON, len(u.rels))
		for i, r := range u.rels {
			out.Relations[i] = toRelationJSON(r)
		}
	}
	if len(u.labels) > 0 {
		out.SegmentLabels = make([]segmentLabelJSON, len(u.labels))
		for i, l := range u.labels {
			out.SegmentLabels[i] = toSegmentLabelJSON(l)
		}
	}
	for _, st := range u.statuses {
		out.Statuses = append(out.Statuses, statusJSON{Annotator: st.Annotator, Status: string(st.Status), Modified: utc(st.Modified)})
	}
	return out
}

func toSegmentJSON(s *annotate.Segment, withText bool) segmentJSON {
	out := segmentJSON{
		ID: s.ID, Kind: string(s.Kind), Author: s.Author, Posted: s.Posted.ISO(), PostedText: s.Posted.Text,
		Number: s.Number, Title: s.Title, ReplyTo: s.ReplyTo, Meta: s.Meta,
	}
	if withText {
		text := s.Text
		out.Text = &text
	}
	return out
}

func toAnnotationJSON(a *annotate.Annotation) annotationJSON {
	return annotationJSON{
		ID: a.ID, Segment: a.SegmentID, Start: a.Start, End: a.End,
		Quote: quoteJSON{Exact: a.Quote.Exact, Prefix: a.Quote.Prefix, Suffix: a.Quote.Suffix},
		Label: a.Label, Attributes: a.Attributes, Note: a.Note, Annotator: a.Annotator,
		Created: utc(a.Created), Modified: utc(a.Modified),
	}
}

func toRelationJSON(r annotate.Relation) relationJSON {
	return relationJSON{ID: r.ID, Type: r.Type, From: r.From, To: r.To, Note: r.Note,
		Annotator: r.Annotator, Created: utc(r.Created)}
}

func toSegmentLabelJSON(l annotate.SegmentLabel) segmentLabelJSON {
	return segmentLabelJSON{Segment: l.SegmentID, Label: l.Label, Annotator: l.Annotator, Created: utc(l.Created)}
}

// domainDocument rebuilds a document from its record. The caller checks
// it; texts must be present.
func (d *documentJSON) domainDocument() (*annotate.Document, error) {
	published, err := whenOfWire(d.Published, d.PublishedText)
	if err != nil {
		return nil, fmt.Errorf("published: %w", err)
	}
	doc := &annotate.Document{
		ID: d.ID, Title: d.Title, Source: d.Source, Outlet: d.Outlet,
		Published: published, Language: d.Language, Imported: d.Imported,
		Hash: d.Hash, Meta: d.Meta, Variables: d.Variables,
		Segments: make([]annotate.Segment, len(d.Segments)),
	}
	for i, s := range d.Segments {
		if s.Text == nil {
			return nil, fmt.Errorf("segment %s has no text", s.ID)
		}
		posted, err := s.posted()
		if err != nil {
			return nil, err
		}
		doc.Segments[i] = annotate.Segment{
			ID: s.ID, Kind: annotate.SegmentKind(s.Kind), Text: *s.Text, Author: s.Author,
			Posted: posted, Number: s.Number, Title: s.Title, ReplyTo: s.ReplyTo, Meta: s.Meta,
		}
	}
	return doc, nil
}

func (a *annotationJSON) domain(docID string) annotate.Annotation {
	return annotate.Annotation{
		ID: a.ID, DocumentID: docID, SegmentID: a.Segment, Start: a.Start, End: a.End,
		Quote: annotate.Quote{Exact: a.Quote.Exact, Prefix: a.Quote.Prefix, Suffix: a.Quote.Suffix},
		Label: a.Label, Attributes: a.Attributes, Note: a.Note, Annotator: a.Annotator,
		Created: a.Created, Modified: a.Modified,
	}
}

func (r *relationJSON) domain(docID string) annotate.Relation {
	return annotate.Relation{ID: r.ID, DocumentID: docID, Type: r.Type, From: r.From, To: r.To,
		Note: r.Note, Annotator: r.Annotator, Created: r.Created}
}

func (l *segmentLabelJSON) domain(docID string) annotate.SegmentLabel {
	return annotate.SegmentLabel{DocumentID: docID, SegmentID: l.Segment, Label: l.Label,
		Annotator: l.Annotator, Created: l.Created}
}

// whenOfWire reads a time of the native format: iso as annotate.When.ISO
// writes it (files written before times kept their precision have RFC
// 3339 instants, which read as such), text as shown.
func whenOfWire(iso, text string) (annotate.When, error) {
	w, err := annotate.ParseISO(iso)
	if err != nil {
		return annotate.When{}, err
	}
	w.Text = text
	return w, nil
}

// posted returns the segment's time.
func (s *segmentJSON) posted() (annotate.When, error) {
	w, err := whenOfWire(s.Posted, s.PostedText)
	if err != nil {
		return annotate.When{}, fmt.Errorf("segment %s: posted: %w", s.ID, err)
	}
	return w, nil
}
