package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// studyDesk is the desk's share of a coding study: the bar above the texts
// with the open document's status for the annotator and the chooser of the
// other coders whose annotations are shown (blind coding hides them).
type studyDesk struct {
	w *Window
	// shown holds the other coders whose annotations the desk shows.
	shown    map[string]bool
	coders   *widget.Button
	bar      *fyne.Container
	viewMenu *fyne.Menu
	// menuKey is the coders and which are shown, as the View menu was
	// last built for.
	menuKey string
}

func newStudyDesk(w *Window) *studyDesk {
	s := &studyDesk{w: w, shown: map[string]bool{}}
	s.coders = widget.NewButton(lang.L("Other coders: hidden"), nil)
	s.coders.OnTapped = func() { w.showCodersMenu(s.coders) }
	s.coders.Importance = widget.LowImportance
	s.bar = container.NewHBox(s.coders)
	return s
}

// refreshCoders updates the coder chooser's text and, when the project's
// coders changed, the View menu.
func (s *studyDesk) refreshCoders() {
	w := s.w
	coders := w.otherCoders()
	s.coders.SetText(w.codersButtonText(coders))
	s.coders.Hidden = len(coders) == 0
	s.coders.Refresh()
	key := ""
	for _, c := range coders {
		key += fmt.Sprintf("%s=%t\x00", c, s.shown[c])
	}
	if s.viewMenu == nil || key == s.menuKey {
		return
	}
	s.menuKey = key
	s.viewMenu.Items = w.coderItems()
	if m := w.win.MainMenu(); m != nil {
		m.Refresh()
	}
}
