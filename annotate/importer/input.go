package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// bomEncoding returns the UTF-16 decoding for a head that starts with a
// UTF-16 byte order mark, or nil. (Windows programs save "Unicode text" so.)
func bomEncoding(head []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	return nil
}

// binarySignatures are file starts of formats users drop on an importer by
// mistake, with the words the error message uses for them.
var binarySignatures = []struct {
	magic []byte
	what  string
}{
	{[]byte("%PDF-"), "a PDF document"},
	{[]byte("PK\x03\x04"), "a ZIP archive (or a Word, Excel or OpenDocument file)"},
	{[]byte("\x1f\x8b"), "a gzip-compressed file"},
	{[]byte("\x89PNG"), "a PNG image"},
	{[]byte("\xff\xd8\xff"), "a JPEG image"},
	{[]byte("GIF8"), "a GIF image"},
	{[]byte("SQLite format 3\x00"), "an SQLite database"},
	{[]byte("\xd0\xcf\x11\xe0"), "an old Microsoft Office document"},
	{[]byte("{\\rtf"), "an RTF document"},
	{[]byte("\x7fELF"), "a program"},
	{[]byte("MZ"), "a Windows program"},
}

// expectedInput is what the importer reads, for error messages.
const expectedInput = "expected plain text, HTML, JSON, JSONL or CSV"

// source is one input being imported: its name, a buffered reader of its
// bytes (UTF-16 already decoded to UTF-8, a byte order mark dropped) and
// the first bytes for format detection.
type source struct {
	name string
	raw  *countingReader
	br   *bufio.Reader
	head []byte
}

// openSource wraps r, reads its head and refuses empty and binary input.
func openSource(name string, r io.Reader) (*source, error) {
	raw := &countingReader{r: r}
	br := bufio.NewReaderSize(LimitReader(raw, MaxFileSize, name, "one input"), SniffLen)
	head, err := br.Peek(SniffLen)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &ParseError{File: name, Offset: -1, Msg: "cannot read", Err: err}
	}
	if enc := bomEncoding(head); enc != nil {
		br = bufio.NewReaderSize(transform.NewReader(br, enc.NewDecoder()), SniffLen)
		head, err = br.Peek(SniffLen)
		if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, &ParseError{File: name, Offset: -1, Msg: "cannot decode UTF-16", Err: withCause(ErrEncoding, err)}
		}
	} else if bytes.HasPrefix(head, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
		head = head[len(utf8BOM):]
	}
	for _, sig := range binarySignatures {
		if bytes.HasPrefix(head, sig.magic) {
			return nil, errFile(name, ErrBinary, "this looks like %s; %s", sig.what, expectedInput)
		}
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		line, col := lineCol(head, i)
		return nil, errAt(name, line, col, ErrBinary, "NUL byte at byte %d; %s", i, expectedInput)
	}
	if len(bytes.TrimSpace(head)) == 0 && len(head) < SniffLen {
		return nil, errFile(name, ErrEmpty, "the file is empty; %s", expectedInput)
	}
	return &source{name: name, raw: raw, br: br, head: head}, nil
}

// text returns a reader of the source's bytes that stops with a *ParseError
// at the first byte that is not valid UTF-8 or is a NUL.
func (s *source) text() *checkedReader {
	return &checkedReader{file: s.name, r: s.br, line: 1}
}

// countingReader counts the bytes read from the file, for progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// checkedReader passes text through and stops at the first NUL or invalid
// UTF-8 byte with a *ParseError that names the line, the column and the byte
// offset. An incomplete UTF-8 sequence at the end of one read is kept for the
// next, so sequences split between reads are judged whole.
type checkedReader struct {
	file    string
	r       io.Reader
	buf     []byte
	out     []byte // checked bytes not yet handed out
	pending []byte // the start of a split sequence, carried to the next read
	carry   [utf8.UTFMax]byte
	line    int   // line of the next byte checked, 1-based
	col     int   // characters since the last newline
	off     int64 // offset of the next byte checked
	err     error
}

func (c *checkedReader) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		c.fill()
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

func (c *checkedReader) fill() {
	if c.buf == nil {
		c.buf = make([]byte, 64<<10)
	}
	n := copy(c.buf, c.pending)
	c.pending = nil
	m, err := c.r.Read(c.buf[n:])
	n += m
	data := c.buf[:n]
	if err == nil {
		k := incompleteTail(data)
		c.pending = append(c.carry[:0], data[n-k:]...)
		data = data[:n-k]
	}
	if bad, what := firstBadByte(data); bad >= 0 {
		c.err = c.errorAt(data, bad, what)
		c.advance(data[:bad])
		c.out = data[:bad]
		return
	}
	c.advance(data)
	c.out = data
	if err != nil {
		c.err = err // io.EOF after the last checked bytes
	}
}

// firstBadByte returns the index of the first NUL or invalid UTF-8 byte in
// b, or -1, and which sentinel it breaks.
func firstBadByte(b []byte) (int, error) {
	nul := bytes.IndexByte(b, 0)
	if utf8.Valid(b) {
		if nul >= 0 {
			return nul, ErrBinary
		}
		return -1, nil
	}
	for i := 0; i < len(b); {
		if nul >= 0 && i >= nul {
			return nul, ErrBinary
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i, ErrEncoding
		}
		i += size
	}
	return nul, ErrBinary
}

func (c *checkedReader) advance(b []byte) {
	c.off += int64(len(b))
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		c.line += bytes.Count(b, []byte{'\n'})
		c.col = utf8.RuneCount(b[i+1:])
	} else {
		c.col += utf8.RuneCount(b)
	}
}

func (c *checkedReader) errorAt(b []byte, i int, what error) *ParseError {
	line, col := c.line, c.col
	if j := bytes.LastIndexByte(b[:i], '\n'); j >= 0 {
		line += bytes.Count(b[:i], []byte{'\n'})
		col = utf8.RuneCount(b[j+1 : i])
	} else {
		col += utf8.RuneCount(b[:i])
	}
	msg := "expected UTF-8 text; save the file as UTF-8 and import it again"
	if what == ErrBinary {
		msg = "NUL byte; " + expectedInput
	}
	return &ParseError{File: c.file, Line: line, Column: col + 1, Offset: c.off + int64(i), Msg: msg, Err: what}
}

// incompleteTail returns how many bytes at the end of b start a UTF-8
// sequence that the next read may complete.
func incompleteTail(b []byte) int {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < utf8.RuneSelf {
			return 0
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-k:]) {
				return k
			}
			return 0
		}
	}
	return 0
}

// lineCol returns the 1-based line and column (in characters) of byte i of
// b.
func lineCol(b []byte, i int) (int, int) {
	if i > len(b) {
		i = len(b)
	}
	line := 1 + bytes.Count(b[:i], []byte{'\n'})
	start := bytes.LastIndexByte(b[:i], '\n') + 1
	return line, utf8.RuneCount(b[start:i]) + 1
}
