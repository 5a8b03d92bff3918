package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/interchange"
)

// codebookUsage is the usage text of `newsmark codebook`.
const codebookUsage = `newsmark [--db PATH] codebook export [--format json|qdc] -o FILE
                                    write the project's codebook and its change list; -o - writes
                                    to standard output
newsmark [--db PATH] codebook import [--format json|qdc] [--annotator NAME] [--dry-run] FILE
                                    merge a codebook into the project: entries match by guid, else
                                    by id; new ones are added, matched ones take the file's fields,
                                    the project's others are kept; no annotation is dropped
newsmark [--db PATH] codebook log   list the codebook's changes
`

// codebookFormats are the codebook file formats.
var codebookFormats = interchange.CodebookFormats

// codebookFormat returns the format of a codebook file: given, or from the
// file's extension.
func codebookFormat(given, path string) (string, error) {
	f := strings.ToLower(given)
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
		if f == "" || path == "-" {
			f = "json"
		}
	}
	for _, k := range codebookFormats {
		if f == k {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w: codebook format %q is not one this Newsmark reads or writes (formats: %s)", errUsage, f, strings.Join(codebookFormats, ", "))
}

// cmdCodebook runs `newsmark codebook SUBCOMMAND`.
func cmdCodebook(p *project, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: codebook needs export, import or log:\n%s", errUsage, codebookUsage)
	}
	switch args[0] {
	case "export":
		return cmdCodebookExport(p, args[1:], stdout, stderr)
	case "import":
		return cmdCodebookImport(p, args[1:], stdout, stderr)
	case "log":
		return cmdCodebookLog(p, args[1:], stdout, stderr)
	}
	return fmt.Errorf("%w: unknown codebook command %q:\n%s", errUsage, args[0], codebookUsage)
}

func cmdCodebookExport(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark codebook export", p, stderr)
	format := fs.String("format", "", "`format`: "+strings.Join(codebookFormats, ", ")+" (default: from the file name, else json)")
	out := fs.String("o", "", "output `path`; - for standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: codebook export takes no arguments, got %q (use -o PATH)", errUsage, fs.Arg(0))
	}
	if *out == "" {
		return fmt.Errorf("%w: codebook export needs -o PATH (or -o - for standard output)", errUsage)
	}
	f, err := codebookFormat(*format, *out)
	if err != nil {
		return err
	}
	store, err := p.openRead()
	if err != nil {
		return err
	}
	defer store.Close()
	cb, err := store.Codebook()
	if err != nil {
		return err
	}
	log, err := store.CodebookLog()
	if err != nil {
		return err
	}
	write := func(w io.Writer) error { return interchange.WriteCodebookAs(w, f, cb, log) }
	if *out == "-" {
		return write(stdout)
	}
	if err := interchange.WriteCodebookFile(*out, write); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported the codebook (%d labels, %d relation types, %d comment label sets, %d variables, %d changes listed) to %s\n",
		len(cb.Labels), len(cb.RelationTypes), len(cb.SegmentLabelSets), len(cb.Variables), len(log), *out)
	return nil
}

func cmdCodebookImport(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark codebook import", p, stderr)
	format := fs.String("format", "", "`format`: "+strings.Join(codebookFormats, ", ")+" (default: from the file name, else json)")
	who := fs.String("annotator", "", "who makes the change, for the codebook's change list (`name`)")
	dry := fs.Bool("dry-run", false, "report what would change, and change nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: codebook import takes one FILE", errUsage)
	}
	path := fs.Arg(0)
	f, err := codebookFormat(*format, path)
	if err != nil {
		return err
	}
	var in io.Reader = os.Stdin
	name := "standard input"
	if path != "-" {
		file, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("codebook import: %w", err)
		}
		defer file.Close()
		in, name = file, path
	}
	read, err := interchange.ReadCodebookAs(name, f, in)
	if err != nil {
		return err
	}
	store, _, err := p.open()
	if err != nil {
		return err
	}
	defer store.Close()
	cur, err := store.Codebook()
	if err != nil {
		return err
	}
	change, rep, err := interchange.ImportCodebook(cur, read, name)
	if err != nil {
		return err
	}
	if *who != "" {
		change.By(*who)
	} else if p.annotator != "" {
		change.By(p.annotator)
	}
	writeMergeReport(stdout, &rep)
	if *dry {
		fmt.Fprintf(stdout, "dry run: %s; nothing was changed\n", rep.Summary())
		return nil
	}
	if rep.Empty() && len(read.Log) == 0 {
		fmt.Fprintf(stdout, "the project's codebook already holds %s; nothing to change\n", name)
		return nil
	}
	if err := change.Apply(store); err != nil {
		return fmt.Errorf("codebook import %s: %w (the project is unchanged)", name, err)
	}
	moved := len(change.Edit.Done.Moves) + len(change.Edit.Done.AddedSegmentLabels)
	fmt.Fprintf(stdout, "merged the codebook of %s: %s; %d annotations and comment labels follow a new id; no annotation was dropped\n",
		name, rep.Summary(), moved)
	return nil
}

// writeMergeReport lists what a codebook merge changes, one entry a line.
func writeMergeReport(w io.Writer, rep *annotate.CodebookMergeReport) {
	for _, group := range []struct {
		what    string
		entries []string
	}{{"added", rep.Added}, {"renamed", rep.Renamed}, {"changed", rep.Changed}, {"kept", rep.Kept}, {"note", rep.Notes}} {
		for _, e := range group.entries {
			fmt.Fprintf(w, "%-8s %s\n", group.what+":", e)
		}
	}
}

func cmdCodebookLog(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark codebook log", p, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: codebook log takes no arguments", errUsage)
	}
	store, err := p.openRead()
	if err != nil {
		return err
	}
	defer store.Close()
	log, err := store.CodebookLog()
	if err != nil {
		return err
	}
	if len(log) == 0 {
		fmt.Fprintln(stdout, "the codebook has not been changed")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tANNOTATOR\tCHANGE")
	for _, e := range log {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Time.UTC().Format(time.RFC3339), e.Annotator, e.What)
	}
	return tw.Flush()
}
