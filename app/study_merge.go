package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// Study → Merge coder work…: choose package files (a folder's packages, or
// files one by one) and bring each coder's work back as their layer, as
// `newsmark merge` does; the report says what each merge added, changed
// and removed, and refused files say why (the project is then unchanged).

// packageSuffix ends the name of every package file.
const packageSuffix = ".newsmark.db"

// packageFilesIn lists the package files of a folder, sorted.
func packageFilesIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), packageSuffix) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}

// mergeResult is the outcome of merging one file.
type mergeResult struct {
	Path   string
	Report *annotate.MergeReport
	Err    error
}

// countsText writes merge counts: "+3 ~1 −0 =12".
func countsText(c annotate.MergeCounts) string {
	return fmt.Sprintf("+%d ~%d −%d =%d", c.Added, c.Changed, c.Removed, c.Unchanged)
}

// mergeReportText says what the merges did, a paragraph per file.
func mergeReportText(results []mergeResult) string {
	var b strings.Builder
	b.WriteString(lang.L("Counts are +added ~changed −removed =unchanged.") + "\n\n")
	for _, r := range results {
		name := filepath.Base(r.Path)
		if r.Err != nil {
			fmt.Fprintf(&b, "✗ %s: %s\n\n", name, r.Err)
			continue
		}
		rep := r.Report
		fmt.Fprintf(&b, "✓ %s: "+lang.L("%s’s work in %d documents")+"\n", name, rep.Coder, rep.Documents)
		fmt.Fprintf(&b, "   %s %s · %s %s · %s %s · %s %s\n",
			lang.L("annotations"), countsText(rep.Annotations), lang.L("links"), countsText(rep.Relations),
			lang.L("comment labels"), countsText(rep.SegmentLabels), lang.L("statuses"), countsText(rep.Statuses))
		if t := rep.Total(); t.Added+t.Changed+t.Removed == 0 {
			b.WriteString("   " + lang.L("nothing new: this package was merged before") + "\n")
		}
		if rep.Relabelled > 0 {
			fmt.Fprintf(&b, "   "+lang.L("%d items followed labels renamed or merged since the package was made")+"\n", rep.Relabelled)
		}
		for _, c := range rep.CodebookChanges {
			b.WriteString("   " + lang.L("codebook changed since:") + " " + c + "\n")
		}
		b.WriteString("\n")
	}
	return strings.TrimSpace(b.String())
}

// AskMergePackages opens Study → Merge coder work….
func (w *Window) AskMergePackages() {
	if w.studyStore() == nil {
		w.showError(lang.L("Coder work cannot be merged"), errors.New(lang.L("this project cannot take part in a study")))
		return
	}
	chosen := map[string]bool{}
	var files []string
	checks := container.NewVBox()
	var merge *widget.Button
	show := func() {
		checks.RemoveAll()
		if len(files) == 0 {
			checks.Add(widget.NewLabel(lang.L("No package files chosen yet.")))
		}
		for _, f := range files {
			path := f
			c := widget.NewCheck(path, func(on bool) { chosen[path] = on })
			c.SetChecked(chosen[path])
			checks.Add(c)
		}
		if merge != nil {
			merge.Enable()
		}
	}
	add := func(paths ...string) {
		for _, p := range paths {
			if _, ok := chosen[p]; !ok {
				files = append(files, p)
			}
			chosen[p] = true
		}
		show()
	}
	if found, err := packageFilesIn(w.packagesDir()); err == nil {
		add(found...)
	}
	show()
	folder := widget.NewButton(lang.L("Add a folder’s packages…"), func() {
		dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
			if err != nil || u == nil {
				return
			}
			found, err := packageFilesIn(u.Path())
			if err != nil {
				w.showError(lang.L("The folder could not be read"), err)
				return
			}
			add(found...)
		}, w.win)
	})
	file := widget.NewButton(lang.L("Add a file…"), func() {
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			r.Close()
			add(r.URI().Path())
		}, w.win)
	})
	var d *dialog.CustomDialog
	merge = widget.NewButton(lang.L("Merge"), func() {
		var paths []string
		for _, f := range files {
			if chosen[f] {
				paths = append(paths, f)
			}
		}
		if len(paths) == 0 {
			w.setStatusNote(lang.L("Choose at least one package file"))
			return
		}
		d.Hide()
		w.mergePackages(paths, nil)
	})
	merge.Importance = widget.HighImportance
	body := container.NewBorder(
		widget.NewLabel(lang.L("Package files to merge; each coder’s work becomes their layer of this project:")),
		container.NewHBox(folder, file), nil, nil, container.NewVScroll(checks))
	d = dialog.NewCustomWithoutButtons(lang.L("Merge coder work"), body, w.win)
	cancel := widget.NewButton(lang.L("Cancel"), func() { d.Hide() })
	d.SetButtons([]fyne.CanvasObject{cancel, merge})
	d.Resize(fyne.NewSize(720, 420))
	w.showModal(d, merge.OnTapped)
}

// mergePackages merges the files one after another off the window's
// goroutine, shows the report and reloads the desk; done, if set, gets
// the results (for tests).
func (w *Window) mergePackages(paths []string, done func([]mergeResult)) {
	ss := w.studyStore()
	w.setStatusNote(lang.L("Merging coder work…"))
	w.background.Add(1)
	go func() {
		results := make([]mergeResult, 0, len(paths))
		for _, p := range paths {
			rep, err := ss.MergePackage(context.Background(), p)
			results = append(results, mergeResult{Path: p, Report: rep, Err: err})
		}
		fyne.Do(func() {
			defer w.background.Done()
			merged := 0
			for _, r := range results {
				if r.Err == nil {
					merged++
				} else {
					fyne.LogError("merge "+r.Path, r.Err)
				}
			}
			w.refreshDocuments()
			if w.doc != nil {
				w.afterChange("")
			}
			w.study.afterStatusChange()
			w.setStatusNote(fmt.Sprintf(lang.L("Merged %d of %d package files"), merged, len(results)))
			l := widget.NewLabel(mergeReportText(results))
			l.Wrapping = fyne.TextWrapWord
			dlg := dialog.NewCustom(lang.L("Merge report"), lang.L("Close"), container.NewVScroll(l), w.win)
			dlg.Resize(fyne.NewSize(720, 420))
			w.study.mergeReport = l.Text
			w.showModal(dlg, nil)
			if done != nil {
				done(results)
			}
		})
	}()
}
