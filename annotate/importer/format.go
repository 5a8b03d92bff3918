package importer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Format names an input format.
type Format string

// The formats the importer reads. Auto asks Detect to decide by content.
const (
	Auto  Format = "auto"
	Text  Format = "text"  // a plain-text copy of a news page
	HTML  Format = "html"  // a page saved from a browser
	JSON  Format = "json"  // one corpus document, an array of them, or {"documents": [...]}
	JSONL Format = "jsonl" // one corpus document per line
	CSV   Format = "csv"   // one row per comment (or per article), columns by name
)

// Formats lists the formats a user can ask for, Auto first.
var Formats = []Format{Auto, Text, HTML, JSON, JSONL, CSV}

// ParseFormat returns the format with the given name ("" means Auto). It is
// what a --format flag or a format menu calls.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if f == "" {
		return Auto, nil
	}
	switch f {
	case Auto, Text, HTML, JSON, JSONL, CSV:
		return f, nil
	case "txt":
		return Text, nil
	case "htm":
		return HTML, nil
	case "ndjson":
		return JSONL, nil
	case "tsv":
		return CSV, nil
	}
	return "", fmt.Errorf("format %q: expected one of auto, text, html, json, jsonl, csv: %w", s, ErrFormat)
}

// SniffLen is how many bytes from the start of a file Detect needs to see.
const SniffLen = 64 << 10

var (
	// htmlStart matches the first tag of an HTML document or fragment.
	htmlStart = regexp.MustCompile(`(?i)^<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|div|article|main|section|header|p|span|h[1-6]|table|ul|ol|!--)[\s>/]`)
	// htmlAnywhere finds an HTML document that starts after some junk (a
	// saved page with a comment or an XML declaration first).
	htmlAnywhere = regexp.MustCompile(`(?i)<(?:!doctype\s+html|html[\s>]|body[\s>])`)
)

// Detect tells the format of a file from its first bytes (head; SniffLen
// bytes are enough) and, only when the content leaves it open, from the
// extension of name. HTML tags mean HTML; a JSON object on the first line
// followed by another, or alone, means JSONL; any other JSON value means
// JSON; a header line naming known CSV columns means CSV; everything else is
// a plain-text page copy.
func Detect(name string, head []byte) Format {
	head = decodeHead(head)
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case len(trimmed) == 0:
		return byExtension(ext, Text)
	case trimmed[0] == '<':
		if htmlStart.Match(trimmed) || htmlAnywhere.Match(trimmed) {
			return HTML
		}
		if bytes.HasPrefix(trimmed, []byte("<?xml")) && htmlAnywhere.Match(trimmed) {
			return HTML
		}
	case trimmed[0] == '{':
		return detectJSONObject(trimmed, ext)
	case trimmed[0] == '[':
		return JSON
	}
	if htmlAnywhere.Match(head) {
		return HTML
	}
	if looksLikeCSV(trimmed) {
		return CSV
	}
	return byExtension(ext, Text)
}

// detectJSONObject decides between one JSON document and JSON Lines when a
// file starts with '{'. A first line that holds a whole object (valid or
// not) followed by nothing or by another object makes JSON Lines, and so does
// a first line longer than the head; an object that goes on over several
// lines is one JSON document. The extension decides what is left open.
func detectJSONObject(b []byte, ext string) Format {
	lines := ext == ".jsonl" || ext == ".ndjson"
	line, rest, complete := bytes.Cut(b, []byte("\n"))
	if !complete {
		return JSONL // one line, or a first line longer than the head
	}
	line = bytes.TrimSpace(line)
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if _, closed := jsonValueEnd(line); !closed {
		return JSON // a pretty-printed object
	}
	if len(rest) == 0 || rest[0] == '{' || lines {
		return JSONL
	}
	return JSON
}

func byExtension(ext string, otherwise Format) Format {
	switch ext {
	case ".html", ".htm", ".xhtml", ".shtml":
		return HTML
	case ".json":
		return JSON
	case ".jsonl", ".ndjson":
		return JSONL
	case ".csv", ".tsv":
		return CSV
	case ".txt", ".text":
		return Text
	}
	return otherwise
}

// looksLikeCSV reports whether the first line is a CSV header with at least
// one text column and one more known column.
func looksLikeCSV(b []byte) bool {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	line = bytes.TrimRight(line, "\r")
	if len(line) == 0 || len(line) > 4096 || !utf8.Valid(line) {
		return false
	}
	comma := sniffDelimiter(string(line))
	if comma == 0 {
		return false
	}
	known, text := 0, false
	for _, name := range splitHeaderLine(string(line), comma) {
		f, ok := defaultColumnField(normaliseColumn(name))
		if !ok {
			continue
		}
		known++
		if f == FieldText || f == FieldCommentText {
			text = true
		}
	}
	return text && known >= 2
}

// decodeHead turns a UTF-16 head (with a byte order mark) into UTF-8 and
// drops a UTF-8 byte order mark, so that sniffing sees characters.
func decodeHead(head []byte) []byte {
	if enc := bomEncoding(head); enc != nil {
		out, err := enc.NewDecoder().Bytes(head[:len(head)&^1])
		if err == nil {
			return out
		}
		return nil
	}
	return bytes.TrimPrefix(head, utf8BOM)
}
