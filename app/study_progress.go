package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// progress counts, per coder, the documents done, in progress and not
// started, as `newsmark progress` does: a coder's documents are those of
// the packages made for them, or every document for a coder who codes in
// the project itself.
func (w *Window) progress() ([]annotate.CoderProgress, error) {
	docs, err := w.store.Documents()
	if err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	var packages []annotate.PackageInfo
	if ss := w.studyStore(); ss != nil {
		if packages, err = ss.Packages(); err != nil {
			return nil, fmt.Errorf("read packages: %w", err)
		}
	}
	var statuses []annotate.DocStatus
	if ss := w.statusStore(); ss != nil {
		if statuses, err = ss.Statuses(); err != nil {
			return nil, fmt.Errorf("read statuses: %w", err)
		}
	}
	return annotate.Progress(docs, packages, statuses), nil
}

// progressView is Study → Progress: a row per coder with a bar of the
// documents done and the counts in progress and not started.
type progressView struct {
	rows    []annotate.CoderProgress
	content fyne.CanvasObject
}

func newProgressView(rows []annotate.CoderProgress) *progressView {
	v := &progressView{rows: rows}
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	if len(rows) == 0 {
		l := widget.NewLabel(lang.L("No coder has a document yet: prepare coder packages (Study menu), or mark a document's status in the desk."))
		l.Wrapping = fyne.TextWrapWord
		v.content = l
		return v
	}
	grid := container.NewGridWithColumns(5, bold(lang.L("Coder")), bold(lang.L("Done")), bold(lang.L("In progress")), bold(lang.L("Not started")), bold(lang.L("Documents")))
	for _, r := range rows {
		bar := widget.NewProgressBar()
		if r.Assigned > 0 {
			bar.SetValue(float64(r.Done) / float64(r.Assigned))
		}
		done, assigned := r.Done, r.Assigned
		bar.TextFormatter = func() string { return fmt.Sprintf(lang.L("%d of %d done"), done, assigned) }
		grid.Add(bold(r.Coder))
		grid.Add(bar)
		grid.Add(widget.NewLabel(fmt.Sprint(r.InProgress)))
		grid.Add(widget.NewLabel(fmt.Sprint(r.NotStarted)))
		grid.Add(widget.NewLabel(fmt.Sprint(r.Assigned)))
	}
	// A VBox keeps the rows at their own height in a tall dialog.
	v.content = container.NewVBox(grid)
	return v
}

// ShowProgress opens Study → Progress.
func (w *Window) ShowProgress() {
	rows, err := w.progress()
	if err != nil {
		w.showError(lang.L("The progress could not be read"), err)
		return
	}
	v := newProgressView(rows)
	w.study.progress = v
	d := dialog.NewCustom(lang.L("Progress per coder"), lang.L("Close"), container.NewVScroll(v.content), w.win)
	d.Resize(fyne.NewSize(760, 360))
	w.showModal(d, nil)
}
