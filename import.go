package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/newsmark/newsmark/annotate/importer"
	"github.com/newsmark/newsmark/annotate/interchange"
)

// cmdImport imports news pages, corpus files and annotation sets, each file
// in one transaction, and prints one line per document or file and per
// failure. It fails (exit 1) if any file failed, and exits with status 3
// when --skip-bad left bad items of an annotation set out.
func cmdImport(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark import", p, stderr)
	format := fs.String("format", "auto", "input `format`: auto, text, html, json, jsonl, csv (pages and corpora) or w3c, brat, doccano, labelstudio, conll (annotations)")
	annotator := fs.String("annotator", "", "annotator `name` for imported spans whose file names none")
	skipBad := fs.Bool("skip-bad", false, "import an annotation set without its bad items (listed, exit status 3) instead of refusing it whole")
	articles := fs.String("articles", "", "CSV `file` with one row per article, for a comments CSV")
	delimiter := fs.String("csv-delimiter", "", "CSV field `separator` (default: detected)")
	var columns listFlag
	fs.Var(&columns, "csv-column", "map a CSV column: `field=column`, e.g. comment_text=Kommentar (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: import needs at least one FILE (or - for standard input)", errUsage)
	}
	opts := interchange.AnyOptions{Format: *format, Annotator: *annotator, SkipBad: *skipBad}
	opts.Pages.CSV.Articles = *articles
	if d := []rune(*delimiter); len(d) == 1 {
		opts.Pages.CSV.Delimiter = d[0]
	} else if *delimiter == `\t` || *delimiter == "tab" {
		opts.Pages.CSV.Delimiter = '\t'
	} else if *delimiter != "" {
		return fmt.Errorf("%w: --csv-delimiter must be one character, got %q", errUsage, *delimiter)
	}
	for _, c := range columns {
		if err := opts.Pages.CSV.SetColumn(c); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	ctx, stop := interruptible()
	defer stop()
	// Inputs that can be read only once are read before the project is
	// opened, so that no lock is held while a pipe waits for its writer.
	paths, sp, err := spoolInputs(ctx, fs.Args())
	defer sp.close()
	if err != nil {
		return err
	}
	stdout = sp.renaming(stdout)
	store, _, err := p.open()
	if err != nil {
		return err
	}
	defer store.Close()
	failed, bad := 0, 0
	for _, r := range interchange.ImportAny(ctx, store, paths, opts, nil) {
		switch {
		case r.Pages != nil:
			n, err := importer.WriteReport(stdout, []importer.Result{*r.Pages})
			if err != nil {
				return err
			}
			failed += n
		case r.Err != nil:
			failed++
			fmt.Fprintf(stdout, "failed    %s\n", r.Err)
		default:
			writeSetReport(stdout, r.Path, r.Annotations)
			bad += len(r.Annotations.Decode.Bad)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files were not imported (see the lines starting with \"failed\")", failed, fs.NArg())
	}
	if bad > 0 {
		return skippedBad(bad)
	}
	return nil
}

// writeSetReport says what an annotation set brought: counts, the labels it
// mapped or added, and what it skipped.
func writeSetReport(w io.Writer, path string, r *interchange.ImportResult) {
	s := r.Store
	fmt.Fprintf(w, "imported  %s  (%s): %d documents added, %d already present; %d annotations added, %d already present; %d relations, %d comment labels\n",
		path, r.Decode.Format.Title(), s.DocumentsAdded, len(s.DocumentsSkipped), s.AnnotationsAdded, s.AnnotationsSkipped,
		s.RelationsAdded, s.SegmentLabelsAdded)
	var mapped []string
	for _, m := range r.Decode.Labels {
		switch {
		case m.Added:
			mapped = append(mapped, fmt.Sprintf("%s → %s (new)", m.Foreign, m.Label))
		case m.Foreign != m.Label:
			mapped = append(mapped, fmt.Sprintf("%s → %s (%s)", m.Foreign, m.Label, m.How))
		}
	}
	if len(mapped) > 0 {
		fmt.Fprintf(w, "labels    %s\n", strings.Join(mapped, ", "))
	}
	for _, sk := range r.Decode.Skipped {
		fmt.Fprintf(w, "skipped   %s\n", sk)
	}
	for _, b := range r.Decode.Bad {
		fmt.Fprintf(w, "skipped (bad) %s\n", b)
	}
	for _, n := range r.Decode.Notes {
		fmt.Fprintf(w, "note      %s\n", n)
	}
}
