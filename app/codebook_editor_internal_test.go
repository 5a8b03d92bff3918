package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
)

// openEditor opens the codebook editor of the desk.
func openEditor(t *testing.T, w *Window) *codebookEditor {
	t.Helper()
	w.OpenCodebookEditor()
	if w.editor == nil {
		t.Fatal("Project → Codebook… opened no editor")
	}
	e := w.editor
	t.Cleanup(func() {
		if w.editor == e {
			e.win.Close()
		}
	})
	return e
}

// selectLabel shows a label in the editor's form, as a click in its list does.
func selectLabel(t *testing.T, e *codebookEditor, id string) {
	t.Helper()
	i := slices.IndexFunc(e.labels.rows, func(l annotate.Label) bool { return l.ID == id })
	if i < 0 {
		t.Fatalf("the editor lists no label %s", id)
	}
	e.labels.list.Select(i)
	if e.labels.selected != id {
		t.Fatalf("selecting %s shows %s in the form", id, e.labels.selected)
	}
}

// answer confirms the dialog on top, as Enter does.
func answer(t *testing.T, w *Window) {
	t.Helper()
	m := w.topModal()
	if m == nil || m.enter == nil {
		t.Fatal("no dialog is waiting for an answer")
	}
	m.enter()
}

func storedCodebook(t *testing.T, s annotate.Store) *annotate.Codebook {
	t.Helper()
	cb, err := s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

func TestEditorKeyFieldRefusesKeysOfOtherLabelsAndOfTheDesk(t *testing.T) {
	w, _ := newDesk(t)
	e := openEditor(t, w)
	p := e.labels
	p.newLabel()
	ctrl := fyne.KeyModifierShortcutDefault
	cases := []struct {
		name  string
		press func()
		want  string
	}{
		{"Person's key", func() { test.Type(p.key, "p") }, "P is already the key of Person"},
		{"F1", func() { p.key.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1}) }, "F1: help"},
		{"Delete", func() { p.key.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete}) }, "delete the selected annotation"},
		{"Ctrl+F", func() { p.key.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}) }, "Find"},
		{"Ctrl+K", func() { p.key.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: ctrl}) }, "Codebook"},
		{"a key with Alt the desk does not use", func() {
			p.key.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyB, Modifier: fyne.KeyModifierAlt})
		}, "without Ctrl or Alt"},
		{"a question mark", func() { test.Type(p.key, "?") }, "one letter or digit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p.message.SetText("")
			c.press()
			if p.key.key != "" {
				t.Errorf("the key field took %q", p.key.key)
			}
			if !strings.Contains(p.message.Text, c.want) {
				t.Errorf("message %q, want it to say %q", p.message.Text, c.want)
			}
		})
	}
	test.Type(p.key, "e")
	if p.key.key != "E" || p.message.Text != "" {
		t.Errorf("a free key: field %q, message %q", p.key.key, p.message.Text)
	}
}

func TestEditorWarnsOfALabelColourHardToReadAndStillSavesIt(t *testing.T) {
	w, store := newDesk(t)
	e := openEditor(t, w)
	p := e.labels
	selectLabel(t, e, "MISC")
	if !p.colourWarn.Hidden {
		t.Fatalf("MISC's own colour warns: %q", p.colourWarn.Text)
	}
	p.setColour("#000000")
	if p.colourWarn.Hidden || !strings.Contains(p.colourWarn.Text, "light theme") {
		t.Fatalf("black gives the warning %q (hidden %v), want one about the light theme", p.colourWarn.Text, p.colourWarn.Hidden)
	}
	p.saveLabel()
	if l, _ := storedCodebook(t, store).Label("MISC"); l.Color != "#000000" {
		t.Errorf("MISC's colour is %s after saving, want the chosen #000000", l.Color)
	}
}

