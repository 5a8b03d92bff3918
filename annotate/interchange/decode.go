package interchange

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// Project is what decoding reads from the project a file is imported into:
// its codebook, to map foreign labels onto existing ones, and its documents,
// to anchor W3C and Hypothesis annotations (which carry no text) and
// text-less native exports. annotate.Store satisfies it.
type Project interface {
	Codebook() (*annotate.Codebook, error)
	Documents() ([]annotate.DocumentSummary, error)
	Document(id string) (*annotate.Document, error)
}

// DefaultAnnotator is the annotator given to imported spans whose format
// names none (brat, doccano, CoNLL).
const DefaultAnnotator = "import"

// DecodeOptions tunes a decoder.
type DecodeOptions struct {
	// Format of the input; "" detects it from the name and the first bytes.
	Format Format
	// Annotator for spans whose format names none; "" uses
	// DefaultAnnotator.
	Annotator string
	// Project, if not nil, is the project the batch is meant for: labels
	// map onto its codebook and W3C targets anchor in its documents.
	Project Project
	// Now stamps imported documents; nil uses time.Now.
	Now func() time.Time
	// SkipBad imports an annotation set that has bad items without them,
	// listing them in DecodeReport.Bad; without it such a set is refused
	// whole with a *BadItemsError naming every bad item.
	SkipBad bool
}

func (o *DecodeOptions) annotator() string {
	if o.Annotator != "" {
		return o.Annotator
	}
	return DefaultAnnotator
}

func (o *DecodeOptions) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

// Decode reads one file of the given format ("" detects it) into a batch
// ready for Store.Import. name is used in error messages and, for foreign
// formats, as the documents' source. Brat input is a .zip archive of
// .txt/.ann files; a directory is read with ReadPath.
func Decode(name string, r io.Reader, format Format) (*annotate.Batch, DecodeReport, error) {
	return DecodeWith(name, r, DecodeOptions{Format: format})
}

// DecodeWith is Decode with options.
func DecodeWith(name string, r io.Reader, opts DecodeOptions) (*annotate.Batch, DecodeReport, error) {
	format := opts.Format
	if format == "" {
		head := make([]byte, sniffLen)
		n, err := io.ReadFull(r, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, DecodeReport{}, fmt.Errorf("import %s: %w", name, err)
		}
		head = head[:n]
		f, ok := Detect(name, head)
		if !ok {
			return nil, DecodeReport{}, fmt.Errorf("import %s: cannot tell the format from the name or the content; name it: %w", name, ErrUnknownFormat)
		}
		format = f
		r = io.MultiReader(bytes.NewReader(head), r)
	}
	if _, ok := format.info(); !ok {
		return nil, DecodeReport{}, fmt.Errorf("import %s: format %q: %w", name, format, ErrUnknownFormat)
	}
	if !format.CanImport() {
		return nil, DecodeReport{}, fmt.Errorf("import %s: %s: %w", name, format, ErrNotImportable)
	}
	opts.Format = format
	r = limitInput(r, name, format)
	d, err := newDecoder(name, opts)
	if err != nil {
		return nil, DecodeReport{}, err
	}
	switch format {
	case FormatJSON:
		err = d.native(r, false)
	case FormatJSONL:
		err = d.native(r, true)
	case FormatW3C:
		err = d.w3c(r)
	case FormatBrat:
		err = d.bratZip(r)
	case FormatDoccano:
		err = d.doccano(r)
	case FormatLabelStudio:
		err = d.labelStudio(r)
	case FormatCoNLL:
		err = d.conll(r)
	case FormatQDPX:
		err = d.qdpx(r)
	case FormatQDC:
		err = d.qdc(r)
	}
	if err != nil {
		return nil, DecodeReport{}, err
	}
	return d.finish()
}

// ReadPath decodes a file, or a brat directory, at path. A .ann or .txt
// file is read with its brat partner; a directory is read as brat (its
// annotation.conf, every .txt with its .ann, and the newsmark.jsonl record
// a Newsmark export leaves beside them).
func ReadPath(path string, opts DecodeOptions) (*annotate.Batch, DecodeReport, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, DecodeReport{}, fmt.Errorf("import: %w", err)
	}
	if !fi.IsDir() && opts.Format == "" {
		if f, err := os.Open(path); err == nil {
			head := make([]byte, sniffLen)
			n, _ := io.ReadFull(f, head)
			f.Close()
			if format, ok := Detect(path, head[:n]); ok {
				opts.Format = format
			}
		}
	}
	isZip := strings.EqualFold(filepath.Ext(path), ".zip")
	if fi.IsDir() || opts.Format == FormatBrat && !isZip {
		if opts.Format != "" && opts.Format != FormatBrat {
			return nil, DecodeReport{}, fmt.Errorf("import %s: a directory holds brat files, not %s: %w", path, opts.Format, ErrUnknownFormat)
		}
		opts.Format = FormatBrat
		d, err := newDecoder(path, opts)
		if err != nil {
			return nil, DecodeReport{}, err
		}
		if err := d.bratPath(path, fi.IsDir()); err != nil {
			return nil, DecodeReport{}, err
		}
		return d.finish()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, DecodeReport{}, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	return DecodeWith(path, f, opts)
}

// ImportResult is what Import did: what the file held and how its labels
// mapped, and what the store added and skipped.
type ImportResult struct {
	Decode DecodeReport
	Store  annotate.ImportReport
}

