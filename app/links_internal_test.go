package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

func TestTheInspectorsLinksAreInViewAt1366x768(t *testing.T) {
	w, _ := newDesk(t)
	w.win.Resize(fyne.NewSize(1366, 768))
	selectText(t, w, "s4", "Elif Demir")
	w.Tag("PER")
	selectText(t, w, "s3", "The trial will cost €1.8 million")
	w.Tag("CLAIM") // a claim: two attributes above its links
	var link *widget.Button
	for _, b := range findAll[*widget.Button](w.inspector.box) {
		if b.Text == "Link" {
			link = b
		}
	}
	if link == nil {
		t.Fatal("the inspector has no Link button")
	}
	d := fyne.CurrentApp().Driver()
	bottom := d.AbsolutePositionForObject(link).Y + link.Size().Height
	visible := d.AbsolutePositionForObject(w.inspector.scroll).Y + w.inspector.scroll.Size().Height
	if bottom > visible {
		t.Errorf("the Link button ends at y=%v, below the inspector's visible end at y=%v: the user must scroll to link", bottom, visible)
	}
}
