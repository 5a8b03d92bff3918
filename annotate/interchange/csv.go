package interchange

import (
	"encoding/csv"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// CSV (export only): a long table for R and SPSS, UTF-8 without a byte
// order mark, comma-separated, RFC 4180 quoting. The row_kind column says
// what a row holds:
//
//   - "span": one row per span, or one per span and attribute when the span
//     has attributes (the span's columns repeat). start/end count code
//     points within the segment (end exclusive); utf16_start/utf16_end give
//     the same in UTF-16 code units.
//   - "relation": annotation_id is the relation's id, label its type,
//     from_id and to_id the spans it links.
//   - "segment_label": a label on a comment (segment_id set) or on the
//     whole document (segment_id empty); attribute "label_set", value the
//     set's id.
//   - "document_variable": one row per fact of a document (outlet,
//     language, and each page fact of Document.Meta), attribute the name
//     and value the value.
//
// After the fixed columns come one column per document variable of the
// codebook, named "var_" and the variable's id, in the codebook's order:
// every row of a document carries the document's values there, so that a
// table of spans can be grouped by outlet or topic without a join.
//
// Cells that a spreadsheet would run as a formula (starting with =, +, -,
// @, a tab or a carriage return) get a leading apostrophe, as OWASP's
// advice on CSV injection says, unless ExportOptions.RawCSV is set.

var csvHeader = []string{
	"row_kind", "document_id", "document_title", "document_source", "segment_id", "segment_kind",
	"annotation_id", "annotator", "label", "label_name", "label_kind",
	"start", "end", "utf16_start", "utf16_end", "exact", "prefix", "suffix",
	"note", "created", "modified", "attribute", "value", "from_id", "to_id",
}

// The values of the row_kind column.
const (
	csvSpan             = "span"
	csvRelation         = "relation"
	csvSegmentLabel     = "segment_label"
	csvDocumentVariable = "document_variable"
)

// csvColumn indexes csvHeader by name.
var csvColumn = func() map[string]int {
	m := make(map[string]int, len(csvHeader))
	for i, h := range csvHeader {
		m[h] = i
	}
	return m
}()

type csvEncoder struct {
	w   io.Writer
	cw  *csv.Writer
	sel *selection
	raw bool // write cells as they are (ExportOptions.RawCSV)
	// vars are the codebook's variables, one column each after csvHeader.
	vars []annotate.VariableDef
	// docVars are the variable cells of the document being written.
	docVars []string
}

// csvVariablePrefix starts the name of a document variable's column.
const csvVariablePrefix = "var_"

func (e *csvEncoder) begin(sel *selection) error {
	e.sel = sel
	e.cw = csv.NewWriter(e.w)
	e.vars = sel.codebook.Variables
	header := slices.Clone(csvHeader)
	for _, v := range e.vars {
		header = append(header, csvVariablePrefix+v.ID)
	}
	return e.cw.Write(header)
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// neutralize prefixes a cell a spreadsheet would read as a formula with an
// apostrophe (OWASP, "CSV Injection": cells starting with =, +, -, @, tab
// or carriage return).
func neutralize(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// write writes the named cells as one row of kind.
func (e *csvEncoder) write(kind string, cells map[string]string) error {
	row := make([]string, len(csvHeader), len(csvHeader)+len(e.docVars))
	row[0] = kind
	for k, v := range cells {
		if !e.raw {
			v = neutralize(v)
		}
		row[csvColumn[k]] = v
	}
	for _, v := range e.docVars {
		if !e.raw {
			v = neutralize(v)
		}
		row = append(row, v)
	}
	return e.cw.Write(row)
}

func (e *csvEncoder) document(u *docUnit, rep *ExportReport) error {
	doc := func() map[string]string {
		return map[string]string{"document_id": u.doc.ID, "document_title": u.doc.Title, "document_source": u.doc.Source}
	}
	e.docVars = e.docVars[:0]
	for _, v := range e.vars {
		e.docVars = append(e.docVars, u.doc.Variables[v.ID])
	}
	index := map[string]*annotate.OffsetIndex{}
	for i := range u.anns {
		a := &u.anns[i]
		seg, ok := u.doc.Segment(a.SegmentID)
		if !ok {
			continue
		}
		x := index[seg.ID]
		if x == nil {
			x = annotate.NewOffsetIndex(seg.Text)
			index[seg.ID] = x
		}
		us, _ := x.UTF16Offset(a.Start)
		ue, _ := x.UTF16Offset(a.End)
		var name, kind string
		if l, ok := e.sel.codebook.Label(a.Label); ok {
			name, kind = l.Name, string(l.Kind)
		}
		row := doc()
		maps.Copy(row, map[string]string{
			"segment_id": seg.ID, "segment_kind": string(seg.Kind),
			"annotation_id": a.ID, "annotator": a.Annotator, "label": a.Label, "label_name": name, "label_kind": kind,
			"start": strconv.Itoa(a.Start), "end": strconv.Itoa(a.End), "utf16_start": strconv.Itoa(us), "utf16_end": strconv.Itoa(ue),
			"exact": a.Quote.Exact, "prefix": a.Quote.Prefix, "suffix": a.Quote.Suffix, "note": a.Note,
			"created": csvTime(a.Created), "modified": csvTime(a.Modified),
		})
		if len(a.Attributes) == 0 {
			if err := e.write(csvSpan, row); err != nil {
				return err
			}
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(a.Attributes)) {
			row["attribute"], row["value"] = k, a.Attributes[k]
			if err := e.write(csvSpan, row); err != nil {
				return err
			}
		}
	}
	for _, r := range u.rels {
		row := doc()
		name := ""
		if rt, ok := e.sel.codebook.RelationType(r.Type); ok {
			name = rt.Name
		}
		maps.Copy(row, map[string]string{
			"annotation_id": r.ID, "annotator": r.Annotator, "label": r.Type, "label_name": name, "label_kind": "relation",
			"note": r.Note, "created": csvTime(r.Created), "from_id": r.From, "to_id": r.To,
		})
		if err := e.write(csvRelation, row); err != nil {
			return err
		}
	}
	for _, l := range u.labels {
		row := doc()
		row["segment_id"], row["annotator"], row["label"], row["created"] = l.SegmentID, l.Annotator, l.Label, csvTime(l.Created)
		row["label_kind"] = "segment_label"
		if seg, ok := u.doc.Segment(l.SegmentID); ok && l.SegmentID != "" {
			row["segment_kind"] = string(seg.Kind)
		}
		if set, def, ok := e.sel.codebook.SegmentLabel(l.Label); ok {
			row["label_name"], row["attribute"], row["value"] = def.Name, "label_set", set.ID
		}
		if err := e.write(csvSegmentLabel, row); err != nil {
			return err
		}
	}
	vars := []struct{ name, value string }{{"outlet", u.doc.Outlet}, {"language", u.doc.Language}}
	for _, k := range slices.Sorted(maps.Keys(u.doc.Meta)) {
		vars = append(vars, struct{ name, value string }{k, u.doc.Meta[k]})
	}
	for _, v := range vars {
		if v.value == "" {
			continue
		}
		row := doc()
		row["attribute"], row["value"] = v.name, v.value
		if err := e.write(csvDocumentVariable, row); err != nil {
			return err
		}
		rep.DocumentVariables++
	}
	e.cw.Flush()
	return e.cw.Error()
}

func (e *csvEncoder) end(*ExportReport) error {
	e.cw.Flush()
	return e.cw.Error()
}
