package interchange

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsmark/newsmark/annotate"
)

// encoder writes one format. The export driver calls begin once, document
// for every selected document in order, then end.
type encoder interface {
	begin(sel *selection) error
	document(u *docUnit, rep *ExportReport) error
	end(rep *ExportReport) error
}

// fileSink receives the files of a multi-file format (brat). A file is
// complete when the next one is created or the sink is closed.
type fileSink interface {
	create(name string) (io.Writer, error)
	close() error
}

func checkOptions(opts ExportOptions) error {
	if _, ok := opts.Format.info(); !ok {
		return fmt.Errorf("export: format %q: %w", opts.Format, ErrUnknownFormat)
	}
	if opts.OmitText && opts.Format.NeedsText() {
		return fmt.Errorf("export: %s files cannot leave the texts out: %w", opts.Format, ErrNeedsText)
	}
	return nil
}

func newEncoder(f Format, w io.Writer, sink fileSink, opts ExportOptions) encoder {
	switch f {
	case FormatJSON:
		return newNativeEncoder(w, false, !opts.OmitText)
	case FormatJSONL:
		return newNativeEncoder(w, true, !opts.OmitText)
	case FormatW3C:
		return &w3cEncoder{w: w}
	case FormatBrat:
		return &bratEncoder{sink: sink}
	case FormatDoccano:
		return &doccanoEncoder{w: w}
	case FormatLabelStudio:
		return &labelStudioEncoder{w: w}
	case FormatCoNLL:
		return &conllEncoder{w: w}
	case FormatCSV:
		return &csvEncoder{w: w, raw: opts.RawCSV}
	case FormatQDPX:
		return &qdpxEncoder{w: w}
	}
	panic("interchange: no encoder for " + string(f)) // checkOptions rejects unknown formats first
}

