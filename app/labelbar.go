package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// foldGroupsAbove is the number of labels above which the label bar folds
// each group into one chip that opens a menu of its labels, so that a
// codebook of 40 labels takes two rows, not five. Keys work either way.
const foldGroupsAbove = 16

// labelBar shows every codebook label as a chip in its colour with its
// hotkey; clicking a chip tags the selection. A group (a label with labels
// under it) shows its labels right after it, framed together; in a large
// codebook the group is one chip whose menu lists them. The sticky switch
// makes one label tag every new selection at once.
type labelBar struct {
	w       *Window
	chips   map[string]*chip // chips shown in the bar, by label id
	groups  map[string]*chip // folded group chips, by the group's label id
	sticky  *widget.Check
	row     *fyne.Container
	content fyne.CanvasObject
}

// labelGroup is a top-level label and the labels under it.
type labelGroup struct {
	top     annotate.Label
	members []annotate.Label
}

// labelGroups orders a codebook's labels by group: each top-level label in
// codebook order, followed by the labels under it (at any depth, since the
// bar shows one level) in codebook order.
func labelGroups(cb *annotate.Codebook) []labelGroup {
	topOf := func(l annotate.Label) string {
		seen := map[string]bool{}
		for l.Parent != "" && !seen[l.ID] {
			seen[l.ID] = true
			p, ok := cb.Label(l.Parent)
			if !ok {
				break
			}
			l = *p
		}
		return l.ID
	}
	var out []labelGroup
	index := map[string]int{}
	for _, l := range cb.Labels {
		if t := topOf(l); t == l.ID {
			index[l.ID] = len(out)
			out = append(out, labelGroup{top: l})
		}
	}
	for _, l := range cb.Labels {
		if t := topOf(l); t != l.ID {
			if i, ok := index[t]; ok {
				out[i].members = append(out[i].members, l)
			}
		}
	}
	return out
}

func newLabelBar(w *Window) *labelBar {
	b := &labelBar{w: w, chips: map[string]*chip{}, groups: map[string]*chip{}}
	b.row = container.New(layout.NewRowWrapLayout())
	fold := len(w.codebook.Labels) > foldGroupsAbove
	for _, g := range labelGroups(w.codebook) {
		switch {
		case len(g.members) == 0:
			// In a large codebook every chip is small, so that even 40
			// labels without groups leave room for the texts.
			b.row.Add(b.labelChip(g.top, fold))
		case fold:
			b.row.Add(b.groupChip(g))
		default:
			box := container.New(layout.NewCustomPaddedHBoxLayout(0), b.labelChip(g.top, false))
			for _, m := range g.members {
				box.Add(b.labelChip(m, true))
			}
			b.row.Add(newGroupFrame(box, parseHex(g.top.Color)))
		}
	}
	b.sticky = widget.NewCheck(lang.L("Sticky label"), func(on bool) {
		if !on {
			b.setSticky("")
		} else if w.sticky == "" {
			w.setStatusNote(lang.L("Sticky: click a label chip; every selection then gets that label"))
		}
	})
	b.content = container.NewBorder(nil, nil, nil, b.sticky, b.row)
	return b
}

// labelChip is the chip of one label; a member of a group, and every
// label of a large codebook, is drawn smaller.
func (b *labelBar) labelChip(l annotate.Label, member bool) *chip {
	id := l.ID
	c := newChip(labelName(&l), l.Hotkey, parseHex(l.Color), false, func() { b.onChip(id) })
	c.compact = member
	b.hoverGuide(c, id)
	b.chips[id] = c
	return c
}

// groupChip is a folded group: a chip with the group's name and the number
// of its labels, whose menu tags with the group's label or one of its
// members.
func (b *labelBar) groupChip(g labelGroup) *chip {
	c := newChip(labelName(&g.top)+" ▾", g.top.Hotkey, parseHex(g.top.Color), false, nil)
	c.OnTapped = func() { b.showGroupMenu(g, c) }
	b.hoverGuide(c, g.top.ID)
	b.groups[g.top.ID] = c
	return c
}

// groupMenu lists a folded group's labels with their keys.
func (b *labelBar) groupMenu(g labelGroup) *fyne.Menu {
	item := func(l annotate.Label) *fyne.MenuItem {
		text := labelName(&l)
		if l.Hotkey != "" {
			text += "  (" + l.Hotkey + ")"
		}
		id := l.ID
		return fyne.NewMenuItem(text, func() { b.onChip(id) })
	}
	items := []*fyne.MenuItem{item(g.top), fyne.NewMenuItemSeparator()}
	for _, m := range g.members {
		items = append(items, item(m))
	}
	return fyne.NewMenu("", items...)
}

func (b *labelBar) showGroupMenu(g labelGroup, c *chip) {
	canvas := b.w.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c).AddXY(0, c.Size().Height)
	b.w.hideGuide()
	widget.ShowPopUpMenuAtPosition(b.groupMenu(g), canvas, pos)
}

// hoverGuide shows a label's definition and examples while the pointer
// rests on its chip, and its definition in the status line.
func (b *labelBar) hoverGuide(c *chip, id string) {
	w := b.w
	c.OnHover = func(in bool) {
		l, ok := w.codebook.Label(id)
		if !in || !ok {
			w.hideGuide()
			w.setStatusNote("")
			return
		}
		if d := labelDescription(l); d != "" {
			w.setStatusNote(labelName(l) + ": " + d)
		}
		w.showGuideSoon(c, *l)
	}
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
