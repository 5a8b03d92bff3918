package interchange

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/newsmark/newsmark/annotate/importer"
)

// The size limits of importer (importer.MaxZipEntrySize and the others)
// hold for annotation sets too; this file applies them to what this
// package reads whole.

// readZip reads a .zip archive of at most importer.MaxArchiveSize bytes and
// refuses one with a file that would unpack to more than
// importer.MaxZipEntrySize, or whose files would unpack to more than
// importer.MaxArchiveSize together, by their stated sizes (archive/zip
// fails a file that gives more than its stated size).
func (d *decoder) readZip(r io.Reader) (*zip.Reader, []byte, error) {
	data, err := io.ReadAll(importer.LimitReader(r, importer.MaxArchiveSize, d.name, "a .zip archive"))
	if err != nil {
		if errors.Is(err, importer.ErrTooLarge) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("import %s: %w", d.name, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, data, err
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > importer.MaxZipEntrySize {
			return nil, nil, importer.TooLarge(d.fileIn(f.Name), "one file in a .zip archive", importer.MaxZipEntrySize)
		}
		total += f.UncompressedSize64
		if total > importer.MaxArchiveSize {
			return nil, nil, importer.TooLarge(d.name, "what all files of a .zip archive unpack to", importer.MaxArchiveSize)
		}
	}
	return zr, data, nil
}

// readEntry reads one file of a brat directory or archive whole, refusing
// one larger than importer.MaxZipEntrySize (in an archive) or
// importer.MaxTextSize (in a directory) before reading it, by its stated
// size, and while reading it, by what it gives.
func (d *decoder) readEntry(fsys fs.FS, name string) ([]byte, error) {
	limit, what := int64(importer.MaxTextSize), "a brat file"
	if _, ok := fsys.(*zip.Reader); ok {
		limit, what = importer.MaxZipEntrySize, "one file in a .zip archive"
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > limit {
		return nil, importer.TooLarge(d.fileIn(name), what, limit)
	}
	return io.ReadAll(importer.LimitReader(f, limit, d.fileIn(name), what))
}

// limitInput bounds a file being decoded: a JSON annotation set that is
// read whole by importer.MaxJSONSetSize, any other by importer.MaxFileSize
// (brat archives have their own limits, in readZip).
func limitInput(r io.Reader, name string, f Format) io.Reader {
	switch f {
	case FormatW3C, FormatLabelStudio, FormatDoccano:
		return importer.LimitReader(r, importer.MaxJSONSetSize, name, "a JSON annotation set")
	}
	return importer.LimitReader(r, importer.MaxFileSize, name, "one input")
}
