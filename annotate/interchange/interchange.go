// Package interchange moves annotation sets between a Newsmark project and
// files: the native JSON and JSONL formats, which round-trip everything, and
// the formats other annotation tools speak (W3C Web Annotation, brat
// standoff, doccano JSONL, Label Studio JSON, CoNLL/BIO, and a long CSV for
// R and SPSS).
//
// Export streams a selection of the project to a writer one document at a
// time, so its memory does not grow with the corpus; WriteFile does the same
// into a file (or a brat directory) through a temporary name that is renamed
// into place only when everything was written. Decode and ReadPath turn a
// file into an annotate.Batch for Store.Import, mapping foreign labels into
// the codebook; Import does both in one call.
//
// Every format states its offset unit (Format.OffsetUnit). Newsmark counts
// code points, and so do W3C, brat and Label Studio; doccano and
// Hypothesis count UTF-16 code units, and their exporters and importers
// convert through the annotate package's offset functions.
//
// Formats that see one text per document (brat, doccano, Label Studio, W3C
// positions) see the document's segments joined by SegmentSeparator; the
// exporters keep a Newsmark record of the segments beside that text so
// that importing the file back splits it again (see docs/interchange.md).
package interchange

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Format names an interchange format, as `newsmark export --format` spells
// it.
type Format string

// The formats Newsmark reads and writes.
const (
	FormatJSON        Format = "json"        // native, lossless
	FormatJSONL       Format = "jsonl"       // native, one document per line
	FormatW3C         Format = "w3c"         // W3C Web Annotation JSON-LD (and Hypothesis API records on import)
	FormatBrat        Format = "brat"        // brat standoff: .txt + .ann per document, annotation.conf
	FormatDoccano     Format = "doccano"     // doccano JSONL, sequence labelling with relations
	FormatLabelStudio Format = "labelstudio" // Label Studio JSON tasks with text labels
	FormatCoNLL       Format = "conll"       // CoNLL token-per-line BIO tags
	FormatCSV         Format = "csv"         // one row per span and attribute (export only)
	FormatQDPX        Format = "qdpx"        // REFI-QDA project: a zip with project.qde and the sources
	FormatQDC         Format = "qdc"         // REFI-QDA codebook
)

// OffsetUnit says what the offsets of a format count.
type OffsetUnit string

// The offset units of the formats.
const (
	UnitCodePoint OffsetUnit = "codepoint" // Unicode code points (Newsmark, W3C, brat, Label Studio)
	UnitUTF16     OffsetUnit = "utf16"     // UTF-16 code units (JavaScript tools)
	UnitToken     OffsetUnit = "token"     // no offsets: one token per line
)

type formatInfo struct {
	format    Format
	canImport bool
	unit      OffsetUnit
	ext       string
	needsText bool // the format carries the text itself
	title     string
}

var formatTable = []formatInfo{
	{FormatJSON, true, UnitCodePoint, ".json", false, "Newsmark JSON"},
	{FormatJSONL, true, UnitCodePoint, ".jsonl", false, "Newsmark JSONL (one document per line)"},
	{FormatW3C, true, UnitCodePoint, ".jsonld", false, "W3C Web Annotation (JSON-LD)"},
	{FormatBrat, true, UnitCodePoint, "", true, "brat standoff (directory or .zip)"},
	{FormatDoccano, true, UnitUTF16, ".jsonl", true, "doccano JSONL"},
	{FormatLabelStudio, true, UnitCodePoint, ".json", true, "Label Studio JSON"},
	{FormatCoNLL, true, UnitToken, ".conll", true, "CoNLL / BIO tokens"},
	{FormatCSV, false, UnitCodePoint, ".csv", false, "CSV, one row per span and attribute"},
	{FormatQDPX, true, UnitCodePoint, ".qdpx", true, "REFI-QDA project (.qdpx: MAXQDA, ATLAS.ti, NVivo, QualCoder)"},
	{FormatQDC, true, UnitCodePoint, ".qdc", false, "REFI-QDA codebook (.qdc)"},
}

