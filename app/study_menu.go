package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// studyMenu is the Study menu: a coding study from coder packages to the
// gold layer.
func (w *Window) studyMenu() *fyne.Menu {
	ctrl := fyne.KeyModifierShortcutDefault
	item := func(label string, f func(), s fyne.Shortcut) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, f)
		m.Shortcut = s
		return m
	}
	return fyne.NewMenu(lang.L("Study"),
		item(lang.L("Progress…"), w.ShowProgress, shortcut(fyne.KeyP, ctrl|fyne.KeyModifierShift)),
		item(lang.L("Agreement…"), w.ShowAgreement, shortcut(fyne.KeyA, ctrl|fyne.KeyModifierShift)),
		item(lang.L("Adjudicate…"), w.ShowAdjudicate, shortcut(fyne.KeyJ, ctrl|fyne.KeyModifierShift)),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Prepare coder packages…"), w.AskPreparePackages),
		fyne.NewMenuItem(lang.L("Merge coder work…"), w.AskMergePackages),
	)
}
