package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// The commands of a coding study: package, merge, progress and status.

// cmdPackage writes one coder package per --coder into the -o directory.
func cmdPackage(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark package", p, stderr)
	var coders, docs listFlag
	fs.Var(&coders, "coder", "a coder's `name` (repeatable, or NAME,NAME)")
	fs.Var(&docs, "doc", "hand out only this document `id` (repeatable; default: every document)")
	perCoder := fs.Int("docs", 0, "`N` documents per coder, the overlap included (default: share all documents out)")
	overlap := fs.String("overlap", "0", "reliability sample every coder codes: a `share` (0.2 or 20%) of the documents, or a count (10)")
	seedFlag := fs.String("seed", "", "the `seed` that draws the sample and shares the documents out (default: a new one, printed)")
	out := fs.String("o", "", "the `directory` to write the packages into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: package takes no arguments, got %q (use --coder NAME and -o DIR)", errUsage, fs.Arg(0))
	case len(coders) == 0:
		return fmt.Errorf("%w: package needs at least one --coder NAME", errUsage)
	case *out == "":
		return fmt.Errorf("%w: package needs -o DIR, the directory to write the packages into", errUsage)
	}
	share, count, err := parseOverlap(*overlap)
	if err != nil {
		return fmt.Errorf("%w: --overlap %v", errUsage, err)
	}
	seed := annotate.NewSeed()
	if *seedFlag != "" {
		if seed, err = strconv.ParseInt(*seedFlag, 10, 64); err != nil {
			return fmt.Errorf("%w: --seed %q: want a whole number", errUsage, *seedFlag)
		}
	}
	store, _, err := p.open()
	if err != nil {
		return err
	}
	defer store.Close()
	pool := []string(docs)
	if len(pool) == 0 {
		all, err := store.Documents()
		if err != nil {
			return err
		}
		for _, d := range all {
			pool = append(pool, d.ID)
		}
	} else {
		for _, id := range pool {
			if _, err := store.Document(id); err != nil {
				return fmt.Errorf("--doc %s: %w", id, err)
			}
		}
	}
	plan, err := annotate.PlanPackages(annotate.PackageOptions{
		Coders: coders, Documents: pool, PerCoder: *perCoder, SampleShare: share, SampleCount: count, Seed: seed,
	})
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	ctx, stop := interruptible()
	defer stop()
	files, err := store.MakePackages(ctx, plan, *out)
	if err != nil {
		return err
	}
	id, _ := store.ProjectID()
	fmt.Fprintf(stdout, "project %s: %d packages from %d documents, seed %d (--seed %d draws the same packages again)\n",
		id, len(files), len(pool), seed, seed)
	fmt.Fprintf(stdout, "overlap sample: %d documents every coder codes\n", len(plan.Sample))
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODER\tDOCUMENTS\tOVERLAP\tFILE")
	for _, f := range files {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", f.Info.Coder, len(f.Info.Documents), len(f.Info.Sample), f.Path)
	}
	return tw.Flush()
}

// parseOverlap reads --overlap: a share with a decimal point or a percent
// sign (0.2, 20%), or a whole number of documents (10).
func parseOverlap(s string) (share float64, count int, err error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasSuffix(s, "%"):
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if err != nil || v < 0 || v > 100 || math.IsNaN(v) {
			return 0, 0, fmt.Errorf("%q: want a percentage from 0%% to 100%%", s)
		}
		return v / 100, 0, nil
	case strings.ContainsAny(s, ".,"):
		v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil || v < 0 || v > 1 || math.IsNaN(v) {
			return 0, 0, fmt.Errorf("%q: want a share from 0 to 1 (0.2), a percentage (20%%) or a number of documents (10)", s)
		}
		return v, 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, 0, fmt.Errorf("%q: want a share from 0 to 1 (0.2), a percentage (20%%) or a number of documents (10)", s)
	}
	return 0, n, nil
}

// cmdMerge merges coder packages into the project, each in a transaction
// of its own, and reports per package what it added, changed, removed and
// left as it was. A package that is refused leaves the project as it was
// and is reported; the others are still merged, and the exit status is 1.
func cmdMerge(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark merge", p, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: merge needs at least one package FILE", errUsage)
	}
	store, _, err := p.open()
	if err != nil {
		return err
	}
	defer store.Close()
	ctx, stop := interruptible()
	defer stop()
	var failed []string
	for _, path := range fs.Args() {
		rep, err := store.MergePackage(ctx, path)
		if err != nil {
			fmt.Fprintf(stderr, "newsmark: %v\n", err)
			failed = append(failed, path)
			continue
		}
		printMergeReport(stdout, rep)
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d packages were not merged: %s", len(failed), fs.NArg(), strings.Join(failed, ", "))
	}
	return nil
}

// printMergeReport prints what merging one package did.
func printMergeReport(w io.Writer, rep *annotate.MergeReport) {
	t := rep.Total()
	fmt.Fprintf(w, "merged %s (%s, %d documents): %d added, %d changed, %d removed, %d unchanged\n",
		rep.File, rep.Coder, rep.Documents, t.Added, t.Changed, t.Removed, t.Unchanged)
	for _, k := range []struct {
		what string
		c    annotate.MergeCounts
	}{{"annotations", rep.Annotations}, {"relations", rep.Relations}, {"comment labels", rep.SegmentLabels}, {"statuses", rep.Statuses}, {"variables", rep.Variables}} {
		fmt.Fprintf(w, "  %-15s %d added, %d changed, %d removed, %d unchanged\n", k.what+":", k.c.Added, k.c.Changed, k.c.Removed, k.c.Unchanged)
	}
	if len(rep.CodebookChanges) > 0 {
		fmt.Fprintf(w, "  the codebook changed since the package was made:\n")
		for _, c := range rep.CodebookChanges {
			fmt.Fprintf(w, "    %s\n", c)
		}
	}
	if rep.Relabelled > 0 {
		fmt.Fprintf(w, "  %d annotations and comment labels were moved to the labels they were merged into\n", rep.Relabelled)
	}
	if rep.LeftOut > 0 {
		fmt.Fprintf(w, "  %d annotations, relations and comment labels were left out: their labels were deleted since\n", rep.LeftOut)
	}
}

