package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// doccano JSONL: one JSON object per document, {"text", "entities":
// [{"id", "label", "start_offset", "end_offset"}], "relations": [{"id",
// "from_id", "to_id", "type"}]}, offsets in UTF-16 code units. Export adds
// the carried record as "newsmark" (doccano keeps unknown members as
// metadata). Import also reads the sequence-labelling form {"text",
// "label": [[start, end, "LABEL"], ...]}, text classification labels
// ("label": ["positive"]) as labels on the whole document, the
// "column_data"/"column_label" names of doccano's import dialog, and any
// stream of JSON objects, so a pretty-printed file or a JSON array reads as
// well as true JSONL.

type doccanoEncoder struct {
	w   io.Writer
	sel *selection
	n   int
}

type doccanoEntity struct {
	ID          json.RawMessage `json:"id,omitempty"`
	Label       string          `json:"label"`
	StartOffset *int            `json:"start_offset"`
	EndOffset   *int            `json:"end_offset"`
}

type doccanoRelation struct {
	ID     json.RawMessage `json:"id,omitempty"`
	FromID json.RawMessage `json:"from_id"`
	ToID   json.RawMessage `json:"to_id"`
	Type   string          `json:"type"`
}

type doccanoLine struct {
	ID        int               `json:"id"`
	Text      string            `json:"text"`
	Entities  []doccanoEntityW  `json:"entities"`
	Relations []doccanoRelation `json:"relations"`
	Newsmark  *carried          `json:"newsmark,omitempty"`
}

type doccanoEntityW struct {
	ID          int    `json:"id"`
	Label       string `json:"label"`
	StartOffset int    `json:"start_offset"`
	EndOffset   int    `json:"end_offset"`
}

func (e *doccanoEncoder) begin(sel *selection) error {
	e.sel = sel
	return nil
}

func (e *doccanoEncoder) document(u *docUnit, _ *ExportReport) error {
	f := flatten(u)
	e.n++
	line := doccanoLine{ID: e.n, Text: f.text, Entities: make([]doccanoEntityW, len(u.anns)), Relations: make([]doccanoRelation, len(u.rels))}
	idx := make(map[string]int, len(u.anns))
	for i := range u.anns {
		a := &u.anns[i]
		s, en := f.span(a)
		line.Entities[i] = doccanoEntityW{ID: i, Label: a.Label, StartOffset: f.utf16(s), EndOffset: f.utf16(en)}
		idx[a.ID] = i
	}
	for i, r := range u.rels {
		line.Relations[i] = doccanoRelation{
			ID:     json.RawMessage(strconv.Itoa(i)),
			FromID: json.RawMessage(strconv.Itoa(idx[r.From])), ToID: json.RawMessage(strconv.Itoa(idx[r.To])), Type: r.Type,
		}
	}
	line.Newsmark = f.carry(e.sel, strconv.Itoa, strconv.Itoa)
	return writeJSONLine(e.w, &line)
}

func (e *doccanoEncoder) end(*ExportReport) error { return nil }

func writeJSONLine(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// jsonValues calls fn for every JSON value of r (values separated by
// white space, as in JSONL, and the elements of a top-level array) with the
// value's line and byte offset. It reports whether a value spans several
// lines.
func (d *decoder) jsonValues(r io.Reader, fn func(raw json.RawMessage, line int, off int64) error) (multiLine bool, err error) {
	lc := &lineCounter{r: r}
	dec := json.NewDecoder(lc)
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return multiLine, nil
		}
		if err != nil {
			off := lc.errOffset(err, dec.InputOffset())
			return multiLine, d.errAt("", lc.line(off), off, nil, "%s", jsonErrMsg(err))
		}
		start := dec.InputOffset() - int64(len(raw))
		if raw[0] != '[' {
			multiLine = multiLine || bytes.IndexByte(raw, '\n') >= 0
			if err := fn(raw, lc.line(start), start); err != nil {
				return multiLine, err
			}
			continue
		}
		sub := json.NewDecoder(bytes.NewReader(raw))
		if _, err := sub.Token(); err != nil {
			return multiLine, err
		}
		for sub.More() {
			var el json.RawMessage
			if err := sub.Decode(&el); err != nil {
				return multiLine, err
			}
			off := start + sub.InputOffset() - int64(len(el))
			if err := fn(el, lc.line(off), off); err != nil {
				return multiLine, err
			}
		}
	}
}

type doccanoRecord struct {
	ID         json.RawMessage   `json:"id"`
	Text       *string           `json:"text"`
	Data       *string           `json:"data"`
	ColumnData *string           `json:"column_data"`
	Label      json.RawMessage   `json:"label"`
	Labels     json.RawMessage   `json:"labels"`
	ColumnLbl  json.RawMessage   `json:"column_label"`
	Entities   []doccanoEntity   `json:"entities"`
	Relations  []doccanoRelation `json:"relations"`
	Cats       []string          `json:"cats"`
	Newsmark   *carried          `json:"newsmark"`
}