func (f Format) info() (formatInfo, bool) {
	for _, fi := range formatTable {
		if fi.format == f {
			return fi, true
		}
	}
	return formatInfo{}, false
}

// Formats lists every format, in the order a format menu shows them.
func Formats() []Format {
	out := make([]Format, len(formatTable))
	for i, fi := range formatTable {
		out[i] = fi.format
	}
	return out
}

// ImportFormats lists the formats that can be imported.
func ImportFormats() []Format {
	var out []Format
	for _, fi := range formatTable {
		if fi.canImport {
			out = append(out, fi.format)
		}
	}
	return out
}

// ParseFormat returns the format named s (case-insensitive; "label-studio",
// "ls", "bio" and "w3c-jsonld" are accepted too) or an error wrapping
// ErrUnknownFormat that lists the names.
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	switch name {
	case "label-studio", "label_studio", "ls":
		name = string(FormatLabelStudio)
	case "bio", "iob", "conll2003":
		name = string(FormatCoNLL)
	case "w3c-jsonld", "jsonld", "webannotation", "hypothesis":
		name = string(FormatW3C)
	case "ndjson":
		name = string(FormatJSONL)
	case "refi", "refi-qda", "qde":
		name = string(FormatQDPX)
	}
	if _, ok := Format(name).info(); ok {
		return Format(name), nil
	}
	names := make([]string, len(formatTable))
	for i, fi := range formatTable {
		names[i] = string(fi.format)
	}
	return "", fmt.Errorf("format %q (use one of %s): %w", s, strings.Join(names, ", "), ErrUnknownFormat)
}

// String returns the format's name.
func (f Format) String() string { return string(f) }

// Title returns a name for menus, such as "brat standoff (directory or .zip)".
func (f Format) Title() string {
	fi, _ := f.info()
	return fi.title
}

// CanImport reports whether files of the format can be imported.
func (f Format) CanImport() bool {
	fi, _ := f.info()
	return fi.canImport
}

// OffsetUnit returns what the format's offsets count.
func (f Format) OffsetUnit() OffsetUnit {
	fi, _ := f.info()
	return fi.unit
}

// Extension returns the usual file name extension, with its dot; "" for
// brat, which writes a directory (or a .zip archive).
func (f Format) Extension() string {
	fi, _ := f.info()
	return fi.ext
}

// MultiFile reports whether the format is a set of files (brat), written to
// a directory or a .zip archive.
func (f Format) MultiFile() bool { return f == FormatBrat }

// NeedsText reports whether the format carries the documents' texts, so
// that ExportOptions.OmitText cannot apply to it.
func (f Format) NeedsText() bool {
	fi, _ := f.info()
	return fi.needsText
}

// Sentinel errors callers can branch on with errors.Is.
var (
	// ErrUnknownFormat reports a format name or a file whose format is not
	// known.
	ErrUnknownFormat = errors.New("unknown format")
	// ErrNotImportable reports an import of a format that is export only.
	ErrNotImportable = errors.New("format can only be exported")
	// ErrSyntax reports input that does not follow its format; it is
	// wrapped in an *InputError that names the file and the place.
	ErrSyntax = errors.New("malformed input")
	// ErrNeedsText reports an export without texts to a format that carries
	// the text itself.
	ErrNeedsText = errors.New("this format carries the texts")
	// ErrTargetExists reports a brat export to a directory that already
	// holds files.
	ErrTargetExists = errors.New("export target already exists")
)

// InputError is malformed input: it names the file, the place (line, or
// byte offset for JSON) and what was expected. It wraps ErrSyntax, and the
// underlying error if there is one.
type InputError struct {
	File   string // file name as given to the decoder
	Line   int    // 1-based line, 0 if unknown
	Offset int64  // byte offset from the start of the file, -1 if unknown
	Msg    string // what was wrong or expected
	Err    error  // underlying error, may be nil
}

