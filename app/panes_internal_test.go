package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestTheTextsKeepTheirWidthAndTheInspectorGivesWayFirst(t *testing.T) {
	cases := []struct {
		name      string
		size      func(w *Window) fyne.Size
		listShare float64 // the document list's share of the window (the split's offset)
		sideShown bool
	}{
		{"the usual window", func(*Window) fyne.Size { return fyne.NewSize(1400, 860) }, 0.16, true},
		{"the smallest window Fyne allows here", func(w *Window) fyne.Size { return w.win.Content().MinSize() }, 0.16, true},
		// Under X11 the label bar wraps and the window goes down to about
		// 700×500; the test driver does not stop it there.
		{"a 700×500 window", func(*Window) fyne.Size { return fyne.NewSize(700, 500) }, 0.16, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, _ := newDesk(t)
			w.main.SetOffset(c.listShare)
			size := c.size(w)
			w.win.Resize(size)
			article := w.article.content.Size().Width
			comments := w.comments.content.Size().Width
			if article < minArticleWidth-1 || comments < minCommentsWidth-1 {
				t.Errorf("at %v the article is %v px and the comments %v px wide, want at least %v and %v",
					size, article, comments, minArticleWidth, minCommentsWidth)
			}
			if got := w.right.sideShown(); got != c.sideShown {
				t.Errorf("at %v the inspector side is shown: %v, want %v", size, got, c.sideShown)
			}
			if w.right.sideShown() && w.inspector.content.Size().Width < minSideWidth-1 {
				t.Errorf("the inspector is %v px wide, want at least %v", w.inspector.content.Size().Width, minSideWidth)
			}
		})
	}
}
