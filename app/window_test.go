package app_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/app"
	"github.com/newsmark/newsmark/assets"
	"github.com/newsmark/newsmark/storage"
)

// newProject returns a store on a temporary file holding the default codebook
// and the sample document.
func newProject(t *testing.T) (*storage.Store, *annotate.Document) {
	t.Helper()
	store, err := storage.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.SetCodebook(assets.DefaultCodebook()); err != nil {
		t.Fatal(err)
	}
	doc, err := assets.SampleDocument(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := store.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	return store, doc
}

// texts returns every piece of text drawn in the window, in drawing order.
func texts(t *testing.T, c fyne.Canvas) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
			return
		case fyne.Widget:
			r := test.TempWidgetRenderer(t, x)
			for _, child := range r.Objects() {
				walk(child)
			}
			return
		case *fyne.Container:
			for _, child := range x.Objects {
				walk(child)
			}
		}
	}
	walk(c.Content())
	return out
}

func TestWindowOpensFirstDocumentWithArticleAndComments(t *testing.T) {
	a := test.NewTempApp(t)
	store, doc := newProject(t)
	w := app.NewWindow(a, store, "p.db", app.Options{Annotator: "anna"})
	win := w.Window()
	win.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(win.Close)

	if got := win.Title(); !strings.Contains(got, doc.Title) || !strings.Contains(got, "p.db") {
		t.Errorf("title %q does not name the document and the project", got)
	}
	all := strings.Join(texts(t, win.Canvas()), "\n")
	for _, want := range []string{"Comments (6)", "6 comments · 0 annotations", "6 comments, 0 annotations (0 yours) · all changes saved", "Annotator: anna"} {
		if !strings.Contains(all, want) {
			t.Errorf("window does not show %q; it shows:\n%s", want, all)
		}
	}
}
