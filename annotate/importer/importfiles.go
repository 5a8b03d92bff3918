package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// Progress says how far ImportFiles has come. ImportFiles calls its
// progress function from the goroutine it runs on; a GUI hands the value to
// its UI thread (fyne.Do) before touching widgets.
type Progress struct {
	File      string // the file being read
	Files     int    // how many files the import has
	FilesDone int    // how many of them are finished, imported or not
	Bytes     int64  // the size of all files together
	BytesDone int64  // how much of that has been read
	Documents int    // documents read from the current file so far
}

// Fraction returns the part of the work done, from 0 to 1, by bytes.
func (p Progress) Fraction() float64 {
	if p.Bytes <= 0 {
		if p.Files == 0 {
			return 0
		}
		return float64(p.FilesDone) / float64(p.Files)
	}
	return min(1, float64(p.BytesDone)/float64(p.Bytes))
}

// DocResult describes a document that was imported.
type DocResult struct {
	ID       string
	Title    string
	Line     int // where the document starts in its file (JSONL, JSON, CSV), 0 otherwise
	Segments int
	Comments int
	// Note says what the page split could not account for ("found 0 of
	// the 35 comments the page announces"), "" if nothing.
	Note string
}

// Skip describes a document that was not imported because the project
// already has it.
type Skip struct {
	Title      string
	Line       int
	Reason     string // for people: "already in the project", "same content as line 3"
	ExistingID string // the document in the project with the same content, if any
}

// Result says what happened to one file: the documents it added, the ones
// it skipped, or why nothing of it was imported (Err, in which case the
// project is unchanged by this file).
type Result struct {
	File      string
	Articles  string // the articles CSV read together with File, if any
	Format    Format
	Documents []DocResult
	Skipped   []Skip
	// Warnings name what was wrong in the file but imported all the same
	// (a reply whose parent is missing, made a top-level comment).
	Warnings []Warning
	// Notes say where a corpus file's columns went that no field took
	// (document or comment metadata) and what its label columns became.
	Notes []string
	Err   error
}

// OK reports whether the file was imported (all of it, some documents
// possibly skipped as duplicates).
func (r Result) OK() bool { return r.Err == nil }

// ErrCancelled reports a file that was not imported because the user
// cancelled the import; it wraps context.Canceled.
var ErrCancelled = fmt.Errorf("import cancelled: %w", context.Canceled)

// unit is one file to import, or an articles and a comments CSV read
// together.
type unit struct {
	path     string
	articles string
	size     int64
}

// ImportFiles imports each file in its own transaction, all of it or
// nothing (a large file into a store that stages imports is written in
// parts that stay out of sight until its last transaction), and returns one Result per file in order (a comments CSV and the
// articles CSV it belongs to count as one). Documents whose content is
// already in the project are skipped and listed. progress, if not nil, is
// called as files are read. When ctx is cancelled, ImportFiles stops at the
// next read or document, stores nothing of the file it was reading, and
// marks the files it did not finish with ErrCancelled.
func ImportFiles(ctx context.Context, store annotate.Store, paths []string, opts Options, progress func(Progress)) []Result {
	units := planUnits(paths, &opts)
	p := Progress{Files: len(units)}
	for _, u := range units {
		p.Bytes += u.size
	}
	report := func() {
		if progress != nil {
			progress(p)
		}
	}
	results := make([]Result, 0, len(units))
	for _, u := range units {
		if ctx.Err() != nil {
			results = append(results, Result{File: u.path, Articles: u.articles, Err: ErrCancelled})
			p.FilesDone++
			continue
		}
		p.File, p.Documents = u.path, 0
		report()
		done := p.BytesDone
		res := importUnit(ctx, store, u, opts, func(read int64, docs int) {
			p.BytesDone, p.Documents = done+read, docs
			report()
		})
		results = append(results, res)
		p.FilesDone++
		p.BytesDone = done + u.size
		report()
	}
	return results
}

// planUnits pairs an articles CSV with a comments CSV when both are
// imported together and no articles file is set, and measures the files.
func planUnits(paths []string, opts *Options) []unit {
	units := make([]unit, len(paths))
	var articleTables, commentTables []int
	for i, path := range paths {
		units[i] = unit{path: path}
		if st, err := os.Stat(path); err == nil {
			units[i].size = st.Size()
		}
		if opts.CSV.Articles != "" || (opts.Format != "" && opts.Format != Auto && opts.Format != CSV) {
			continue
		}
		head, err := readHead(path)
		if err != nil || (opts.Format != CSV && Detect(path, head) != CSV) {
			continue
		}
		switch roleOfCSV(head, opts) {
		case csvArticles:
			articleTables = append(articleTables, i)
		case csvComments:
			commentTables = append(commentTables, i)
		}
	}
	if len(articleTables) != 1 || len(commentTables) != 1 {
		return units
	}
	a, c := articleTables[0], commentTables[0]
	units[c].articles = paths[a]
	units[c].size += units[a].size
	return append(units[:a], units[a+1:]...)
}

