package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
	"github.com/newsmark/newsmark/storage"
)

// version is the release, as in FyneApp.toml (a test keeps them equal).
const version = "0.1.0"

// errUsage marks a mistake on the command line: exit status 2, not 1.
var errUsage = errors.New("usage")

const usage = `Newsmark annotates news articles and their reader comments.

Usage:
  newsmark [--db PATH]              open the project in the desktop window
  newsmark [--db PATH] list         list documents with comment and annotation counts
  newsmark [--db PATH] annotations [DOC-ID...]
                                    list annotations (of all documents, or the given ones)
  newsmark [--db PATH] import [--format FORMAT] [--annotator NAME] [--field FIELD=WHERE]...
                       [--label-column NAME]... FILE...
                                    import news pages (text, html), corpus files (json, jsonl, csv)
                                    or annotation sets (json, jsonl, w3c, brat, doccano, labelstudio,
                                    conll); the format is detected unless given
  newsmark help import              the import options and every corpus field --field can map
  newsmark [--db PATH] export --format FORMAT [--doc ID]... [--annotator NAME]... [--no-text] -o PATH
                                    export annotations (FORMAT: json, jsonl, w3c, brat, doccano,
                                    labelstudio, conll, csv); -o - writes to standard output
  newsmark version                  print the version

Options:
  --db PATH          project database file (default: %s)
  --annotator NAME   who codes in the window (default: the name given at the first start)
`

// project is the database a command works on.
type project struct {
	path      string
	explicit  bool   // chosen with --db, rather than the default location
	annotator string // --annotator: who codes in the window
}

// run parses the command line and runs a sub-command, or the desktop window
// through gui. It returns the process exit status.
func run(args []string, stdout, stderr io.Writer, gui func(*project) error) int {
	p := &project{}
	fs := newFlags("newsmark", p, stderr)
	fs.StringVar(&p.annotator, "annotator", "", "who codes in the window (default: the name given at the first start)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	rest := fs.Args()
	cmd := ""
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	var err error
	switch cmd {
	case "":
		err = gui(p)
	case "version":
		fmt.Fprintf(stdout, "newsmark %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	case "list":
		err = cmdList(p, rest, stdout, stderr)
	case "annotations":
		err = cmdAnnotations(p, rest, stdout, stderr)
	case "export":
		err = cmdExport(p, rest, stdout, stderr)
	case "import":
		err = cmdImport(p, rest, stdout, stderr)
	case "help", "-h", "--help":
		if len(rest) > 0 && rest[0] == "import" {
			fmt.Fprint(stdout, importHelp())
			break
		}
		fmt.Fprintf(stdout, usage, defaultDBPath())
	default:
		err = fmt.Errorf("%w: unknown command %q (try: newsmark help)", errUsage, cmd)
	}
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "newsmark: %v\n", err)
		}
		if errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) {
			return 2
		}
		return 1
	}
	return 0
}

// newFlags returns a flag set with the options every command accepts, so
// that --db may come before or after the command name.
func newFlags(name string, p *project, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Func("db", "project database `file`", func(s string) error {
		p.path, p.explicit = s, true
		return nil
	})
	fs.Usage = func() { fmt.Fprintf(stderr, usage, defaultDBPath()) }
	return fs
}

// defaultDBPath is the project file used without --db: newsmark.db in the
// user's data directory ($XDG_DATA_HOME/newsmark on Linux).
func defaultDBPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		switch runtime.GOOS {
		case "windows":
			if dir = os.Getenv("LOCALAPPDATA"); dir == "" {
				dir = filepath.Join(home, "AppData", "Local")
			}
		case "darwin":
			dir = filepath.Join(home, "Library", "Application Support")
		default:
			dir = filepath.Join(home, ".local", "share")
		}
	}
	return filepath.Join(dir, "newsmark", "newsmark.db")
}

// open opens the project database, creating it if needed. A new project gets
// the default codebook; a new default project also gets the sample document,
// so that a first start has something to look at. It returns the store and
// the name to show for it.
func (p *project) open() (*storage.Store, string, error) {
	if p.path == "" {
		p.path = defaultDBPath()
	}
	_, statErr := os.Stat(p.path)
	isNew := errors.Is(statErr, os.ErrNotExist)
	store, err := storage.Open(p.path, storage.Options{Timeout: time.Second})
	if err != nil {
		return nil, "", err
	}
	if err := seed(store, isNew && !p.explicit); err != nil {
		store.Close()
		return nil, "", fmt.Errorf("set up new project %s: %w", p.path, err)
	}
	return store, filepath.Base(p.path), nil
}

// openInterruptible opens the project for a long command that Ctrl+C
// stops cleanly: the context ends on an interrupt, and done closes the
// project.
func (p *project) openInterruptible() (*storage.Store, context.Context, func(), error) {
	store, _, err := p.open()
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	return store, ctx, func() { stop(); store.Close() }, nil
}

// seed gives a project without labels the default codebook and, if sample is
// set and the project is empty, the sample document.
func seed(store annotate.Store, sample bool) error {
	cb, err := store.Codebook()
	if err != nil {
		return err
	}
	if len(cb.Labels) == 0 {
		if err := store.SetCodebook(assets.DefaultCodebook()); err != nil {
			return err
		}
	}
	if !sample {
		return nil
	}
	docs, err := store.Documents()
	if err != nil || len(docs) > 0 {
		return err
	}
	doc, err := assets.SampleDocument(time.Now())
	if err != nil {
		return err
	}
	return store.AddDocuments(doc)
}

// cmdList prints one line per document: id, comments, annotations, title.
func cmdList(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark list", p, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: list takes no arguments, got %q", errUsage, fs.Arg(0))
	}
	store, _, err := p.open()
	if err != nil {
		return err
	}
	defer store.Close()
	docs, err := store.Documents()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCOMMENTS\tANNOTATIONS\tTITLE")
	for _, d := range docs {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", d.ID, d.Comments, d.Annotations, d.Title)
	}
	return tw.Flush()
}

// cmdAnnotations prints one line per annotation: document, segment, offsets
// in code points, label, annotator and the quoted text.
func cmdAnnotations(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark annotations", p, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, _, err := p.open()
	if err != nil {
		return err
	}
	defer store.Close()
	ids := fs.Args()
	if len(ids) == 0 {
		docs, err := store.Documents()
		if err != nil {
			return err
		}
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOCUMENT\tSEGMENT\tSTART\tEND\tLABEL\tANNOTATOR\tQUOTE")
	for _, id := range ids {
		anns, err := store.Annotations(id)
		if err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
		for _, a := range anns {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%q\n", a.DocumentID, a.SegmentID, a.Start, a.End, a.Label, a.Annotator, a.Quote.Exact)
		}
	}
	return tw.Flush()
}
