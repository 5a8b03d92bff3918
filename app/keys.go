package app

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// keyHelp lists, in the window's language, the desk's keys for the help dialog (F1).
func keyHelp() [][2]string {
	return [][2]string{
		{lang.L("Drag, double-click"), lang.L("select text (snaps to whole words; hold Alt for exact characters)")},
		{lang.L("Shift+click, Shift+arrows"), lang.L("extend the selection")},
		{lang.L("Label key (see the chips)"), lang.L("tag the selection; with nothing selected, relabel the selected annotation")},
		{lang.L("Click a highlight"), lang.L("select its annotation (click again to cycle through overlapping ones)")},
		{lang.L("Delete"), lang.L("delete the selected annotation")},
		{lang.L("Ctrl+Z / Ctrl+Shift+Z"), lang.L("undo / redo (Ctrl+Y redoes too)")},
		{lang.L("Alt+Down / Alt+Up"), lang.L("next / previous comment")},
		{lang.L("Alt+N"), lang.L("next comment without annotations")},
		{lang.L("Ctrl+F"), lang.L("find text in the document; Enter goes to the next match")},
		{lang.L("Ctrl+Enter / Ctrl+Shift+Enter"), lang.L("split the text at the caret into a new comment / a new article paragraph")},
		{lang.L("Ctrl+J"), lang.L("merge the text with the caret into the comment (or article paragraph) before")},
		{lang.L("Ctrl+1 … Ctrl+7"), lang.L("make the text with the caret a headline, lead, article paragraph, subheading, caption, byline or comment")},
		{lang.L("Alt+Enter"), lang.L("a comment's author, time and the comment it replies to")},
		{lang.L("Right click on a text"), lang.L("the same commands as a menu")},
		{lang.L("F2"), lang.L("rename the document")},
		{lang.L("Ctrl+D / Ctrl+Shift+D"), lang.L("mark the document done / in progress")},
		{lang.L("Ctrl+Shift+U / Ctrl+Shift+B"), lang.L("show every coder’s annotations / hide other coders’ (blind coding)")},
		{lang.L("Escape"), lang.L("clear the selection, close the find bar")},
		{lang.L("Ctrl+Q"), lang.L("quit (everything is already saved)")},
		{lang.L("Ctrl+K"), lang.L("the codebook editor (Project → Codebook…)")},
		{lang.L("F1"), lang.L("this help")},
	}
}

func shortcut(key fyne.KeyName, mods fyne.KeyModifier) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: mods}
}

// bindKeys registers the desk's window-wide keys. Span views pass on the
// keys they do not use, so these work while a text has the focus.
func (w *Window) bindKeys() {
	c := w.win.Canvas()
	ctrl := fyne.KeyModifierShortcutDefault
	add := func(s fyne.Shortcut, f func()) { c.AddShortcut(s, func(fyne.Shortcut) { f() }) }
	add(&fyne.ShortcutUndo{}, w.Undo)
	add(&fyne.ShortcutRedo{}, w.Redo)
	add(shortcut(fyne.KeyZ, ctrl|fyne.KeyModifierShift), w.Redo)
	w.win.SetMainMenu(w.buildMenu())
	c.SetOnTypedRune(w.onRune)
	c.SetOnTypedKey(w.onKey)
}

