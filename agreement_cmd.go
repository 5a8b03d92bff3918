package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/agreement"
)

// cmdAgreement prints the agreement of the project's coders on the
// documents two or more of them have coded.
func cmdAgreement(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark agreement", p, stderr)
	var labels, coders, docs listFlag
	fs.Var(&labels, "label", "only this span label `id` (repeatable)")
	fs.Var(&coders, "coder", "only this coder (`name`, repeatable)")
	fs.Var(&docs, "doc", "only this document `id` (repeatable)")
	format := fs.String("format", "table", "`format`: table, csv or json")
	gold := fs.String("gold", agreement.DefaultGold, "the final layer's annotator `name`, which is not a coder")
	seed := fs.Int64("seed", agreement.DefaultSeed, "bootstrap `seed`")
	draws := fs.Int("draws", agreement.DefaultDraws, "bootstrap `draws` (0 for no interval)")
	listDis := fs.Bool("disagreements", false, "table: list every disagreement under the figures")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: agreement takes no arguments, got %q", errUsage, fs.Arg(0))
	}
	switch *format {
	case "table", "csv", "json":
	default:
		return fmt.Errorf("%w: --format %q: want table, csv or json", errUsage, *format)
	}
	if *draws < 0 {
		return fmt.Errorf("%w: --draws %d: want 0 or more", errUsage, *draws)
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
	for _, l := range labels {
		if _, ok := cb.Label(l); !ok {
			return fmt.Errorf("%w: --label %s: the codebook has no such span label", errUsage, l)
		}
	}
	for _, id := range docs {
		if _, err := store.Document(id); err != nil {
			return fmt.Errorf("--doc %s: %w", id, err)
		}
	}
	n := *draws
	if n == 0 {
		n = -1
	}
	ctx, stop := interruptible()
	defer stop()
	r, err := agreement.Compute(store, agreement.Options{Labels: labels, Coders: coders, Documents: docs,
		Exclude: []string{*gold}, Seed: *seed, Draws: n, Context: ctx})
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("agreement cancelled")
	}
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "csv":
		return writeAgreementCSV(stdout, r)
	}
	return writeAgreementTable(stdout, r, *listDis)
}

