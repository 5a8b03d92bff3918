package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// Study → Prepare coder packages…: choose coders, documents, how many each
// coder gets, a reliability sample (a share or a count every coder codes)
// and the seed that draws it; one project file per coder is written into a
// folder, as `newsmark package` does.

// packageForm is what the lead typed into the dialog.
type packageForm struct {
	Coders   string // names separated by commas, semicolons or spaces
	PerCoder string // a number, or empty for all documents shared out
	Sample   string // "20%" (a share), "10" (a count) or empty for none
	Seed     string
}

// parsePackageForm turns the dialog's fields into package options over the
// given documents.
func parsePackageForm(f packageForm, docs []string) (annotate.PackageOptions, error) {
	o := annotate.PackageOptions{Documents: docs}
	o.Coders = strings.FieldsFunc(f.Coders, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' })
	if len(o.Coders) == 0 {
		return o, errors.New(lang.L("name at least one coder"))
	}
	if s := strings.TrimSpace(f.PerCoder); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return o, fmt.Errorf(lang.L("documents per coder: %q is not a whole number"), s)
		}
		o.PerCoder = n
	}
	if s := strings.TrimSpace(f.Sample); s != "" {
		if p, ok := strings.CutSuffix(s, "%"); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(p, ",", ".")), 64)
			if err != nil || v < 0 || v > 100 {
				return o, fmt.Errorf(lang.L("reliability sample: %q is not a share from 0%% to 100%%"), s)
			}
			o.SampleShare = v / 100
		} else {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return o, fmt.Errorf(lang.L("reliability sample: %q is neither a share like 20%% nor a number of documents"), s)
			}
			o.SampleCount = n
		}
	}
	seed, err := strconv.ParseInt(strings.TrimSpace(f.Seed), 10, 64)
	if err != nil {
		return o, fmt.Errorf(lang.L("seed: %q is not a whole number"), f.Seed)
	}
	o.Seed = seed
	return o, nil
}

// packagesDir is where packages go unless the lead chooses: a folder
// "packages" beside the project file.
func (w *Window) packagesDir() string {
	if w.study.packagesDir != "" {
		return w.study.packagesDir
	}
	base := "."
	if w.projectPath != "" {
		base = filepath.Dir(w.projectPath)
	} else if home, err := os.UserHomeDir(); err == nil {
		base = home
	}
	return filepath.Join(base, "packages")
}

// AskPreparePackages opens Study → Prepare coder packages….
func (w *Window) AskPreparePackages() {
	ss := w.studyStore()
	if ss == nil {
		w.showError(lang.L("Coder packages cannot be made"), errors.New(lang.L("this project cannot take part in a study")))
		return
	}
	coders := newDialogEntry(w)
	coders.SetPlaceHolder(lang.L("e.g. anna, bernd, carl"))
	which := widget.NewRadioGroup([]string{
		fmt.Sprintf(lang.L("All documents (%d)"), w.docs.count()),
		fmt.Sprintf(lang.L("The documents the list shows (%d)"), len(w.docs.shown)),
	}, nil)
	which.Required = true
	which.SetSelected(which.Options[0])
	per := newDialogEntry(w)
	per.SetPlaceHolder(lang.L("empty: share every document out"))
	sample := newDialogEntry(w)
	sample.SetText("20%")
	seed := newDialogEntry(w)
	seed.SetText(strconv.FormatInt(annotate.NewSeed(), 10))
	dir := newDialogEntry(w)
	dir.SetText(w.packagesDir())
	choose := widget.NewButton(lang.L("Choose…"), func() {
		fd := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				dir.SetText(u.Path())
			}
		}, w.win)
		if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(dir.Text))); err == nil {
			fd.SetLocation(l)
		}
		fd.Show()
	})
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Coders"), coders),
		widget.NewFormItem(lang.L("Documents"), which),
		widget.NewFormItem(lang.L("Documents per coder"), per),
		widget.NewFormItem(lang.L("Reliability sample"), sample),
		widget.NewFormItem(lang.L("Seed"), seed),
		widget.NewFormItem(lang.L("Folder"), container.NewBorder(nil, nil, nil, choose, dir)),
	}
	items[3].HintText = lang.L("a share (20%) or a number of documents every coder codes")
	items[4].HintText = lang.L("draws the sample; stored in every package")
	d := dialog.NewForm(lang.L("Prepare coder packages"), lang.L("Create packages"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		var ids []string
		list := w.docs.all
		if which.Selected == which.Options[1] {
			list = w.docs.shown
		}
		for _, d := range list {
			ids = append(ids, d.ID)
		}
		opts, err := parsePackageForm(packageForm{Coders: coders.Text, PerCoder: per.Text, Sample: sample.Text, Seed: seed.Text}, ids)
		if err != nil {
			w.showError(lang.L("No packages were made"), err)
			return
		}
		w.makePackages(opts, strings.TrimSpace(dir.Text), nil)
	}, w.win)
	d.Resize(fyne.NewSize(640, 480))
	w.showModal(d, d.Submit)
	w.win.Canvas().Focus(coders)
}

// makePackages plans and writes the packages off the window's goroutine
// and reports them; done, if set, gets the outcome (for tests).
func (w *Window) makePackages(opts annotate.PackageOptions, dir string, done func([]annotate.PackageFile, error)) {
	ss := w.studyStore()
	plan, err := annotate.PlanPackages(opts)
	if err != nil {
		w.showError(lang.L("No packages were made"), err)
		if done != nil {
			done(nil, err)
		}
		return
	}
	w.study.packagesDir = dir
	w.setStatusNote(lang.L("Writing coder packages…"))
	w.background.Add(1)
	go func() {
		files, err := ss.MakePackages(context.Background(), plan, dir)
		fyne.Do(func() {
			defer w.background.Done()
			if done != nil {
				defer done(files, err)
			}
			if err != nil {
				w.showError(lang.L("No packages were made"), err)
				return
			}
			w.setStatusNote(fmt.Sprintf(lang.L("Wrote %d coder packages to %s"), len(files), dir))
			l := widget.NewLabel(packagesReport(plan, files, dir))
			l.Wrapping = fyne.TextWrapWord
			d := dialog.NewCustom(lang.L("Coder packages made"), lang.L("Close"), container.NewVScroll(l), w.win)
			d.Resize(fyne.NewSize(640, 360))
			w.showModal(d, nil)
		})
	}()
}

// packagesReport says what was made: a line per package, the sample and
// its seed.
func packagesReport(plan *annotate.PackagePlan, files []annotate.PackageFile, dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, lang.L("%d packages in %s:")+"\n", len(files), dir)
	for _, f := range files {
		fmt.Fprintf(&b, "• %s: %s, "+lang.L("%d documents (%d of the reliability sample)")+"\n", filepath.Base(f.Path), f.Info.Coder, len(f.Info.Documents), len(f.Info.Sample))
	}
	fmt.Fprintf(&b, "\n"+lang.L("Reliability sample: %d documents every coder codes, drawn with seed %d (stored in every package)."), len(plan.Sample), plan.Seed)
	b.WriteString("\n" + lang.L("Give each coder their file; they open it with Newsmark like any project. Study → Merge coder work… brings it back."))
	return b.String()
}
