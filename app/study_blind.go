package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// Blind coding: in the desk, the annotations of other coders are hidden
// unless the user shows them, coder by coder (View menu, or the "Other
// coders" button above the texts). A study's figures are only worth
// something when each coder codes without seeing the others' work. What is
// shown stays read-only (see Window.othersWork); the gold layer is built in
// adjudication, which copies coders' versions and never edits them.

// visibleAnnotations keeps the annotations the desk shows: the annotator's
// own, those without an annotator (imported from a tool that names none),
// and those of the coders the user chose to show.
func (w *Window) visibleAnnotations(all []annotate.Annotation) []annotate.Annotation {
	out := make([]annotate.Annotation, 0, len(all))
	for _, a := range all {
		if w.coderVisible(a.Annotator) {
			out = append(out, a)
		}
	}
	return out
}

// coderVisible reports whether annotations by coder are shown in the desk.
func (w *Window) coderVisible(coder string) bool {
	return coder == "" || coder == w.annotator || w.study.shown[coder]
}

// otherCoders lists, sorted, the coders of the project other than the
// window's annotator: those the project records and those who made an
// annotation in the open document.
func (w *Window) otherCoders() []string {
	seen := map[string]bool{}
	if list, err := w.store.Annotators(); err == nil {
		for _, a := range list {
			seen[a.ID] = true
		}
	} else {
		fyne.LogError("read annotators", err)
	}
	for _, a := range w.allAnns {
		seen[a.Annotator] = true
	}
	delete(seen, "")
	delete(seen, w.annotator)
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// hiddenCount is the number of the open document's annotations that blind
// coding hides.
func (w *Window) hiddenCount() int { return len(w.allAnns) - len(w.anns) }

// showCoder shows (on) or hides the annotations of one other coder.
func (w *Window) showCoder(coder string, on bool) {
	if coder == "" || coder == w.annotator || w.study.shown[coder] == on {
		return
	}
	if on {
		w.study.shown[coder] = true
		w.setStatusNote(fmt.Sprintf(lang.L("Showing %s’s annotations (read-only)"), coder))
	} else {
		delete(w.study.shown, coder)
		w.setStatusNote(fmt.Sprintf(lang.L("%s’s annotations are hidden"), coder))
	}
	w.afterCodersShown()
}

// showAllCoders shows every other coder's annotations, or hides them all
// (blind coding).
func (w *Window) showAllCoders(on bool) {
	w.study.shown = map[string]bool{}
	if on {
		for _, c := range w.otherCoders() {
			w.study.shown[c] = true
		}
		w.setStatusNote(lang.L("Showing every coder’s annotations (others’ are read-only)"))
	} else {
		w.setStatusNote(lang.L("Other coders’ annotations are hidden (blind coding)"))
	}
	w.afterCodersShown()
}

// afterCodersShown redraws the desk after the set of shown coders changed.
func (w *Window) afterCodersShown() {
	note := w.saved
	if w.doc != nil {
		w.afterChange(note)
	}
	w.study.refreshCoders()
}

// coderItems are the menu items that show and hide other coders: all, none,
// then one checkable item per coder.
func (w *Window) coderItems() []*fyne.MenuItem {
	coders := w.otherCoders()
	ctrlShift := fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift
	all := fyne.NewMenuItem(lang.L("Show every coder’s annotations"), func() { w.showAllCoders(true) })
	all.Shortcut = shortcut(fyne.KeyU, ctrlShift)
	none := fyne.NewMenuItem(lang.L("Hide other coders’ annotations (blind coding)"), func() { w.showAllCoders(false) })
	none.Shortcut = shortcut(fyne.KeyB, ctrlShift)
	if len(coders) == 0 {
		all.Disabled, none.Disabled = true, true
	}
	items := []*fyne.MenuItem{all, none}
	if len(coders) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
	}
	for _, c := range coders {
		coder := c
		it := fyne.NewMenuItem(fmt.Sprintf(lang.L("Show %s’s annotations"), coder), func() {
			w.showCoder(coder, !w.study.shown[coder])
		})
		it.Checked = w.study.shown[coder]
		items = append(items, it)
	}
	return items
}

// viewMenu is the View menu: which coders' annotations the desk shows.
func (w *Window) viewMenu() *fyne.Menu {
	m := fyne.NewMenu(lang.L("View"), w.coderItems()...)
	w.study.viewMenu = m
	return m
}

// codersButtonText says on the button above the texts whose annotations
// are shown besides the annotator's own.
func (w *Window) codersButtonText(coders []string) string {
	var shown []string
	for _, c := range coders {
		if w.study.shown[c] {
			shown = append(shown, c)
		}
	}
	hidden := w.hiddenCount()
	switch {
	case len(shown) == 0 && hidden > 0:
		return fmt.Sprintf(lang.L("Other coders: hidden (%d annotations here)"), hidden)
	case len(shown) == 0:
		return lang.L("Other coders: hidden")
	case len(shown) == 1:
		return fmt.Sprintf(lang.L("Other coders: %s shown"), shown[0])
	default:
		return fmt.Sprintf(lang.L("Other coders: %d of %d shown"), len(shown), len(coders))
	}
}

// showCodersMenu opens the coder chooser under the "Other coders" button.
func (w *Window) showCodersMenu(b *widget.Button) {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(0, b.Size().Height))
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", w.coderItems()...), w.win.Canvas(), pos)
}
