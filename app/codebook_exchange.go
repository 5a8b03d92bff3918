package app

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/interchange"
)

// Codebook exchange in the window (Project → Import codebook…, Export
// codebook…): the same files as `newsmark codebook import/export`, the
// REFI-QDA .qdc of MAXQDA, ATLAS.ti, NVivo and QualCoder, and Newsmark's
// own JSON.

// askCodebookImport lets the user choose a codebook file to merge in.
func (w *Window) askCodebookImport() {
	w.askOpenFile([]string{".qdc", ".json"}, w.ImportCodebook)
}

// ImportCodebook reads the codebook file at path, shows what merging it
// would change, and merges it when the user agrees: one undoable step that
// drops no annotation.
func (w *Window) ImportCodebook(path string) {
	format, err := interchange.CodebookFormatOf("", path)
	if err != nil {
		w.showError(lang.L("The codebook could not be read"), err)
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		w.showError(lang.L("The codebook could not be read"), err)
		return
	}
	file, err := interchange.ReadCodebookAs(path, format, bytes.NewReader(data))
	if err != nil {
		w.showError(lang.L("The codebook could not be read"), err)
		return
	}
	change, rep, err := interchange.ImportCodebook(w.codebook, file, path)
	if err != nil {
		w.showError(lang.L("The codebook could not be merged"), err)
		return
	}
	if rep.Empty() && len(file.Log) == 0 {
		w.setStatusNote(sprintf(lang.L("The project's codebook already holds %s; nothing to change"), filepath.Base(path)))
		return
	}
	var lines []string
	for _, group := range []struct {
		what    string
		entries []string
	}{{lang.L("added"), rep.Added}, {lang.L("renamed"), rep.Renamed}, {lang.L("changed"), rep.Changed}, {lang.L("kept"), rep.Kept}, {lang.L("note"), rep.Notes}} {
		for _, e := range group.entries {
			lines = append(lines, group.what+": "+e)
		}
	}
	head := widget.NewLabel(sprintf(lang.L("Merging %s: %d added, %d renamed, %d changed, %d kept. No annotation is dropped, and Undo (Ctrl+Z) takes it back."),
		filepath.Base(path), len(rep.Added), len(rep.Renamed), len(rep.Changed), len(rep.Kept)))
	head.Wrapping = fyne.TextWrapWord
	list := widget.NewLabel(joinLines(lines))
	body := container.NewBorder(head, nil, nil, nil, container.NewVScroll(list))
	d := dialog.NewCustomConfirm(lang.L("Import codebook?"), lang.L("Merge"), lang.L("Cancel"), body, func(ok bool) {
		if ok {
			w.applyCodebookImport(change)
		}
	}, w.win)
	d.Resize(fyne.NewSize(640, 420))
	w.showModal(d, d.Confirm)
}

func (w *Window) applyCodebookImport(change *annotate.EditCodebook) {
	change.By(w.annotator)
	w.apply(change)
}

// askCodebookExport asks where to write the codebook in format ("qdc" or
// "json") and writes it.
func (w *Window) askCodebookExport(format string) {
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
		if err := w.ExportCodebook(path, format); err != nil {
			w.showError(lang.L("The codebook could not be written"), err)
			return
		}
		w.setStatusNote(sprintf(lang.L("Codebook written to %s"), path))
	}, w.win)
	name := fileNameOf(w.codebook.Name)
	if name == "" {
		name = "codebook"
	}
	save.SetFileName(name + "." + format)
	save.Resize(fyne.NewSize(900, 600))
	save.Show()
}

// ExportCodebook writes the project's codebook to path in format ("qdc" or
// "json", the latter with its change list).
func (w *Window) ExportCodebook(path, format string) error {
	var log []annotate.CodebookLogEntry
	if ed, ok := w.store.(annotate.CodebookEditor); ok {
		var err error
		if log, err = ed.CodebookLog(); err != nil {
			return err
		}
	}
	return interchange.WriteCodebookFile(path, func(out io.Writer) error {
		return interchange.WriteCodebookAs(out, format, w.codebook, log)
	})
}

func joinLines(lines []string) string {
	var b bytes.Buffer
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprint(&b, l)
	}
	return b.String()
}
