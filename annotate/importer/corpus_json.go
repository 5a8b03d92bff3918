package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// decodeObject decodes the JSON object that starts raw, at line and column
// col of file, keeping numbers as written, and returns it with the offset
// just past it.
func decodeObject(file string, raw []byte, line, col int) (map[string]any, int, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, 0, jsonError(file, raw, line, col, err)
	}
	return obj, int(dec.InputOffset()), nil
}

// jsonItem is what one JSON object of a corpus file is: a document (rec,
// and doc once made) or a comment row.
type jsonItem struct {
	rec *record
	doc *annotate.Document
	x   *docExtras
	row *corpusRow
}

// item reads a decoded object as a document or a row. make says whether
// to make the document now.
func (m *jsonMapping) item(file string, obj map[string]any, line, col int, opts *Options, make bool) (jsonItem, error) {
	fail := func(err error) (jsonItem, error) {
		var fe *fieldErr
		if errors.As(err, &fe) {
			return jsonItem{}, errAt(file, line, 0, ErrField, "%s", fe.msg)
		}
		return jsonItem{}, err
	}
	if m.isRow(obj) {
		row, err := m.rowOf(obj, line)
		if err != nil {
			return fail(err)
		}
		return jsonItem{row: row}, nil
	}
	rec, err := m.document(obj, line)
	if err != nil {
		return fail(err)
	}
	it := jsonItem{rec: rec}
	if make {
		if it.doc, it.x, err = rec.document(file, opts); err != nil {
			return jsonItem{}, err
		}
	}
	return it, nil
}

// decode reads the JSON object that starts raw as a document or a row, and
// returns the offset just past it. The common document takes the fast way.
func (m *jsonMapping) decode(file string, raw []byte, line, col int, opts *Options, make bool) (jsonItem, int, error) {
	if m.fast {
		if rec, end, ok := fastRecord(raw, line); ok {
			it := jsonItem{rec: rec}
			if make {
				var err error
				if it.doc, it.x, err = rec.document(file, opts); err != nil {
					return jsonItem{}, 0, err
				}
			}
			return it, end, nil
		}
	}
	obj, end, err := decodeObject(file, raw, line, col)
	if err != nil {
		return jsonItem{}, 0, err
	}
	it, err := m.item(file, obj, line, col, opts, make)
	return it, end, err
}

// jsonCollector hands a JSON file's items on in file order: documents at
// once while no row has come, rows joined into documents at the end.
type jsonCollector struct {
	file   string
	opts   *Options
	emit   Emit
	m      *jsonMapping
	groups *rowGroups
	rows   int
	docs   int
	whole  int // documents held among the rows
}

func newJSONCollector(file string, opts *Options, emit Emit) *jsonCollector {
	return &jsonCollector{file: file, opts: opts, emit: emit, m: newJSONMapping(opts), groups: newRowGroups(file)}
}

func (c *jsonCollector) add(it jsonItem, line int) error {
	switch {
	case it.row != nil:
		c.rows++
		return c.groups.add(it.row)
	case c.rows > 0:
		// After rows, a document waits with them, to keep file order.
		c.whole++
		key := "\x00document " + strconv.Itoa(line)
		c.groups.docs[key] = it.rec
		c.groups.order = append(c.groups.order, key)
		c.groups.whole(it.rec)
		return nil
	}
	doc, x := it.doc, it.x
	if doc == nil {
		var err error
		if doc, x, err = it.rec.document(c.file, c.opts); err != nil {
			return err
		}
	}
	c.docs++
	return c.opts.emitDoc(c.emit, doc, x, line)
}

// finish emits the documents of the rows and reports the file's notes.
func (c *jsonCollector) finish() error {
	if c.rows > 0 {
		c.docs += len(c.groups.order)
		if err := c.groups.emit(c.opts, c.emit); err != nil {
			return err
		}
	}
	c.m.missingLabels(c.file, c.opts)
	return nil
}

// jsonError turns a decoder error for raw, which starts at line and column
// col of file, into a *ParseError at the place it names.
func jsonError(file string, raw []byte, line, col int, err error) error {
	at := func(off int64) (int, int) {
		if off < 0 {
			off = 0
		}
		if off > int64(len(raw)) {
			off = int64(len(raw))
		}
		l, c := lineCol(raw, int(off))
		if l == 1 {
			c += col - 1
		}
		return line + l - 1, c
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		l, c := at(syn.Offset - 1)
		return &ParseError{File: file, Line: l, Column: c, Offset: -1, Msg: "malformed JSON", Err: withCause(ErrSyntax, err)}
	case errors.As(err, &typ):
		l, c := at(typ.Offset - 1)
		return &ParseError{File: file, Line: l, Column: c, Offset: -1,
			Msg: fmt.Sprintf("field %q: expected %s, got a JSON %s", typ.Field, jsonTypeName(typ.Type), typ.Value), Err: ErrField}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		l, c := at(int64(len(raw)))
		return &ParseError{File: file, Line: l, Column: c, Offset: -1, Msg: "the JSON value ends too early; expected its closing bracket", Err: ErrSyntax}
	}
	// Errors from flexString and other field decoders carry no offset.
	return &ParseError{File: file, Line: line, Column: col, Offset: -1, Msg: "in this document: " + err.Error(), Err: ErrField}
}

