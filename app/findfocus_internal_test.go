package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

func TestTheFindFieldKeepsTheKeyboardRightAfterAClick(t *testing.T) {
	w, _ := newDesk(t)
	c := w.win.Canvas()
	var timer func() // the find bar's timer, fired by the test
	w.find.later = func(d time.Duration, fn func()) {
		if d < fyne.CurrentApp().Driver().DoubleTapDelay() {
			t.Errorf("the find field looks again after %v, before a click's delayed tap arrives", d)
		}
		timer = fn
	}
	menuAction(t, w, "Edit", "Find…") // Ctrl+F
	// The click just before Ctrl+F reaches the text now, after the
	// double-click delay, and the text takes the keyboard.
	c.Focus(w.views["s3"])
	if timer == nil {
		t.Fatal("the find bar does not look again after a click's delay")
	}
	timer()
	if c.Focused() != w.find.query {
		t.Errorf("the keyboard is in %T, want the find field", c.Focused())
	}
	// A click on a text later keeps the keyboard in the text.
	c.Focus(w.views["s3"])
	if c.Focused() == w.find.query {
		t.Error("the find field took the keyboard from a text clicked long after Ctrl+F")
	}
}
