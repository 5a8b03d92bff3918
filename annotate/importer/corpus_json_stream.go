package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"unicode/utf8"
)

// ReadJSON reads a JSON corpus file: one document object, an array of
// document objects, or an object whose "documents" field (or the key
// opts.Fields[FieldDocuments] names) is such an array.
// It calls emit for each document in order. Array elements are read one at
// a time, so a large array does not have to fit in memory twice.
func ReadJSON(name string, r io.Reader, opts Options, emit Emit) error {
	src, err := openSource(name, r)
	if err != nil {
		return err
	}
	return readJSON(src, &opts, emit)
}

func readJSON(src *source, opts *Options, emit Emit) error {
	s := newJSONStream(src.name, src.text(), 1, 0)
	c, err := s.next()
	if err == io.EOF {
		return errFile(src.name, ErrEmpty, "no JSON value; expected a document object or an array of them")
	}
	if err != nil {
		return err
	}
	col := newJSONCollector(src.name, opts, emit)
	items := 0
	switch c {
	case '[':
		items, err = s.array(col)
	case '{':
		line, column := s.line, s.col
		raw, verr := s.value(c)
		if verr != nil {
			return verr
		}
		if key := documentsKey(opts); hasMember(raw, key) {
			inner := newJSONStream(src.name, bytes.NewReader(raw), line, column-1)
			items, err = inner.wrapper(col, key)
		} else {
			it, _, derr := col.m.decode(src.name, raw, line, column, opts, false)
			if derr != nil {
				return derr
			}
			items = 1
			err = col.add(it, line)
		}
	default:
		return s.errHere(ErrSyntax, "expected a document object or an array of documents, found %q", c)
	}
	if err != nil {
		return err
	}
	if c, err := s.next(); err == nil {
		return s.errHere(ErrSyntax, "expected the end of the file after the JSON value, found %q", c)
	} else if err != io.EOF {
		return err
	}
	if items == 0 {
		return errFile(src.name, ErrEmpty, "no documents in the JSON value")
	}
	return col.finish()
}

// jsonStream walks the outer structure of a JSON file byte by byte, keeping
// the line and column, and hands each document's bytes to the decoder.
type jsonStream struct {
	file string
	br   *bufio.Reader
	line int // line of the last byte read
	col  int // column (in characters) of the last byte read
}

func newJSONStream(file string, r io.Reader, line, col int) *jsonStream {
	return &jsonStream{file: file, br: bufio.NewReaderSize(r, 64<<10), line: line, col: col}
}

func (s *jsonStream) readByte() (byte, error) {
	c, err := s.br.ReadByte()
	if err != nil {
		return 0, err
	}
	if c == '\n' {
		s.line++
		s.col = 0
	} else if utf8.RuneStart(c) {
		s.col++
	}
	return c, nil
}

// next returns the next byte that is not white space.
func (s *jsonStream) next() (byte, error) {
	for {
		c, err := s.readByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c, nil
	}
}

func (s *jsonStream) errHere(sentinel error, format string, args ...any) error {
	return errAt(s.file, s.line, s.col, sentinel, format, args...)
}

// value reads the rest of the object, array or string that starts with c
// (already read) and returns all its bytes.
func (s *jsonStream) value(c byte) ([]byte, error) {
	return s.scan(c, true)
}