func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, SniffLen)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return buf[:n], nil
}

// progressEvery is how often a file's progress is reported while it is
// read.
const progressEvery = 100 * time.Millisecond

// importUnit reads one file (or CSV pair) completely, then stores its new
// documents in one Import call. The parser runs on its own goroutine;
// progress is reported from this one, so that a GUI gets it from one place.
func importUnit(ctx context.Context, store annotate.Store, u unit, opts Options, onRead func(read int64, docs int)) Result {
	res := Result{File: u.path, Articles: u.articles}
	f, err := os.Open(u.path)
	if err != nil {
		res.Err = fmt.Errorf("import %s: %w", u.path, err)
		return res
	}
	defer f.Close()
	if u.articles != "" {
		opts.CSV.Articles = u.articles
	}
	b := newBatcher(ctx, store, &res)
	b.corpus(&opts)
	cr := &ctxReader{ctx: ctx, r: f, size: u.size}
	var format Format
	done := make(chan error, 1)
	go func() {
		var err error
		format, err = Parse(u.path, cr, opts, b.add)
		done <- err
	}()
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for err == nil {
		select {
		case err = <-done:
			if err == nil {
				err = errParsed
			}
		case <-tick.C:
			onRead(cr.n.Load(), int(b.count.Load()))
		}
	}
	res.Format = format
	if err == errParsed {
		onRead(cr.n.Load(), int(b.count.Load()))
		err = nil
	}
	if err = b.finish(err); err != nil {
		res.Documents, res.Skipped = nil, nil
		res.Err = err
		if ctx.Err() != nil {
			res.Err = fmt.Errorf("%s: %w; nothing from this file was stored", u.path, ErrCancelled)
		}
	}
	return res
}

// errParsed ends importUnit's wait for the parser without an error.
var errParsed = errors.New("parsed")

// ImportText imports pasted text as one page copy, the GUI's "New document
// from clipboard". name becomes the document's Source ("clipboard" if
// empty).
func ImportText(ctx context.Context, store annotate.Store, name, text string, opts Options) Result {
	if name == "" {
		name = "clipboard"
	}
	res := Result{File: name, Format: Text}
	doc, err := ParseText(name, text, opts)
	if err != nil {
		res.Err = err
		return res
	}
	b := newBatcher(ctx, store, &res)
	if err := b.finish(b.add(doc, 0)); err != nil {
		res.Documents, res.Skipped = nil, nil
		res.Err = err
	}
	return res
}

// ImportReader imports one input that is not a file (a dropped URL's
// content, a test's bytes) in one transaction, as ImportFiles does for a
// file.
func ImportReader(ctx context.Context, store annotate.Store, name string, r io.Reader, opts Options) Result {
	res := Result{File: name}
	b := newBatcher(ctx, store, &res)
	b.corpus(&opts)
	var err error
	res.Format, err = Parse(name, &ctxReader{ctx: ctx, r: r}, opts, b.add)
	if err = b.finish(err); err != nil {
		res.Documents, res.Skipped = nil, nil
		res.Err = err
	}
	return res
}

// batcher collects a file's documents, leaving out those the project or
// the file already has, and stores them in one transaction, or, in a store
// that can stage an import (annotate.StagedImporter), in parts of about
// stageBytes of text that stay out of sight until the last transaction
// makes all of them visible at once. It then holds only one part's
// documents at a time, not the whole file's.
type batcher struct {
	ctx    context.Context
	store  annotate.Store
	res    *Result
	docs   []*annotate.Document // read and not yet handed to the store
	text   int                  // bytes of text in docs
	kept   []DocResult          // every document kept, in file order
	stage  annotate.ImportStage // nil until the first part is stored
	hashes map[string]int       // hash → line (or position) of its first document in this file
	count  atomic.Int64         // documents read so far, for progress from another goroutine
	extra  *corpusExtras        // warnings, labels and notes of a corpus file
}

// stageBytes is how much segment text a batcher collects before it stores
// a part of a staged import. A part's transaction holds about 5 times its
// text (the documents, their records, bbolt's pages); tests lower it.
var stageBytes = 4 << 20

func newBatcher(ctx context.Context, store annotate.Store, res *Result) *batcher {
	return &batcher{ctx: ctx, store: store, res: res, hashes: map[string]int{}}
}