// progressRow is one coder's line of newsmark progress.
type progressRow struct {
	Coder      string `json:"coder"`
	Assigned   int    `json:"assigned"`
	Done       int    `json:"done"`
	InProgress int    `json:"in_progress"`
	NotStarted int    `json:"not_started"`
}

// cmdProgress prints per coder how many of their documents are done, in
// progress and not started.
func cmdProgress(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark progress", p, stderr)
	format := fs.String("format", "table", "output `format`: table, csv or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: progress takes no arguments, got %q", errUsage, fs.Arg(0))
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return fmt.Errorf("%w: --format %q: want table, csv or json", errUsage, *format)
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
	packages, err := store.Packages()
	if err != nil {
		return err
	}
	own, err := store.Package()
	if err != nil {
		return err
	}
	if own != nil {
		packages = append(packages, *own)
	}
	statuses, err := store.Statuses()
	if err != nil {
		return err
	}
	id, err := store.ProjectID()
	if err != nil {
		return err
	}
	var rows []progressRow
	for _, c := range annotate.Progress(docs, packages, statuses) {
		rows = append(rows, progressRow{c.Coder, c.Assigned, c.Done, c.InProgress, c.NotStarted})
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if rows == nil {
			rows = []progressRow{}
		}
		return enc.Encode(struct {
			Project string        `json:"project"`
			Coders  []progressRow `json:"coders"`
		}{id, rows})
	case "csv":
		w := csv.NewWriter(stdout)
		w.Write([]string{"coder", "assigned", "done", "in_progress", "not_started"})
		for _, r := range rows {
			w.Write([]string{r.Coder, strconv.Itoa(r.Assigned), strconv.Itoa(r.Done), strconv.Itoa(r.InProgress), strconv.Itoa(r.NotStarted)})
		}
		w.Flush()
		return w.Error()
	}
	if id != "" {
		fmt.Fprintf(stdout, "project %s\n", id)
	}
	if own != nil {
		fmt.Fprintf(stdout, "coder package of %s\n", own.Coder)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODER\tASSIGNED\tDONE\tIN PROGRESS\tNOT STARTED")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", r.Coder, r.Assigned, r.Done, r.InProgress, r.NotStarted)
	}
	return tw.Flush()
}

// cmdStatus sets the annotator's status of documents: newsmark status done
// DOC-ID... In a coder package the annotator is the package's coder.
func cmdStatus(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark status", p, stderr)
	annotator := fs.String("annotator", p.annotator, "whose status it is (`name`; in a coder package, its coder)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return fmt.Errorf("%w: status needs a STATUS (done, in_progress, not_started) and at least one DOC-ID", errUsage)
	}
	if fs.Arg(0) == "" {
		return fmt.Errorf("%w: status needs a STATUS: done, in_progress or not_started", errUsage)
	}
	st, err := annotate.ParseStatus(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	store, _, err := p.open()
	if err != nil {
		return err
	}
	defer store.Close()
	who, err := packageAnnotator(store, *annotator)
	if err != nil {
		return err
	}
	if who == "" {
		return fmt.Errorf("%w: status needs --annotator NAME (whose status it is)", errUsage)
	}
	for _, id := range fs.Args()[1:] {
		if err := store.SetStatus(id, who, st); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %s for %s\n", id, st.Words(), who)
	}
	return nil
}

// packageAnnotator returns who codes in the project: in a coder package its
// coder, whoever was asked for (a different name is an error), and
// elsewhere the name given.
func packageAnnotator(store *storage.Store, given string) (string, error) {
	pkg, err := store.Package()
	if err != nil {
		return "", err
	}
	if pkg == nil {
		return strings.TrimSpace(given), nil
	}
	if given = strings.TrimSpace(given); given != "" && given != pkg.Coder {
		return "", fmt.Errorf("%s is %s's coder package: only %s codes in it, not %s", filepath.Base(store.Path()), pkg.Coder, pkg.Coder, given)
	}
	return pkg.Coder, nil
}

// takePackageAnnotator makes a coder package's coder the annotator of the
// window; it closes the store and fails if --annotator named someone else.
func (p *project) takePackageAnnotator(store *storage.Store) error {
	who, err := packageAnnotator(store, p.annotator)
	if err != nil {
		store.Close()
		return err
	}
	p.annotator = who
	return nil
}

// printIdentity prints the project's identity, and whose package it is,
// for newsmark version with --db.
func printIdentity(p *project, stdout io.Writer) error {
	store, err := p.openRead()
	if err != nil {
		return err
	}
	defer store.Close()
	id, err := store.ProjectID()
	if err != nil {
		return err
	}
	if id == "" {
		id = "(none yet: it is given when the project is next opened for writing)"
	}
	fmt.Fprintf(stdout, "project %s %s\n", p.path, id)
	pkg, err := store.Package()
	if err != nil {
		return err
	}
	if pkg != nil {
		fmt.Fprintf(stdout, "coder package of %s, made %s with seed %d (%d documents, %d of them in the overlap sample)\n",
			pkg.Coder, pkg.Created.Format("2006-01-02 15:04 MST"), pkg.Seed, len(pkg.Documents), len(pkg.Sample))
	}
	return nil
}
