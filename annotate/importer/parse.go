package importer

import (
	"io"
	"os"
	"strings"
)

// Parse reads one input in opts.Format, or in the format Detect finds when
// that is Auto or "", and calls emit for each document in order (already
// Prepared). It returns the format it read. Corpus formats stream: only one
// document's text is held at a time, beyond what emit keeps.
func Parse(name string, r io.Reader, opts Options, emit Emit) (Format, error) {
	src, err := openSource(name, r)
	if err != nil {
		return opts.Format, err
	}
	format := opts.Format
	if format == "" || format == Auto {
		format = Detect(name, src.head)
	}
	switch format {
	case Text:
		text, err := readAllText(src)
		if err != nil {
			return format, err
		}
		doc, err := ParseText(name, text, opts)
		if err != nil {
			return format, err
		}
		return format, emit(doc, 0)
	case HTML:
		doc, err := parseHTML(src, &opts)
		if err != nil {
			return format, err
		}
		return format, emit(doc, 0)
	case JSON:
		return format, readJSON(src, &opts, emit)
	case JSONL:
		return format, readJSONL(src, &opts, emit)
	case CSV:
		return format, readCSV(src, &opts, emit)
	}
	_, err = ParseFormat(string(format))
	return format, err
}

// readAllText reads a text source whole, checking its encoding on the way.
// It refuses more than MaxTextSize bytes.
func readAllText(src *source) (string, error) {
	const what = "a page copy (plain text)"
	var size int64
	if s, ok := src.raw.r.(interface{ Size() int64 }); ok && s.Size() > 0 {
		size = s.Size()
	} else if st, ok := src.raw.r.(interface{ Stat() (os.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Size() > 0 {
			size = fi.Size()
		}
	}
	if size > MaxTextSize {
		return "", TooLarge(src.name, what, MaxTextSize)
	}
	var b strings.Builder
	if size > 0 {
		b.Grow(int(size) + 1) // one allocation for a file of known size
	}
	if _, err := io.Copy(&b, LimitReader(src.text(), MaxTextSize, src.name, what)); err != nil {
		return "", err
	}
	return b.String(), nil
}
