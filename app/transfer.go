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
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
	"github.com/newsmark/newsmark/annotate/interchange"
)

// progressDialog shows a long task's progress with a Cancel button. Its
// methods are called on the UI goroutine.
type progressDialog struct {
	bar    *widget.ProgressBar
	what   *widget.Label
	dialog dialog.Dialog
}

func newProgressDialog(title string, cancel func(), parent fyne.Window) *progressDialog {
	p := &progressDialog{bar: widget.NewProgressBar(), what: widget.NewLabel("")}
	p.what.Truncation = fyne.TextTruncateEllipsis
	stop := widget.NewButton(lang.L("Cancel"), cancel)
	p.dialog = dialog.NewCustomWithoutButtons(title, container.NewVBox(p.what, p.bar, container.NewCenter(stop)), parent)
	p.dialog.Resize(fyne.NewSize(480, 160))
	p.dialog.Show()
	return p
}

func (p *progressDialog) set(fraction float64, what string) {
	p.bar.SetValue(fraction)
	p.what.SetText(what)
}

// ImportFiles reads news pages, corpus files and annotation sets off the
// UI goroutine, with progress and Cancel, and shows what they will bring
// (files, documents, comments, annotations, and what the split could not
// find) before anything is written. Only when the user confirms are they
// stored, again with progress and Cancel; then the window says what was
// imported and what was not, and why. Every way in (the file and folder
// dialogs, a drop on the window) comes here, so no file is imported that the
// user has not seen listed.
func (w *Window) ImportFiles(paths []string) {
	if len(paths) == 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	prog := newProgressDialog(lang.L("Reading what to import"), cancel, w.win)
	opts := interchange.AnyOptions{Annotator: w.annotator}
	staged := newStagedStore(w.store)
	w.background.Add(1)
	go func() {
		results := interchange.ImportAny(ctx, staged, paths, opts, func(done, total int, file string) {
			fyne.Do(func() {
				prog.set(float64(done)/float64(max(total, 1)), filepath.Base(file))
			})
		})
		fyne.Do(func() {
			defer w.background.Done()
			prog.dialog.Hide()
			cancelled := ctx.Err() != nil
			cancel()
			if cancelled {
				w.setStatusNote(lang.L("Import cancelled; nothing was written"))
				return
			}
			w.showImportPreview(paths, staged, results)
		})
	}()
}

// importPreview is the question an import asks before it writes.
type importPreview struct {
	dialog  dialog.Dialog
	title   string
	lines   []string
	confirm func()
}

// showImportPreview lists what an import will bring and stores it if the
// user confirms.
func (w *Window) showImportPreview(paths []string, staged *stagedStore, results []interchange.FileResult) {
	// A page the same import brings twice is not "already in the project".
	for _, r := range results {
		if r.Pages == nil {
			continue
		}
		for i, sk := range r.Pages.Skipped {
			if staged.stagedID(sk.ExistingID) {
				r.Pages.Skipped[i].Reason = lang.L("same content as a page before it in this import")
				r.Pages.Skipped[i].ExistingID = ""
			}
		}
	}
	lines, _, failed, warnings, _ := importLines(results)
	c := staged.counts()
	if staged.empty() {
		title := lang.L("Nothing to import")
		if failed > 0 {
			title += sprintf(lang.L(": %s could not be read"), plural(failed, lang.L("file"), lang.L("files")))
		}
		w.showReport(title, lines)
		return
	}
	will := sprintf(lang.L("This will add %s with %s"), plural(c.documents, lang.L("document"), lang.L("documents")), plural(c.comments, lang.L("comment"), lang.L("comments")))
	if c.annotations > 0 || c.segmentLabels > 0 || c.relations > 0 {
		will += sprintf(lang.L(", %s, %s and %s"), plural(c.annotations, lang.L("annotation"), lang.L("annotations")),
			plural(c.segmentLabels, lang.L("comment label"), lang.L("comment labels")), plural(c.relations, lang.L("link"), lang.L("links")))
	}
	will += lang.L(" to the project.")
	if c.documentsThere > 0 {
		will += sprintf(map[bool]string{true: lang.L(" %s already there is not added again."), false: lang.L(" %s already there are not added again.")}[c.documentsThere == 1], plural(c.documentsThere, lang.L("document"), lang.L("documents")))
	}
	if failed > 0 {
		will += sprintf(lang.L(" %s cannot be imported (marked ✗)."), plural(failed, lang.L("file"), lang.L("files")))
	}
	if warnings > 0 {
		will += sprintf(lang.L(" %s (marked ⚠)."), plural(warnings, lang.L("warning"), lang.L("warnings")))
	}
	title := sprintf(lang.L("Import %s?"), plural(len(paths), lang.L("file"), lang.L("files")))
	if len(paths) == 1 {
		title = sprintf(lang.L("Import %s?"), filepath.Base(paths[0]))
	}
	preview := &importPreview{title: title, lines: append([]string{will, ""}, lines...)}
	preview.confirm = func() { w.commitImport(paths, staged, results) }
	text := widget.NewLabel(strings.Join(preview.lines, "\n"))
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, lang.L("Import"), lang.L("Cancel"), container.NewVScroll(text), func(ok bool) {
		w.preview = nil
		if ok {
			preview.confirm()
		} else {
			w.setStatusNote(lang.L("Import cancelled; nothing was written"))
		}
	}, w.win)
	preview.dialog = d
	d.Resize(fyne.NewSize(640, 400))
	w.showModal(d, d.Confirm)
	w.preview = preview
}

