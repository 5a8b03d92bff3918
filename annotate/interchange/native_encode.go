package interchange

import (
	"bytes"
	"encoding/json"
	"io"
	"time"
)

// nativeEncoder writes the native JSON format (one object whose
// "documents" array is framed by hand, one element encoded at a time) or
// JSONL (a header line, then one document per line).
type nativeEncoder struct {
	w        io.Writer
	lines    bool
	withText bool
	buf      bytes.Buffer
	enc      *json.Encoder
	n        int
}

func newNativeEncoder(w io.Writer, lines, withText bool) *nativeEncoder {
	e := &nativeEncoder{w: w, lines: lines, withText: withText}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

// encode encodes v into e.buf without the trailing newline.
func (e *nativeEncoder) encode(v any) ([]byte, error) {
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte{'\n'}), nil
}

func (e *nativeEncoder) begin(sel *selection) error {
	h := header{
		Format: nativeFormatName, Version: nativeVersionFor(sel.codebook, sel.log, len(sel.statuses) > 0), Exported: time.Now().UTC(),
		Generator: "Newsmark", OffsetUnit: string(UnitCodePoint), TextIncluded: e.withText,
		Codebook: sel.codebook, Annotators: make([]annotatorJSON, len(sel.people)),
	}
	for i, p := range sel.people {
		h.Annotators[i] = toAnnotatorJSON(p)
	}
	if len(sel.log) > 0 {
		h.CodebookLog = toCodebookLogJSON(sel.log)
	}
	if e.lines {
		h.Layout = "jsonl"
	}
	b, err := e.encode(h)
	if err != nil {
		return err
	}
	if e.lines {
		_, err = e.w.Write(append(b, '\n'))
		return err
	}
	// Reopen the header object to append the documents array to it.
	b = bytes.TrimSuffix(b, []byte{'}'})
	if _, err := e.w.Write(b); err != nil {
		return err
	}
	_, err = io.WriteString(e.w, `,"documents":[`)
	return err
}

func (e *nativeEncoder) document(u *docUnit, _ *ExportReport) error {
	d := toDocumentJSON(u, e.withText)
	b, err := e.encode(&d)
	if err != nil {
		return err
	}
	sep := "\n"
	if !e.lines && e.n > 0 {
		sep = ",\n"
	}
	if e.lines {
		sep = ""
		b = append(b, '\n')
	}
	e.n++
	if _, err := io.WriteString(e.w, sep); err != nil {
		return err
	}
	_, err = e.w.Write(b)
	return err
}

func (e *nativeEncoder) end(*ExportReport) error {
	if e.lines {
		return nil
	}
	_, err := io.WriteString(e.w, "\n]}\n")
	return err
}
