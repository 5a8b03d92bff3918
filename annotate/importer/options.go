package importer

import (
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// Options tell the importer how to read its input. The zero value detects
// formats, reads CSV columns by their default names, stamps documents with
// the current time and keeps times without a zone as wall times.
type Options struct {
	// Format of every input; Auto (or "") detects each file's format.
	Format Format
	// CSV maps CSV columns to fields and names a separate articles table.
	CSV CSVOptions
	// Now returns the import time written into each document; nil means
	// time.Now.
	Now func() time.Time
	// Location is the zone of times a page or corpus gives without one;
	// nil keeps them as wall times with no offset (annotate.When.Zoned
	// false), never silently local or UTC.
	Location *time.Location

	// Fields maps corpus fields to where a file holds them: a CSV column's
	// header name, or a path in a JSON document, comment or row ("Body",
	// "meta.author"; see SetField). It adds to CSV.Columns and wins over
	// it. Fields it does not name are found under their default names.
	Fields map[Field]string
	// LabelColumns names CSV columns (or JSON fields of a comment) whose
	// values are comment labels, such as a corpus's gold labels: each
	// column becomes a comment-label set of the codebook, its values the
	// labels, given by LabelAnnotator.
	LabelColumns []string
	// LabelAnnotator is who gave the labels of LabelColumns;
	// "" means DefaultLabelAnnotator.
	LabelAnnotator string
	// Variables are the codebook's document variables whose values a
	// corpus brings in columns (ColumnVariable): they go to
	// Document.Variables instead of Document.Meta.
	Variables []ColumnVariable

	// sink, set by the import functions, receives what corpus documents
	// bring beside their text: warnings, labels, notes.
	sink corpusSink
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// location returns the zone of times without one, nil for wall times.
func (o *Options) location() *time.Location { return o.Location }

// Emit receives each parsed document, already Prepared, with the line of
// the input where it starts (0 for formats with one document per file). An
// error it returns stops the parser and is returned as is.
type Emit func(doc *annotate.Document, line int) error

// finish fills in what a parser could not know and prepares doc: the
// language when the input gave none, a title when the page had no headline,
// the times of comments that need a date the page states (resolveWhen).
func finish(doc *annotate.Document, opts *Options) error {
	for i := range doc.Segments {
		if p := &doc.Segments[i].Posted; p.IsZero() && p.Text != "" {
			*p = resolveWhen(*p, doc.Published, annotate.When{}, opts.location())
		}
	}
	if doc.Language == "" {
		doc.Language = detectLanguage(doc)
	}
	if doc.Title == "" {
		doc.Title = titleFromText(doc)
	}
	return doc.Prepare(opts.now())
}
