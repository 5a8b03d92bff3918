package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// The native codebook file: the codebook alone, for moving it between
// projects (`newsmark codebook export/import`). It is an object
//
//	{"format": "newsmark-codebook", "version": 1, "exported": "…",
//	 "codebook": {…}, "codebook_log": […]}
//
// whose codebook and codebook_log are as in a native export
// (docs/schema/newsmark-v1.schema.json, #/$defs/codebook_file). A bare
// codebook object, as assets/codebook.json holds, reads too.

// codebookFormatName is the "format" of a native codebook file.
const codebookFormatName = "newsmark-codebook"

// CodebookFileVersion is the version of the codebook file this package
// writes.
const CodebookFileVersion = 1

type codebookFileJSON struct {
	Format      string             `json:"format"`
	Version     int                `json:"version"`
	Exported    time.Time          `json:"exported,omitzero"`
	Generator   string             `json:"generator,omitempty"`
	Codebook    *annotate.Codebook `json:"codebook"`
	CodebookLog []codebookLogJSON  `json:"codebook_log,omitempty"`
}

// WriteCodebook writes a native codebook file: cb and its change list.
func WriteCodebook(w io.Writer, cb *annotate.Codebook, log []annotate.CodebookLogEntry) error {
	f := codebookFileJSON{
		Format: codebookFormatName, Version: CodebookFileVersion, Exported: time.Now().UTC(),
		Generator: "Newsmark", Codebook: cb,
	}
	if len(log) > 0 {
		f.CodebookLog = toCodebookLogJSON(log)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(&f)
}

// CodebookFile is what a codebook file holds.
type CodebookFile struct {
	Codebook *annotate.Codebook
	Log      []annotate.CodebookLogEntry
	qdc      bool // read from a REFI-QDA .qdc: ids made from names
}

// ReadCodebook reads a native codebook file (or a bare codebook object)
// named name and validates the codebook. Errors name the file, and the
// line and column of a JSON mistake.
func ReadCodebook(name string, r io.Reader) (*CodebookFile, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("read codebook %s: %w", name, err)
	}
	fail := func(err error) error {
		if off := jsonErrOffset(err, -1); off >= 0 {
			line, col := lineCol(data, off)
			return fmt.Errorf("codebook %s line %d column %d: %s: %w", name, line, col, jsonErrMsg(err), annotate.ErrInvalid)
		}
		return fmt.Errorf("codebook %s: %s: %w", name, jsonErrMsg(err), annotate.ErrInvalid)
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fail(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	out := &CodebookFile{}
	if _, wrapped := probe["format"]; wrapped {
		var f codebookFileJSON
		if err := dec.Decode(&f); err != nil {
			return nil, fail(err)
		}
		if f.Format != codebookFormatName {
			return nil, fmt.Errorf("codebook %s: \"format\" is %q, expected %q: %w", name, f.Format, codebookFormatName, annotate.ErrInvalid)
		}
		if f.Version < 1 || f.Version > CodebookFileVersion {
			return nil, fmt.Errorf("codebook %s: version %d: this Newsmark reads versions 1 to %d: %w", name, f.Version, CodebookFileVersion, annotate.ErrInvalid)
		}
		if f.Codebook == nil {
			return nil, fmt.Errorf("codebook %s: \"codebook\" is missing: %w", name, annotate.ErrInvalid)
		}
		out.Codebook = f.Codebook
		for _, e := range f.CodebookLog {
			out.Log = append(out.Log, e.domain())
		}
	} else {
		var cb annotate.Codebook
		if err := dec.Decode(&cb); err != nil {
			return nil, fail(err)
		}
		out.Codebook = &cb
	}
	if err := out.Codebook.Validate(); err != nil {
		return nil, fmt.Errorf("codebook %s: %w", name, err)
	}
	return out, nil
}

// lineCol returns the 1-based line and column of byte offset off of data.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// WriteCodebookFile writes a codebook file to path through write (such as
// WriteCodebook), into a temporary file renamed into place, so that a
// failed export never leaves half a file.
func WriteCodebookFile(path string, write func(io.Writer) error) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	cleanStale(dir, base)
	var rep ExportReport
	mode, err := inspectTarget(path, &rep)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, tempPattern(base))
	if err != nil {
		return fmt.Errorf("export codebook to %s: cannot create a file in %s: %w", path, dir, errors.Unwrap(err))
	}
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return targetError(err, tmp.Name(), path)
	}
	if mode != 0 {
		if err := tmp.Chmod(mode); err != nil {
			return fmt.Errorf("export codebook to %s: keep its mode %v: %w", path, mode, errors.Unwrap(err))
		}
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("export codebook: sync %s: %w", path, errors.Unwrap(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export codebook: close %s: %w", path, errors.Unwrap(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return targetError(err, tmp.Name(), path)
	}
	tmp = nil
	syncDir(dir)
	return nil
}
