package app

import (
	"fmt"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// codebookEditor is the window of Project → Codebook…: the project's span
// labels, comment labels, link types and document variables, each in a
// tab with a list and a form, and the codebook's change list. Every change
// is one step of the desk's undo history, saved at once; Ctrl+Z in the
// editor undoes it as in the desk.
type codebookEditor struct {
	w     *Window
	win   fyne.Window
	usage annotate.Usage
	log   []annotate.CodebookLogEntry

	tabs      *container.AppTabs
	labels    *labelsPane
	sets      *setsPane
	relations *relationsPane
	variables *variablesPane
	changes   *widget.List
	status    *widget.Label
}

// OpenCodebookEditor opens the codebook editor, or brings it to the front.
func (w *Window) OpenCodebookEditor() {
	if w.editor != nil {
		w.editor.win.RequestFocus()
		return
	}
	e := &codebookEditor{w: w}
	e.win = w.app.NewWindow(lang.L("Codebook") + " – " + w.project)
	e.read()
	e.build()
	e.win.Resize(fyne.NewSize(1100, 760))
	e.win.SetOnClosed(func() {
		if w.editor == e {
			w.editor = nil
		}
	})
	w.editor = e
	e.win.Show()
}

// read fetches what the editor shows besides the codebook: the usage counts
// and the change list.
func (e *codebookEditor) read() {
	e.usage, e.log = annotate.Usage{}, nil
	ed, ok := e.w.store.(annotate.CodebookEditor)
	if !ok {
		return
	}
	if u, err := ed.CodebookUsage(); err == nil {
		e.usage = u
	} else {
		fyne.LogError("codebook usage", err)
	}
	if l, err := ed.CodebookLog(); err == nil {
		e.log = l
	} else {
		fyne.LogError("codebook log", err)
	}
}

func (e *codebookEditor) build() {
	e.status = widget.NewLabel("")
	e.status.Wrapping = fyne.TextWrapWord
	e.labels = newLabelsPane(e)
	e.sets = newSetsPane(e)
	e.relations = newRelationsPane(e)
	e.variables = newVariablesPane(e)
	e.changes = widget.NewList(
		func() int { return len(e.log) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			entry := e.log[len(e.log)-1-i] // newest first
			who := entry.Annotator
			if who == "" {
				who = "—"
			}
			o.(*widget.Label).SetText(entry.Time.Local().Format("02.01.2006 15:04") + " · " + who + " · " + entry.What)
		})
	e.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("Span labels"), e.labels.content),
		container.NewTabItem(lang.L("Comment labels"), e.sets.content),
		container.NewTabItem(lang.L("Link types"), e.relations.content),
		container.NewTabItem(lang.L("Document variables"), e.variables.content),
		container.NewTabItem(lang.L("Changes"), e.changes),
	)
	undo := widget.NewButtonWithIcon(lang.L("Undo"), theme.ContentUndoIcon(), e.w.Undo)
	redo := widget.NewButtonWithIcon(lang.L("Redo"), theme.ContentRedoIcon(), e.w.Redo)
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(undo, redo), e.status)
	var top fyne.CanvasObject
	if e.w.readOnly {
		notice := widget.NewLabel(lang.L("Read-only: this project file cannot be changed here, so the codebook can be read but not changed."))
		notice.Wrapping = fyne.TextWrapWord
		notice.Importance = widget.WarningImportance
		top = notice
	}
	e.win.SetContent(container.NewBorder(top, bottom, nil, nil, e.tabs))
	c := e.win.Canvas()
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { e.w.Undo() })
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { e.w.Redo() })
	c.AddShortcut(shortcut(fyne.KeyZ, fyne.KeyModifierShortcutDefault|fyne.KeyModifierShift), func(fyne.Shortcut) { e.w.Redo() })
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if e.w.onModalKey(ev) {
			return
		}
		if ev.Name == fyne.KeyF2 {
			e.renameSelected()
		}
	})
	e.win.SetMainMenu(e.menu())
}

// menu is the editor's menu bar. Its shortcuts work while a text field
// has the keyboard (a field keeps Ctrl+Z for its own text).
func (e *codebookEditor) menu() *fyne.MainMenu {
	ctrl := fyne.KeyModifierShortcutDefault
	item := func(label string, f func(), s fyne.Shortcut) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, f)
		m.Shortcut = s
		return m
	}
	return fyne.NewMainMenu(fyne.NewMenu(lang.L("Codebook"),
		item(lang.L("New label"), func() { e.tabs.SelectIndex(0); e.labels.newLabel() }, shortcut(fyne.KeyN, ctrl)),
		item(lang.L("Save"), e.saveTab, shortcut(fyne.KeyS, ctrl)),
		fyne.NewMenuItem(lang.L("Rename the label (F2)"), e.renameSelected),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Undo (Ctrl+Z)"), e.w.Undo),
		fyne.NewMenuItem(lang.L("Redo (Ctrl+Shift+Z)"), e.w.Redo),
		fyne.NewMenuItemSeparator(),
		item(lang.L("Close"), e.win.Close, shortcut(fyne.KeyW, ctrl)),
	))
}

// saveTab saves the form of the tab shown.
func (e *codebookEditor) saveTab() {
	switch e.tabs.SelectedIndex() {
	case 0:
		e.labels.saveLabel()
	case 1:
		e.sets.save()
	case 2:
		e.relations.save()
	case 3:
		e.variables.save()
	}
}

