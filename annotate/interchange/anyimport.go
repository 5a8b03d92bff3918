package interchange

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

// This file decides, for every file a user imports, whether it is a news
// page or corpus (package importer makes documents of it) or an annotation
// set (this package's formats), so that `newsmark import` and the window's
// Import take the same way.

// AnyOptions are the choices of an import of files of any kind.
type AnyOptions struct {
	// Format is a page format (auto, text, html, json, jsonl, csv) or an
	// annotation format (json, jsonl, w3c, brat, doccano, labelstudio,
	// conll). "json" and "jsonl" mean a Newsmark export when the file says
	// so ("format": "newsmark") and a corpus file otherwise.
	Format string
	// Annotator is recorded on imported spans whose format names none.
	Annotator string
	// SkipBad imports annotation sets without their bad items instead of
	// refusing them whole (DecodeOptions.SkipBad).
	SkipBad bool
	// Pages are the options of the page and corpus importer.
	Pages importer.Options
}

// FileResult is what importing one file did: Pages for a page or corpus
// file, Annotations for an annotation set. Err says why nothing of the file
// was imported; the project is then unchanged by it.
type FileResult struct {
	Path        string
	Pages       *importer.Result
	Annotations *ImportResult
	Err         error
}

// pageOnly and annotationOnly are the format names that settle the kind.
var (
	pageOnly       = map[string]bool{"text": true, "html": true, "csv": true}
	annotationOnly = map[string]bool{"w3c": true, "brat": true, "doccano": true, "labelstudio": true, "conll": true,
		"label-studio": true, "label_studio": true, "hypothesis": true, "bio": true, "iob": true,
		"qdpx": true, "qdc": true, "refi": true, "refi-qda": true}
	strongExtensions = map[string]bool{".ann": true, ".zip": true, ".conll": true, ".conllu": true, ".bio": true,
		".iob": true, ".iob2": true, ".conll03": true, ".qdpx": true, ".qdc": true}
)

// Classify says whether path holds an annotation set, and in which format,
// rather than news pages. It reads the first bytes of a file.
func Classify(path, format string) (Format, bool, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if pageOnly[format] {
		return "", false, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "", false, err
	}
	if fi.IsDir() {
		return FormatBrat, true, nil
	}
	if annotationOnly[format] {
		f, err := ParseFormat(format)
		return f, err == nil, err
	}
	head, err := readHead(path)
	if err != nil {
		return "", false, err
	}
	// Content decides; the name only for extensions that no page has.
	// (A .jsonl corpus or a .txt page copy must not pass for doccano or
	// brat files.)
	probe := "content"
	if strongExtensions[strings.ToLower(filepath.Ext(path))] {
		probe = path
	}
	f, ok := Detect(probe, head)
	if !ok {
		return "", false, nil
	}
	if format == "json" || format == "jsonl" {
		// A corpus file, unless it is Newsmark's own export.
		return f, f == FormatJSON || f == FormatJSONL, nil
	}
	return f, true, nil
}

func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return head[:n], nil
}

// ImportAny imports files of any kind, each in its own transaction, and
// returns one result per file: news pages and corpus files first (through
// importer.ImportFiles, which pairs an articles CSV with its comments CSV),
// then annotation sets. progress, if not nil, is called with the files done
// and the file being read; a GUI hands it to its UI thread. A cancelled ctx
// stops between files and leaves the files not yet imported out.
func ImportAny(ctx context.Context, store annotate.Store, paths []string, opts AnyOptions, progress func(done, total int, file string)) []FileResult {
	var pages, sets []string
	var results []FileResult
	formats := map[string]Format{}
	for _, p := range paths {
		f, isSet, err := Classify(p, opts.Format)
		switch {
		case err != nil:
			results = append(results, FileResult{Path: p, Err: fmt.Errorf("import %s: %w", p, err)})
		case isSet:
			sets = append(sets, p)
			formats[p] = f
		default:
			pages = append(pages, p)
		}
	}
	total, done := len(paths), len(results)
	report := func(file string) {
		if progress != nil {
			progress(done, total, file)
		}
	}
	if len(pages) > 0 {
		po := opts.Pages
		if f := strings.ToLower(opts.Format); f != "" && f != "auto" {
			pf, err := importer.ParseFormat(f)
			if err != nil {
				for _, p := range pages {
					results = append(results, FileResult{Path: p, Err: err})
				}
				pages = nil
			}
			po.Format = pf
		}
		if len(pages) > 0 {
			for _, r := range importer.ImportFiles(ctx, store, pages, po, func(p importer.Progress) {
				if progress != nil {
					progress(done+p.FilesDone, total, p.File)
				}
			}) {
				r := r
				results = append(results, FileResult{Path: r.File, Pages: &r, Err: r.Err})
			}
			done = len(results)
		}
	}
	for _, p := range sets {
		if err := ctx.Err(); err != nil {
			results = append(results, FileResult{Path: p, Err: fmt.Errorf("import %s: %w", p, importer.ErrCancelled)})
			continue
		}
		report(p)
		res, err := Import(ctx, store, p, DecodeOptions{Format: formats[p], Annotator: opts.Annotator, SkipBad: opts.SkipBad})
		results = append(results, FileResult{Path: p, Annotations: &res, Err: err})
		done++
	}
	report("")
	return results
}