func TestANewLabelWithAKeyTagsByThatKeyAtOnce(t *testing.T) {
	w, store := newDesk(t)
	e := openEditor(t, w)
	p := e.labels
	p.newLabel()
	p.name.SetText("Frame: economic")
	test.Type(p.key, "e")
	p.definition.SetText("The text presents the issue in terms of costs, money or jobs.")
	p.examples.SetText("“The trial will cost €1.8 million”\n\n“61 percent drive to work”")
	p.saveLabel()
	l, ok := storedCodebook(t, store).Label("FRAME_ECONOMIC")
	if !ok {
		t.Fatalf("no label FRAME_ECONOMIC saved; message %q", p.message.Text)
	}
	if l.Hotkey != "E" || len(l.Examples) != 2 || l.Description == "" {
		t.Errorf("saved %+v", *l)
	}
	if w.labels.chips["FRAME_ECONOMIC"] == nil {
		t.Fatal("the label bar has no chip for the new label")
	}
	selectText(t, w, "s1", "Lindenfeld")
	test.TypeOnCanvas(w.win.Canvas(), "e")
	assertStored(t, store, w.doc.ID, "s1 FRAME_ECONOMIC Lindenfeld anna")
	if len(e.log) != 1 || e.log[0].Annotator != "anna" || !strings.Contains(e.log[0].What, "Frame: economic") {
		t.Errorf("change list = %+v, want one entry by anna naming the label", e.log)
	}
}

func TestRenamingALabelKeepsItsAnnotationsAndUndoTakesItBack(t *testing.T) {
	w, store := newDesk(t)
	selectText(t, w, "s1", "Lindenfeld")
	w.Tag("PER")
	e := openEditor(t, w)
	p := e.labels
	selectLabel(t, e, "PER")
	p.name.SetText("Human")
	p.id.SetText("HUM")
	p.saveLabel()
	assertStored(t, store, w.doc.ID, "s1 HUM Lindenfeld anna")
	if l, ok := storedCodebook(t, store).Label("HUM"); !ok || l.Name != "Human" || l.Hotkey != "P" {
		t.Fatalf("after the rename the codebook has HUM = %+v", l)
	}
	if p.selected != "HUM" || w.labels.chips["HUM"] == nil {
		t.Error("the editor or the label bar does not show the renamed label")
	}
	w.Undo()
	assertStored(t, store, w.doc.ID, "s1 PER Lindenfeld anna")
	if l, ok := storedCodebook(t, store).Label("PER"); !ok || l.Name != "Person" {
		t.Fatalf("after undo the codebook has PER = %+v", l)
	}
	if p.name.Text != "Person" || p.selected != "PER" {
		t.Errorf("after undo the editor shows %q (%s)", p.name.Text, p.selected)
	}
	w.Redo()
	assertStored(t, store, w.doc.ID, "s1 HUM Lindenfeld anna")
	var whats []string
	for _, l := range e.log {
		whats = append(whats, l.What)
	}
	if len(e.log) != 3 || !strings.Contains(whats[0], "rename label") || !strings.Contains(whats[1], "undo") {
		t.Errorf("change list = %q, want the rename, its undo and its redo", whats)
	}
}

func TestMergingALabelMovesItsAnnotationsIntoTheOther(t *testing.T) {
	w, store := newDesk(t)
	selectText(t, w, "s1", "Lindenfeld")
	w.Tag("MISC")
	e := openEditor(t, w)
	selectLabel(t, e, "MISC")
	e.labels.askMerge()
	e.labels.mergeTo.SetSelectedIndex(slices.Index(e.labels.mergeTo.Options, "Location (LOC)"))
	answer(t, w)
	assertStored(t, store, w.doc.ID, "s1 LOC Lindenfeld anna")
	if _, ok := storedCodebook(t, store).Label("MISC"); ok {
		t.Error("MISC is still in the codebook after the merge")
	}
	w.Undo()
	assertStored(t, store, w.doc.ID, "s1 MISC Lindenfeld anna")
	if _, ok := storedCodebook(t, store).Label("MISC"); !ok {
		t.Error("undo did not bring MISC back")
	}
}