// scan reads a value like value does, keeping its bytes only if keep is set.
func (s *jsonStream) scan(c byte, keep bool) ([]byte, error) {
	var buf []byte
	if keep {
		buf = []byte{c}
	}
	if c == '"' {
		return s.stringRest(buf, keep)
	}
	if c != '{' && c != '[' {
		return nil, s.errHere(ErrSyntax, "expected an object or an array, found %q", c)
	}
	depth := 1
	for depth > 0 {
		c, err := s.readByte()
		if err != nil {
			return nil, s.endErr(err)
		}
		if keep {
			buf = append(buf, c)
			if len(buf) > MaxJSONValue {
				return nil, s.errHere(ErrTooLarge, "a JSON document larger than %s, the limit of one document", SizeText(MaxJSONValue))
			}
		}
		switch c {
		case '"':
			if buf, err = s.stringRest(buf, keep); err != nil {
				return nil, err
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
	}
	return buf, nil
}

func (s *jsonStream) stringRest(buf []byte, keep bool) ([]byte, error) {
	escaped := false
	for {
		c, err := s.readByte()
		if err != nil {
			return nil, s.endErr(err)
		}
		if keep {
			buf = append(buf, c)
			if len(buf) > MaxJSONValue {
				return nil, s.errHere(ErrTooLarge, "a JSON string larger than %s, the limit of one document", SizeText(MaxJSONValue))
			}
		}
		switch {
		case escaped:
			escaped = false
		case c == '\\':
			escaped = true
		case c == '"':
			return buf, nil
		}
	}
}

func (s *jsonStream) endErr(err error) error {
	if err == io.EOF {
		return s.errHere(ErrSyntax, "the file ends inside a JSON value; expected its closing bracket or quote")
	}
	return err
}

// array reads the elements of an array whose '[' has been read, each a
// document or a comment row, and returns how many it read.
func (s *jsonStream) array(col *jsonCollector) (int, error) {
	for i := 0; ; i++ {
		c, err := s.next()
		if err != nil {
			return i, s.endErr(err)
		}
		if c == ']' {
			return i, nil
		}
		if i > 0 {
			if c != ',' {
				return i, s.errHere(ErrSyntax, "expected ',' or ']' after document %d, found %q", i, c)
			}
			if c, err = s.next(); err != nil {
				return i, s.endErr(err)
			}
		}
		if c != '{' {
			return i, s.errHere(ErrSyntax, "expected document %d to be a JSON object, found %q", i+1, c)
		}
		line, column := s.line, s.col
		raw, err := s.value(c)
		if err != nil {
			return i, err
		}
		it, _, err := col.m.decode(s.file, raw, line, column, col.opts, false)
		if err != nil {
			return i, err
		}
		if err := col.add(it, line); err != nil {
			return i, err
		}
	}
}

// documentsKey is the key of the outer object's list of documents.
func documentsKey(opts *Options) string {
	if k := opts.Fields[FieldDocuments]; k != "" {
		return k
	}
	return "documents"
}

// wrapper reads an object with a list of documents under listKey,
// skipping its other members.
func (s *jsonStream) wrapper(col *jsonCollector, listKey string) (int, error) {
	if c, err := s.next(); err != nil || c != '{' {
		return 0, s.errHere(ErrSyntax, "expected '{'")
	}
	items := 0
	for i := 0; ; i++ {
		c, err := s.next()
		if err != nil {
			return items, s.endErr(err)
		}
		if c == '}' {
			return items, nil
		}
		if i > 0 {
			if c != ',' {
				return items, s.errHere(ErrSyntax, "expected ',' or '}', found %q", c)
			}
			if c, err = s.next(); err != nil {
				return items, s.endErr(err)
			}
		}
		if c != '"' {
			return items, s.errHere(ErrSyntax, "expected a field name, found %q", c)
		}
		rawKey, err := s.value(c)
		if err != nil {
			return items, err
		}
		var key string
		if err := json.Unmarshal(rawKey, &key); err != nil {
			return items, s.errHere(ErrSyntax, "malformed field name: %v", err)
		}
		if c, err = s.next(); err != nil || c != ':' {
			return items, s.errHere(ErrSyntax, "expected ':' after %q", key)
		}
		if c, err = s.next(); err != nil {
			return items, s.endErr(err)
		}
		if key == listKey {
			if c != '[' {
				return items, s.errHere(ErrSyntax, "expected %q to be an array of documents, found %q", listKey, c)
			}
			n, err := s.array(col)
			items += n
			if err != nil {
				return items, err
			}
			continue
		}
		if err := s.skip(c); err != nil {
			return items, err
		}
	}
}

// skip reads past a value whose first byte c has been read.
func (s *jsonStream) skip(c byte) error {
	switch c {
	case '{', '[', '"':
		_, err := s.scan(c, false)
		return err
	}
	for {
		c, err := s.br.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch c {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return s.br.UnreadByte()
		}
		s.col++
	}
}

// hasMember reports whether the JSON object raw has a top-level member
// named key whose value is an array. It reads raw without copying values.
func hasMember(raw []byte, key string) bool {
	s := newJSONStream("", bytes.NewReader(raw), 1, 0)
	if c, err := s.next(); err != nil || c != '{' {
		return false
	}
	for i := 0; ; i++ {
		c, err := s.next()
		if err != nil || c == '}' {
			return false
		}
		if i > 0 {
			if c != ',' {
				return false
			}
			if c, err = s.next(); err != nil {
				return false
			}
		}
		if c != '"' {
			return false
		}
		rawKey, err := s.value(c)
		if err != nil {
			return false
		}
		var k string
		if json.Unmarshal(rawKey, &k) != nil {
			return false
		}
		if c, err = s.next(); err != nil || c != ':' {
			return false
		}
		if c, err = s.next(); err != nil {
			return false
		}
		if k == key && c == '[' {
			return true
		}
		if s.skip(c) != nil {
			return false
		}
	}
}
