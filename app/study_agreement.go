package app

import (
	"context"
	"fmt"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/agreement"
)

// Study → Agreement: the figures of agreement.Compute on the documents two
// or more coders coded, as a table (a row per label for spans, a row per
// comment-label set, attribute and variable), a bar chart of unitizing
// alpha per label with its interval, and a heat map of pairwise F1 (or
// Cohen's kappa for a value row). A row opens its disagreements; a
// disagreement opens the coders' versions side by side.

// agreementRow is one row of the agreement table.
type agreementRow struct {
	kind   string // what is measured, in words
	name   string
	alpha  agreement.Figure
	extra  string // span F1, or Fleiss' and Cohen's kappa
	span   *agreement.SpanRow
	value  *agreement.ValueRow
	disagr []agreement.Disagreement
}

// agreementView is the Agreement window.
type agreementView struct {
	w       *Window
	win     fyne.Window
	report  *agreement.Report
	rows    []agreementRow
	titles  map[string]string // document id → title
	summary *widget.Label
	table   *widget.Table
	chart   *alphaChart
	heat    *heatMap
	exact   *widget.Check
	dis     *widget.List
	disHead *widget.Label
	current int // the row whose disagreements are listed, -1 for none
	body    *fyne.Container
	// compared is the last disagreement opened side by side, for tests.
	compared *compareView
}

// goldName is the final layer's annotator: it is not a coder, so the
// agreement leaves it out.
func (w *Window) goldName() string {
	if w.study.gold != "" {
		return w.study.gold
	}
	return agreement.DefaultGold
}

// ShowAgreement opens Study → Agreement and computes the figures off the
// window's goroutine.
func (w *Window) ShowAgreement() {
	av := &agreementView{w: w, current: -1}
	av.win = w.app.NewWindow(lang.L("Agreement") + " – Newsmark")
	av.summary = widget.NewLabel(lang.L("Computing agreement…"))
	av.summary.Wrapping = fyne.TextWrapWord
	// Closing the window, or Cancel, stops the computation.
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	stop := widget.NewButton(lang.L("Cancel"), func() { av.win.Close() })
	av.body = container.NewStack(container.NewVBox(bar, container.NewCenter(stop)))
	av.win.SetContent(container.NewBorder(av.summary, nil, nil, nil, av.body))
	av.win.Resize(fyne.NewSize(1360, 860))
	av.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			av.win.Close()
		}
	})
	av.win.SetOnClosed(cancel)
	w.study.agreement = av
	av.win.Show()
	opts := agreement.Options{Exclude: []string{w.goldName()}, Context: ctx,
		Progress: func(done, total int) {
			fyne.Do(func() {
				bar.SetValue(float64(done) / float64(max(total, 1)))
				av.summary.SetText(fmt.Sprintf(lang.L("Computing agreement… %d of %d documents read"), done, total))
			})
		}}
	w.background.Add(1)
	go func() {
		report, err := agreement.Compute(w.store, opts)
		var docs []annotate.DocumentSummary
		if err == nil {
			docs, err = w.store.Documents()
		}
		fyne.Do(func() {
			defer w.background.Done()
			if ctx.Err() != nil {
				return // the window was closed
			}
			if err != nil {
				av.summary.SetText(lang.L("The agreement could not be computed") + ": " + err.Error())
				av.body.Objects = nil
				av.body.Refresh()
				fyne.LogError("compute agreement", err)
				return
			}
			av.titles = map[string]string{}
			for _, d := range docs {
				av.titles[d.ID] = d.Title
			}
			av.show(report)
		})
	}()
}

// figureText writes a figure with its interval, or why it has none.
func figureText(f agreement.Figure) string {
	if !f.OK() {
		return reasonText(f.Reason)
	}
	s := fmt.Sprintf("%.3f", f.Value)
	if f.Interval {
		s += fmt.Sprintf(" [%.3f, %.3f]", f.Low, f.High)
	}
	return s
}