func TestDeletingALabelInUseAsksAndMovesOrRemovesItsAnnotations(t *testing.T) {
	cases := []struct {
		name   string
		choose func(p *labelsPane)
		want   []string
	}{
		{"moved to another label", func(p *labelsPane) {
			p.deleteTo.SetSelectedIndex(slices.Index(p.deleteTo.Options, "Organisation (ORG)"))
		}, []string{"s1 ORG Lindenfeld anna"}},
		{"removed", func(p *labelsPane) { p.deleteHow.SetSelected(p.deleteHow.Options[1]) }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, store := newDesk(t)
			selectText(t, w, "s1", "Lindenfeld")
			w.Tag("LOC")
			e := openEditor(t, w)
			selectLabel(t, e, "LOC")
			e.labels.askDelete()
			c.choose(e.labels)
			answer(t, w)
			assertStored(t, store, w.doc.ID, c.want...)
			if _, ok := storedCodebook(t, store).Label("LOC"); ok {
				t.Error("LOC is still in the codebook")
			}
			w.Undo()
			assertStored(t, store, w.doc.ID, "s1 LOC Lindenfeld anna")
		})
	}
}

func TestDeletingALabelInUseWithoutATargetIsRefused(t *testing.T) {
	w, store := newDesk(t)
	selectText(t, w, "s1", "Lindenfeld")
	w.Tag("LOC")
	e := openEditor(t, w)
	selectLabel(t, e, "LOC")
	e.labels.askDelete()
	answer(t, w) // "move them" chosen, no label
	if !strings.Contains(e.labels.message.Text, "Choose the label") {
		t.Errorf("message %q", e.labels.message.Text)
	}
	assertStored(t, store, w.doc.ID, "s1 LOC Lindenfeld anna")
}

func TestRemovingAnAttributeValueSaysHowManyHoldItAndClearsIt(t *testing.T) {
	w, store := newDesk(t)
	selectText(t, w, "s3", "€1.8 million")
	w.Tag("CLAIM")
	a := w.annotation(w.selected)
	after := *a
	after.Attributes = map[string]string{"check_worthiness": "medium"}
	w.apply(&annotate.EditAnnotation{Before: *a, After: after, What: "check_worthiness"})

	e := openEditor(t, w)
	p := e.labels
	selectLabel(t, e, "CLAIM")
	p.editAttribute(0)
	p.attrValues.SetText("high\nlow")
	if !strings.Contains(p.attrNote.Text, "Removing “medium” clears it from 1 annotations") {
		t.Errorf("the attribute dialog says %q", p.attrNote.Text)
	}
	answer(t, w) // the attribute dialog
	p.saveLabel()
	answer(t, w) // "remove the values?"
	anns, _ := store.Annotations(w.doc.ID)
	if len(anns) != 1 || anns[0].Attributes["check_worthiness"] != "" {
		t.Fatalf("after removing the value the annotation is %+v", anns)
	}
	if l, _ := storedCodebook(t, store).Label("CLAIM"); !slices.Equal(l.Attributes[0].Values, []string{"high", "low"}) {
		t.Errorf("check_worthiness values %v", l.Attributes[0].Values)
	}
	w.Undo()
	anns, _ = store.Annotations(w.doc.ID)
	if anns[0].Attributes["check_worthiness"] != "medium" {
		t.Errorf("undo left %+v", anns[0].Attributes)
	}
}

func TestAttributesOfEveryTypeAreSavedWithTheirValuesInOrder(t *testing.T) {
	w, store := newDesk(t)
	e := openEditor(t, w)
	p := e.labels
	selectLabel(t, e, "OPINION")
	for _, a := range []annotate.AttributeDef{
		{Name: "intensity", Type: annotate.AttrScale, Values: []string{"weak", "moderate", "strong"}},
		{Name: "targets", Type: annotate.AttrMulti, Values: []string{"government", "business"}},
		{Name: "paraphrase", Type: annotate.AttrText},
		{Name: "share", Type: annotate.AttrNumber},
	} {
		p.editAttribute(-1)
		p.attrName.SetText(a.Name)
		p.attrKind.SetSelectedIndex(slices.Index(attributeTypes, a.Type))
		p.attrValues.SetText(strings.Join(a.Values, "\n"))
		answer(t, w)
	}
	p.saveLabel()
	l, _ := storedCodebook(t, store).Label("OPINION")
	if len(l.Attributes) != 4 || l.Attributes[0].Kind() != annotate.AttrScale || !slices.Equal(l.Attributes[0].Values, []string{"weak", "moderate", "strong"}) ||
		l.Attributes[1].Kind() != annotate.AttrMulti || l.Attributes[2].Kind() != annotate.AttrText || l.Attributes[3].Kind() != annotate.AttrNumber {
		t.Errorf("saved attributes %+v", l.Attributes)
	}
}