// commitImport stores what a confirmed import read, off the UI goroutine
// with progress and Cancel, and reports it.
func (w *Window) commitImport(paths []string, staged *stagedStore, results []interchange.FileResult) {
	before := w.documentIDs()
	ctx, cancel := context.WithCancel(context.Background())
	prog := newProgressDialog(lang.L("Importing"), cancel, w.win)
	w.background.Add(1)
	go func() {
		rep, err := staged.commit(ctx, w.store, func(done, total int) {
			fyne.Do(func() {
				prog.set(float64(done)/float64(max(total, 1)), sprintf(lang.L("%d of %d parts stored"), done, total))
			})
		})
		fyne.Do(func() {
			defer w.background.Done()
			prog.dialog.Hide()
			cancel()
			w.recordImport(before, importName(paths))
			w.showImportSummary(results, rep, err)
		})
	}()
}

// importLines describes, file by file, what an import reads; it counts
// the documents and the files that failed and names the first new
// document.
func importLines(results []interchange.FileResult) (lines []string, added, failed, warnings int, firstNew string) {
	for _, r := range results {
		name := filepath.Base(r.Path)
		switch {
		case r.Err != nil:
			failed++
			lines = append(lines, "✗ "+name+": "+r.Err.Error())
		case r.Pages != nil:
			for _, d := range r.Pages.Documents {
				added++
				if firstNew == "" {
					firstNew = d.ID
				}
				lines = append(lines, fmt.Sprintf("✓ %s: “%s” (%s)", name, d.Title, plural(d.Comments, lang.L("comment"), lang.L("comments"))))
				if d.Note != "" {
					lines = append(lines, "    ⚠ "+d.Note)
				}
			}
			for _, s := range r.Pages.Skipped {
				lines = append(lines, sprintf(lang.L("– %s: “%s” not imported: %s"), name, s.Title, s.Reason))
			}
			warnings += len(r.Pages.Warnings)
			lines = append(lines, importer.WarningLines(*r.Pages)...)
		case r.Annotations != nil:
			s := r.Annotations.Store
			added += s.DocumentsAdded
			line := fmt.Sprintf("✓ %s: %s, %s, %s; %s",
				name, plural(s.AnnotationsAdded, lang.L("annotation"), lang.L("annotations")), plural(s.SegmentLabelsAdded, lang.L("comment label"), lang.L("comment labels")),
				plural(s.RelationsAdded, lang.L("link"), lang.L("links")), plural(s.DocumentsAdded, lang.L("new document"), lang.L("new documents")))
			if n := len(s.DocumentsSkipped); n > 0 {
				line += sprintf(lang.L(" (%s already in the project)"), plural(n, lang.L("document"), lang.L("documents")))
			}
			lines = append(lines, line)
		}
	}
	return lines, added, failed, warnings, firstNew
}

