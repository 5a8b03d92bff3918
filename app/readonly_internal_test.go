package app

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/assets"
	"github.com/newsmark/newsmark/storage"
)

// TestReadOnlyWindowSaysSo opens the desk on a project opened read-only and
// checks that the title, a notice above the desk and the status line say
// that nothing can be changed, and that the project is not written.
func TestReadOnlyWindowSaysSo(t *testing.T) {
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "shared.db")
	store, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := assets.SampleDocument(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SetCodebook(assets.DefaultCodebook()); err != nil {
		t.Fatal(err)
	}
	if err := store.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	store.Close()
	ro, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()

	for _, readOnly := range []bool{false, true} {
		w := NewWindow(a, ro, "shared.db", Options{Annotator: "anna", ReadOnly: readOnly})
		title := w.win.Title()
		notice := false
		for _, o := range w.top.Objects {
			if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "Read-only:") {
				notice = true
			}
		}
		status := w.status.Text
		w.win.Close()
		if got := strings.Contains(title, "read-only"); got != readOnly {
			t.Errorf("ReadOnly %t: title %q", readOnly, title)
		}
		if notice != readOnly {
			t.Errorf("ReadOnly %t: notice shown %t", readOnly, notice)
		}
		if got := strings.Contains(status, "read-only"); got != readOnly || readOnly && strings.Contains(status, "saved ") {
			t.Errorf("ReadOnly %t: status %q", readOnly, status)
		}
	}
}
