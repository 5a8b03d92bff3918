package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
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

// skippedBad is the number of bad items an import left out because
// --skip-bad was given: exit status 3, so that a script sees it.
type skippedBad int

func (n skippedBad) Error() string {
	return fmt.Sprintf("%d bad items were left out (see the lines starting with \"skipped (bad)\")", int(n))
}

const usage = `Newsmark annotates news articles and their reader comments.

Usage:
  newsmark [--db PATH]              open the project in the desktop window
  newsmark [--db PATH] list         list documents with comment and annotation counts
  newsmark [--db PATH] annotations [DOC-ID...]
                                    list annotations (of all documents, or the given ones)
  newsmark [--db PATH] import [--format FORMAT] [--annotator NAME] [--skip-bad] [--field FIELD=WHERE]...
                       [--label-column NAME]... FILE...
                                    import news pages (text, html), corpus files (json, jsonl, csv)
                                    or annotation sets (json, jsonl, w3c, brat, doccano, labelstudio,
                                    conll, qdpx, qdc); the format is detected unless given; - reads
                                    standard input. An annotation set with bad items is refused whole,
                                    naming each; --skip-bad imports the rest and exits with status 3
  newsmark help import              the import options and every corpus field --field can map
  newsmark [--db PATH] export --format FORMAT [--doc ID]... [--annotator NAME]... [--no-text] [--raw] -o PATH
                                    export annotations (FORMAT: json, jsonl, w3c, brat, doccano,
                                    labelstudio, conll, csv, qdpx: a REFI-QDA project for MAXQDA,
                                    ATLAS.ti, NVivo, QualCoder; qdc: the codebook alone); -o - writes
                                    to standard output; csv cells that start with = + - @ tab or CR
                                    get a leading ' unless --raw
  newsmark [--db PATH] package --coder NAME... [--docs N] [--doc ID]... [--overlap SHARE|COUNT] [--seed N] -o DIR
                                    write one coder package per coder into DIR: the codebook and the
                                    coder's documents; N documents each (default: all shared out), an
                                    overlap sample every coder codes (0.2 or 20%%: a share; 10: a count),
                                    drawn with a seed that is printed and stored
  newsmark [--db PATH] merge FILE...
                                    bring coder packages back, each as its coder's layer; merging one
                                    again changes nothing, a later version of it updates that layer
  newsmark [--db PATH] progress [--format table|csv|json]
                                    per coder: documents assigned, done, in progress, not started
  newsmark [--db PATH] status [--annotator NAME] STATUS DOC-ID...
                                    mark documents done, in_progress or not_started (in a coder
                                    package, for its coder)
  newsmark [--db PATH] agreement [--label ID]... [--coder NAME]... [--doc ID]... [--format table|csv|json]
                       [--gold NAME] [--seed N] [--draws N] [--disagreements]
                                    agreement of the coders on the documents two or more coded: αu and
                                    span F1 per label, alpha, Fleiss' and Cohen's kappa for comment
                                    labels, attributes and variables, with bootstrap 95%% intervals
  newsmark [--db PATH] adjudicate [--gold NAME] [--doc ID]... [--coder NAME]... [--accept-agreed]
                       [--accept ANNOTATION-ID]... [--reject ANNOTATION-ID]...
                                    build the final layer (annotator gold): list the places coders
                                    marked, copy what all agree on, accept one coder's version of a
                                    place, or reject a place; prints what is left to settle
  newsmark [--db PATH] codebook export [--format json|qdc] -o FILE
                                    write the codebook and its change list (native JSON), or the codebook as REFI-QDA .qdc
  newsmark [--db PATH] codebook import [--format json|qdc] [--dry-run] FILE
                                    merge a codebook into the project (by guid, else id), reporting
                                    what it adds, renames, changes and keeps; drops no annotation
  newsmark [--db PATH] codebook log list the codebook's changes
  newsmark [--db PATH] version      print the version (with --db, the project's identity too)

Options:
  --db PATH          project database file (default: %s)
  --annotator NAME   who codes in the window (default: the name given at the first start)
`