// showImportSummary reloads what changed and tells the user what the
// import stored, file by file.
func (w *Window) showImportSummary(results []interchange.FileResult, rep annotate.ImportReport, err error) {
	lines, _, failed, warnings, firstNew := importLines(results)
	stored := sprintf(lang.L("Stored %s, %s (%d already there), %s and %s."),
		plural(rep.DocumentsAdded, lang.L("document"), lang.L("documents")), plural(rep.AnnotationsAdded, lang.L("annotation"), lang.L("annotations")), rep.AnnotationsSkipped,
		plural(rep.SegmentLabelsAdded, lang.L("comment label"), lang.L("comment labels")), plural(rep.RelationsAdded, lang.L("link"), lang.L("links")))
	lines = append([]string{stored, ""}, lines...)
	if err != nil {
		fyne.LogError("import", err)
		if errors.Is(err, context.Canceled) {
			lines = append([]string{lang.L("Cancelled: the files not yet stored were left out.")}, lines...)
		} else {
			lines = append([]string{lang.L("✗ Storing stopped: ") + err.Error()}, lines...)
		}
		firstNew = ""
	}
	w.afterImport(firstNew)
	title := sprintf(lang.L("Imported %s"), plural(rep.DocumentsAdded, lang.L("document"), lang.L("documents")))
	if failed > 0 {
		title += sprintf(lang.L(", %s not imported"), plural(failed, lang.L("file"), lang.L("files")))
	}
	if warnings > 0 {
		title += ", " + plural(warnings, lang.L("warning"), lang.L("warnings"))
	}
	w.showReport(title, lines)
}

// afterImport reloads the document list and codebook and opens a new
// document, if the import brought one.
func (w *Window) afterImport(open string) {
	w.reloadCodebook()
	w.refreshDocuments()
	if open != "" {
		w.OpenDocument(open)
	} else if w.doc != nil {
		w.afterChange(w.saved)
	}
}

// showReport shows a title and a scrolling list of lines.
func (w *Window) showReport(title string, lines []string) {
	text := widget.NewLabel(strings.Join(lines, "\n"))
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, lang.L("Close"), container.NewVScroll(text), w.win)
	d.Resize(fyne.NewSize(640, 360))
	w.showModal(d, nil)
}

// askImport lets the user choose a file to import.
func (w *Window) askImport() {
	w.askOpenFile(nil, func(path string) { w.ImportFiles([]string{path}) })
}

// askOpenFile lets the user choose a file (of one of the extensions, if
// any are given) and hands its path to open.
func (w *Window) askOpenFile(extensions []string, open func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.showError(lang.L("The file could not be opened"), err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		open(path)
	}, w.win)
	if len(extensions) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(extensions))
	}
	d.Resize(fyne.NewSize(900, 600))
	w.showModal(d, func() {}) // Enter belongs to the dialog's own name field
}

// askImportFolder imports every file of a folder, for a batch of pages.
func (w *Window) askImportFolder() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			w.showError(lang.L("The folder could not be opened"), err)
			return
		}
		if u == nil {
			return
		}
		entries, err := os.ReadDir(u.Path())
		if err != nil {
			w.showError(lang.L("The folder could not be read"), err)
			return
		}
		var paths []string
		for _, e := range entries {
			if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				paths = append(paths, filepath.Join(u.Path(), e.Name()))
			}
		}
		sort.Strings(paths)
		if len(paths) == 0 {
			w.setStatusNote(lang.L("That folder has no files"))
			return
		}
		w.ImportFiles(paths)
	}, w.win)
	d.Resize(fyne.NewSize(900, 600))
	w.showModal(d, func() {}) // Enter belongs to the dialog's own name field
}

// documentIDs returns the ids of the project's documents, to tell what an
// import added.
func (w *Window) documentIDs() map[string]bool {
	docs, err := w.store.Documents()
	if err != nil {
		fyne.LogError("list documents", err)
		return nil
	}
	ids := make(map[string]bool, len(docs))
	for _, d := range docs {
		ids[d.ID] = true
	}
	return ids
}

// recordImport puts an import that added documents on the undo list: undo
// removes the documents it added, redo brings them back with their ids.
// Annotations an import attached to documents already in the project, and
// labels it added to the codebook, stay.
func (w *Window) recordImport(before map[string]bool, what string) {
	if before == nil {
		return
	}
	docs, err := w.store.Documents()
	if err != nil {
		fyne.LogError("list documents", err)
		return
	}
	var added []string
	for _, d := range docs {
		if !before[d.ID] {
			added = append(added, d.ID)
		}
	}
	if len(added) == 0 {
		return
	}
	if len(added) == 1 {
		for _, d := range docs {
			if d.ID == added[0] {
				what += " (“" + d.Title + "”)"
			}
		}
	} else {
		what += sprintf(lang.L(" (%d documents)"), len(added))
	}
	w.history.Record(annotate.NewImportDocuments(added, what))
}

// importName describes an import of files for the undo list.
func importName(paths []string) string {
	if len(paths) == 1 {
		return lang.L("import ") + filepath.Base(paths[0])
	}
	return sprintf(lang.L("import of %d files"), len(paths))
}

