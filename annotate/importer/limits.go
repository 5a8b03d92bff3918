package importer

import (
	"fmt"
	"io"
)

// Size limits of every input, checked while it is read, so that a file
// that is too large (or an archive entry that unpacks to gigabytes) fails
// with a *ParseError wrapping ErrTooLarge, naming the limit and the file or
// entry, before it fills memory. docs/import.md lists them.
const (
	// MaxFileSize is the most any one input may hold: a file, standard
	// input or a named pipe. Corpus files (JSONL, JSON arrays, CSV) and
	// native exports are read as a stream, so this bounds time, not memory.
	MaxFileSize = 4 << 30
	// MaxTextSize is the most a plain-text page copy may hold, and a brat
	// .txt or .ann file; each is read whole.
	MaxTextSize = 64 << 20
	// MaxJSONValue is the most one JSON document of a corpus (a JSONL line,
	// an element of a JSON array, a JSON file holding one document) may
	// hold; each is held whole while it is decoded.
	MaxJSONValue = 256 << 20
	// MaxJSONSetSize is the most a JSON annotation set that is read whole
	// (W3C, Label Studio, doccano) may hold.
	MaxJSONSetSize = 1 << 30
	// MaxCSVRow is the most one CSV row may hold, its cells together (and
	// so any one cell).
	MaxCSVRow = 16 << 20
	// MaxZipEntrySize is the most one file in a .zip archive may unpack to.
	MaxZipEntrySize = 64 << 20
	// MaxArchiveSize is the most a .zip archive may hold, packed, and what
	// all its files may unpack to together.
	MaxArchiveSize = 1 << 30
)

// SizeText writes a limit for people: "64 MiB", "4 GiB".
func SizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// TooLarge returns the error for an input (file, or file:entry) that holds
// more than max bytes; what says what it is ("a zip entry").
func TooLarge(file, what string, max int64) error {
	return &ParseError{File: file, Offset: -1, Err: ErrTooLarge,
		Msg: fmt.Sprintf("larger than %s, the limit of %s", SizeText(max), what)}
}

// LimitReader returns a reader of r that reads at most max bytes and fails
// with TooLarge(file, what, max) at the first byte beyond them.
func LimitReader(r io.Reader, max int64, file, what string) io.Reader {
	return &limitedReader{r: r, left: max, max: max, file: file, what: what}
}

type limitedReader struct {
	r          io.Reader
	left, max  int64
	file, what string
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, TooLarge(l.file, l.what, l.max)
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}
