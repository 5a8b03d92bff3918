package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// labelBar shows every codebook label as a chip in its colour with its
// hotkey; clicking a chip tags the selection. The sticky switch makes one
// label tag every new selection at once.
type labelBar struct {
	w       *Window
	chips   map[string]*chip
	sticky  *widget.Check
	content fyne.CanvasObject
}

func newLabelBar(w *Window) *labelBar {
	b := &labelBar{w: w, chips: map[string]*chip{}}
	row := container.New(layout.NewRowWrapLayout())
	for _, l := range w.codebook.Labels {
		id, desc, name := l.ID, labelDescription(&l), w.labelText(&l)
		c := newChip(name, l.Hotkey, parseHex(l.Color), false, func() { b.onChip(id) })
		c.OnHover = func(in bool) {
			if in {
				w.setStatusNote(name + ": " + desc)
			} else {
				w.setStatusNote("")
			}
		}
		b.chips[id] = c
		row.Add(c)
	}
	b.sticky = widget.NewCheck(lang.L("Sticky label"), func(on bool) {
		if !on {
			b.setSticky("")
		} else if w.sticky == "" {
			w.setStatusNote(lang.L("Sticky: click a label chip; every selection then gets that label"))
		}
	})
	b.content = container.NewBorder(nil, nil, nil, b.sticky, row)
	return b
}

// onChip tags with a label, or in sticky mode makes it the sticky label.
func (b *labelBar) onChip(id string) {
	if b.sticky.Checked && b.w.sel.empty() {
		b.setSticky(id)
		return
	}
	if b.sticky.Checked {
		b.setSticky(id)
	}
	b.w.Tag(id)
}

// setSticky makes id the sticky label ("" turns sticky mode off).
func (b *labelBar) setSticky(id string) {
	b.w.sticky = id
	for cid, c := range b.chips {
		c.setOn(cid == id)
	}
	if id == "" {
		b.sticky.SetChecked(false)
		b.w.setStatusNote(lang.L("Sticky label off"))
		return
	}
	if l, ok := b.w.codebook.Label(id); ok {
		b.w.setStatusNote(lang.L("Sticky: every selection is tagged ") + b.w.labelText(l))
	}
}