// renameSelected puts the keyboard in the selected label's name, all of
// it selected, ready to be typed over.
func (e *codebookEditor) renameSelected() {
	e.tabs.SelectIndex(0)
	c := e.win.Canvas()
	c.Focus(e.labels.name)
	e.labels.name.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// refresh shows the codebook as it is now (after a change, its undo or its
// redo), keeping the selections.
func (e *codebookEditor) refresh() {
	e.read()
	e.labels.refresh()
	e.sets.refresh()
	e.relations.refresh()
	e.variables.refresh()
	e.changes.Refresh()
}

// usageChanged shows the counts of uses again after the desk changed
// annotations, comment labels, links or variables.
func (e *codebookEditor) usageChanged() {
	e.read()
	e.labels.list.Refresh()
	if l, ok := e.w.codebook.Label(e.labels.selected); ok && !e.labels.isNew {
		e.labels.uses.SetText(usedTimes(e.usage.Labels[l.ID]))
	}
	e.relations.list.Refresh()
	e.variables.list.Refresh()
	e.sets.collect() // keep names typed but not saved
	e.sets.showValues()
}

// say shows a message in the editor's status line.
func (e *codebookEditor) say(msg string) {
	e.status.Importance = widget.MediumImportance
	e.status.SetText(msg)
}

// refuse shows why something was not done.
func (e *codebookEditor) refuse(msg string) {
	e.status.Importance = widget.DangerImportance
	e.status.SetText(msg)
}

// update stores after in place of before as one undoable step whose entry
// in the change list says what; msg shows why when it cannot be stored.
func (e *codebookEditor) update(before, after *annotate.Codebook, what string, msg *widget.Label) bool {
	c, err := annotate.NewUpdateCodebook(before, after)
	if err != nil {
		msg.SetText(plainError(err))
		return false
	}
	c.Edit.Log.What = what
	return e.apply(c)
}

// apply runs a codebook change through the desk's undo history; the
// desk and the editor show the result.
func (e *codebookEditor) apply(c *annotate.EditCodebook) bool {
	c.By(e.w.annotator)
	if err := e.w.history.Do(e.w.store, c); err != nil {
		fyne.LogError("codebook change", err)
		e.refuse(lang.L("Not saved: {{.Reason}}", map[string]any{"Reason": plainError(err)}))
		return false
	}
	e.w.afterHistory(c, lang.L("Saved: "), false)
	// The keyboard leaves the form, so that Ctrl+Z now undoes the change
	// rather than the typing in a field.
	e.win.Canvas().Unfocus()
	e.say(lang.L("Saved: ") + c.Describe())
	return true
}

// plainError turns a store's refusal into a sentence: the innermost
// context, without the package prefixes.
func plainError(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "codebook: ")
	if i := strings.LastIndex(s, ": "); i > 0 && strings.Count(s, ": ") > 1 {
		s = s[:i] // the sentinel's words ("invalid") add nothing
	}
	return s
}

// codebookChanged is called after a codebook change, its undo or its redo:
// the desk reads the codebook again and redraws its labels, and an open
// editor shows the change (reloadCodebook tells it).
func (w *Window) codebookChanged() {
	sets := fmt.Sprint(w.codebook.SegmentLabelSets)
	w.reloadCodebook()
	if w.doc != nil {
		w.rebuildSpans()
		w.article.refreshSpans()
		if fmt.Sprint(w.codebook.SegmentLabelSets) != sets {
			w.comments.show(w.doc) // the cards' comment-label chips are made with the cards
		} else {
			w.comments.refreshSpans()
		}
	}
}

// isCodebookChange reports whether c changes the codebook.
func isCodebookChange(c annotate.Change) bool {
	_, ok := c.(*annotate.EditCodebook)
	return ok
}

// usedTimes says how often something is used, for lists and questions.
func usedTimes(n int) string {
	switch n {
	case 0:
		return lang.L("unused")
	case 1:
		return lang.L("used once")
	}
	return lang.L("used {{.N}} times", map[string]any{"N": n})
}

// confirm asks a question in the editor's window.
func (e *codebookEditor) confirm(title, question, yes string, ok func()) {
	d := dialog.NewConfirm(title, question, func(y bool) {
		if y {
			ok()
		}
	}, e.win)
	d.SetConfirmText(yes)
	d.SetDismissText(lang.L("Cancel"))
	e.w.showModal(d, func() { d.Hide(); ok() })
}

// linesOf splits a multi-line field into its non-empty lines, trimmed.
func linesOf(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// idFrom makes a short id from a name: its letters and digits, upper case,
// unique in cb.
func idFrom(cb *annotate.Codebook, name string, taken func(string) bool) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(name) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r):
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '_':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteRune('_')
			}
		}
	}
	base := strings.Trim(b.String(), "_")
	if base == "" {
		base = "LABEL"
	}
	if r := []rune(base); len(r) > 16 {
		base = strings.TrimRight(string(r[:16]), "_")
	}
	id := base
	for i := 2; taken(id); i++ {
		id = fmt.Sprintf("%s_%d", base, i)
	}
	return id
}

// idTaken reports whether id names any entry of cb.
func idTaken(cb *annotate.Codebook) func(string) bool {
	return func(id string) bool { return labelIDProblem(cb, "", id) != "" }
}