// commands are the subcommands that work on a project, by name.
var commands = map[string]func(p *project, args []string, stdout, stderr io.Writer) error{
	"list":        cmdList,
	"annotations": cmdAnnotations,
	"export":      cmdExport,
	"import":      cmdImport,
	"package":     cmdPackage,
	"merge":       cmdMerge,
	"progress":    cmdProgress,
	"status":      cmdStatus,
	"agreement":   cmdAgreement,
	"adjudicate":  cmdAdjudicate,
	"codebook":    cmdCodebook,
}

// project is the database a command works on.
type project struct {
	path      string
	explicit  bool   // chosen with --db, rather than the default location
	annotator string // --annotator: who codes in the window
	holder    string // what opens it (storage.HolderWindow or the command), for another process's message
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
	p.holder = cmd
	if cmd == "" {
		p.holder = storage.HolderWindow
	}
	var err error
	switch cmd {
	case "":
		err = gui(p)
	case "version":
		fmt.Fprintf(stdout, "newsmark %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		if p.explicit {
			err = printIdentity(p, stdout)
		}
	case "help", "-h", "--help":
		if len(rest) > 0 && rest[0] == "import" {
			fmt.Fprint(stdout, importHelp())
			break
		}
		fmt.Fprintf(stdout, usage, defaultDBPath())
	default:
		if run, ok := commands[cmd]; ok {
			err = run(p, rest, stdout, stderr)
		} else {
			err = fmt.Errorf("%w: unknown command %q (try: newsmark help)", errUsage, cmd)
		}
	}
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "newsmark: %v\n", err)
		}
		if errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) {
			return 2
		}
		if _, ok := errors.AsType[skippedBad](err); ok {
			return 3
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
	store, err := storage.Open(p.path, storage.Options{Timeout: time.Second, Holder: p.holder})
	if err != nil {
		return nil, "", err
	}
	if err := seed(store, isNew && !p.explicit); err != nil {
		store.Close()
		return nil, "", fmt.Errorf("set up new project %s: %w", p.path, err)
	}
	return store, filepath.Base(p.path), nil
}

// openRead opens the project for a command that only reads it: read-only,
// so that it works on a file the user may not write (mode 0400, a
// read-only directory or disk), never changes a byte of it, and shares it
// with other readers. A project that does not exist yet is created as open
// does, and one of an older schema is opened for writing to upgrade it.
func (p *project) openRead() (*storage.Store, error) {
	if p.path == "" {
		p.path = defaultDBPath()
	}
	if _, err := os.Stat(p.path); errors.Is(err, fs.ErrNotExist) {
		store, _, err := p.open()
		return store, err
	}
	store, err := storage.Open(p.path, storage.Options{Timeout: time.Second, ReadOnly: true, Holder: p.holder})
	if errors.Is(err, storage.ErrReadOnly) { // an older schema: upgrade it
		store, _, err = p.open()
	}
	return store, err
}

// openWindow opens the project for the desktop window: for writing, or
// read-only when the file cannot be written here (mode 0400, a read-only
// directory or disk); readOnly says which.
func (p *project) openWindow() (store *storage.Store, name string, readOnly bool, err error) {
	defer func() {
		if err == nil {
			if err = p.takePackageAnnotator(store); err != nil { // a coder package sets who codes
				store = nil
			}
		}
	}()
	store, name, err = p.open()
	if err == nil || !cannotWrite(err) {
		return store, name, false, err
	}
	store, rerr := storage.Open(p.path, storage.Options{Timeout: time.Second, ReadOnly: true, Holder: p.holder})
	if rerr != nil {
		return nil, "", false, err
	}
	return store, filepath.Base(p.path), true, nil
}

// cannotWrite reports whether err says that a file may not be written.
func cannotWrite(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// openInterruptible opens the project for a long command that Ctrl+C
// stops cleanly: the context ends on an interrupt, and done closes the
// project.
func (p *project) openInterruptible() (*storage.Store, context.Context, func(), error) {
	store, _, err := p.open()
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, stop := interruptible()
	return store, ctx, func() { stop(); store.Close() }, nil
}

// interruptible returns a context that ends when the user presses Ctrl+C,
// and the function that releases it.
func interruptible() (context.Context, func()) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
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
	store, err := p.openRead()
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
	store, err := p.openRead()
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
