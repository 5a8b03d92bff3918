package interchange

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/newsmark/newsmark/annotate"
)

// CodebookFormats are the formats of a codebook file: Newsmark's own JSON
// and the REFI-QDA codebook (.qdc) of MAXQDA, ATLAS.ti, NVivo and
// QualCoder.
var CodebookFormats = []string{"json", "qdc"}

// CodebookFormatOf returns the format of a codebook file: given (any case),
// else from the file name's extension, else json.
func CodebookFormatOf(given, name string) (string, error) {
	f := strings.ToLower(given)
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(name)), ".")
		if f != "qdc" {
			f = "json"
		}
	}
	for _, k := range CodebookFormats {
		if f == k {
			return f, nil
		}
	}
	return "", fmt.Errorf("codebook format %q is not one this Newsmark reads or writes (formats: %s)", given, strings.Join(CodebookFormats, ", "))
}

// ReadCodebookAs reads a codebook file named name in format ("json" or
// "qdc"; see CodebookFormatOf).
func ReadCodebookAs(name, format string, r io.Reader) (*CodebookFile, error) {
	switch format {
	case "qdc":
		cb, err := ReadQDC(name, r)
		if err != nil {
			return nil, err
		}
		return &CodebookFile{Codebook: cb, qdc: true}, nil
	case "json":
		return ReadCodebook(name, r)
	}
	return nil, fmt.Errorf("read codebook %s: unknown format %q", name, format)
}

// WriteCodebookAs writes cb (and, in Newsmark's JSON, its change list) in
// format.
func WriteCodebookAs(w io.Writer, format string, cb *annotate.Codebook, log []annotate.CodebookLogEntry) error {
	switch format {
	case "qdc":
		return WriteQDC(w, cb)
	case "json":
		return WriteCodebook(w, cb, log)
	}
	return fmt.Errorf("write codebook: unknown format %q", format)
}

// ImportCodebook returns the undoable change that merges the codebook of f
// (read from the file named source) into the project's codebook cur, and
// what it changes: entries match by GUID, else by id; new ones are added,
// matched ones take the file's fields, the project's others are kept, and
// no annotation is dropped. A .qdc's codes take the ids, keys and kinds of
// the project's labels they match (AlignQDC), so a codebook that went to a
// QDA program and came back is the same codebook.
func ImportCodebook(cur *annotate.Codebook, f *CodebookFile, source string) (*annotate.EditCodebook, annotate.CodebookMergeReport, error) {
	in := f.Codebook
	if f.qdc {
		in = AlignQDC(cur, in)
	}
	change, rep, err := annotate.NewImportCodebook(cur, in, filepath.Base(source))
	if err != nil {
		return nil, rep, fmt.Errorf("codebook import %s: %w", source, err)
	}
	change.Edit.Earlier = f.Log
	return change, rep, nil
}