// Error returns "FILE line L (byte B): MSG".
func (e *InputError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
	} else {
		b.WriteString("input")
	}
	switch {
	case e.Line > 0 && e.Offset >= 0:
		fmt.Fprintf(&b, " line %d (byte %d)", e.Line, e.Offset)
	case e.Line > 0:
		fmt.Fprintf(&b, " line %d", e.Line)
	case e.Offset >= 0:
		fmt.Fprintf(&b, " byte %d", e.Offset)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns ErrSyntax and the underlying error.
func (e *InputError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrSyntax, e.Err}
	}
	return []error{ErrSyntax}
}

// ExportOptions chooses what Export writes.
type ExportOptions struct {
	Format Format
	// Documents lists the ids of the documents to export, in this order;
	// empty exports every document in import order.
	Documents []string
	// Annotators keeps only these annotators' annotations, relations and
	// segment labels; empty keeps everyone's.
	Annotators []string
	// OmitText leaves segment texts out (native JSON/JSONL; W3C and CSV never
	// hold texts). Formats that carry the text (brat, doccano, Label Studio,
	// CoNLL) refuse it with ErrNeedsText. Quotes are always written.
	OmitText bool
	// RawCSV writes CSV cells exactly as they are. By default a cell that
	// starts with =, +, -, @, a tab or a carriage return gets a leading
	// apostrophe, so that a spreadsheet shows it instead of running it as a
	// formula (OWASP's advice on CSV injection).
	RawCSV bool
}

// ExportReport says what an export wrote.
type ExportReport struct {
	Format     Format
	OffsetUnit OffsetUnit
	Documents  int
	// Annotations, Relations and SegmentLabels count what was written.
	Annotations, Relations, SegmentLabels int
	// DocumentVariables counts the document facts written as rows of their
	// own (CSV: outlet, language, page facts).
	DocumentVariables int
	// Warnings name what the format could not express, such as CoNLL
	// spans hidden by an overlapping span, each naming the span: the first
	// MaxWarnings of them.
	Warnings []string
	// WarningsLeftOut counts the warnings after the first MaxWarnings,
	// which are not kept, so that an export's memory does not grow with
	// the corpus (a CoNLL export of 600,000 spans can warn 180,000 times).
	WarningsLeftOut int
}

// MaxWarnings is how many warnings an ExportReport keeps.
const MaxWarnings = 200

func (r *ExportReport) warnf(format string, args ...any) {
	if len(r.Warnings) >= MaxWarnings {
		r.WarningsLeftOut++
		return
	}
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

// DecodeReport says what a decoder read and how it mapped foreign labels.
type DecodeReport struct {
	Format Format
	// Documents, Annotations, Relations and SegmentLabels count what the
	// batch holds.
	Documents, Annotations, Relations, SegmentLabels int
	// Labels lists every foreign label and the codebook id it became.
	Labels []LabelMapping
	// Skipped names what the input held but the batch does not, each with
	// the place and the reason (a brat event, a W3C target with no text
	// selector, a span that crosses two segments, a duplicate span).
	Skipped []string
	// Bad names the bad items left out because DecodeOptions.SkipBad was
	// set (offsets outside the text, a quote that does not match, a target
	// not found), each with its place and what is wrong.
	Bad []string
	// Notes are other remarks on the input, such as a pretty-printed JSONL
	// file read as a JSON stream.
	Notes []string
}

func (r *DecodeReport) skipf(format string, args ...any) {
	r.Skipped = append(r.Skipped, fmt.Sprintf(format, args...))
}

func (r *DecodeReport) notef(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !slices.Contains(r.Notes, msg) {
		r.Notes = append(r.Notes, msg)
	}
}

// LabelMapping says which codebook entry a foreign label became.
type LabelMapping struct {
	Foreign string // as the file spells it
	Kind    string // "span", "relation" or "segment"
	Label   string // codebook id it maps to
	Added   bool   // the id is new: the batch's codebook adds it
	How     string // "same id", "same name", "alias", "new"
	Count   int    // how many items used it
}