func TestAGroupIsOneLevelDeep(t *testing.T) {
	w, store := newDesk(t)
	e := openEditor(t, w)
	p := e.labels
	selectLabel(t, e, "QUOTE")
	p.group.SetSelected("Source")
	p.saveLabel()
	if l, _ := storedCodebook(t, store).Label("QUOTE"); l.Parent != "SOURCE" {
		t.Fatalf("QUOTE's group is %q", l.Parent)
	}
	selectLabel(t, e, "SOURCE")
	p.group.SetSelected("Person")
	p.saveLabel()
	if !strings.Contains(p.message.Text, "cannot be in another group") {
		t.Errorf("a group put into a group: message %q", p.message.Text)
	}
	if l, _ := storedCodebook(t, store).Label("SOURCE"); l.Parent != "" {
		t.Errorf("SOURCE's group is %q", l.Parent)
	}
}

func TestReorderingLabelsIsOneUndoableStep(t *testing.T) {
	w, store := newDesk(t)
	e := openEditor(t, w)
	selectLabel(t, e, "ORG")
	e.labels.move(-1)
	ids := func() string {
		var out []string
		for _, l := range storedCodebook(t, store).Labels[:3] {
			out = append(out, l.ID)
		}
		return strings.Join(out, " ")
	}
	if got := ids(); got != "ORG PER LOC" {
		t.Errorf("after moving ORG up: %s", got)
	}
	w.Undo()
	if got := ids(); got != "PER ORG LOC" {
		t.Errorf("after undo: %s", got)
	}
}

func TestLinkTypesCommentLabelsAndVariablesAreEdited(t *testing.T) {
	w, store := newDesk(t)
	e := openEditor(t, w)

	r := e.relations
	r.load(-1)
	r.name.SetText("attacks")
	r.from.SetSelected([]string{"Person", "Organisation"})
	r.to.SetSelected([]string{"Person"})
	r.save()
	rt, ok := storedCodebook(t, store).RelationType("attacks")
	if !ok || !slices.Equal(rt.From, []string{"PER", "ORG"}) || !slices.Equal(rt.To, []string{"PER"}) || !rt.Directed {
		t.Fatalf("link type saved as %+v (%v); message %q", rt, ok, r.message.Text)
	}

	s := e.sets
	s.load(-1)
	s.name.SetText("Civility")
	s.choice.SetSelected(multipleChoice())
	s.values = []annotate.SegmentLabelDef{{ID: "polite", Color: "#009E73"}, {ID: "rude", Color: "#D55E00"}}
	s.showValues()
	s.valueEntries[0].SetText("Polite")
	s.valueEntries[1].SetText("Rude")
	s.save()
	cb := storedCodebook(t, store)
	set := cb.SegmentLabelSets[len(cb.SegmentLabelSets)-1]
	if set.ID != "civility" || set.Exclusive || len(set.Labels) != 2 || set.Labels[1].Name != "Rude" {
		t.Fatalf("comment-label set saved as %+v; message %q", set, s.message.Text)
	}

	v := e.variables
	v.load(-1)
	v.name.SetText("Outlet")
	v.kind.SetSelectedIndex(slices.Index(variableTypes, annotate.VarChoice))
	v.values.SetText("Courier\nTribune")
	v.save()
	if def, ok := storedCodebook(t, store).Variable("outlet"); !ok || !slices.Equal(def.Values, []string{"Courier", "Tribune"}) {
		t.Fatalf("variable saved as %+v; message %q", def, v.message.Text)
	}
	if e.changes.Length() != 3 {
		t.Errorf("the change list shows %d entries, want 3", e.changes.Length())
	}
}