// Import reads path (a file or a brat directory) and stores it in store in
// one transaction; labels map onto store's codebook and W3C targets anchor
// in its documents. Bad input is reported before anything is stored, so a
// failed import changes nothing. A cancelled ctx stops it before the store
// is written.
func Import(ctx context.Context, store annotate.Store, path string, opts DecodeOptions) (ImportResult, error) {
	if opts.Project == nil {
		opts.Project = store
	}
	b, rep, err := ReadPath(path, opts)
	if err != nil {
		return ImportResult{Decode: rep}, err
	}
	if err := ctx.Err(); err != nil {
		return ImportResult{Decode: rep}, fmt.Errorf("import %s cancelled: %w", path, err)
	}
	sr, err := store.Import(b)
	if err != nil {
		return ImportResult{Decode: rep}, fmt.Errorf("import %s: %w", path, err)
	}
	return ImportResult{Decode: rep, Store: sr}, nil
}

const sniffLen = 8 << 10

// nativeHead matches the start of a native file: Newsmark writes "format"
// first. (A carried record inside a doccano line or a Label Studio task
// also says "format": "newsmark", but not as the file's first member.)
var nativeHead = regexp.MustCompile(`^\{\s*"format"\s*:\s*"newsmark"`)

// Detect guesses a file's format from its name and its first bytes (a few
// kilobytes are enough). It reports false when it cannot tell. CSV is never
// detected: it cannot be imported.
func Detect(name string, head []byte) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".qdpx":
		return FormatQDPX, true
	case ".qdc":
		return FormatQDC, true
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) && looksLikeQDPX(head) {
		return FormatQDPX, true
	}
	switch ext {
	case ".ann", ".zip":
		return FormatBrat, true
	case ".conll", ".conllu", ".bio", ".iob", ".iob2", ".tsv", ".conll03":
		return FormatCoNLL, true
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return FormatBrat, true
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return "", false
	}
	if trimmed[0] == '<' && bytes.Contains(trimmed, []byte("<CodeBook")) && bytes.Contains(trimmed, []byte("urn:QDA-XML:codebook")) {
		return FormatQDC, true
	}
	if trimmed[0] != '{' && trimmed[0] != '[' {
		if looksLikeCoNLL(trimmed) {
			return FormatCoNLL, true
		}
		if ext == ".txt" {
			return FormatBrat, true
		}
		return "", false
	}
	s := string(trimmed)
	has := func(keys ...string) bool {
		for _, k := range keys {
			if strings.Contains(s, `"`+k+`"`) {
				return true
			}
		}
		return false
	}
	switch {
	case nativeHead.MatchString(s):
		if has("layout") && strings.Contains(s, `"jsonl"`) || ext == ".jsonl" || ext == ".ndjson" {
			return FormatJSONL, true
		}
		return FormatJSON, true
	case has("@context", "TextQuoteSelector", "TextPositionSelector", "AnnotationCollection") ||
		has("uri") && has("user") && has("target"):
		return FormatW3C, true
	case has("data") && has("annotations", "predictions", "result"):
		return FormatLabelStudio, true
	case has("text", "column_data") && has("label", "labels", "entities", "column_label"):
		return FormatDoccano, true
	case ext == ".jsonl" || ext == ".ndjson":
		return FormatDoccano, true
	}
	return "", false
}

func looksLikeCoNLL(head []byte) bool {
	lines := strings.SplitN(string(head), "\n", 12)
	seen := 0
	for _, l := range lines {
		l = strings.TrimRight(l, "\r")
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "-DOCSTART-") {
			continue
		}
		f := strings.Fields(l)
		if len(f) < 2 {
			return false
		}
		if _, _, ok := parseTag(f[len(f)-1]); !ok {
			return false
		}
		seen++
	}
	return seen > 0
}

// lineCounter passes reads through and records where lines start, so a
// JSON decoder's byte offset can be named as a line.
type lineCounter struct {
	r  io.Reader
	n  int64
	nl []int64 // offsets of '\n'
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	b := p[:n]
	base := c.n
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			break
		}
		c.nl = append(c.nl, base+int64(i))
		base += int64(i) + 1
		b = b[i+1:]
	}
	c.n += int64(n)
	return n, err
}

// end returns the offset of the last byte read, for errors at the end of
// the input.
func (c *lineCounter) end() int64 {
	return max(c.n-1, 0)
}

// errOffset returns the byte offset a JSON error points at: the end of the
// input when the input was cut short, else the error's own offset, else
// def.
func (c *lineCounter) errOffset(err error, def int64) int64 {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return c.end()
	}
	return jsonErrOffset(err, def)
}

// line returns the 1-based line of byte offset off.
func (c *lineCounter) line(off int64) int {
	return sort.Search(len(c.nl), func(i int) bool { return c.nl[i] >= off }) + 1
}

// jsonErrOffset returns the byte offset a JSON error points at, or def.
func jsonErrOffset(err error, def int64) int64 {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Offset
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Offset
	}
	return def
}

// jsonErrMsg explains a JSON decoding error in a user's words.
func jsonErrMsg(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "value"
		}
		return fmt.Sprintf("%s: expected %s, found %s", field, te.Type, te.Value)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "the file ends in the middle of a JSON value"
	}
	return "expected valid JSON: " + err.Error()
}