// looksLikePage reports whether clipboard text could be a copied page:
// several lines and some words. A word or a sentence is not.
func looksLikePage(text string) bool {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			lines++
		}
	}
	return lines >= 3 && len(strings.Fields(text)) >= 25
}

// ImportClipboard makes a document of the text on the clipboard, read as a
// page copied from a browser. It first shows what the page will bring (its
// title, comments, and what the split could not find) and writes only if
// the user says so; text that does not look like a page (a word, a
// sentence) is named as such in the question.
func (w *Window) ImportClipboard() {
	text := w.app.Clipboard().Content()
	if strings.TrimSpace(text) == "" {
		w.showError(lang.L("There is no text on the clipboard"), errors.New(lang.L("copy a news page's text in your browser first")))
		return
	}
	staged := newStagedStore(w.store)
	r := importer.ImportText(context.Background(), staged, "clipboard", text, importer.Options{})
	switch {
	case r.Err != nil:
		w.showError(lang.L("The clipboard's text could not be imported"), r.Err)
		return
	case len(r.Skipped) > 0:
		w.setStatusNote(lang.L("That page is already in the project: ") + r.Skipped[0].Reason)
		if r.Skipped[0].ExistingID != "" {
			w.OpenDocument(r.Skipped[0].ExistingID)
		}
		return
	case len(r.Documents) == 0:
		return
	}
	d := r.Documents[0]
	msg := sprintf(lang.L("This will add the document “%s” with %s."), d.Title, plural(d.Comments, lang.L("comment"), lang.L("comments")))
	if d.Note != "" {
		msg += "\n" + lang.L("The split ") + d.Note + "."
	}
	title := lang.L("New document from the clipboard?")
	if !looksLikePage(text) {
		msg = sprintf(lang.L("The clipboard holds only %s (%s), not a copied page.\n\nMake a document of it anyway?"),
			quoteShort(strings.Join(strings.Fields(text), " ")), plural(len(strings.Fields(text)), lang.L("word"), lang.L("words")))
	}
	preview := &importPreview{title: title, lines: strings.Split(msg, "\n")}
	preview.confirm = func() { w.commitClipboard(staged, d) }
	dlg := dialog.NewConfirm(title, msg, func(ok bool) {
		w.preview = nil
		if ok {
			preview.confirm()
		}
	}, w.win)
	dlg.SetConfirmText(lang.L("Create document"))
	dlg.SetDismissText(lang.L("Cancel"))
	preview.dialog = dlg
	w.showModal(dlg, dlg.Confirm)
	w.preview = preview
}

// commitClipboard stores a confirmed pasted page, undoably.
func (w *Window) commitClipboard(staged *stagedStore, d importer.DocResult) {
	if _, err := staged.commit(context.Background(), w.store, nil); err != nil {
		w.showError(lang.L("The clipboard's text could not be imported"), err)
		return
	}
	w.history.Record(annotate.NewImportDocuments([]string{d.ID}, lang.L("paste ")+"“"+d.Title+"”"))
	w.afterImport(d.ID)
	note := sprintf(lang.L("Saved: new document “%s” with %s"), d.Title, plural(d.Comments, lang.L("comment"), lang.L("comments")))
	if d.Note != "" {
		note += " (" + d.Note + ")"
	}
	w.setStatusNote(note)
}

// askExport asks what to export and where, then writes the file off the UI
// goroutine with progress and Cancel. A failed or cancelled export leaves no
// file behind.
func (w *Window) askExport() {
	formats := interchange.Formats()
	var titles []string
	byTitle := map[string]interchange.Format{}
	for _, f := range formats {
		titles = append(titles, f.Title())
		byTitle[f.Title()] = f
	}
	format := widget.NewSelect(titles, nil)
	format.SetSelected(formats[0].Title())
	scopes := []string{lang.L("This document"), lang.L("Documents shown in the list"), lang.L("All documents")}
	scope := widget.NewRadioGroup(scopes, nil)
	scope.SetSelected(scopes[0])
	if w.doc == nil {
		scope.SetSelected(scopes[2])
	}
	withText := widget.NewCheck(lang.L("Include the texts"), nil)
	withText.SetChecked(true)
	format.OnChanged = func(t string) {
		if byTitle[t].NeedsText() {
			withText.SetChecked(true)
			withText.Disable()
		} else {
			withText.Enable()
		}
	}
	var names []string
	if anns, err := w.store.Annotators(); err == nil {
		for _, a := range anns {
			names = append(names, a.ID)
		}
	}
	who := widget.NewCheckGroup(names, nil)
	who.SetSelected(names)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Format"), format),
		widget.NewFormItem(lang.L("Documents"), scope),
		widget.NewFormItem(lang.L("Annotators"), container.NewVScroll(who)),
		widget.NewFormItem("", withText),
	}
	d := dialog.NewForm(lang.L("Export annotations"), lang.L("Choose file…"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		f := byTitle[format.Selected]
		opts := interchange.ExportOptions{Format: f, OmitText: !withText.Checked}
		switch scope.Selected {
		case scopes[0]:
			if w.doc != nil {
				opts.Documents = []string{w.doc.ID}
			}
		case scopes[1]:
			for _, d := range w.docs.shown {
				opts.Documents = append(opts.Documents, d.ID)
			}
		}
		if len(who.Selected) < len(names) {
			opts.Annotators = who.Selected
			if len(opts.Annotators) == 0 {
				w.showError(lang.L("Nothing to export"), errors.New(lang.L("choose at least one annotator")))
				return
			}
		}
		w.askExportPath(opts)
	}, w.win)
	d.Resize(fyne.NewSize(560, 460))
	w.showModal(d, d.Submit)
}

