package app

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// addDocument stores a short second document in the desk's project and
// shows it in the list.
func addDocument(t *testing.T, w *Window, store *storage.Store, title string) string {
	t.Helper()
	d := &annotate.Document{Title: title, Segments: []annotate.Segment{
		{Kind: annotate.KindBody, Text: title + " is the text of this document."},
	}}
	if err := d.Prepare(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := store.AddDocuments(d); err != nil {
		t.Fatal(err)
	}
	w.refreshDocuments()
	return d.ID
}

// menuItem finds a menu item of the window's main menu by its label.
func menuItem(t *testing.T, w *Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.win.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
		t.Fatalf("menu %s has no %q: %v", menu, label, menuLabels(m))
	}
	t.Fatalf("the window has no %s menu", menu)
	return nil
}

// rowLines returns the second line (counts and status) of every row of the
// document list, in list order.
func rowLines(w *Window) []string {
	var out []string
	for i := range w.docs.shown {
		item := w.docs.createItem()
		w.docs.updateItem(i, item)
		out = append(out, item.(*documentItem).box.Objects[1].(*widget.Label).Text)
	}
	return out
}

func TestMarkingADocumentDoneIsSavedShownAndUndone(t *testing.T) {
	w, store := newDesk(t)
	doc := w.doc.ID
	stored := func() annotate.Status {
		list, err := store.Statuses()
		if err != nil {
			t.Fatal(err)
		}
		return annotate.StatusOf(list, doc, "anna")
	}
	if w.study.status.Selected != "Not started" || w.study.status.Hidden {
		t.Fatalf("a new document's status control shows %q (hidden %t)", w.study.status.Selected, w.study.status.Hidden)
	}

	// The Document menu's item, as Ctrl+D does.
	item := menuItem(t, w, "Document", "Mark document done")
	if s, ok := item.Shortcut.(*desktop.CustomShortcut); !ok || s.KeyName != fyne.KeyD {
		t.Errorf("Mark document done has shortcut %v, want Ctrl+D", item.Shortcut)
	}
	item.Action()
	if got := stored(); got != annotate.StatusDone {
		t.Fatalf("stored status after Mark document done = %q", got)
	}
	if w.study.status.Selected != "Done" {
		t.Errorf("the status control shows %q after marking done", w.study.status.Selected)
	}
	if rows := rowLines(w); !strings.HasPrefix(rows[0], "✓ done · ") {
		t.Errorf("the document list row says %q, want it to start with the status", rows[0])
	}
	if !strings.Contains(w.status.Text, "mark document done") {
		t.Errorf("status line = %q", w.status.Text)
	}

	// The control above the text.
	w.study.status.SetSelected("In progress")
	if got := stored(); got != annotate.StatusInProgress {
		t.Fatalf("stored status after choosing In progress = %q", got)
	}

	w.Undo()
	if got := stored(); got != annotate.StatusDone || w.study.status.Selected != "Done" {
		t.Fatalf("after one undo: stored %q, shown %q; want done", got, w.study.status.Selected)
	}
	w.Undo()
	if got := stored(); got != annotate.StatusNotStarted || w.study.status.Selected != "Not started" {
		t.Fatalf("after two undos: stored %q, shown %q; want not started", got, w.study.status.Selected)
	}
	if rows := rowLines(w); strings.Contains(rows[0], "done") {
		t.Errorf("the row still says %q", rows[0])
	}
}

func TestTheDocumentListFiltersByTheCodersStatus(t *testing.T) {
	w, store := newDesk(t)
	sample := w.doc.ID
	second := addDocument(t, w, store, "Second")
	third := addDocument(t, w, store, "Third")
	w.SetDocumentStatus(annotate.StatusDone) // the sample
	w.OpenDocument(second)
	w.SetDocumentStatus(annotate.StatusInProgress)
	// Another coder's status is not anna's.
	if err := store.SetStatus(third, "bernd", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	w.refreshDocuments()

	cases := []struct {
		filter string
		want   []string
	}{
		{"Done", []string{sample}},
		{"In progress", []string{second}},
		{"Not started", []string{third}},
		{"Any status", []string{sample, second, third}},
	}
	for _, c := range cases {
		w.study.filter.SetSelected(c.filter)
		var got []string
		for _, d := range w.docs.shown {
			got = append(got, d.ID)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("filter %s shows %v, want %v", c.filter, got, c.want)
		}
	}
}

func TestTheProgressViewCountsEachCodersDocuments(t *testing.T) {
	w, store := newDesk(t)
	second := addDocument(t, w, store, "Second")
	w.SetDocumentStatus(annotate.StatusDone)
	for _, s := range []struct {
		doc, coder string
		st         annotate.Status
	}{{second, "bernd", annotate.StatusInProgress}, {w.doc.ID, "bernd", annotate.StatusDone}} {
		if err := store.SetStatus(s.doc, s.coder, s.st); err != nil {
			t.Fatal(err)
		}
	}
	menuItem(t, w, "Study", "Progress…").Action()
	v := w.study.progress
	if v == nil {
		t.Fatal("Study → Progress showed nothing")
	}
	var got []string
	for _, r := range v.rows {
		got = append(got, r.Coder+" "+strings.Join([]string{itoa(r.Done), itoa(r.InProgress), itoa(r.NotStarted), itoa(r.Assigned)}, "/"))
	}
	want := []string{"anna 1/0/1/2", "bernd 1/1/0/2"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("progress rows %v, want %v (done/in progress/not started/documents)", got, want)
	}
	texts := strings.Join(labelTexts(v.content), "\n")
	if !strings.Contains(texts, "anna") || !strings.Contains(texts, "bernd") {
		t.Errorf("the progress view shows %q", texts)
	}
	bars := 0
	for _, o := range v.content.(*fyne.Container).Objects[0].(*fyne.Container).Objects {
		if b, ok := o.(*widget.ProgressBar); ok {
			bars++
			if b.TextFormatter() != "1 of 2 done" || b.Value != 0.5 {
				t.Errorf("a coder's bar says %q at %v, want 1 of 2 done at 0.5", b.TextFormatter(), b.Value)
			}
		}
	}
	if bars != 2 {
		t.Errorf("%d progress bars, want one per coder", bars)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
