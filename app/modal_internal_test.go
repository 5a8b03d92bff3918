package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestEnterConfirmsAndEscapeCancelsTheDesksDialogs(t *testing.T) {
	enter := &fyne.KeyEvent{Name: fyne.KeyReturn}
	escape := &fyne.KeyEvent{Name: fyne.KeyEscape}
	cases := []struct {
		name  string
		open  func(w *Window)
		key   *fyne.KeyEvent
		check func(t *testing.T, w *Window)
	}{
		{"Enter deletes in “Delete document?”", func(w *Window) { w.AskDeleteDocument() }, enter, func(t *testing.T, w *Window) {
			if n := documentCount(t, w.store); n != 0 {
				t.Errorf("%d documents after Enter, want 0", n)
			}
		}},
		{"Escape keeps the document", func(w *Window) { w.AskDeleteDocument() }, escape, func(t *testing.T, w *Window) {
			if n := documentCount(t, w.store); n != 1 {
				t.Errorf("%d documents after Escape, want 1", n)
			}
		}},
		{"Escape in the rename field cancels", func(w *Window) { w.AskRename() }, escape, func(t *testing.T, w *Window) {
			if w.doc.Title != "Lindenfeld council approves night bus trial after two-year debate" {
				t.Errorf("title after Escape = %q", w.doc.Title)
			}
		}},
		{"Escape closes the keys help", func(w *Window) { w.showKeyHelp() }, escape, func(*testing.T, *Window) {}},
		{"Enter closes the keys help", func(w *Window) { w.showKeyHelp() }, enter, func(*testing.T, *Window) {}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, _ := newDesk(t)
			c.open(w)
			if w.win.Canvas().Overlays().Top() == nil {
				t.Fatal("no dialog opened")
			}
			// The key goes where the user's keyboard is: the focused field,
			// else the window.
			if f := w.win.Canvas().Focused(); f != nil {
				f.TypedKey(c.key)
			} else {
				w.win.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(c.key)
			}
			if top := w.win.Canvas().Overlays().Top(); top != nil {
				t.Errorf("the dialog is still open after %s", c.key.Name)
			}
			c.check(t, w)
		})
	}
}

func TestTheDesksKeysDoNotActBehindADialog(t *testing.T) {
	w, store := newDesk(t)
	selectText(t, w, "s4", "Elif Demir")
	w.showKeyHelp()
	w.win.Canvas().(interface{ OnTypedRune() func(rune) }).OnTypedRune()('p')
	assertStored(t, store, w.doc.ID)
}

func TestEscapeInTheFindFieldClosesTheFindBar(t *testing.T) {
	w, _ := newDesk(t)
	menuAction(t, w, "Edit", "Find…")
	w.find.query.SetText("bus")
	if len(w.find.matches) == 0 {
		t.Fatal("no matches for “bus”")
	}
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.find.visible() || len(w.find.matches) != 0 {
		t.Error("Escape in the find field left the find bar and its highlights")
	}
}