// buildMenu gives the window a menu bar. Quit, Find and the comment moves
// carry their shortcuts here, because a menu's shortcuts work even while a
// text field has the keyboard; undo and redo stay window shortcuts so that a
// text field keeps its own.
func (w *Window) buildMenu() *fyne.MainMenu {
	ctrl := fyne.KeyModifierShortcutDefault
	item := func(label string, f func(), s fyne.Shortcut) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, f)
		m.Shortcut = s
		return m
	}
	quit := item(lang.L("Quit"), func() { w.inspector.flush(); w.rememberPlace(); w.app.Quit() }, shortcut(fyne.KeyQ, ctrl))
	quit.IsQuit = true
	// Exact characters does what holding Alt during a drag does, for window
	// managers that keep Alt+drag for moving windows.
	var exact *fyne.MenuItem
	exact = fyne.NewMenuItem(lang.L("Select exact characters (no word snapping)"), func() {
		w.setExact(!w.exact)
		w.app.Preferences().SetBool(prefWordSnapping, !w.exact)
	})
	exact.Checked = w.exact
	w.exactItem = exact
	return fyne.NewMainMenu(
		fyne.NewMenu(lang.L("File"),
			item(lang.L("Import files…"), w.askImport, shortcut(fyne.KeyO, ctrl)),
			fyne.NewMenuItem(lang.L("Import a folder…"), w.askImportFolder),
			item(lang.L("New document from clipboard"), w.ImportClipboard, shortcut(fyne.KeyV, ctrl|fyne.KeyModifierShift)),
			fyne.NewMenuItemSeparator(),
			item(lang.L("Export…"), w.askExport, shortcut(fyne.KeyE, ctrl)),
			fyne.NewMenuItemSeparator(),
			quit),
		fyne.NewMenu(lang.L("Edit"),
			fyne.NewMenuItem(lang.L("Undo (Ctrl+Z)"), w.Undo),
			fyne.NewMenuItem(lang.L("Redo (Ctrl+Shift+Z)"), w.Redo),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(lang.L("Delete annotation (Delete)"), w.DeleteSelected),
			item(lang.L("Find…"), w.find.open, shortcut(fyne.KeyF, ctrl)),
			fyne.NewMenuItemSeparator(),
			exact,
			fyne.NewMenuItem(lang.L("Change annotator…"), w.askAnnotator),
			fyne.NewMenuItemSeparator(),
			item(lang.L("Preferences…"), w.ShowPreferences, shortcut(fyne.KeyComma, ctrl)),
		),
		w.viewMenu(),
		w.withStatusItems(w.documentMenu()),
		w.projectMenu(),
		fyne.NewMenu(lang.L("Go"),
			item(lang.L("Next comment"), func() { w.comments.step(1, false) }, shortcut(fyne.KeyDown, fyne.KeyModifierAlt)),
			item(lang.L("Previous comment"), func() { w.comments.step(-1, false) }, shortcut(fyne.KeyUp, fyne.KeyModifierAlt)),
			item(lang.L("Next comment without annotations"), func() { w.comments.step(1, true) }, shortcut(fyne.KeyN, fyne.KeyModifierAlt)),
		),
		w.studyMenu(),
		fyne.NewMenu(lang.L("Help"), fyne.NewMenuItem(lang.L("Keys (F1)"), w.showKeyHelp),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(lang.L("About Newsmark"), w.ShowAbout)),
	)
}

// setExact switches selections between snapping to whole words and exact
// characters.
func (w *Window) setExact(on bool) {
	w.exact = on
	for _, v := range w.views {
		v.ExactSelection = on
	}
	if w.exactItem != nil {
		w.exactItem.Checked = on
		if m := w.win.MainMenu(); m != nil {
			m.Refresh()
		}
	}
	if on {
		w.setStatusNote(lang.L("Selections keep exact characters"))
	} else {
		w.setStatusNote(lang.L("Selections snap to whole words"))
	}
}

// onRune turns a label's hotkey into a tag.
func (w *Window) onRune(r rune) {
	if w.topModal() != nil {
		return // the desk's keys do not act behind a dialog
	}
	if label, ok := w.codebook.LabelByHotkey(string(unicode.ToUpper(r))); ok {
		w.Tag(label.ID)
	}
}

func (w *Window) onKey(ev *fyne.KeyEvent) {
	if w.onModalKey(ev) {
		return
	}
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		w.DeleteSelected()
	case fyne.KeyEscape:
		if w.find.visible() {
			w.find.close()
			return
		}
		w.clearSelection()
		w.selectAnnotation("", false)
	case fyne.KeyF1:
		w.showKeyHelp()
	case fyne.KeyF2:
		w.AskRename()
	}
}

