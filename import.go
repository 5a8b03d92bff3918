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
	fs.Usage = func() { fmt.Fprint(stderr, importHelp()) }
	format := fs.String("format", "auto", "input `format`: auto, text, html, json, jsonl, csv (pages and corpora) or w3c, brat, doccano, labelstudio, conll (annotations)")
	annotator := fs.String("annotator", "", "annotator `name` for imported spans whose file names none, and of the labels of --label-column")
	skipBad := fs.Bool("skip-bad", false, "import an annotation set without its bad items (listed, exit status 3) instead of refusing it whole")
	articles := fs.String("articles", "", "CSV `file` with one row per article, for a comments CSV")
	delimiter := fs.String("csv-delimiter", "", "CSV field `separator` (default: detected)")
	var columns, fields, labelColumns, variables []string
	fs.Func("variable", "take a document variable's values from a corpus column: `NAME=COLUMN` (NAME: the variable's id or name; repeatable; a column named as a variable is taken without it)", func(s string) error {
		variables = append(variables, s)
		return nil
	})
	fs.Func("csv-column", "map a CSV column: `field=column`, e.g. comment_text=Kommentar (repeatable; the same as --field)", func(s string) error {
		columns = append(columns, s)
		return nil
	})
	fs.Func("field", "map a corpus field to a CSV column or a JSON path: `field=where`, e.g. comment_text=Body, title=meta.headline (repeatable)", func(s string) error {
		fields = append(fields, s)
		return nil
	})
	fs.Func("label-column", "a CSV column or JSON comment field whose values are comment labels of --annotator (repeatable)", func(s string) error {
		if s = strings.TrimSpace(s); s == "" {
			return fmt.Errorf("expected a column name")
		}
		labelColumns = append(labelColumns, s)
		return nil
	})
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
	for _, c := range append(columns, fields...) {
		if err := opts.Pages.SetField(c); err != nil {
			return fmt.Errorf("%w: --field %v", errUsage, err)
		}
	}
	opts.Pages.LabelColumns = labelColumns
	opts.Pages.LabelAnnotator = *annotator
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
	cb, err := store.Codebook()
	if err != nil {
		return err
	}
	if opts.Pages.Variables, err = columnVariables(cb, variables); err != nil {
		return err
	}
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

// importHelp is what `newsmark help import` prints: the flags, and every
// field a mapping can name.
func importHelp() string {
	var b strings.Builder
	b.WriteString(`Usage: newsmark [--db PATH] import [options] FILE...

Imports news pages (text, html), corpus files (json, jsonl, csv) and annotation sets (json, jsonl, w3c,
brat, doccano, labelstudio, conll), each file in one transaction. It prints a line per document, and
"warning" lines for what it imported despite a fault (a reply whose parent is missing becomes a
top-level comment) and "kept" lines saying where the fields no mapping took went.

Options:
  --format FORMAT        auto (default), text, html, json, jsonl, csv, w3c, brat, doccano, labelstudio, conll
  --field FIELD=WHERE    where a corpus file holds FIELD: a CSV column, or a JSON key or dotted path
                         (meta.author); repeatable. Without it, fields are found under default names.
  --label-column NAME    a CSV column (or JSON comment field) whose values are comment labels, e.g. a
                         corpus's gold labels (Sub3_FactClaiming); each column becomes a comment-label
                         set of the codebook with its values as labels; repeatable
  --annotator NAME       who gave the labels of --label-column (default: ` + importer.DefaultLabelAnnotator + `), and who made
                         imported spans whose file names nobody
  --articles FILE        CSV with one row per article, for a CSV with one row per comment
  --csv-delimiter C      CSV separator (default: detected from the header)
  --csv-column F=COLUMN  the same as --field
  --variable NAME=COLUMN take the values of the codebook's document variable NAME (id or name) from a
                         corpus column or JSON document field; a column named as a variable's id or
                         name is taken without it. Values are written as the variable's type wants
                         (yes/ja/1 → true, 15.10.2014 → 2014-10-15, 3,5 → 3.5); one that does not fit
                         fails the file, naming its line

Fields (document fields first; comment fields describe one comment):
`)
	for _, fi := range importer.FieldInfos {
		kind := "document"
		if fi.Comment {
			kind = "comment"
		}
		if fi.List {
			kind += " list"
		}
		fmt.Fprintf(&b, "  %-16s %-14s %s\n", fi.Field, kind, fi.Help)
	}
	b.WriteString(`
Without --field, a field is read from its default CSV columns (compared without case; spaces, hyphens and
dots count as underscores) or, in JSON, from its default keys (docs/import.md lists them):
`)
	for _, c := range importer.CSVColumns {
		fmt.Fprintf(&b, "  %-16s %s\n", c.Field, strings.Join(c.Columns, ", "))
	}
	b.WriteString(`
Ids written 123.0 are 123; NaN, None and null are empty. Times may be epoch seconds or milliseconds.
Columns and JSON fields no mapping or variable takes are kept: as document metadata when they have one
value on all rows of a document, else as comment metadata.

Examples:
  newsmark import --field comment_text=Body --field comment_id=ID_Post \
      --field comment_parent=ID_Parent_Post --field doc_id=ID_Article posts.json
  newsmark import --field comments=threads --field comment_replies=replies threads.jsonl
  newsmark import --label-column Sub3_FactClaiming --annotator germeval germeval.csv
`)
	return b.String()
}
