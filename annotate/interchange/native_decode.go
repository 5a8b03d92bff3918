package interchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/newsmark/newsmark/annotate"
)

// native reads the native JSON format (lines=false), walking the top level
// with a rawScanner and decoding the documents in parallel, one element at
// a time, or JSONL (lines=true) one line at a time.
func (d *decoder) native(r io.Reader, lines bool) error {
	if lines {
		return d.nativeLines(r)
	}
	lc := &lineCounter{r: r}
	sc := newRawScanner(lc)
	fail := func(off int64, err error, format string, args ...any) error {
		if off < 0 {
			off = sc.off
		}
		return d.errAt("", lc.line(off), off, err, format, args...)
	}
	scanFail := func(err error, what string) error {
		if errors.Is(err, errScanEOF) {
			return fail(lc.end(), nil, "%s: %s", what, errScanEOF.Error())
		}
		return fail(-1, nil, "%s: %v", what, err)
	}
	// decode decodes one member's bytes, strictly.
	decode := func(raw []byte, start int64, key string, v any) error {
		jd := json.NewDecoder(bytes.NewReader(raw))
		jd.DisallowUnknownFields()
		if err := jd.Decode(v); err != nil {
			return fail(start+jsonErrOffset(err, 0), nil, "%s: %s", key, jsonErrMsg(err))
		}
		return nil
	}
	if b, err := sc.peek(); err != nil || b != '{' {
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("import %s: %w", d.name, err)
		}
		return fail(-1, nil, `expected a JSON object with "format": "newsmark"`)
	}
	sc.readByte()
	var h header
	seen := map[string]bool{}
	var buf []byte
	for first := true; ; first = false {
		b, err := sc.peek()
		if err != nil {
			return scanFail(errScanEOF, "file")
		}
		if b == '}' {
			sc.readByte()
			break
		}
		if !first {
			if err := sc.expect(','); err != nil {
				return scanFail(err, "file")
			}
		}
		raw, start, err := sc.value(buf)
		if err != nil {
			return scanFail(err, "member name")
		}
		var key string
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &key) != nil {
			return fail(start, nil, "expected a member name in double quotes")
		}
		if seen[key] {
			return fail(start, nil, "member %q appears twice", key)
		}
		seen[key] = true
		if err := sc.expect(':'); err != nil {
			return scanFail(err, key)
		}
		if key == "documents" {
			if !seen["format"] || !seen["version"] {
				return fail(start, nil, `"format" and "version" must come before "documents"`)
			}
			if err := sc.expect('['); err != nil {
				return scanFail(err, `"documents" must be an array`)
			}
			if err := d.nativeDocuments(sc, lc); err != nil {
				return err
			}
			continue
		}
		raw, start, err = sc.value(buf)
		if err != nil {
			return scanFail(err, key)
		}
		buf = raw
		switch key {
		case "format":
			if err := decode(raw, start, key, &h.Format); err != nil {
				return err
			}
			if h.Format != nativeFormatName {
				return fail(start, nil, `"format" is %q, expected "newsmark"`, h.Format)
			}
		case "version":
			if err := decode(raw, start, key, &h.Version); err != nil {
				return err
			}
			if h.Version < 1 || h.Version > NativeVersion {
				return fail(start, nil, "version %d: this Newsmark reads versions 1 to %d (a newer Newsmark wrote it?)", h.Version, NativeVersion)
			}
		case "layout":
			if err := decode(raw, start, key, &h.Layout); err != nil {
				return err
			}
		case "exported":
			if err := decode(raw, start, key, &h.Exported); err != nil {
				return err
			}
		case "generator":
			if err := decode(raw, start, key, &h.Generator); err != nil {
				return err
			}
		case "offset_unit":
			if err := decode(raw, start, key, &h.OffsetUnit); err != nil {
				return err
			}
			if h.OffsetUnit != string(UnitCodePoint) {
				return fail(start, nil, `"offset_unit" is %q, expected "codepoint"`, h.OffsetUnit)
			}
		case "text_included":
			if err := decode(raw, start, key, &h.TextIncluded); err != nil {
				return err
			}
		case "codebook":
			if err := decode(raw, start, key, &h.Codebook); err != nil {
				return err
			}
			if err := d.useCodebook(h.Codebook); err != nil {
				return fail(start, err, "codebook")
			}
		case "annotators":
			if err := decode(raw, start, key, &h.Annotators); err != nil {
				return err
			}
			d.useAnnotators(h.Annotators)
		case "codebook_log":
			if err := decode(raw, start, key, &h.CodebookLog); err != nil {
				return err
			}
			d.useCodebookLog(h.CodebookLog)
		default:
			return fail(start, nil, "unknown member %q (expected format, version, codebook, codebook_log, annotators, documents)", key)
		}
	}
	if _, err := sc.peek(); !errors.Is(err, io.EOF) {
		return fail(-1, nil, "unexpected data after the end of the JSON object")
	}
	if !seen["format"] || !seen["version"] {
		return fail(-1, nil, `not a Newsmark export: "format" and "version" are missing`)
	}
	if !seen["documents"] {
		return fail(-1, nil, `"documents" is missing`)
	}
	return nil
}