// meanF1 is the mean of the pairs' F1 (exact or overlapping match), NaN
// if no pair has one.
func meanF1(pairs []agreement.PairF1, exact bool) float64 {
	sum, n := 0.0, 0
	for _, p := range pairs {
		v := p.Overlap.Value
		if exact {
			v = p.Exact.Value
		}
		if !math.IsNaN(v) {
			sum += v
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

func f1Text(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.3f", v)
}

// rowsOf turns a report into table rows: spans (all labels, then each
// label), then comment labels, attributes and variables.
func rowsOf(r *agreement.Report) []agreementRow {
	var rows []agreementRow
	for i := range r.Spans {
		s := &r.Spans[i]
		name := s.Name
		if s.Label == "" {
			name = lang.L("All labels")
		}
		rows = append(rows, agreementRow{
			kind: lang.L("Spans"), name: name, alpha: s.Alpha, span: s, disagr: s.Disagreements,
			extra: fmt.Sprintf(lang.L("F1 exact %s · overlap %s"), f1Text(meanF1(s.Pairs, true)), f1Text(meanF1(s.Pairs, false))),
		})
	}
	for i := range r.Values {
		v := &r.Values[i]
		kind := lang.L("Comment labels")
		switch v.Kind {
		case agreement.RowAttribute:
			kind = lang.L("Attribute")
		case agreement.RowVariable:
			kind = lang.L("Variable")
		}
		var cohen []string
		for _, p := range v.Cohen {
			if p.Figure.OK() {
				cohen = append(cohen, fmt.Sprintf("%s–%s %.3f", p.A, p.B, p.Figure.Value))
			}
		}
		extra := lang.L("Fleiss κ") + " " + figureText(v.Fleiss)
		if len(cohen) > 0 {
			extra += " · " + lang.L("Cohen κ") + " " + strings.Join(cohen, ", ")
		}
		rows = append(rows, agreementRow{kind: kind + " (" + string(v.Metric) + ")", name: v.Name, alpha: v.Alpha, value: v, disagr: v.Disagreements, extra: extra})
	}
	return rows
}

// agreementColumnWidths are the widths of the table's columns.
var agreementColumnWidths = []float32{170, 170, 230, 130, 330, 120}

// agreementColumnTitle is the title of a column of the table.
func agreementColumnTitle(col int) string {
	switch col {
	case 0:
		return lang.L("Measured")
	case 1:
		return lang.L("Name")
	case 2:
		return lang.L("Alpha [95% interval]")
	case 3:
		return lang.L("Units · coders")
	case 4:
		return lang.L("Pairs")
	case 5:
		return lang.L("Disagreements")
	}
	return ""
}

// cell is the text of a table cell.
func (r agreementRow) cell(col int) string {
	switch col {
	case 0:
		return r.kind
	case 1:
		return r.name
	case 2:
		return figureText(r.alpha)
	case 3:
		return fmt.Sprintf("%d · %d", r.alpha.Units, r.alpha.Coders)
	case 4:
		return r.extra
	case 5:
		return fmt.Sprint(len(r.disagr))
	}
	return ""
}

// show fills the window with a computed report.
func (av *agreementView) show(r *agreement.Report) {
	av.report = r
	av.rows = rowsOf(r)
	summary := fmt.Sprintf(lang.L("%d coders (%s) · %s coded by two or more · bootstrap of %d draws, seed %d · Krippendorff’s unitizing alpha for spans (code points of each segment, gaps count); Krippendorff’s alpha, Fleiss’ and Cohen’s kappa for values"),
		len(r.Coders), strings.Join(r.Coders, ", "), plural(len(r.Documents), lang.L("document"), lang.L("documents")), r.Draws, r.Seed)
	if len(r.Documents) == 0 {
		summary = lang.L("No document has been coded by two or more coders yet. Agreement compares coders on the same documents: prepare coder packages with a reliability sample, and merge the coders' work back (Study menu).")
	}
	if len(r.Notes) > 0 {
		summary += "\n" + strings.Join(r.Notes, "\n")
	}
	av.summary.SetText(summary)

	av.table = widget.NewTable(
		func() (int, int) { return len(av.rows), len(agreementColumnWidths) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < len(av.rows) {
				o.(*widget.Label).SetText(av.rows[id.Row].cell(id.Col))
			}
		})
	av.table.ShowHeaderRow = true
	av.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	av.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(agreementColumnTitle(id.Col))
	}
	for i, width := range agreementColumnWidths {
		av.table.SetColumnWidth(i, width)
	}
	av.table.OnSelected = func(id widget.TableCellID) { av.selectRow(id.Row) }

	var bars []alphaBar
	for _, s := range r.Spans {
		name := s.Name
		if s.Label == "" {
			name = lang.L("All labels")
		}
		bars = append(bars, alphaBar{Name: name, Value: s.Alpha.Value, Low: s.Alpha.Low, High: s.Alpha.High, Interval: s.Alpha.Interval, OK: s.Alpha.OK(), Reason: reasonText(s.Alpha.Reason)})
	}
	av.chart = newAlphaChart(bars)
	av.heat = newHeatMap("", nil, nil)
	av.exact = widget.NewCheck(lang.L("Exact match (same offsets and label)"), func(bool) { av.showHeat() })

	av.disHead = widget.NewLabelWithStyle(lang.L("Choose a row to list its disagreements"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	av.disHead.Wrapping = fyne.TextWrapWord
	av.dis = widget.NewList(
		func() int { return len(av.currentDisagreements()) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if d := av.currentDisagreements(); i < len(d) {
				o.(*widget.Label).SetText(av.disagreementLine(d[i]))
			}
		})
	av.dis.OnSelected = func(i widget.ListItemID) {
		if d := av.currentDisagreements(); i < len(d) {
			av.compare(d[i])
		}
		av.dis.UnselectAll()
	}

	plots := container.NewBorder(nil, nil, nil, container.NewVBox(av.heat, av.exact), av.chart)
	top := container.NewBorder(nil, plots, nil, nil, av.table)
	bottom := container.NewBorder(av.disHead, nil, nil, nil, av.dis)
	split := container.NewVSplit(top, bottom)
	split.SetOffset(0.7)
	av.body.Objects = []fyne.CanvasObject{split}
	av.body.Refresh()
	if len(av.rows) > 0 {
		av.selectRow(0)
	}
}

// currentDisagreements are the disagreements of the chosen row.
func (av *agreementView) currentDisagreements() []agreement.Disagreement {
	if av.current < 0 || av.current >= len(av.rows) {
		return nil
	}
	return av.rows[av.current].disagr
}

// selectRow lists a row's disagreements and draws its pairs in the heat
// map.
func (av *agreementView) selectRow(i int) {
	if i < 0 || i >= len(av.rows) {
		return
	}
	av.current = i
	row := av.rows[i]
	av.disHead.SetText(fmt.Sprintf(lang.L("Disagreements: %s %s (%d) – click one to see the coders’ versions side by side"), row.kind, row.name, len(row.disagr)))
	av.dis.Refresh()
	av.dis.ScrollToTop()
	av.showHeat()
}

// showHeat draws the chosen row's pairs: span F1 for a span row (exact or
// overlapping match), Cohen's kappa for a value row.
func (av *agreementView) showHeat() {
	if av.current < 0 || av.current >= len(av.rows) || av.report == nil {
		return
	}
	row := av.rows[av.current]
	coders := av.report.Coders
	idx := map[string]int{}
	for i, c := range coders {
		idx[c] = i
	}
	m := make([][]float64, len(coders))
	for i := range m {
		m[i] = make([]float64, len(coders))
		for j := range m[i] {
			m[i][j] = math.NaN()
		}
	}
	put := func(a, b string, v float64) {
		i, ok1 := idx[a]
		j, ok2 := idx[b]
		if ok1 && ok2 {
			m[i][j], m[j][i] = v, v
		}
	}
	var title string
	if row.span != nil {
		av.exact.Show()
		for _, p := range row.span.Pairs {
			v := p.Overlap.Value
			if av.exact.Checked {
				v = p.Exact.Value
			}
			put(p.A, p.B, v)
		}
		match := lang.L("overlapping match")
		if av.exact.Checked {
			match = lang.L("exact match")
		}
		title = fmt.Sprintf(lang.L("Pairwise span F1 (%s): %s"), match, row.name)
	} else {
		av.exact.Hide()
		for _, p := range row.value.Cohen {
			v := math.NaN()
			if p.Figure.OK() {
				v = p.Figure.Value
			}
			put(p.A, p.B, v)
		}
		title = fmt.Sprintf(lang.L("Cohen’s kappa per pair: %s"), row.name)
	}
	av.heat.set(title, coders, m)
}

// disagreementLine is a disagreement's row: where, then each coder's
// version.
func (av *agreementView) disagreementLine(d agreement.Disagreement) string {
	where := av.titles[d.DocumentID]
	if where == "" {
		where = d.DocumentID
	}
	if d.SegmentID != "" {
		where += " · " + d.SegmentID
		if d.End > d.Start {
			where += fmt.Sprintf(" %d–%d", d.Start, d.End)
		}
	}
	var parts []string
	if len(d.Spans) > 0 {
		by := map[string][]string{}
		for _, s := range d.Spans {
			by[s.Coder] = append(by[s.Coder], s.Label+" "+quoteShort(s.Text))
		}
		for _, c := range av.report.Coders {
			if v, ok := by[c]; ok {
				parts = append(parts, c+": "+strings.Join(v, ", "))
			}
		}
		if len(by) < 2 {
			parts = append(parts, lang.L("the others: nothing here"))
		}
	}
	for _, v := range d.Values {
		val := v.Value
		if val == "" {
			val = "–"
		}
		parts = append(parts, v.Coder+": "+val)
	}
	return where + "   " + strings.Join(parts, " | ")
}