func rawKey(m json.RawMessage) string {
	s := strings.TrimSpace(string(m))
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

func (d *decoder) doccano(r io.Reader) error {
	n := 0
	multi, err := d.jsonValues(r, func(raw json.RawMessage, line int, off int64) error {
		n++
		fail := func(format string, args ...any) error {
			return d.errAt("", line, off, nil, format, args...)
		}
		if raw[0] != '{' {
			return fail("expected a JSON object with \"text\"")
		}
		var rec doccanoRecord
		if err := json.Unmarshal(raw, &rec); err != nil {
			return d.errAt("", line, off+jsonErrOffset(err, 0), nil, "%s", jsonErrMsg(err))
		}
		text := rec.Text
		if text == nil {
			text = rec.Data
		}
		if text == nil {
			text = rec.ColumnData
		}
		if text == nil {
			return fail(`no "text": expected a text in "text" (or "data", "column_data")`)
		}
		fd := &foreignDoc{
			line: line, title: fmt.Sprintf("%s #%d", filepath.Base(d.name), n), source: filepath.Base(d.name),
			text: *text, unit: UnitUTF16, carry: rec.Newsmark, hasRels: true,
		}
		if len(rec.ID) > 0 {
			fd.meta = map[string]string{"doccano_id": rawKey(rec.ID)}
		}
		for i, e := range rec.Entities {
			if e.StartOffset == nil || e.EndOffset == nil || e.Label == "" {
				d.badf("%s line %d entity %d: expected \"label\", \"start_offset\" and \"end_offset\"", d.name, line, i+1)
				continue
			}
			ref := strconv.Itoa(i)
			if len(e.ID) > 0 {
				ref = rawKey(e.ID)
			}
			fd.spans = append(fd.spans, foreignSpan{ref: ref, start: *e.StartOffset, end: *e.EndOffset, label: e.Label,
				line: line, place: fmt.Sprintf("entity %s", ref)})
		}
		for i, rel := range rec.Relations {
			if len(rel.FromID) == 0 || len(rel.ToID) == 0 || rel.Type == "" {
				d.badf("%s line %d relation %d: expected \"from_id\", \"to_id\" and \"type\"", d.name, line, i+1)
				continue
			}
			ref := strconv.Itoa(i)
			if len(rel.ID) > 0 {
				ref = rawKey(rel.ID)
			}
			fd.rels = append(fd.rels, foreignRelation{ref: ref, from: rawKey(rel.FromID), to: rawKey(rel.ToID), typ: rel.Type,
				line: line, place: "relation " + ref})
		}
		for _, lab := range []json.RawMessage{rec.Label, rec.Labels, rec.ColumnLbl} {
			if err := d.doccanoLabels(fd, lab, line); err != nil {
				return d.errAt("", line, off, nil, "%s", err)
			}
		}
		for _, c := range rec.Cats {
			fd.labels = append(fd.labels, foreignLabel{label: c})
		}
		return d.addForeign(fd)
	})
	if err != nil {
		return err
	}
	if multi {
		d.rep.notef("%s holds JSON objects over several lines (pretty-printed), not one per line; read as a stream of JSON objects", d.name)
	}
	if n == 0 {
		return d.errAt("", 0, -1, nil, "no documents: expected one JSON object per line")
	}
	return nil
}

// doccanoLabels reads a "label" member: [start, end, "LABEL"] triples for
// spans, or strings for labels on the whole text.
func (d *decoder) doccanoLabels(fd *foreignDoc, raw json.RawMessage, line int) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return fmt.Errorf(`"label" must be an array of [start, end, "LABEL"] or of label names`)
	}
	for i, it := range items {
		var name string
		if json.Unmarshal(it, &name) == nil {
			fd.labels = append(fd.labels, foreignLabel{label: name})
			continue
		}
		var triple []json.RawMessage
		if err := json.Unmarshal(it, &triple); err != nil || len(triple) != 3 {
			d.badf(`%s line %d label %d: expected [start, end, "LABEL"]`, d.name, line, i+1)
			continue
		}
		var s, e int
		var l string
		if json.Unmarshal(triple[0], &s) != nil || json.Unmarshal(triple[1], &e) != nil || json.Unmarshal(triple[2], &l) != nil || l == "" {
			d.badf(`%s line %d label %d: expected [start, end, "LABEL"] with whole-number offsets`, d.name, line, i+1)
			continue
		}
		fd.spans = append(fd.spans, foreignSpan{ref: "label" + strconv.Itoa(i), start: s, end: e, label: l, line: line,
			place: fmt.Sprintf("label %d", i+1)})
	}
	return nil
}
