package app

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/agreement"
	"github.com/newsmark/newsmark/assets"
	"github.com/newsmark/newsmark/storage"
)

// codedStudy stores in the desk's project the work of two coders on the
// sample (codeStudy).
func codedStudy(t *testing.T) (*Window, annotate.Store) {
	t.Helper()
	w, store := newDesk(t)
	codeStudy(t, w, store)
	return w, store
}

// codeStudy stores the work of two coders on the sample in the desk's
// project: both mark "Elif Demir" as PER, bernd marks "Markus Brandt" PER
// where carl marks it ORG, and only carl marks "VRL" ORG; both are done.
func codeStudy(t *testing.T, w *Window, store interface {
	annotate.Store
	annotate.StatusStore
}) {
	t.Helper()
	for _, c := range []struct{ coder, seg, text, label string }{
		{"bernd", "s4", "Elif Demir", "PER"}, {"carl", "s4", "Elif Demir", "PER"},
		{"bernd", "s5", "Markus Brandt", "PER"}, {"carl", "s5", "Markus Brandt", "ORG"},
		{"carl", "s6", "VRL", "ORG"},
	} {
		start := offsetOf(t, w, c.seg, c.text)
		a := &annotate.Annotation{DocumentID: w.doc.ID, SegmentID: c.seg, Start: start, End: start + annotate.RuneCount(c.text), Label: c.label, Annotator: c.coder}
		if err := store.AddAnnotation(a); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"bernd", "carl"} {
		if err := store.SetStatus(w.doc.ID, c, annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
	}
	w.afterChange("")
}

func TestTheAgreementViewDrawsTheTableTheChartAndTheHeatMap(t *testing.T) {
	w, _ := codedStudy(t)
	menuItem(t, w, "Study", "Agreement…").Action()
	w.background.Wait()
	av := w.study.agreement
	if av == nil || av.report == nil {
		t.Fatal("Study → Agreement computed nothing")
	}
	if got := strings.Join(av.report.Coders, ","); got != "bernd,carl" {
		t.Errorf("coders %q, want bernd,carl (anna coded nothing)", got)
	}
	if !strings.Contains(av.summary.Text, "2 coders (bernd, carl) · 1 document coded by two or more") || !strings.Contains(av.summary.Text, "seed") {
		t.Errorf("summary = %q", av.summary.Text)
	}
	byName := map[string]agreementRow{}
	for _, r := range av.rows {
		byName[r.kind+"/"+r.name] = r
	}
	all, ok := byName["Spans/All labels"]
	if !ok {
		t.Fatalf("no row for spans over all labels: %v", byName)
	}
	// 4 spans of bernd and carl at the same places: Elif Demir matches,
	// Markus Brandt differs in label, VRL only carl: exact F1 = 2·1/(2+3).
	if got := meanF1(all.span.Pairs, true); math.Abs(got-0.4) > 1e-9 {
		t.Errorf("all labels: exact F1 %v, want 0.4", got)
	}
	if n := len(all.disagr); n != 2 {
		t.Errorf("all labels: %d disagreements, want 2 (Markus Brandt, VRL)", n)
	}
	if got := all.cell(4); got != "F1 exact 0.400 · overlap 0.400" {
		t.Errorf("all labels: pairs cell %q", got)
	}

	// One bar per span row, with the figure or its reason.
	if len(av.chart.bars) != len(av.report.Spans) {
		t.Errorf("%d bars for %d span rows", len(av.chart.bars), len(av.report.Spans))
	}
	r := test.TempWidgetRenderer(t, av.chart).(*alphaChartRenderer)
	if len(r.rows) != len(av.chart.bars) {
		t.Errorf("the chart draws %d rows", len(r.rows))
	}
	// The heat map of the first row: bernd × carl = 0.4 both ways.
	av.exact.SetChecked(true)
	if got := av.heat.values; len(got) != 2 || math.Abs(got[0][1]-0.4) > 1e-9 || math.Abs(got[1][0]-0.4) > 1e-9 || !math.IsNaN(got[0][0]) {
		t.Errorf("heat map values %v, want 0.4 for the pair", got)
	}
	hr := test.TempWidgetRenderer(t, av.heat).(*heatMapRenderer)
	if len(hr.cells) != 4 || hr.texts[1].Text != "0.40" {
		t.Errorf("the heat map draws %d cells, the pair's says %q", len(hr.cells), hr.texts[1].Text)
	}
	av.win.Close()
}

func TestADisagreementOpensTheCodersVersionsSideBySide(t *testing.T) {
	w, _ := codedStudy(t)
	w.ShowAgreement()
	w.background.Wait()
	av := w.study.agreement
	av.selectRow(0)
	var brandt int = -1
	for i, d := range av.currentDisagreements() {
		if strings.Contains(av.disagreementLine(d), "Markus Brandt") {
			brandt = i
		}
	}
	if brandt < 0 {
		t.Fatalf("no disagreement on Markus Brandt: %v", av.currentDisagreements())
	}
	line := av.disagreementLine(av.currentDisagreements()[brandt])
	for _, want := range []string{"bernd: PER “Markus Brandt”", "carl: ORG “Markus Brandt”"} {
		if !strings.Contains(line, want) {
			t.Errorf("disagreement line %q lacks %q", line, want)
		}
	}
	av.dis.Select(brandt)
	cv := av.compared
	if cv == nil {
		t.Fatal("a click on the disagreement opened nothing")
	}
	for coder, want := range map[string]string{"bernd": "Person", "carl": "Organisation"} {
		v := cv.views[coder]
		if v == nil {
			t.Fatalf("no column for %s", coder)
		}
		var labels []string
		for _, s := range v.Spans() {
			labels = append(labels, s.Label)
		}
		if len(labels) != 1 || !strings.HasPrefix(labels[0], want[:3]) {
			t.Errorf("%s's column highlights %q, want %s", coder, labels, want)
		}
	}
	// Open in the desk: the document with both coders shown.
	w.openWithCoders(cv.d.DocumentID, av.report.Coders, cv.d.SegmentID, cv.d.Start)
	if got := highlighted(w, "s5"); len(got) != 2 {
		t.Errorf("the desk highlights %q in the paragraph, want both coders' spans", got)
	}
	av.win.Close()
}

// gatedStore holds Documents back while its gate is set, so that a test
// can act while the agreement is being computed.
type gatedStore struct {
	*storage.Store
	gate chan struct{}
}

func (s *gatedStore) Documents() ([]annotate.DocumentSummary, error) {
	if s.gate != nil {
		<-s.gate
	}
	return s.Store.Documents()
}

func TestClosingTheAgreementWindowStopsTheComputation(t *testing.T) {
	a := test.NewTempApp(t)
	st, err := storage.Open(filepath.Join(t.TempDir(), "lead.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.SetCodebook(assets.DefaultCodebook()); err != nil {
		t.Fatal(err)
	}
	doc, err := assets.SampleDocument(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	store := &gatedStore{Store: st}
	w := NewWindow(a, store, "lead.db", Options{Annotator: "lena"})
	t.Cleanup(w.win.Close)
	store.gate = make(chan struct{})
	w.ShowAgreement()
	av := w.study.agreement
	av.win.Close()
	close(store.gate)
	w.background.Wait()
	if av.report != nil {
		t.Error("the closed window got a report: the computation was not stopped")
	}
	if strings.Contains(av.summary.Text, "could not be computed") {
		t.Errorf("a cancelled computation is reported as a failure: %q", av.summary.Text)
	}
}

func TestAValueRowShowsCohensKappaAndEachCodersValue(t *testing.T) {
	w, store := codedStudy(t)
	// Stance of the six comments: bernd and carl agree on four.
	stances := map[string][2]string{
		"c1": {"agrees", "agrees"}, "c2": {"disagrees", "disagrees"}, "c3": {"disagrees", "neutral"},
		"c4": {"agrees", "agrees"}, "c5": {"neutral", "neutral"}, "c6": {"agrees", "disagrees"},
	}
	for seg, v := range stances {
		for i, coder := range []string{"bernd", "carl"} {
			if err := store.SetSegmentLabel(&annotate.SegmentLabel{DocumentID: w.doc.ID, SegmentID: seg, Label: v[i], Annotator: coder}); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.ShowAgreement()
	w.background.Wait()
	av := w.study.agreement
	row := -1
	for i, r := range av.rows {
		if r.value != nil && r.value.ID == "stance" {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("no row for the stance of comments: %v", av.rows)
	}
	av.selectRow(row)
	r := av.rows[row]
	if !strings.HasPrefix(r.kind, "Comment labels") || len(r.disagr) != 2 {
		t.Errorf("stance row: kind %q, %d disagreements; want comment labels with 2 (c3, c6)", r.kind, len(r.disagr))
	}
	if len(r.value.Cohen) != 1 || !r.value.Cohen[0].Figure.OK() {
		t.Fatalf("Cohen's kappa of the pair: %+v", r.value.Cohen)
	}
	kappa := r.value.Cohen[0].Figure.Value
	if got := av.heat.values[0][1]; math.Abs(got-kappa) > 1e-12 || av.exact.Visible() {
		t.Errorf("the heat map shows %v for the pair, want Cohen's kappa %v (and no exact-match switch)", got, kappa)
	}
	if !strings.HasPrefix(av.heat.title, "Cohen’s kappa per pair") {
		t.Errorf("heat map title %q", av.heat.title)
	}
	var c6 agreement.Disagreement
	for _, d := range r.disagr {
		if d.SegmentID == "c6" {
			c6 = d
		}
	}
	if line := av.disagreementLine(c6); !strings.Contains(line, "bernd: agrees") || !strings.Contains(line, "carl: disagrees") {
		t.Errorf("disagreement on c6 reads %q", line)
	}
	av.compare(c6)
	if cv := av.compared; cv == nil || cv.values["bernd"] != "agrees" || cv.values["carl"] != "disagrees" {
		t.Errorf("the comparison of c6 shows %+v", av.compared)
	}
	av.win.Close()
}

func TestTheAgreementViewOfAProjectWithOneCoderSaysWhatAgreementNeeds(t *testing.T) {
	w, _ := newDesk(t)
	menuItem(t, w, "Study", "Agreement…").Action()
	w.background.Wait()
	av := w.study.agreement
	if av == nil || av.report == nil {
		t.Fatal("Study → Agreement computed nothing")
	}
	if strings.Contains(av.summary.Text, "0 coders") || !strings.Contains(av.summary.Text, "No document has been coded by two or more coders yet") {
		t.Errorf("summary of a project nobody coded twice = %q", av.summary.Text)
	}
}