func TestDocumentVariablesAreSetInTheDeskSavedAndUndone(t *testing.T) {
	cb := assets.DefaultCodebook()
	cb.Variables = []annotate.VariableDef{
		{ID: "outlet", Name: "Outlet", Type: annotate.VarChoice, Values: []string{"Courier", "Tribune"}},
		{ID: "printed", Name: "Printed", Type: annotate.VarDate},
		{ID: "paywall", Name: "Paywall", Type: annotate.VarBoolean},
	}
	w, store := newDeskWith(t, cb)
	w.AskDocumentVariables()
	f := w.variableFields
	if len(f) != 3 {
		t.Fatalf("the dialog has %d fields, want 3", len(f))
	}
	f[0].object.(interface{ SetSelected(string) }).SetSelected("Tribune")
	f[1].object.(*dialogEntry).SetText("12.03.2026")
	f[2].object.(interface{ SetSelected(string) }).SetSelected("Yes")
	answer(t, w)
	if w.topModal() == nil {
		t.Fatal("a date in the wrong form closed the dialog")
	}
	f[1].object.(*dialogEntry).SetText("2026-03-12")
	answer(t, w)
	doc, err := store.Document(w.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"outlet": "Tribune", "printed": "2026-03-12", "paywall": "true"}
	if !mapsEqual(doc.Variables, want) {
		t.Fatalf("stored variables %v, want %v", doc.Variables, want)
	}
	w.Undo()
	doc, _ = store.Document(w.doc.ID)
	if len(doc.Variables) != 0 || len(w.doc.Variables) != 0 {
		t.Errorf("after undo the document has %v (desk: %v)", doc.Variables, w.doc.Variables)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestTheEditorCountsUsesAsTheDeskTags(t *testing.T) {
	w, _ := newDesk(t)
	e := openEditor(t, w)
	selectLabel(t, e, "PER")
	selectText(t, w, "s1", "Lindenfeld")
	w.Tag("PER")
	if e.usage.Labels["PER"] != 1 || e.labels.uses.Text != "used once" {
		t.Errorf("after tagging, the editor counts %d uses of PER and says %q", e.usage.Labels["PER"], e.labels.uses.Text)
	}
	w.Undo()
	if e.usage.Labels["PER"] != 0 || e.labels.uses.Text != "unused" {
		t.Errorf("after undo, the editor counts %d uses of PER and says %q", e.usage.Labels["PER"], e.labels.uses.Text)
	}
}

func TestTheEditorFitsALaptopScreenWithFortyLabels(t *testing.T) {
	w, _ := newDeskWith(t, studyCodebook())
	e := openEditor(t, w)
	if m := e.win.Content().MinSize(); m.Width > 1280 || m.Height > 720 {
		t.Errorf("the editor needs %.0f×%.0f, more than a 1280×720 screen", m.Width, m.Height)
	}
}

func TestAColourPickedLeavesNoDialogBehindThatWouldBlockTheDesksKeys(t *testing.T) {
	w, store := newDesk(t)
	e := openEditor(t, w)
	selectLabel(t, e, "MISC")
	e.labels.pickColour()
	if w.topModal() == nil {
		t.Fatal("Choose… showed no dialog")
	}
	w.topModal().d.Hide() // as a click on a colour does
	selectText(t, w, "s1", "Lindenfeld")
	test.TypeOnCanvas(w.win.Canvas(), "p")
	if w.topModal() != nil {
		t.Error("the closed colour dialog is still on the dialog stack, so the desk's keys do nothing")
	}
	assertStored(t, store, w.doc.ID, "s1 PER Lindenfeld anna")
}

func TestTheEditorShowsLabelsAnImportAdded(t *testing.T) {
	w, store := newDesk(t)
	e := openEditor(t, w)
	cb := storedCodebook(t, store)
	cb.Labels = append(cb.Labels, annotate.Label{ID: "EVENT", Name: "Event", Kind: annotate.KindEntity, Color: "#20B2AA"})
	if err := store.SetCodebook(cb); err != nil {
		t.Fatal(err)
	}
	w.reloadCodebook() // as the desk does after an import
	if !slices.ContainsFunc(e.labels.rows, func(l annotate.Label) bool { return l.ID == "EVENT" }) {
		t.Error("the open editor does not list the label the import added")
	}
}
