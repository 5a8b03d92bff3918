package importer

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors a caller can branch on with errors.Is. A *ParseError wraps
// one of them and says where in which file the problem is.
var (
	// ErrEmpty reports a file with no text, or a corpus file with no
	// documents.
	ErrEmpty = errors.New("empty input")
	// ErrBinary reports a file that is not text at all (a PDF, an image, an
	// archive, or bytes with NULs in them).
	ErrBinary = errors.New("binary data, not text")
	// ErrEncoding reports text that is not valid UTF-8 (or UTF-16 with a byte
	// order mark).
	ErrEncoding = errors.New("not valid UTF-8")
	// ErrSyntax reports malformed JSON, JSONL or CSV.
	ErrSyntax = errors.New("malformed input")
	// ErrMissingColumn reports a CSV file without the columns a document
	// needs, or a column mapping that names a column the file lacks.
	ErrMissingColumn = errors.New("missing column")
	// ErrField reports a corpus field with a value of the wrong shape: a date
	// that is not a date, an unknown segment kind, a reply to an unknown
	// comment, two comments with one id.
	ErrField = errors.New("bad field value")
	// ErrNoText reports a document with neither article text nor comments.
	ErrNoText = errors.New("no text")
	// ErrTooLarge reports an HTML page larger than MaxHTMLSize.
	ErrTooLarge = errors.New("too large")
	// ErrFormat reports an unknown format name or a file whose content does
	// not match the format asked for.
	ErrFormat = errors.New("unknown format")
)

// ParseError says where an input went wrong: the file, the line (1-based,
// 0 if unknown), the column on that line (1-based, in characters, 0 if
// unknown) or else the byte offset from the start of the file, and what was
// expected there. Err is one of the sentinel errors above, possibly wrapping
// the underlying decoder error.
type ParseError struct {
	File   string
	Line   int
	Column int
	Offset int64 // byte offset of the problem, -1 if unknown
	Msg    string
	Err    error
}

// Error returns a sentence such as
// `news.jsonl line 3, column 17: expected a JSON object: malformed input`.
func (e *ParseError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
	} else {
		b.WriteString("input")
	}
	switch {
	case e.Line > 0 && e.Column > 0:
		fmt.Fprintf(&b, " line %d, column %d", e.Line, e.Column)
	case e.Line > 0:
		fmt.Fprintf(&b, " line %d", e.Line)
	case e.Offset >= 0:
		fmt.Fprintf(&b, " byte %d", e.Offset)
	}
	if e.Msg != "" {
		b.WriteString(": ")
		b.WriteString(e.Msg)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the sentinel (or the cause that wraps it).
func (e *ParseError) Unwrap() error { return e.Err }

// errAt builds a *ParseError at a line (and column) of a file.
func errAt(file string, line, col int, sentinel error, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, Column: col, Offset: -1, Msg: fmt.Sprintf(format, args...), Err: sentinel}
}

// errFile builds a *ParseError about a whole file.
func errFile(file string, sentinel error, format string, args ...any) *ParseError {
	return &ParseError{File: file, Offset: -1, Msg: fmt.Sprintf(format, args...), Err: sentinel}
}

// causeError joins a sentinel with the decoder error that caused it, so
// that errors.Is finds both and the message keeps the cause's words.
type causeError struct {
	sentinel error
	cause    error
}

func (c *causeError) Error() string   { return c.cause.Error() }
func (c *causeError) Unwrap() []error { return []error{c.sentinel, c.cause} }

func withCause(sentinel, cause error) error {
	if cause == nil {
		return sentinel
	}
	return &causeError{sentinel: sentinel, cause: cause}
}
