package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsmark/newsmark/annotate/interchange"
)

// listFlag collects a flag given several times (--doc A --doc B), or once
// with commas (--doc A,B).
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// formatNames lists the export formats for usage messages.
func formatNames() string {
	var names []string
	for _, f := range interchange.Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, "|")
}

// cmdExport writes the project's annotations in a format other tools read,
// to a file written under a temporary name and renamed into place (or to
// stdout with -o -). Warnings (spans a format cannot hold) go to stderr.
func cmdExport(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark export", p, stderr)
	format := fs.String("format", "json", "`format`: "+formatNames())
	out := fs.String("o", "", "output `path` (a directory or .zip for brat); - for standard output")
	noText := fs.Bool("no-text", false, "leave the segment texts out (json, jsonl)")
	raw := fs.Bool("raw", false, "csv: write cells exactly; by default a cell starting with =, +, -, @, tab or CR gets a leading ' so spreadsheets do not run it as a formula")
	var docs, annotators listFlag
	fs.Var(&docs, "doc", "export only this document `id` (repeatable)")
	fs.Var(&annotators, "annotator", "export only this annotator's work (`name`, repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: export takes no arguments, got %q (use -o PATH)", errUsage, fs.Arg(0))
	}
	if *out == "" {
		return fmt.Errorf("%w: export needs -o PATH (or -o - for standard output)", errUsage)
	}
	f, err := interchange.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("%w: %v (formats: %s)", errUsage, err, formatNames())
	}
	ctx, stop := interruptible()
	defer stop()
	store, err := p.openRead()
	if err != nil {
		return err
	}
	defer store.Close()
	if *raw && f != interchange.FormatCSV {
		return fmt.Errorf("%w: --raw applies to --format csv only", errUsage)
	}
	opts := interchange.ExportOptions{Format: f, Documents: docs, Annotators: annotators, OmitText: *noText, RawCSV: *raw}
	var rep interchange.ExportReport
	if *out == "-" {
		rep, err = interchange.Export(ctx, store, stdout, opts, nil)
	} else {
		rep, err = interchange.WriteFile(ctx, store, *out, opts, nil)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if rep.WarningsLeftOut > 0 {
		fmt.Fprintf(stderr, "warning: %d more warnings like these are not listed\n", rep.WarningsLeftOut)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("export cancelled; nothing was written")
		}
		return err
	}
	if *out != "-" && f == interchange.FormatQDC {
		fmt.Fprintf(stdout, "exported the codebook to %s (%s)\n", *out, f.Title())
		return nil
	}
	if *out != "-" {
		vars := ""
		if rep.DocumentVariables > 0 {
			vars = fmt.Sprintf(", %d document variables", rep.DocumentVariables)
		}
		fmt.Fprintf(stdout, "exported %d documents, %d annotations, %d relations, %d comment labels%s to %s (%s, offsets in %s)\n",
			rep.Documents, rep.Annotations, rep.Relations, rep.SegmentLabels, vars, *out, f.Title(), rep.OffsetUnit)
	}
	return nil
}
