package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/widget"
)

func TestAttributesShowByTheirDisplayNamesAndStoreTheCodebooksValues(t *testing.T) {
	w, store := newDesk(t)
	selectText(t, w, "s3", "The trial will cost €1.8 million")
	w.Tag("CLAIM")
	names := labelTexts(w.inspector.box)
	for _, want := range []string{"Check worthiness", "Verdict"} {
		if !slices.Contains(names, want) {
			t.Errorf("the inspector shows %q, want the attribute name %q", names, want)
		}
	}
	var verdict *widget.Select
	for _, s := range findAll[*widget.Select](w.inspector.box) {
		if slices.Contains(s.Options, "Mostly true") {
			verdict = s
		}
	}
	if verdict == nil {
		t.Fatal("no choice offers the value “Mostly true”")
	}
	verdict.SetSelected("Mostly true")
	anns, _ := store.Annotations(w.doc.ID)
	if got := anns[0].Attributes["verdict"]; got != "mostly true" {
		t.Errorf("stored verdict %q, want the codebook's value %q", got, "mostly true")
	}
}