func jsonTypeName(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	}
	return "a " + t.String()
}

// ReadJSONL reads JSON Lines from r, one corpus document (or comment row)
// per line (blank lines are allowed), and calls emit for each document in
// order. Lines are decoded on all processors, a bounded number at a time,
// so files of any size stream through.
func ReadJSONL(name string, r io.Reader, opts Options, emit Emit) error {
	src, err := openSource(name, r)
	if err != nil {
		return err
	}
	return readJSONL(src, &opts, emit)
}

// jsonlLine is one line of a JSON Lines file on its way to a document.
type jsonlLine struct {
	line int
	data []byte
	item jsonItem
	err  error
	done chan struct{}
}

func readJSONL(src *source, opts *Options, emit Emit) error {
	col := newJSONCollector(src.name, opts, emit)
	workers := min(runtime.GOMAXPROCS(0), 4)
	todo := make(chan *jsonlLine, 4*workers)     // lines for the workers
	inOrder := make(chan *jsonlLine, 16*workers) // the same lines, in file order
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range todo {
				if l.err == nil {
					l.item, l.err = decodeLine(src.name, l.line, l.data, col.m, opts)
				}
				l.data = nil
				close(l.done)
			}
		}()
	}
	go func() {
		defer close(todo)
		defer close(inOrder)
		readLines(src, func(l *jsonlLine) bool {
			select {
			case inOrder <- l:
			case <-quit:
				return false
			}
			select {
			case todo <- l:
				return true
			case <-quit:
				close(l.done)
				return false
			}
		})
	}()
	stop := func(err error) error {
		close(quit)
		for range inOrder { // let the reader finish
		}
		wg.Wait()
		return err
	}
	for l := range inOrder {
		<-l.done
		if l.err != nil {
			return stop(l.err)
		}
		if err := col.add(l.item, l.line); err != nil {
			return stop(err)
		}
	}
	wg.Wait()
	if col.docs == 0 && col.rows == 0 && col.whole == 0 {
		return errFile(src.name, ErrEmpty, "no documents; expected one JSON object per line")
	}
	return col.finish()
}

// readLines hands each non-blank line of src to send, with its number, and
// stops when send returns false. A read error (bad UTF-8, a NUL) is handed
// on as a line with an error.
func readLines(src *source, send func(*jsonlLine) bool) {
	br := bufio.NewReaderSize(src.text(), 256<<10)
	for line := 1; ; line++ {
		chunk, err := br.ReadSlice('\n')
		data := append([]byte(nil), chunk...)
		for errors.Is(err, bufio.ErrBufferFull) {
			if len(data) > MaxJSONValue {
				err = TooLarge(fmt.Sprintf("%s line %d", src.name, line), "one JSON document", MaxJSONValue)
				break
			}
			chunk, err = br.ReadSlice('\n')
			data = append(data, chunk...)
		}
		if err != nil && err != io.EOF {
			send(&jsonlLine{line: line, err: err, done: make(chan struct{})})
			return
		}
		if len(bytes.TrimSpace(data)) > 0 && !send(&jsonlLine{line: line, data: data, done: make(chan struct{})}) {
			return
		}
		if err == io.EOF {
			return
		}
	}
}

// decodeLine decodes one line of a JSON Lines file into a document or a
// row.
func decodeLine(file string, line int, data []byte, m *jsonMapping, opts *Options) (jsonItem, error) {
	text := bytes.TrimSpace(data)
	start := bytes.Index(data, text[:1])
	col := 1 + utf8.RuneCount(data[:start])
	if text[0] != '{' {
		return jsonItem{}, errAt(file, line, col, ErrSyntax, "expected a JSON object (one document per line), found %s", describeStart(text))
	}
	it, end, err := m.decode(file, text, line, col, opts, true)
	if err != nil {
		return jsonItem{}, err
	}
	if trailing := bytes.TrimSpace(text[end:]); len(trailing) > 0 {
		_, c := lineCol(data, start+end+bytes.Index(text[end:], trailing))
		return jsonItem{}, errAt(file, line, c, ErrSyntax, "expected the end of the line after the JSON object, found %s", describeStart(trailing))
	}
	return it, nil
}

// describeStart names what a line starts with, for error messages.
func describeStart(b []byte) string {
	r, _ := utf8.DecodeRune(b)
	if len(b) > 20 {
		b = b[:20]
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
		return fmt.Sprintf("%q…", b)
	}
	if r == '[' {
		return `"[" (a JSON array: use the json format for a file that is one array)`
	}
	return fmt.Sprintf("%q", b)
}

// jsonValueEnd returns the index just past the JSON object or array that
// starts b, judged by brackets and strings only; ok is false if b ends first.
func jsonValueEnd(b []byte) (int, bool) {
	depth, inString, escaped := 0, false, false
	for i, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
	}
	return len(b), false
}
