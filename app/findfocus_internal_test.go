package app

import (
	"testing"
	"time"
)

func TestTheFindFieldKeepsTheKeyboardRightAfterAClick(t *testing.T) {
	w, _ := newDesk(t)
	c := w.win.Canvas()
	menuAction(t, w, "Edit", "Find…") // Ctrl+F
	// The click just before Ctrl+F reaches the text now, after the
	// double-click delay, and the text takes the keyboard.
	c.Focus(w.views["s3"])
	eventually(t, "the find field has the keyboard again", func() bool { return c.Focused() == w.find.query })
	// Later clicks on a text keep the keyboard in the text.
	time.Sleep(500 * time.Millisecond)
	c.Focus(w.views["s3"])
	time.Sleep(500 * time.Millisecond)
	if c.Focused() == w.find.query {
		t.Error("the find field took the keyboard from a text clicked long after Ctrl+F")
	}
}
