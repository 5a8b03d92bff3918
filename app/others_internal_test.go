package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// othersAnnotation stores an annotation of "bernd" on "Elif Demir", shows
// bernd's annotations (blind coding hides them) and selects it in anna's
// desk.
func othersAnnotation(t *testing.T) (*Window, annotate.Store, string) {
	t.Helper()
	w, store := newDesk(t)
	start := offsetOf(t, w, "s4", "Elif Demir")
	a := &annotate.Annotation{DocumentID: w.doc.ID, SegmentID: "s4", Start: start, End: start + 10, Label: "PER", Annotator: "bernd"}
	if err := store.AddAnnotation(a); err != nil {
		t.Fatal(err)
	}
	w.showCoder("bernd", true)
	w.selectAnnotation(a.ID, false)
	return w, store, a.ID
}

func TestAnotherCodersAnnotationCannotBeChangedOrDeleted(t *testing.T) {
	cases := []struct {
		name string
		act  func(w *Window)
	}{
		{"Delete key", func(w *Window) { w.onKey(&fyne.KeyEvent{Name: fyne.KeyDelete}) }},
		{"Backspace key", func(w *Window) { w.onKey(&fyne.KeyEvent{Name: fyne.KeyBackspace}) }},
		{"inspector's Delete button", func(w *Window) {
			if !w.inspector.del.Disabled() {
				w.inspector.del.OnTapped()
			}
		}},
		{"a label key relabels", func(w *Window) { w.Tag("ORG") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, store, _ := othersAnnotation(t)
			c.act(w)
			assertStored(t, store, w.doc.ID, "s4 PER Elif Demir bernd")
			if c.name != "inspector's Delete button" && !strings.Contains(w.status.Text, "read-only") {
				t.Errorf("status = %q, want it to say the annotation is read-only", w.status.Text)
			}
		})
	}
}

func TestTheInspectorShowsAnotherCodersAnnotationReadOnly(t *testing.T) {
	w, _, _ := othersAnnotation(t)
	in := w.inspector
	if !in.del.Disabled() {
		t.Error("Delete is enabled for bernd's annotation")
	}
	if !in.note.Disabled() {
		t.Error("the note can be edited on bernd's annotation")
	}
	said := false
	for _, text := range labelTexts(in.box) {
		if strings.Contains(text, "Read-only: only bernd can change it") {
			said = true
		}
	}
	if !said {
		t.Errorf("the inspector does not say the annotation is bernd's and read-only: %q", labelTexts(in.box))
	}

	// anna's own annotation stays editable.
	selectText(t, w, "s4", "Mayor")
	w.Tag("SOURCE")
	if in.del.Disabled() || in.note.Disabled() {
		t.Error("anna's own annotation is read-only")
	}
}

func TestTheAnnotationListShowsWhoMadeEach(t *testing.T) {
	w, _, _ := othersAnnotation(t)
	selectText(t, w, "s4", "Mayor")
	w.Tag("SOURCE")
	var lines []string
	for _, a := range w.anns {
		lines = append(lines, w.annList.line(a))
	}
	joined := strings.Join(lines, "\n")
	for _, want := range []string{"“Elif Demir”  · article · by bernd (read-only)", "“Mayor”  · article · by you"} {
		if !strings.Contains(joined, want) {
			t.Errorf("annotation list rows:\n%s\nwant a row with %q", joined, want)
		}
	}
}

// labelTexts returns the texts of the labels inside o.
func labelTexts(o fyne.CanvasObject) []string {
	switch o := o.(type) {
	case *fyne.Container:
		var out []string
		for _, c := range o.Objects {
			out = append(out, labelTexts(c)...)
		}
		return out
	case *widget.Label:
		return []string{o.Text}
	}
	return nil
}