// Export writes the selected documents of store to w in opts.Format,
// reading and writing one document at a time so that memory does not grow
// with the corpus. progress, if not nil, is called with the number of
// documents done and the total, first with (0, total). Export stops with an
// error wrapping ctx.Err() when ctx is cancelled; w then holds an
// incomplete file, which is why a caller writing a file uses WriteFile.
// For brat, w receives a .zip archive of the brat files.
func Export(ctx context.Context, store annotate.Store, w io.Writer, opts ExportOptions, progress func(done, total int)) (ExportReport, error) {
	if err := checkOptions(opts); err != nil {
		return ExportReport{}, err
	}
	if opts.Format == FormatQDC {
		return exportQDC(store, w)
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	var sink fileSink
	if opts.Format == FormatBrat {
		sink = newZipSink(bw)
	}
	rep, err := run(ctx, store, newEncoder(opts.Format, bw, sink, opts), sink, opts, progress)
	if err != nil {
		return rep, err
	}
	if err := bw.Flush(); err != nil {
		return rep, fmt.Errorf("export: write: %w", err)
	}
	return rep, nil
}

func run(ctx context.Context, store annotate.Store, enc encoder, sink fileSink, opts ExportOptions, progress func(done, total int)) (ExportReport, error) {
	rep := ExportReport{Format: opts.Format, OffsetUnit: opts.Format.OffsetUnit()}
	sel, err := newSelection(store, opts)
	if err != nil {
		return rep, err
	}
	if err := enc.begin(sel); err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	err = sel.each(ctx, progress, func(u *docUnit) error {
		if err := enc.document(u, &rep); err != nil {
			return fmt.Errorf("export: document %s: %w", u.doc.ID, err)
		}
		rep.Documents++
		rep.Annotations += len(u.anns)
		rep.Relations += len(u.rels)
		rep.SegmentLabels += len(u.labels)
		return nil
	})
	if err != nil {
		return rep, err
	}
	if err := enc.end(&rep); err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	if sink != nil {
		if err := sink.close(); err != nil {
			return rep, fmt.Errorf("export: %w", err)
		}
	}
	return rep, nil
}

// WriteFile exports to path. It writes a temporary file in the same
// directory, syncs it and renames it into place, so a failed or cancelled
// export leaves no file (and an earlier file at path untouched). First it
// removes the temporary files that exports to path killed before their
// rename left (target.go). A file at path keeps its mode; a read-only one
// is refused (ErrTargetReadOnly); a symbolic link is replaced by the file,
// its target left as it was, and a warning says so. Errors name path, not
// the temporary file.
//
// Brat writes a .zip archive when path ends in ".zip", and a directory
// otherwise: a new directory built under a temporary name and renamed into
// place. An existing empty directory is replaced; one that holds files is
// refused with ErrTargetExists, so an export never mixes with or deletes
// other files.
func WriteFile(ctx context.Context, store annotate.Store, path string, opts ExportOptions, progress func(done, total int)) (ExportReport, error) {
	if err := checkOptions(opts); err != nil {
		return ExportReport{}, err
	}
	if opts.Format == FormatBrat && !strings.EqualFold(filepath.Ext(path), ".zip") {
		return writeDir(ctx, store, path, opts, progress)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	cleanStale(dir, base)
	var rep ExportReport
	mode, err := inspectTarget(path, &rep)
	if err != nil {
		return rep, err
	}
	tmp, err := os.CreateTemp(dir, tempPattern(base))
	if err != nil {
		return rep, fmt.Errorf("export to %s: cannot create a file in %s: %w", path, dir, errors.Unwrap(err))
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	notes := rep.Warnings
	rep, err = Export(ctx, store, tmp, opts, progress)
	rep.Warnings = append(notes, rep.Warnings...)
	if err != nil {
		return rep, targetError(err, tmp.Name(), path)
	}
	if mode != 0 {
		if err := tmp.Chmod(mode); err != nil {
			return rep, fmt.Errorf("export to %s: keep its mode %v: %w", path, mode, errors.Unwrap(err))
		}
	}
	if err := tmp.Sync(); err != nil {
		return rep, fmt.Errorf("export: sync %s: %w", path, errors.Unwrap(err))
	}
	if err := tmp.Close(); err != nil {
		return rep, fmt.Errorf("export: close %s: %w", path, errors.Unwrap(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return rep, targetError(err, tmp.Name(), path)
	}
	done = true
	syncDir(dir)
	return rep, nil
}

func writeDir(ctx context.Context, store annotate.Store, path string, opts ExportOptions, progress func(done, total int)) (ExportReport, error) {
	path = filepath.Clean(path)
	replaceEmpty := false
	if entries, err := os.ReadDir(path); err == nil {
		if len(entries) > 0 {
			return ExportReport{}, fmt.Errorf("export: %s holds files; choose a new directory or a .zip name: %w", path, ErrTargetExists)
		}
		replaceEmpty = true
	} else if !errors.Is(err, os.ErrNotExist) {
		return ExportReport{}, fmt.Errorf("export: %w", err)
	}
	parent := filepath.Dir(path)
	cleanStale(parent, filepath.Base(path))
	tmp, err := os.MkdirTemp(parent, tempPattern(filepath.Base(path)))
	if err != nil {
		return ExportReport{}, fmt.Errorf("export to %s: cannot create a directory in %s: %w", path, parent, errors.Unwrap(err))
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	sink := &dirSink{dir: tmp}
	rep, err := run(ctx, store, newEncoder(opts.Format, nil, sink, opts), sink, opts, progress)
	if err != nil {
		sink.close()
		return rep, targetError(err, tmp, path)
	}
	syncDir(tmp)
	if replaceEmpty {
		if err := os.Remove(path); err != nil {
			return rep, fmt.Errorf("export: %w", err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return rep, targetError(err, tmp, path)
	}
	done = true
	syncDir(parent)
	return rep, nil
}

// syncDir makes a rename in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // not supported everywhere (Windows); the rename itself is done
		d.Close()
	}
}

// dirSink writes each file into a directory, syncing it when it is done.
type dirSink struct {
	dir string
	cur *os.File
	buf *bufio.Writer
}

func (s *dirSink) finish() error {
	if s.cur == nil {
		return nil
	}
	f := s.cur
	s.cur = nil
	if err := s.buf.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (s *dirSink) create(name string) (io.Writer, error) {
	if err := s.finish(); err != nil {
		return nil, err
	}
	p := filepath.Join(s.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	s.cur = f
	if s.buf == nil {
		s.buf = bufio.NewWriterSize(f, 64<<10)
	} else {
		s.buf.Reset(f)
	}
	return s.buf, nil
}

func (s *dirSink) close() error { return s.finish() }
