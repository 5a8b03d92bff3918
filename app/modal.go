package app

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Fyne 2.7's dialogs answer neither Enter nor Escape. The desk keeps a
// stack of the dialogs it shows, so that Enter confirms the top one and
// Escape cancels it, and so that the desk's own keys (label hotkeys,
// Delete) do not act behind an open dialog.

// modal is an open dialog and what Enter does in it; nil enter closes it
// as Escape does (a dialog with only a Close button).
type modal struct {
	d     dialog.Dialog
	enter func()
}

// showModal shows d and makes Enter run enter and Escape dismiss it while
// it is the top dialog.
func (w *Window) showModal(d dialog.Dialog, enter func()) {
	m := &modal{d: d, enter: enter}
	w.modalMu.Lock()
	w.modals = append(w.modals, m)
	w.modalMu.Unlock()
	d.SetOnClosed(func() {
		w.modalMu.Lock()
		defer w.modalMu.Unlock()
		for i, o := range w.modals {
			if o == m {
				w.modals = append(w.modals[:i], w.modals[i+1:]...)
				break
			}
		}
	})
	d.Show()
}

// topModal returns the dialog on top, nil if none is open.
func (w *Window) topModal() *modal {
	w.modalMu.Lock()
	defer w.modalMu.Unlock()
	if len(w.modals) == 0 {
		return nil
	}
	return w.modals[len(w.modals)-1]
}

// onModalKey handles a key while a dialog is open: Enter confirms, Escape
// cancels, anything else is kept from the desk behind. It reports whether
// a dialog was open.
func (w *Window) onModalKey(ev *fyne.KeyEvent) bool {
	m := w.topModal()
	if m == nil {
		return false
	}
	switch ev.Name {
	case fyne.KeyEscape:
		m.d.Dismiss()
	case fyne.KeyReturn, fyne.KeyEnter:
		if m.enter != nil {
			m.enter()
		} else {
			m.d.Dismiss()
		}
	}
	return true
}

// dialogEntry is a text field for dialogs: Escape cancels the dialog (a
// plain Entry swallows it) and Enter confirms it.
type dialogEntry struct {
	widget.Entry
	w *Window
	// onEscape, if set, is what Escape does when no dialog is open (the
	// find field closes the find bar).
	onEscape func()
}

func newDialogEntry(w *Window) *dialogEntry {
	e := &dialogEntry{w: w}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey passes Escape, and Enter on a one-line field, to the dialog.
func (e *dialogEntry) TypedKey(ev *fyne.KeyEvent) {
	switch {
	case ev.Name == fyne.KeyEscape, !e.MultiLine && (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter):
		if e.w.onModalKey(ev) {
			return
		}
		if ev.Name == fyne.KeyEscape && e.onEscape != nil {
			e.onEscape()
			return
		}
	}
	e.Entry.TypedKey(ev)
}

// displayName turns a codebook name ("check_worthiness") into the words a
// person reads ("Check worthiness").
func displayName(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
