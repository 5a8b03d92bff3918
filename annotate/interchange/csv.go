package interchange

import (
	"encoding/csv"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// CSV (export only): a long table for R and SPSS, UTF-8 without a byte
// order mark, comma-separated, RFC 4180 quoting. One row per span, or one
// row per span and attribute when the span has attributes (the span's
// columns repeat). start/end count code points within the segment (end
// exclusive); utf16_start/utf16_end give the same in UTF-16 code units.

var csvHeader = []string{
	"document_id", "document_title", "document_source", "segment_id", "segment_kind",
	"annotation_id", "annotator", "label", "label_name", "label_kind",
	"start", "end", "utf16_start", "utf16_end", "exact", "prefix", "suffix",
	"note", "created", "modified", "attribute", "value",
}

type csvEncoder struct {
	w   io.Writer
	cw  *csv.Writer
	sel *selection
}

func (e *csvEncoder) begin(sel *selection) error {
	e.sel = sel
	e.cw = csv.NewWriter(e.w)
	return e.cw.Write(csvHeader)
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func (e *csvEncoder) document(u *docUnit, _ *ExportReport) error {
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
		row := []string{
			u.doc.ID, u.doc.Title, u.doc.Source, seg.ID, string(seg.Kind),
			a.ID, a.Annotator, a.Label, name, kind,
			strconv.Itoa(a.Start), strconv.Itoa(a.End), strconv.Itoa(us), strconv.Itoa(ue),
			a.Quote.Exact, a.Quote.Prefix, a.Quote.Suffix, a.Note, csvTime(a.Created), csvTime(a.Modified), "", "",
		}
		if len(a.Attributes) == 0 {
			if err := e.cw.Write(row); err != nil {
				return err
			}
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(a.Attributes)) {
			row[len(row)-2], row[len(row)-1] = k, a.Attributes[k]
			if err := e.cw.Write(row); err != nil {
				return err
			}
		}
	}
	e.cw.Flush()
	return e.cw.Error()
}

func (e *csvEncoder) end(*ExportReport) error {
	e.cw.Flush()
	return e.cw.Error()
}
