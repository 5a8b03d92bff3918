package app

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/newsmark/newsmark/storage"
)

// newFirstStartDesk opens the desk as on a machine that has never run
// Newsmark: no annotator given, none remembered.
func newFirstStartDesk(t *testing.T) (*Window, *storage.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	store, err := storage.Open(filepath.Join(t.TempDir(), "first.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	w := NewWindow(a, store, "first.db", Options{})
	t.Cleanup(w.win.Close)
	return w, store
}

func annotatorIDs(t *testing.T, s *storage.Store) []string {
	t.Helper()
	people, err := s.Annotators()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range people {
		ids = append(ids, p.ID)
	}
	return ids
}

func TestOnlyTheConfirmedAnnotatorNameIsSaved(t *testing.T) {
	proposal := systemUserName()
	cases := []struct {
		name  string
		typed string // "" keeps the proposal
		ok    bool
		want  []string
	}{
		{"another name typed and confirmed", "Berta", true, []string{"Berta"}},
		{"the proposal confirmed", "", true, []string{proposal}},
		{"the dialog cancelled", "Berta", false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, store := newFirstStartDesk(t)
			if got := annotatorIDs(t, store); len(got) != 0 {
				t.Fatalf("before any name is confirmed the project records annotators %v", got)
			}
			if got := w.app.Preferences().String(prefAnnotator); got != "" {
				t.Fatalf("before any name is confirmed the preferences remember %q", got)
			}
			d := w.annotatorDialog
			if d == nil {
				t.Fatal("the first start does not ask who is annotating")
			}
			entry, ok := w.win.Canvas().Focused().(*dialogEntry)
			if !ok {
				t.Fatal("the name field does not have the keyboard")
			}
			if entry.Text != proposal {
				t.Errorf("the dialog proposes %q, want the login name %q", entry.Text, proposal)
			}
			if c.typed != "" {
				entry.SetText(c.typed)
			}
			if c.ok {
				entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter confirms
			} else {
				d.Dismiss()
			}
			got := annotatorIDs(t, store)
			if len(got) != len(c.want) || (len(got) == 1 && got[0] != c.want[0]) {
				t.Errorf("project records annotators %v, want %v", got, c.want)
			}
			remembered := w.app.Preferences().String(prefAnnotator)
			if want := append(c.want, "")[0]; remembered != want || w.Annotator() != want {
				t.Errorf("remembered %q, annotator %q, want %q", remembered, w.Annotator(), want)
			}
		})
	}
}