// nativeDocuments reads the elements of the "documents" array, up to and
// including its closing bracket. This goroutine only cuts the elements'
// bytes; workers decode them in parallel (reflection is most of the cost);
// the records are then checked and added strictly in file order, so errors
// and ids come out as in a sequential read.
func (d *decoder) nativeDocuments(sc *rawScanner, lc *lineCounter) error {
	type job struct {
		n     int
		start int64
		raw   []byte
		doc   documentJSON
		err   error
		done  chan struct{}
	}
	workers := max(runtime.GOMAXPROCS(0), 1)
	jobs := make(chan *job, 4*workers)
	free := make(chan []byte, 8*workers) // element buffers to reuse
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				jd := json.NewDecoder(bytes.NewReader(j.raw))
				jd.DisallowUnknownFields()
				j.err = jd.Decode(&j.doc)
				if j.err == nil && jd.More() {
					j.err = fmt.Errorf("more than one value in one element")
				}
				select {
				case free <- j.raw[:0]: // decoded values do not point into it
				default:
				}
				j.raw = nil
				close(j.done)
			}
		}()
	}
	defer wg.Wait()
	defer close(jobs)
	fail := func(off int64, err error, format string, args ...any) error {
		return d.errAt("", lc.line(off), off, err, format, args...)
	}
	pending := make([]*job, 0, 4*workers)
	finish := func(j *job) error {
		<-j.done
		if j.err != nil {
			return fail(j.start+jsonErrOffset(j.err, 0), nil, "document %d: %s", j.n, jsonErrMsg(j.err))
		}
		if err := d.nativeDocument(&j.doc, j.n); err != nil {
			return fail(j.start, err, "document %d (id %q)", j.n, j.doc.ID)
		}
		return nil
	}
	for n := 1; ; n++ {
		b, err := sc.peek()
		if err != nil {
			return fail(lc.end(), nil, "documents: %s", errScanEOF.Error())
		}
		if b == ']' {
			sc.readByte()
			break
		}
		if n > 1 {
			if err := sc.expect(','); err != nil {
				return fail(sc.off, nil, "documents: after document %d: %v", n-1, err)
			}
		}
		var buf []byte
		select {
		case buf = <-free:
		default:
		}
		raw, start, err := sc.value(buf)
		if errors.Is(err, errScanEOF) {
			return fail(lc.end(), nil, "document %d: %s", n, errScanEOF.Error())
		}
		if err != nil {
			return fail(start, nil, "document %d: %v", n, err)
		}
		if len(raw) == 0 || raw[0] != '{' {
			return fail(start, nil, "document %d: expected a JSON object", n)
		}
		j := &job{n: n, start: start, raw: raw, done: make(chan struct{})}
		if len(pending) == cap(pending) {
			if err := finish(pending[0]); err != nil {
				return err
			}
			pending = pending[1:]
		}
		pending = append(pending, j)
		jobs <- j
	}
	for _, j := range pending {
		if err := finish(j); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) nativeLines(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	line := 0
	sawHeader := false
	docs := 0
	for {
		b, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("import %s: %w", d.name, err)
		}
		line++
		start := off
		off += int64(len(b))
		trimmed := bytes.TrimSpace(b)
		if len(trimmed) > 0 {
			dec := json.NewDecoder(bytes.NewReader(trimmed))
			dec.DisallowUnknownFields()
			lead := int64(bytes.Index(b, trimmed[:1]))
			fail := func(e error, at int64, format string, args ...any) error {
				return d.errAt("", line, start+lead+at, e, format, args...)
			}
			if !sawHeader {
				var h header
				if e := dec.Decode(&h); e != nil {
					return fail(nil, jsonErrOffset(e, 0), `expected the header line {"format": "newsmark", ...}: %s`, jsonErrMsg(e))
				}
				if h.Format != nativeFormatName {
					return fail(nil, 0, `"format" is %q, expected "newsmark"`, h.Format)
				}
				if h.Version < 1 || h.Version > NativeVersion {
					return fail(nil, 0, "version %d: this Newsmark reads versions 1 to %d", h.Version, NativeVersion)
				}
				if h.OffsetUnit != string(UnitCodePoint) {
					return fail(nil, 0, `"offset_unit" is %q, expected "codepoint"`, h.OffsetUnit)
				}
				if e := d.useCodebook(h.Codebook); e != nil {
					return fail(e, 0, "codebook")
				}
				d.useAnnotators(h.Annotators)
				d.useCodebookLog(h.CodebookLog)
				sawHeader = true
			} else {
				var doc documentJSON
				if e := dec.Decode(&doc); e != nil {
					return fail(nil, jsonErrOffset(e, 0), "document: %s", jsonErrMsg(e))
				}
				if dec.More() {
					return fail(nil, dec.InputOffset(), "more than one JSON value on the line")
				}
				docs++
				if e := d.nativeDocument(&doc, docs); e != nil {
					return fail(e, 0, "document %q", doc.ID)
				}
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	if !sawHeader {
		return d.errAt("", 0, -1, nil, `empty file: expected the header line {"format": "newsmark", ...}`)
	}
	return nil
}

func (d *decoder) useCodebook(cb *annotate.Codebook) error {
	if cb == nil {
		return nil
	}
	if err := cb.Validate(); err != nil {
		return err
	}
	d.nativeCB = cb
	if d.project != nil {
		for _, l := range cb.Labels {
			_, have := d.project.Label(l.ID)
			how := "same id"
			if !have {
				how = "new"
			}
			d.rep.Labels = append(d.rep.Labels, LabelMapping{Foreign: l.ID, Kind: "span", Label: l.ID, Added: !have, How: how})
		}
	}
	return nil
}

func (d *decoder) useCodebookLog(log []codebookLogJSON) {
	for _, e := range log {
		d.batch.CodebookLog = append(d.batch.CodebookLog, e.domain())
	}
}

// checkVariables checks a document's variable values against the known
// codebooks.
func (d *decoder) checkVariables(vars map[string]string) error {
	cbs := d.codebooks()
	for _, id := range slices.Sorted(maps.Keys(vars)) {
		found := false
		for _, cb := range cbs {
			if def, ok := cb.Variable(id); ok {
				if err := def.Check(vars[id]); err != nil {
					return err
				}
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("variable %q is not in the codebook: %w", id, annotate.ErrUnknownAttribute)
		}
	}
	return nil
}

func (d *decoder) useAnnotators(people []annotatorJSON) {
	for _, p := range people {
		d.person(p.domain())
	}
}

// codebooks returns the codebooks a native file's items are checked
// against: its own and the project's.
func (d *decoder) codebooks() []*annotate.Codebook {
	var out []*annotate.Codebook
	for _, cb := range []*annotate.Codebook{d.nativeCB, d.project} {
		if cb != nil {
			out = append(out, cb)
		}
	}
	return out
}

// checkLabel checks a span label and its attributes against the known
// codebooks.
func (d *decoder) checkLabel(id string, attrs map[string]string) error {
	cbs := d.codebooks()
	if len(cbs) == 0 {
		return nil
	}
	for _, cb := range cbs {
		if l, ok := cb.Label(id); ok {
			return l.CheckAttributes(attrs)
		}
	}
	return fmt.Errorf("label %q is not in the codebook: %w", id, annotate.ErrUnknownLabel)
}

func (d *decoder) checkRelationType(id string) error {
	cbs := d.codebooks()
	for _, cb := range cbs {
		if _, ok := cb.RelationType(id); ok {
			return nil
		}
	}
	if len(cbs) == 0 {
		return nil
	}
	return fmt.Errorf("relation type %q is not in the codebook: %w", id, annotate.ErrUnknownRelationType)
}

func (d *decoder) checkSegmentLabel(id string) error {
	cbs := d.codebooks()
	for _, cb := range cbs {
		if _, _, ok := cb.SegmentLabel(id); ok {
			return nil
		}
	}
	if len(cbs) == 0 {
		return nil
	}
	return fmt.Errorf("segment label %q is not in the codebook: %w", id, annotate.ErrUnknownLabel)
}

// nativeDocument checks one document record and adds it to the batch. A
// record without texts (an export made with OmitText) adds its annotations
// to the project's document of the same id, whose texts must match the
// quotes.
func (d *decoder) nativeDocument(rec *documentJSON, n int) error {
	if rec.ID == "" {
		return fmt.Errorf(`"id" is empty: %w`, annotate.ErrInvalid)
	}
	if _, dup := d.docs[rec.ID]; dup {
		return fmt.Errorf("document id used twice: %w", annotate.ErrDuplicate)
	}
	withText := len(rec.Segments) > 0
	for _, s := range rec.Segments {
		if s.Text == nil {
			withText = false
		}
	}
	var doc *annotate.Document
	if withText {
		var err error
		if doc, err = rec.domainDocument(); err != nil {
			return err
		}
		for _, sg := range doc.Segments {
			if at, ok := nulAt(sg.Text); ok {
				return fmt.Errorf("segment %q: its text holds a NUL character (\\u0000) at character %d; Newsmark refuses NUL in texts, as in plain-text files: %w",
					sg.ID, at, annotate.ErrInvalid)
			}
		}
		if err := doc.Validate(); err != nil {
			return err
		}
		if err := d.checkVariables(doc.Variables); err != nil {
			return err
		}
		if h := annotate.ContentHash(doc.Segments); rec.Hash != h {
			return fmt.Errorf(`"hash" %q does not match the segments' texts (%s): %w`, rec.Hash, h, annotate.ErrInvalid)
		}
	} else {
		if d.opts.Project == nil {
			return fmt.Errorf("the export holds no text for this document; import it into a project that has the document: %w", annotate.ErrNotFound)
		}
		pd, err := d.opts.Project.Document(rec.ID)
		if err != nil {
			return fmt.Errorf("the export holds no text and the project has no document with this id: %w", err)
		}
		doc = pd
		d.rep.notef("documents exported without text take their text from the project")
	}
	d.docs[doc.ID] = doc
	d.docsByHash[doc.Hash] = doc
	d.batch.Documents = append(d.batch.Documents, doc)

	index := make(map[string]*annotate.OffsetIndex, len(doc.Segments))
	for i := range doc.Segments {
		index[doc.Segments[i].ID] = nil
	}
	ids := make(map[string]bool, len(rec.Annotations))
	anns := make([]annotate.Annotation, 0, len(rec.Annotations))
	lastPerson := ""
	for i := range rec.Annotations {
		ra := &rec.Annotations[i]
		if ra.ID == "" {
			return fmt.Errorf(`annotation %d: "id" is empty: %w`, i+1, annotate.ErrInvalid)
		}
		if ids[ra.ID] {
			return fmt.Errorf("annotation %s: id used twice: %w", ra.ID, annotate.ErrDuplicate)
		}
		ids[ra.ID] = true
		x, ok := index[ra.Segment]
		if !ok {
			return fmt.Errorf("annotation %s: segment %q: %w", ra.ID, ra.Segment, annotate.ErrUnknownSegment)
		}
		if x == nil {
			seg, _ := doc.Segment(ra.Segment)
			x = annotate.NewOffsetIndex(seg.Text)
			index[ra.Segment] = x
		}
		if ra.Start >= ra.End {
			return fmt.Errorf("annotation %s: start %d is not before end %d: %w", ra.ID, ra.Start, ra.End, annotate.ErrEmptySpan)
		}
		q, ok := x.Quote(ra.Start, ra.End, annotate.QuoteContext)
		if !ok {
			return fmt.Errorf("annotation %s: [%d,%d) is outside segment %s of %d code points: %w", ra.ID, ra.Start, ra.End, ra.Segment, x.Len(), annotate.ErrOffsetRange)
		}
		if ra.Quote.Exact != q.Exact {
			return fmt.Errorf("annotation %s: quote %q does not match the text %q at [%d,%d): %w", ra.ID, ra.Quote.Exact, q.Exact, ra.Start, ra.End, annotate.ErrInvalid)
		}
		if err := d.checkLabel(ra.Label, ra.Attributes); err != nil {
			return fmt.Errorf("annotation %s: %w", ra.ID, err)
		}
		if ra.Annotator == "" {
			return fmt.Errorf("annotation %s: \"annotator\" is empty: %w", ra.ID, annotate.ErrInvalid)
		}
		a := ra.domain(doc.ID)
		a.Quote = q
		anns = append(anns, a)
		if a.Annotator != lastPerson {
			d.person(annotate.Annotator{ID: a.Annotator})
			lastPerson = a.Annotator
		}
	}
	d.annChunks = append(d.annChunks, anns)
	for i := range rec.Relations {
		rr := &rec.Relations[i]
		if rr.ID == "" || rr.Type == "" {
			return fmt.Errorf(`relation %d: "id" and "type" are needed: %w`, i+1, annotate.ErrInvalid)
		}
		if !ids[rr.From] || !ids[rr.To] || rr.From == rr.To {
			return fmt.Errorf("relation %s links %s to %s, not two annotations of this document: %w", rr.ID, rr.From, rr.To, annotate.ErrNotFound)
		}
		if err := d.checkRelationType(rr.Type); err != nil {
			return fmt.Errorf("relation %s: %w", rr.ID, err)
		}
		d.addRelation(rr.domain(doc.ID), fmt.Sprintf("document %d", n))
	}
	for i := range rec.SegmentLabels {
		rl := &rec.SegmentLabels[i]
		if rl.Segment != "" {
			if _, ok := index[rl.Segment]; !ok {
				return fmt.Errorf("segment label %q: segment %q: %w", rl.Label, rl.Segment, annotate.ErrUnknownSegment)
			}
		}
		if rl.Label == "" || rl.Annotator == "" {
			return fmt.Errorf(`segment label %d: "label" and "annotator" are needed: %w`, i+1, annotate.ErrInvalid)
		}
		if err := d.checkSegmentLabel(rl.Label); err != nil {
			return err
		}
		d.addSegmentLabel(rl.domain(doc.ID))
	}
	for i, st := range rec.Statuses {
		status := annotate.Status(st.Status)
		if st.Annotator == "" || !status.Valid() || status == annotate.StatusNotStarted {
			return fmt.Errorf(`status %d: want an "annotator" and a "status" of in_progress or done, got %q: %w`, i+1, st.Status, annotate.ErrInvalid)
		}
		d.batch.Statuses = append(d.batch.Statuses, annotate.DocStatus{DocumentID: doc.ID, Annotator: st.Annotator, Status: status, Modified: st.Modified})
		d.person(annotate.Annotator{ID: st.Annotator})
	}
	return nil
}
