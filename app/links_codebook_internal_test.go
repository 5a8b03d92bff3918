package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/assets"
)

// The inspector offers only the link types the codebook lets start at the
// annotation's label, and says so instead of failing when the other end's
// label is not allowed.
func TestTheInspectorOffersTheLinkTypesTheCodebookAllows(t *testing.T) {
	cb := assets.DefaultCodebook()
	for i := range cb.RelationTypes {
		if cb.RelationTypes[i].ID == "source_of" {
			cb.RelationTypes[i].From = []string{"SOURCE"}
			cb.RelationTypes[i].To = []string{"QUOTE", "CLAIM"}
		}
	}
	w, store := newDeskWith(t, cb)
	selectText(t, w, "s4", "Elif Demir")
	w.Tag("PER")
	selectText(t, w, "s3", "The trial will cost €1.8 million")
	w.Tag("CLAIM")
	types := func() []string {
		for _, s := range findAll[*widget.Select](w.inspector.box) {
			if s.PlaceHolder == "Link type" {
				return s.Options
			}
		}
		t.Fatal("the inspector has no link type choice")
		return nil
	}
	if slices.Contains(types(), "is the source of") {
		t.Errorf("a claim is offered %v, with “is the source of”, which only a source may start", types())
	}
	selectText(t, w, "s4", "Mayor Elif Demir")
	w.Tag("SOURCE")
	if !slices.Contains(types(), "is the source of") {
		t.Fatalf("a source is offered %v, without “is the source of”", types())
	}
	var kind, target *widget.Select
	for _, s := range findAll[*widget.Select](w.inspector.box) {
		switch s.PlaceHolder {
		case "Link type":
			kind = s
		case "to annotation…":
			target = s
		}
	}
	kind.SetSelected("is the source of")
	for _, o := range target.Options {
		if strings.HasPrefix(o, "PER ") {
			target.SetSelected(o)
		}
	}
	for _, b := range findAll[*widget.Button](w.inspector.box) {
		if b.Text == "Link" {
			b.OnTapped()
		}
	}
	if rels, _ := store.Relations(w.doc.ID); len(rels) != 0 {
		t.Errorf("a source was linked to a person: %+v", rels)
	}
	if !strings.Contains(w.status.Text, "does not allow the link “is the source of” from Source to Person") || w.topModal() != nil {
		t.Errorf("status %q (dialog open: %v), want a note saying the codebook does not allow it", w.status.Text, w.topModal() != nil)
	}
}
