package app

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
	"github.com/newsmark/newsmark/storage"
)

// twoDocumentProject makes a project holding the sample document and a
// long second one with a subheading, and returns its path and the second
// document's id.
func twoDocumentProject(t *testing.T) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "two.db")
	store, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.SetCodebook(assets.DefaultCodebook()); err != nil {
		t.Fatal(err)
	}
	sample, err := assets.SampleDocument(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	long := &annotate.Document{Title: "A long report", Source: "test", Segments: []annotate.Segment{
		{ID: "h", Kind: annotate.KindHeadline, Text: "A long report"},
		{ID: "sub", Kind: annotate.KindSubheading, Text: "What the council decided"},
	}}
	for i := range 40 {
		long.Segments = append(long.Segments, annotate.Segment{ID: "p" + string(rune('A'+i%26)) + string(rune('a'+i/26)), Kind: annotate.KindBody,
			Text: "The council met on Tuesday evening and talked for a long time about the new bridge, the budget and the school."})
	}
	for i := range 30 {
		long.Segments = append(long.Segments, annotate.Segment{ID: "c" + string(rune('A'+i%26)) + string(rune('a'+i/26)), Kind: annotate.KindComment,
			Author: "reader", Text: "I was there and I think the bridge is a good idea, but the school needs the money more."})
	}
	if err := long.Prepare(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := store.AddDocuments(sample, long); err != nil {
		t.Fatal(err)
	}
	return path, long.ID
}

// openDesk opens the project at path in a new window of a.
func openDesk(t *testing.T, a fyne.App, path string) *Window {
	t.Helper()
	store, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWindow(a, store, filepath.Base(path), Options{Annotator: "anna", ProjectPath: path})
	w.win.Resize(fyne.NewSize(1000, 600))
	t.Cleanup(func() { store.Close() })
	return w
}

func TestTheDeskReopensTheLastDocumentWhereItWasScrolled(t *testing.T) {
	a := test.NewTempApp(t)
	path, long := twoDocumentProject(t)

	w := openDesk(t, a, path)
	first := w.doc.ID
	if first == long {
		t.Fatal("the long document is open before it was chosen")
	}
	w.OpenDocument(long)
	w.article.scroll.ScrollToOffset(fyne.NewPos(0, 300))
	w.comments.list.ScrollToOffset(200)
	w.win.Close()
	w.store.Close()

	w = openDesk(t, a, path)
	defer w.win.Close()
	if w.doc == nil || w.doc.ID != long {
		t.Fatalf("the desk opened %q, want the document open when it closed", w.title())
	}
	if got := w.article.scroll.Offset.Y; got != 300 {
		t.Errorf("article scrolled to %v, want 300", got)
	}
	if got := w.comments.list.GetScrollOffset(); got != 200 {
		t.Errorf("comments scrolled to %v, want 200", got)
	}

	// Another project file does not inherit the place.
	other, _ := twoDocumentProject(t)
	o := openDesk(t, a, other)
	defer o.win.Close()
	if o.doc == nil || o.doc.ID == long {
		t.Errorf("another project opened %q, want its first document", o.title())
	}
}

func TestASubheadingShowsAsAHeadingSmallerThanTheHeadline(t *testing.T) {
	a := test.NewTempApp(t)
	path, long := twoDocumentProject(t)
	w := openDesk(t, a, path)
	defer w.win.Close()
	w.OpenDocument(long)
	size := func(id string) float32 {
		name := w.views[id].SizeName
		if name == "" {
			name = theme.SizeNameText
		}
		return theme.SizeForWidget(name, w.views[id])
	}
	head, sub, body := size("h"), size("sub"), size("pAa")
	if !(body < sub && sub < head) {
		t.Errorf("text sizes: headline %v, subheading %v, body %v; want body < subheading < headline", head, sub, body)
	}
	if !w.views["sub"].TextStyle.Bold {
		t.Error("the subheading is not bold")
	}
}
