package importer

import (
	"maps"
	"slices"
	"sort"
	"strings"
)

// corpusRow is one row of a corpus file that has a row per comment: a CSV
// row, or a JSON object that is a comment with its document's fields.
type corpusRow struct {
	line     int
	hasID    bool   // the file gives document ids
	key      string // the document's id, or a digest of its title, source and text
	doc      map[Field]string
	comments []recordComment // the row's comment and, in JSON, the replies nested in it
	extras   []keyValue      // values of columns that no field takes
	labels   []cellLabel     // label columns of a row without a comment
}

type keyValue struct{ key, value string }

// rowGroups joins the rows of a file into documents, in the order of their
// first row, and decides where the columns that no field takes go: a
// column with one value on all rows of each document is document
// metadata, any other is comment metadata.
type rowGroups struct {
	file    string
	docs    map[string]*record
	order   []string
	first   map[*record]map[string]string // a document's first row's extras
	varies  map[string]bool               // extra columns whose value changes within a document
	columns []string                      // extra columns, in the order first seen
	seen    map[string]bool
	// wholes are documents given whole (JSON document objects among rows).
	wholes map[*record]bool
	// commentsApart is set when the documents came from an articles file:
	// the extras of comment rows are then always the comments'.
	commentsApart bool
}

func newRowGroups(file string) *rowGroups {
	return &rowGroups{file: file, docs: map[string]*record{}, first: map[*record]map[string]string{},
		varies: map[string]bool{}, seen: map[string]bool{}, wholes: map[*record]bool{}}
}

// whole marks d as a document given whole: its metadata is its own.
func (g *rowGroups) whole(d *record) { g.wholes[d] = true }

func (g *rowGroups) column(name string) {
	if !g.seen[name] {
		g.seen[name] = true
		g.columns = append(g.columns, name)
	}
}

// add adds a row of a file whose rows carry their document's fields.
func (g *rowGroups) add(row *corpusRow) error {
	d, ok := g.docs[row.key]
	if !ok {
		d = &record{line: row.line}
		if row.hasID {
			d.id = row.key
		}
		g.docs[row.key] = d
		g.order = append(g.order, row.key)
		first := make(map[string]string, len(row.extras))
		for _, kv := range row.extras {
			first[kv.key] = kv.value
			g.column(kv.key)
		}
		g.first[d] = first
	} else {
		first := g.first[d]
		for _, kv := range row.extras {
			g.column(kv.key)
			if v, ok := first[kv.key]; !ok || v != kv.value {
				if !ok {
					first[kv.key] = kv.value
				}
				if ok || kv.value != "" {
					g.varies[kv.key] = true
				}
			}
		}
	}
	for _, f := range documentFields {
		v := row.doc[f]
		if v == "" {
			continue
		}
		switch p := d.field(f); {
		case *p == "":
			*p = v
		case *p != v:
			return errAt(g.file, row.line, 0, ErrField, "%s differs from the same document's row at line %d; expected the article's fields to repeat unchanged", f, d.line)
		}
	}
	if len(d.labels) == 0 {
		d.labels = row.labels
	}
	g.appendComments(d, row)
	return nil
}

// addFile adds a row of an articles file: a document without comments,
// whose extras are document metadata.
func (g *rowGroups) addFile(row *corpusRow, path string) error {
	d := &record{line: row.line, id: row.key, labels: row.labels}
	for _, f := range documentFields {
		*d.field(f) = row.doc[f]
	}
	for _, kv := range row.extras {
		if kv.value != "" {
			if d.meta == nil {
				d.meta = map[string]string{}
			}
			d.meta[kv.key] = kv.value
		}
	}
	g.docs[row.key] = d
	g.order = append(g.order, row.key)
	return nil
}

// addComments adds a row of a comments file read with an articles file.
func (g *rowGroups) addComments(row *corpusRow, articles string) error {
	d, ok := g.docs[row.key]
	if !ok {
		return errAt(g.file, row.line, 0, ErrField, "doc_id %q is not in the articles file %s", row.key, articles)
	}
	for _, kv := range row.extras {
		g.column(kv.key)
		g.varies[kv.key] = true
	}
	g.appendComments(d, row)
	return nil
}

// appendComments adds a row's comments to d; the row's extras become the
// first comment's metadata (moved to the document by emit if they never
// change within it).
func (g *rowGroups) appendComments(d *record, row *corpusRow) {
	offset := len(d.comments)
	for i, c := range row.comments {
		if c.parent > 0 {
			c.parent += offset
		}
		if i == 0 {
			for _, kv := range row.extras {
				if kv.value == "" {
					continue
				}
				if c.meta == nil {
					c.meta = make(map[string]string, len(row.extras))
				}
				c.meta[kv.key] = kv.value
			}
		}
		d.comments = append(d.comments, c)
	}
}

// emit makes the documents, places the extra columns, and says where they
// went.
func (g *rowGroups) emit(opts *Options, emit Emit) error {
	docCols, commentCols := map[string]bool{}, map[string]bool{}
	varCols := map[string]bool{} // columns taken as document variables
	for _, key := range g.order {
		d := g.docs[key]
		if g.wholes[d] {
			// as it came
		} else if !g.commentsApart {
			first := g.first[d]
			for _, col := range g.columns {
				if g.varies[col] && len(d.comments) > 0 {
					commentCols[col] = true
					continue
				}
				if v := first[col]; v != "" {
					if d.meta == nil {
						d.meta = map[string]string{}
					}
					d.meta[col] = v
					docCols[col] = true
				}
				for i := range d.comments {
					delete(d.comments[i].meta, col)
				}
			}
		} else {
			for k := range d.meta {
				docCols[k] = true
			}
			for _, c := range d.comments {
				for k := range c.meta {
					commentCols[k] = true
				}
			}
		}
		doc, x, err := d.document(g.file, opts)
		if err != nil {
			return err
		}
		for k := range d.meta {
			if _, kept := doc.Meta[k]; !kept {
				varCols[k] = true
			}
		}
		if err := opts.emitDoc(emit, doc, x, d.line); err != nil {
			return err
		}
		delete(g.docs, key) // let the record go once its document exists
		delete(g.first, d)
	}
	for k := range varCols {
		delete(docCols, k)
	}
	opts.note(keptNote(docCols, commentCols))
	if len(varCols) > 0 {
		opts.note("columns taken as document variables: " + strings.Join(slices.Sorted(maps.Keys(varCols)), ", "))
	}
	return nil
}

// keptNote says which fields or columns were kept as metadata where.
func keptNote(docCols, commentCols map[string]bool) string {
	list := func(m map[string]bool) string {
		names := make([]string, 0, len(m))
		for k := range m {
			names = append(names, k)
		}
		sort.Strings(names)
		if len(names) > 12 {
			names = append(names[:12], "…")
		}
		return strings.Join(names, ", ")
	}
	var parts []string
	if len(docCols) > 0 {
		parts = append(parts, list(docCols)+" as document metadata")
	}
	if len(commentCols) > 0 {
		parts = append(parts, list(commentCols)+" as comment metadata")
	}
	if len(parts) == 0 {
		return ""
	}
	return "fields no mapping took: " + strings.Join(parts, "; ")
}
