package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestAltDownAtTheLastCommentStaysThere(t *testing.T) {
	w, _ := newDesk(t)
	altDown := func() { menuAction(t, w, "Go", "Next comment") } // Alt+Down
	last := len(w.comments.comments) - 1
	for range last + 1 {
		altDown()
	}
	for press := range 3 {
		altDown()
		if w.comments.current != last {
			t.Fatalf("after %d more Alt+Down the keyboard is on comment %d, want the last (%d)", press+1, w.comments.current+1, last+1)
		}
		if got, want := w.status.Text, "Comment 6 of 6 is the last"; got != want {
			t.Errorf("status = %q, want %q", got, want)
		}
		if f := w.win.Canvas().Focused(); f != fyne.Focusable(w.views[w.comments.comments[last].ID]) {
			t.Errorf("the keyboard left the last comment's text for %T", f)
		}
	}
}