func (w *Window) showKeyHelp() {
	form := container.NewGridWithColumns(2)
	for _, k := range keyHelp() {
		form.Add(widget.NewLabelWithStyle(k[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		l := widget.NewLabel(k[1])
		l.Wrapping = fyne.TextWrapWord
		form.Add(l)
	}
	var hot []string
	for _, l := range w.codebook.Labels {
		if l.Hotkey != "" {
			hot = append(hot, l.Hotkey+" "+w.labelText(&l))
		}
	}
	body := container.NewVBox(form, widget.NewLabel(lang.L("Label keys: ")+strings.Join(hot, ", ")), codebookHelp(w.codebook))
	d := dialog.NewCustom(lang.L("Keys"), lang.L("Close"), container.NewVScroll(body), w.win)
	d.Resize(fyne.NewSize(720, 520))
	w.showModal(d, nil)
}

// kindKeys are the keys that follow Ctrl for each kind, in the order of
// annotate.SegmentKinds.
var kindKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7}

// documentMenu holds the commands that fix a document's split by hand.
func (w *Window) documentMenu() *fyne.Menu {
	ctrl := fyne.KeyModifierShortcutDefault
	item := func(label string, f func(), s fyne.Shortcut) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, f)
		m.Shortcut = s
		return m
	}
	var kinds []*fyne.MenuItem
	for i, k := range annotate.SegmentKinds {
		kinds = append(kinds, item(kindName(k), func() { w.SetSegmentKind(k) }, shortcut(kindKeys[i], ctrl)))
	}
	kind := fyne.NewMenuItem(lang.L("Make the text a"), nil)
	kind.ChildMenu = fyne.NewMenu("", kinds...)
	return fyne.NewMenu(lang.L("Document"),
		item(lang.L("Split here into a new comment"), func() { w.SplitAtCaret(annotate.KindComment) }, shortcut(fyne.KeyReturn, ctrl)),
		item(lang.L("Split here into a new article paragraph"), func() { w.SplitAtCaret(annotate.KindBody) }, shortcut(fyne.KeyReturn, ctrl|fyne.KeyModifierShift)),
		item(lang.L("Merge into the one before"), w.MergeWithPrevious, shortcut(fyne.KeyJ, ctrl)),
		kind,
		item(lang.L("Comment author, time and reply…"), w.AskCommentDetails, shortcut(fyne.KeyReturn, fyne.KeyModifierAlt)),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Rename document… (F2)"), w.AskRename),
		fyne.NewMenuItem(lang.L("Delete document…"), w.AskDeleteDocument),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Document variables…"), w.AskDocumentVariables),
	)
}

// projectMenu holds what concerns the whole project: its codebook.
func (w *Window) projectMenu() *fyne.Menu {
	codebook := fyne.NewMenuItem(lang.L("Codebook…"), w.OpenCodebookEditor)
	codebook.Shortcut = shortcut(fyne.KeyK, fyne.KeyModifierShortcutDefault)
	return fyne.NewMenu(lang.L("Project"), codebook,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Import codebook (.qdc, .json)…"), w.askCodebookImport),
		fyne.NewMenuItem(lang.L("Export codebook for QDA programs (.qdc)…"), func() { w.askCodebookExport("qdc") }),
		fyne.NewMenuItem(lang.L("Export codebook as Newsmark JSON…"), func() { w.askCodebookExport("json") }))
}

// deskPlainKey says what the desk does on a key pressed without Ctrl or
// Alt, "" if nothing, so that the codebook editor can refuse it as a
// label key.
func deskPlainKey(name fyne.KeyName) string {
	switch name {
	case fyne.KeyDelete:
		return lang.L("Delete: delete the selected annotation")
	case fyne.KeyBackspace:
		return lang.L("Backspace: delete the selected annotation")
	case fyne.KeyEscape:
		return lang.L("Escape: clear the selection, close the find bar or a dialog")
	case fyne.KeyReturn, fyne.KeyEnter:
		return lang.L("Enter: confirm a dialog")
	case fyne.KeyF1:
		return lang.L("F1: help")
	case fyne.KeyF2:
		return lang.L("F2: rename the document")
	case fyne.KeyTab:
		return lang.L("Tab: move the keyboard to the next field")
	}
	return ""
}

// deskKeyMeaning says what the desk does on a key with modifiers (its
// menus' shortcuts, undo and redo) or without (deskPlainKey); "" if
// nothing.
func (w *Window) deskKeyMeaning(name fyne.KeyName, mods fyne.KeyModifier) string {
	if mods == 0 {
		return deskPlainKey(name)
	}
	ctrl := fyne.KeyModifierShortcutDefault
	switch {
	case mods == ctrl && name == fyne.KeyZ:
		return lang.L("Ctrl+Z: undo")
	case mods == ctrl && name == fyne.KeyY, mods == ctrl|fyne.KeyModifierShift && name == fyne.KeyZ:
		return lang.L("Ctrl+Shift+Z: redo")
	}
	var found string
	var walk func(items []*fyne.MenuItem)
	walk = func(items []*fyne.MenuItem) {
		for _, it := range items {
			if s, ok := it.Shortcut.(*desktop.CustomShortcut); ok && s.KeyName == name && s.Modifier == mods && found == "" {
				found = strings.TrimSuffix(it.Label, "…")
			}
			if it.ChildMenu != nil {
				walk(it.ChildMenu.Items)
			}
		}
	}
	if m := w.win.MainMenu(); m != nil {
		for _, menu := range m.Items {
			walk(menu.Items)
		}
	}
	return found
}