// num formats a figure's value to 3 decimals.
func num(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// cell is a figure as a table cell: its value, or n/a with a footnote
// number whose reason notes collects.
func cell(f agreement.Figure, notes *[]string) string {
	if f.OK() {
		return num(f.Value)
	}
	*notes = append(*notes, f.Reason)
	return fmt.Sprintf("n/a [%d]", len(*notes))
}

func interval(f agreement.Figure) string {
	if !f.OK() || !f.Interval {
		return ""
	}
	return num(f.Low) + " – " + num(f.High)
}

func f1cell(f agreement.F1) string {
	if math.IsNaN(f.Value) {
		return "n/a"
	}
	return fmt.Sprintf("%s (%d/%d+%d)", num(f.Value), f.Matched, f.SpansA, f.SpansB)
}

func writeAgreementTable(w io.Writer, r *agreement.Report, listDis bool) error {
	fmt.Fprintf(w, "documents coded by two or more coders: %d\n", len(r.Documents))
	fmt.Fprintf(w, "coders: %s\n", strings.Join(r.Coders, ", "))
	if r.Draws > 0 {
		fmt.Fprintf(w, "95%% intervals: bootstrap over units, %d draws, seed %d\n", r.Draws, r.Seed)
	}
	var notes []string
	fmt.Fprintln(w, "\nSpans (αu: Krippendorff's unitizing alpha over the segments' text; units are documents)")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LABEL\tαu\t95% INTERVAL\tUNITS\tCODERS\tDISAGREEMENTS")
	for _, row := range r.Spans {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\n", rowName(row), cell(row.Alpha, &notes), interval(row.Alpha), row.Alpha.Units, row.Alpha.Coders, len(row.Disagreements))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nSpan F1 per pair of coders (matched / spans of each)")
	fmt.Fprintln(tw, "LABEL\tPAIR\tDOCUMENTS\tEXACT\tOVERLAP")
	for _, row := range r.Spans {
		for _, p := range row.Pairs {
			fmt.Fprintf(tw, "%s\t%s–%s\t%d\t%s\t%s\n", rowName(row), p.A, p.B, p.Documents, f1cell(p.Exact), f1cell(p.Overlap))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Values) > 0 {
		fmt.Fprintln(w, "\nComment labels, attributes and variables")
		fmt.Fprintln(tw, "KIND\tID\tMETRIC\tALPHA\t95% INTERVAL\tUNITS\tCODERS\tFLEISS\tCOHEN\tDISAGREEMENTS")
		for _, row := range r.Values {
			var cohen []string
			for _, c := range row.Cohen {
				cohen = append(cohen, fmt.Sprintf("%s–%s %s", c.A, c.B, cell(c.Figure, &notes)))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%d\n", strings.ReplaceAll(string(row.Kind), "_", " "), row.ID, row.Metric,
				cell(row.Alpha, &notes), interval(row.Alpha), row.Alpha.Units, row.Alpha.Coders, cell(row.Fleiss, &notes), strings.Join(cohen, "; "), len(row.Disagreements))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for i, n := range notes {
			fmt.Fprintf(w, "[%d] %s\n", i+1, n)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if !listDis {
		return nil
	}
	fmt.Fprintln(w, "\nDisagreements")
	fmt.Fprintln(tw, "ROW\tDOCUMENT\tSEGMENT\tPLACE\tCODER\tVALUE")
	for _, row := range r.Spans {
		for _, d := range row.Disagreements {
			for _, s := range d.Spans {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d-%d\t%s\t%s [%d,%d) %q\n", rowName(row), d.DocumentID, d.SegmentID, d.Start, d.End, s.Coder, s.Label, s.Start, s.End, s.Text)
			}
		}
	}
	for _, row := range r.Values {
		for _, d := range row.Disagreements {
			place := ""
			if d.End > 0 {
				place = fmt.Sprintf("%d-%d", d.Start, d.End)
			}
			for _, v := range d.Values {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", row.ID, d.DocumentID, orDocument(d.SegmentID), place, v.Coder, v.Value)
			}
		}
	}
	return tw.Flush()
}

func rowName(row agreement.SpanRow) string {
	if row.Label == "" {
		return "(all labels)"
	}
	return row.Label
}

func orDocument(seg string) string {
	if seg == "" {
		return "(document)"
	}
	return seg
}

// writeAgreementCSV writes one line per figure, for R or a spreadsheet.
func writeAgreementCSV(w io.Writer, r *agreement.Report) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"kind", "id", "name", "measure", "metric", "coder_a", "coder_b", "value", "low", "high", "units", "coders", "reason", "seed", "draws"})
	put := func(kind, id, name, measure, metric, a, b string, f agreement.Figure) {
		var v, lo, hi string
		if f.OK() {
			v = strconv.FormatFloat(f.Value, 'f', -1, 64)
			if f.Interval {
				lo, hi = strconv.FormatFloat(f.Low, 'f', -1, 64), strconv.FormatFloat(f.High, 'f', -1, 64)
			}
		}
		cw.Write([]string{kind, id, name, measure, metric, a, b, v, lo, hi, strconv.Itoa(f.Units), strconv.Itoa(f.Coders), f.Reason,
			strconv.FormatInt(r.Seed, 10), strconv.Itoa(r.Draws)})
	}
	for _, row := range r.Spans {
		put("spans", row.Label, row.Name, "alpha_u", "", "", "", row.Alpha)
		for _, p := range row.Pairs {
			for _, m := range []struct {
				name string
				f    agreement.F1
			}{{"f1_exact", p.Exact}, {"f1_overlap", p.Overlap}} {
				fig := agreement.Figure{Value: m.f.Value, Units: m.f.SpansA + m.f.SpansB, Coders: 2}
				if math.IsNaN(m.f.Value) {
					fig.Reason = "neither coder marked a span"
				}
				put("spans", row.Label, row.Name, m.name, "", p.A, p.B, fig)
			}
		}
	}
	for _, row := range r.Values {
		put(string(row.Kind), row.ID, row.Name, "alpha", string(row.Metric), "", "", row.Alpha)
		put(string(row.Kind), row.ID, row.Name, "fleiss_kappa", "nominal", "", "", row.Fleiss)
		for _, c := range row.Cohen {
			put(string(row.Kind), row.ID, row.Name, "cohen_kappa", "nominal", c.A, c.B, c.Figure)
		}
	}
	cw.Flush()
	return cw.Error()
}

// cmdAdjudicate builds the final layer: it lists the places where coders
// marked something, accepts what all coders agree on, accepts one coder's
// version of a place, or rejects a place.
func cmdAdjudicate(p *project, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("newsmark adjudicate", p, stderr)
	gold := fs.String("gold", agreement.DefaultGold, "the final layer's annotator `name`")
	var docs, coders, accept, reject listFlag
	fs.Var(&docs, "doc", "only this document `id` (repeatable; default: every document two or more coders coded)")
	fs.Var(&coders, "coder", "only this coder's work (`name`, repeatable)")
	agreed := fs.Bool("accept-agreed", false, "copy every place all coders marked alike (offsets and labels) into the final layer, as one step")
	fs.Var(&accept, "accept", "accept the version of the coder who made annotation `id`, at its place (repeatable)")
	fs.Var(&reject, "reject", "reject every version at the place of annotation `id` (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: adjudicate takes no arguments, got %q", errUsage, fs.Arg(0))
	}
	if *gold == "" {
		return fmt.Errorf("%w: --gold needs a name", errUsage)
	}
	store, _, err := p.open()
	if err != nil {
		return err
	}
	defer store.Close()
	opts := agreement.AdjudicationOptions{Gold: *gold, Coders: coders}
	if len(docs) == 0 {
		list, err := store.Documents()
		if err != nil {
			return err
		}
		for _, d := range list {
			docs = append(docs, d.ID)
		}
	} else {
		for _, id := range docs {
			if _, err := store.Document(id); err != nil {
				return fmt.Errorf("--doc %s: %w", id, err)
			}
		}
	}
	// Only documents two or more coders coded have anything to settle.
	var studied []string
	for _, id := range docs {
		adj, err := agreement.Adjudicate(store, id, opts)
		if err != nil {
			return err
		}
		if len(adj.Coders) >= 2 {
			studied = append(studied, id)
		}
	}
	if (*agreed || len(accept) > 0 || len(reject) > 0) && len(studied) > 0 {
		if err := store.AddAnnotator(&annotate.Annotator{ID: *gold, Name: *gold}); err != nil {
			return err
		}
	}
	if *agreed {
		change, n, err := agreement.NewAcceptAgreed(store, studied, opts)
		if err != nil {
			return err
		}
		if change != nil {
			if err := change.Apply(store); err != nil {
				return fmt.Errorf("accept agreed places: %w", err)
			}
		}
		fmt.Fprintf(stdout, "accepted %d places all coders agree on into %s\n", n, *gold)
	}
	for _, id := range accept {
		place, coder, err := placeOf(store, studied, id, opts)
		if err != nil {
			return fmt.Errorf("--accept %s: %w", id, err)
		}
		change, err := agreement.NewAccept(place, coder, *gold)
		if err != nil {
			return err
		}
		if err := change.Apply(store); err != nil {
			return fmt.Errorf("--accept %s: %w", id, err)
		}
		fmt.Fprintf(stdout, "accepted %s's version at %s %s %d-%d into %s\n", coder, place.DocumentID, place.SegmentID, place.Start, place.End, *gold)
	}
	for _, id := range reject {
		place, _, err := placeOf(store, studied, id, opts)
		if err != nil {
			return fmt.Errorf("--reject %s: %w", id, err)
		}
		if err := agreement.NewReject(place, *gold).Apply(store); err != nil {
			return fmt.Errorf("--reject %s: %w", id, err)
		}
		fmt.Fprintf(stdout, "rejected every version at %s %s %d-%d for %s\n", place.DocumentID, place.SegmentID, place.Start, place.End, *gold)
	}
	return listPlaces(stdout, store, studied, opts)
}

// placeOf finds the place of a coder's annotation among the documents.
func placeOf(store annotate.Store, docs []string, annID string, opts agreement.AdjudicationOptions) (*agreement.Place, string, error) {
	for _, id := range docs {
		if _, err := store.Annotation(id, annID); err != nil {
			if errors.Is(err, annotate.ErrNotFound) {
				continue
			}
			return nil, "", err
		}
		adj, err := agreement.Adjudicate(store, id, opts)
		if err != nil {
			return nil, "", err
		}
		for i := range adj.Places {
			for _, v := range adj.Places[i].Versions {
				for _, a := range v.Spans {
					if a.ID == annID {
						return &adj.Places[i], v.Coder, nil
					}
				}
			}
		}
		return nil, "", fmt.Errorf("annotation %s of document %s is not a coder's (is it the final layer's?)", annID, id)
	}
	return nil, "", fmt.Errorf("no document two or more coders coded has an annotation %s: %w", annID, annotate.ErrNotFound)
}

// listPlaces prints every place, one line per span, and what is left.
func listPlaces(w io.Writer, store annotate.Store, docs []string, opts agreement.AdjudicationOptions) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOCUMENT\tSEGMENT\tPLACE\tSTATE\tCODER\tANNOTATION\tLABEL\tTEXT")
	places, left := 0, 0
	for _, id := range docs {
		adj, err := agreement.Adjudicate(store, id, opts)
		if err != nil {
			return err
		}
		places += len(adj.Places)
		left += adj.Left()
		for _, pl := range adj.Places {
			state := "open"
			switch {
			case len(pl.Gold) > 0:
				state = "accepted"
			case pl.Rejected:
				state = "rejected"
			case pl.Agreed:
				state = "agreed"
			}
			where := fmt.Sprintf("%s\t%s\t%d-%d\t%s", pl.DocumentID, pl.SegmentID, pl.Start, pl.End, state)
			for _, v := range pl.Versions {
				for _, a := range v.Spans {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%q\n", where, v.Coder, a.ID, a.Label, a.Quote.Exact)
				}
			}
			for _, a := range pl.Gold {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%q\n", where, a.Annotator, a.ID, a.Label, a.Quote.Exact)
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d documents, %d places, %d left to settle (final layer: %s)\n", len(docs), places, left, opts.Gold)
	return nil
}