// askExportPath asks where to write and runs the export.
func (w *Window) askExportPath(opts interchange.ExportOptions) {
	name := w.exportFileName(opts)
	save := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			w.showError(lang.L("The file could not be chosen"), err)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		// The dialog created an empty file; the export writes its own
		// temporary file and renames it over this one.
		w.Export(path, opts)
	}, w.win)
	save.SetFileName(name)
	save.Resize(fyne.NewSize(900, 600))
	save.Show()
}

// exportFileName proposes a file name for an export: the document's title
// when one document is exported, else "newsmark-export"; with the format's
// extension.
func (w *Window) exportFileName(opts interchange.ExportOptions) string {
	base := "newsmark-export"
	if len(opts.Documents) == 1 && w.doc != nil && opts.Documents[0] == w.doc.ID {
		if t := fileNameOf(w.doc.Title); t != "" {
			base = t
		}
	}
	if opts.Format.MultiFile() {
		return base + "-brat.zip"
	}
	return base + opts.Format.Extension()
}

// fileNameOf makes a title a file name that every system accepts: no path
// separators or characters Windows forbids, no leading dots, at most 80
// characters.
func fileNameOf(title string) string {
	var b strings.Builder
	for _, r := range title {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), r < ' ':
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	name := strings.Join(strings.Fields(b.String()), " ")
	name = strings.TrimLeft(name, ". ")
	if r := []rune(name); len(r) > 80 {
		name = strings.TrimSpace(string(r[:80]))
	}
	return strings.TrimRight(name, ". ")
}

// Export writes the chosen annotations to path with progress and Cancel.
func (w *Window) Export(path string, opts interchange.ExportOptions) {
	ctx, cancel := context.WithCancel(context.Background())
	prog := newProgressDialog(lang.L("Exporting"), cancel, w.win)
	go func() {
		rep, err := interchange.WriteFile(ctx, w.store, path, opts, func(done, total int) {
			fyne.Do(func() {
				prog.set(float64(done)/float64(max(total, 1)), sprintf(lang.L("%d of %d documents"), done, total))
			})
		})
		fyne.Do(func() {
			prog.dialog.Hide()
			cancel()
			switch {
			case errors.Is(err, context.Canceled):
				if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
					os.Remove(path) // the empty file the save dialog made
				}
				w.setStatusNote(lang.L("Export cancelled; nothing was written"))
			case err != nil:
				w.showError(lang.L("The export failed; no file was written"), err)
			default:
				lines := []string{sprintf(lang.L("%s, %s, %s, %s; offsets count %s."),
					plural(rep.Documents, lang.L("document"), lang.L("documents")), plural(rep.Annotations, lang.L("annotation"), lang.L("annotations")),
					plural(rep.Relations, lang.L("relation"), lang.L("relations")), plural(rep.SegmentLabels, lang.L("comment label"), lang.L("comment labels")),
					unitWords(rep.OffsetUnit))}
				lines = append(lines, rep.Warnings...)
				w.showReport(lang.L("Exported to ")+filepath.Base(path), lines)
			}
		})
	}()
}

// unitWords names an offset unit for people.
func unitWords(u interchange.OffsetUnit) string {
	switch u {
	case interchange.UnitCodePoint:
		return lang.L("Unicode code points")
	case interchange.UnitUTF16:
		return lang.L("UTF-16 code units")
	case interchange.UnitToken:
		return lang.L("tokens")
	}
	return string(u)
}