func (b *batcher) add(doc *annotate.Document, line int) error {
	if err := b.ctx.Err(); err != nil {
		return err
	}
	if first, dup := b.hashes[doc.Hash]; dup {
		reason := "same content as an earlier document of this file"
		if first > 0 {
			reason = fmt.Sprintf("same content as line %d of this file", first)
		}
		b.res.Skipped = append(b.res.Skipped, Skip{Title: doc.Title, Line: line, Reason: reason})
		b.extra.drop(doc)
		return nil
	}
	b.hashes[doc.Hash] = line
	if doc.Source == b.res.File && b.res.File != "" {
		doc.Source = filepath.Base(doc.Source) // the file's name, not this machine's path
	}
	id, err := b.store.DocumentByHash(doc.Hash)
	switch {
	case err == nil:
		b.res.Skipped = append(b.res.Skipped, Skip{Title: doc.Title, Line: line, Reason: "already in the project", ExistingID: id})
		b.extra.drop(doc)
		return nil
	case !errors.Is(err, annotate.ErrNotFound):
		return fmt.Errorf("import %s: looking for a copy in the project: %w", b.res.File, err)
	}
	b.docs = append(b.docs, doc)
	b.kept = append(b.kept, DocResult{
		ID: doc.ID, Title: doc.Title, Line: line,
		Segments: len(doc.Segments), Comments: doc.CommentCount(), Note: doc.Meta[SplitNoteKey],
	})
	for i := range doc.Segments {
		b.text += len(doc.Segments[i].Text)
	}
	b.count.Add(1)
	if b.text >= stageBytes {
		return b.storePart()
	}
	return nil
}

// storePart hands the documents collected so far to the staged import,
// beginning it if need be, and lets go of them. A store that cannot stage
// keeps them all for commit.
func (b *batcher) storePart() error {
	if !b.extra.staging() {
		return nil
	}
	if b.stage == nil {
		staged, ok := b.store.(annotate.StagedImporter)
		if !ok {
			return nil
		}
		stage, err := staged.BeginImport()
		if err != nil {
			return fmt.Errorf("import %s: %w", b.res.File, err)
		}
		b.stage = stage
	}
	if err := b.stage.Add(b.docs); err != nil {
		return fmt.Errorf("import %s: %w", b.res.File, err)
	}
	clear(b.docs) // the documents are stored: let the collector have them
	b.docs, b.text = b.docs[:0], 0
	b.extra.settle()
	return nil
}

// finish commits the file's documents if err (the parse's outcome) is
// nil, and otherwise, or if the commit fails, drops what was staged.
func (b *batcher) finish(err error) error {
	if err == nil {
		err = b.commit()
	}
	if err != nil && b.stage != nil {
		if abortErr := b.stage.Abort(); abortErr != nil {
			err = errors.Join(err, fmt.Errorf("import %s: removing the documents stored so far: %w (they stay out of sight and go when the project is next opened)", b.res.File, abortErr))
		}
	}
	return err
}

// commit stores the collected documents in one Import call, or makes the
// staged import visible, and records what happened to each.
func (b *batcher) commit() error {
	if err := b.ctx.Err(); err != nil {
		return err
	}
	if len(b.kept) == 0 {
		b.extra.report(b.res, nil)
		return nil
	}
	var rep annotate.ImportReport
	var err error
	var batch *annotate.Batch
	if b.stage != nil {
		if len(b.docs) > 0 {
			if err := b.storePart(); err != nil {
				return err
			}
		}
		if err := b.ctx.Err(); err != nil {
			return err
		}
		rep, err = b.stage.Commit()
	} else {
		batch = &annotate.Batch{Documents: b.docs}
		b.extra.addLabels(batch)
		rep, err = b.store.Import(batch)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", b.res.File, err)
	}
	defer b.extra.report(b.res, batch)
	skipped := map[string]int{}
	for _, name := range rep.DocumentsSkipped {
		skipped[name]++
	}
	for _, d := range b.kept {
		name := d.Title
		if name == "" {
			name = d.ID
		}
		if skipped[name] > 0 {
			skipped[name]--
			b.res.Skipped = append(b.res.Skipped, Skip{Title: d.Title, Line: d.Line, Reason: "already in the project"})
			continue
		}
		b.res.Documents = append(b.res.Documents, d)
	}
	return nil
}

// ctxReader stops reading when ctx is cancelled and counts what it read.
type ctxReader struct {
	ctx  context.Context
	r    io.Reader
	size int64        // of the file, if known
	n    atomic.Int64 // bytes read, for progress from another goroutine
}

// Size returns the size of the file being read, 0 if unknown, so that a
// parser that reads everything can allocate once.
func (c *ctxReader) Size() int64 { return c.size }

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// describe names a document for a report line.
func describe(title string) string {
	if strings.TrimSpace(title) == "" {
		return "(untitled)"
	}
	return fmt.Sprintf("%q", shorten(title, 80))
}
