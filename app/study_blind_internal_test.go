package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/newsmark/newsmark/annotate"
)

// codersAnnotations stores, in anna's desk, an annotation of bernd on
// "Elif Demir" and one of carl on "Mayor", and reloads the document as the
// desk does after a change.
func codersAnnotations(t *testing.T) (*Window, annotate.Store) {
	t.Helper()
	w, store := newDesk(t)
	for _, c := range []struct{ coder, text, label string }{{"bernd", "Elif Demir", "PER"}, {"carl", "Mayor", "SOURCE"}} {
		start := offsetOf(t, w, "s4", c.text)
		a := &annotate.Annotation{DocumentID: w.doc.ID, SegmentID: "s4", Start: start, End: start + annotate.RuneCount(c.text), Label: c.label, Annotator: c.coder}
		if err := store.AddAnnotation(a); err != nil {
			t.Fatal(err)
		}
		if err := store.AddAnnotator(&annotate.Annotator{ID: c.coder, Name: c.coder}); err != nil {
			t.Fatal(err)
		}
	}
	w.afterChange("")
	return w, store
}

// highlighted returns the labels of a segment's highlights.
func highlighted(w *Window, seg string) []string {
	var out []string
	for _, s := range w.views[seg].Spans() {
		out = append(out, s.Label)
	}
	return out
}

func TestOtherCodersAnnotationsAreHiddenByDefault(t *testing.T) {
	w, _ := codersAnnotations(t)
	if got := highlighted(w, "s4"); len(got) != 0 {
		t.Errorf("anna's desk highlights %q of other coders; blind coding hides them", got)
	}
	if len(w.anns) != 0 || w.annList.list.Length() != 0 {
		t.Errorf("the annotation list shows %d of other coders' annotations", w.annList.list.Length())
	}
	if got := w.study.coders.Text; !strings.Contains(got, "hidden") || !strings.Contains(got, "2") {
		t.Errorf("the coder chooser says %q, want it to say that 2 annotations are hidden", got)
	}

	// anna's own work shows as ever.
	selectText(t, w, "s4", "Nurses")
	w.Tag("PER")
	if got := highlighted(w, "s4"); len(got) != 1 || got[0] != "Person" {
		t.Errorf("anna's own annotation shows as %q", got)
	}
}

func TestOtherCodersAreShownOneByOne(t *testing.T) {
	w, store := codersAnnotations(t)
	steps := []struct {
		name   string
		do     func()
		want   []string
		button string
	}{
		{"bernd shown", func() { w.showCoder("bernd", true) }, []string{"Person (bernd)"}, "Other coders: bernd shown"},
		{"carl shown too", func() { w.showCoder("carl", true) }, []string{"Person (bernd)", "Source (carl)"}, "Other coders: 2 of 2 shown"},
		{"bernd hidden again", func() { w.showCoder("bernd", false) }, []string{"Source (carl)"}, "Other coders: carl shown"},
		{"all hidden", func() { w.showAllCoders(false) }, nil, "Other coders: hidden (2 annotations here)"},
		{"all shown", func() { w.showAllCoders(true) }, []string{"Person (bernd)", "Source (carl)"}, "Other coders: 2 of 2 shown"},
	}
	for _, s := range steps {
		s.do()
		got := highlighted(w, "s4")
		if strings.Join(got, ",") != strings.Join(s.want, ",") && !sameSet(got, s.want) {
			t.Errorf("%s: highlights %q, want %q", s.name, got, s.want)
		}
		if w.study.coders.Text != s.button {
			t.Errorf("%s: coder chooser says %q, want %q", s.name, w.study.coders.Text, s.button)
		}
	}
	// Showing changes nothing in the project.
	assertStored(t, store, w.doc.ID, "s4 SOURCE Mayor carl", "s4 PER Elif Demir bernd")
}

func TestShownAnnotationsOfOthersStayReadOnly(t *testing.T) {
	w, store := codersAnnotations(t)
	w.showAllCoders(true)
	for _, a := range w.anns {
		w.selectAnnotation(a.ID, false)
		w.onKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
		w.Tag("ORG")
		if !w.inspector.del.Disabled() {
			t.Errorf("Delete is enabled on %s’s annotation", a.Annotator)
		}
	}
	assertStored(t, store, w.doc.ID, "s4 SOURCE Mayor carl", "s4 PER Elif Demir bernd")
}

func TestTheViewMenuChoosesCodersWithChecks(t *testing.T) {
	w, _ := codersAnnotations(t)
	item := func(name string) *fyne.MenuItem {
		for _, it := range w.study.viewMenu.Items {
			if it.Label == name {
				return it
			}
		}
		t.Fatalf("the View menu has no %q: %v", name, menuLabels(w.study.viewMenu))
		return nil
	}
	item("Show bernd’s annotations").Action()
	if !item("Show bernd’s annotations").Checked || item("Show carl’s annotations").Checked {
		t.Errorf("after choosing bernd the View menu checks: %v", menuLabels(w.study.viewMenu))
	}
	if got := highlighted(w, "s4"); len(got) != 1 || got[0] != "Person (bernd)" {
		t.Errorf("highlights %q after showing bernd from the View menu", got)
	}
	item("Show bernd’s annotations").Action() // off again
	if got := highlighted(w, "s4"); len(got) != 0 {
		t.Errorf("highlights %q after hiding bernd again", got)
	}
	item("Show every coder’s annotations").Action()
	if got := highlighted(w, "s4"); len(got) != 2 {
		t.Errorf("highlights %q after showing every coder", got)
	}
}

func TestSplittingATextMovesHiddenAnnotationsToo(t *testing.T) {
	w, store := codersAnnotations(t)
	w.caret = caretAt{seg: "s4", at: offsetOf(t, w, "s4", "Mayor")}
	w.SplitAtCaret(annotate.KindBody)
	got := storedAnnotations(t, store, w.doc.ID)
	if len(got) != 2 {
		t.Fatalf("after the split the project holds %q", got)
	}
	for _, a := range got {
		if strings.HasPrefix(a, "s4 ") {
			t.Errorf("an annotation after the caret stayed in the first part: %q", a)
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func menuLabels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		mark := ""
		if it.Checked {
			mark = " ✓"
		}
		out = append(out, it.Label+mark)
	}
	return out
}
