package app

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// noGroup is what the group choice shows for a label at the top.
func noGroup() string { return lang.L("(no group)") }

// labelsPane is the editor's tab of span labels: the labels by group with
// their keys and how often they are used, and a form for the selected one.
type labelsPane struct {
	e        *codebookEditor
	rows     []annotate.Label // in the list's order: each group after its label
	member   map[string]bool  // ids of labels shown inside a group
	list     *widget.List
	selected string // id of the label in the form, "" for a new one
	isNew    bool

	name, id   *widget.Entry
	key        *keyField
	clearKey   *widget.Button
	colour     string
	swatch     *canvas.Rectangle
	colourText *widget.Label
	colourWarn *widget.Label
	group      *widget.Select
	kind       *widget.SelectEntry
	definition *widget.Entry
	examples   *widget.Entry
	attrs      []annotate.AttributeDef
	attrBox    *fyne.Container
	uses       *widget.Label
	message    *widget.Label

	save, merge, del, up, down *widget.Button
	content                    fyne.CanvasObject

	// The fields of the last merge, delete and attribute dialog.
	mergeTo, deleteTo *widget.Select
	deleteHow         *widget.RadioGroup
	attrName          *widget.Entry
	attrKind          *widget.Select
	attrValues        *widget.Entry
	attrNote          *widget.Label
}

func newLabelsPane(e *codebookEditor) *labelsPane {
	p := &labelsPane{e: e}
	p.list = widget.NewList(p.length, p.createRow, p.updateRow)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.rows) && (p.rows[i].ID != p.selected || p.isNew) {
			p.load(p.rows[i], false)
		}
	}
	p.name = widget.NewEntry()
	p.id = widget.NewEntry()
	p.id.SetPlaceHolder(lang.L("e.g. ECON"))
	p.key = newKeyField()
	p.key.check = func(k string) string { return labelKeyProblem(p.e.w.codebook, p.selected, k) }
	p.key.desk = e.w.deskKeyMeaning
	p.key.onRefused = p.refuse
	p.key.onChanged = func(string) { p.message.SetText("") }
	p.key.undo, p.key.redo = e.w.Undo, e.w.Redo
	p.clearKey = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { p.key.setKey("") })
	p.swatch = canvas.NewRectangle(color.Transparent)
	p.swatch.SetMinSize(fyne.NewSize(28, 28))
	p.swatch.CornerRadius = 6
	p.colourText = widget.NewLabel("")
	p.colourWarn = widget.NewLabel("")
	p.colourWarn.Wrapping = fyne.TextWrapWord
	p.colourWarn.Importance = widget.WarningImportance
	pick := widget.NewButton(lang.L("Choose…"), p.pickColour)
	p.group = widget.NewSelect(nil, nil)
	p.kind = widget.NewSelectEntry([]string{string(annotate.KindEntity), string(annotate.KindClaim)})
	p.definition = widget.NewMultiLineEntry()
	p.definition.Wrapping = fyne.TextWrapWord
	p.definition.SetMinRowsVisible(3)
	p.definition.SetPlaceHolder(lang.L("When to use the label, and when not"))
	p.examples = widget.NewMultiLineEntry()
	p.examples.Wrapping = fyne.TextWrapWord
	p.examples.SetMinRowsVisible(3)
	p.examples.SetPlaceHolder(lang.L("One example per line"))
	p.attrBox = container.NewVBox()
	p.uses = widget.NewLabel("")
	p.message = widget.NewLabel("")
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Importance = widget.DangerImportance

	p.save = widget.NewButtonWithIcon(lang.L("Save label"), theme.DocumentSaveIcon(), p.saveLabel)
	p.save.Importance = widget.HighImportance
	p.merge = widget.NewButton(lang.L("Merge into…"), p.askMerge)
	p.del = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), p.askDelete)
	add := widget.NewButtonWithIcon(lang.L("New label"), theme.ContentAddIcon(), p.newLabel)
	p.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { p.move(-1) })
	p.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { p.move(1) })
	addAttr := widget.NewButtonWithIcon(lang.L("Add attribute"), theme.ContentAddIcon(), func() { p.editAttribute(-1) })

	row := func(label string, o fyne.CanvasObject) *widget.FormItem { return widget.NewFormItem(label, o) }
	form := widget.NewForm(
		row(lang.L("Name"), p.name),
		row(lang.L("Short id"), p.id),
		row(lang.L("Key"), container.NewBorder(nil, nil, nil, p.clearKey, p.key)),
		row(lang.L("Colour"), container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(p.swatch, p.colourText), pick), p.colourWarn)),
		row(lang.L("Group"), p.group),
		row(lang.L("Kind"), p.kind),
		row(lang.L("Definition"), p.definition),
		row(lang.L("Examples"), p.examples),
		row(lang.L("Attributes"), container.NewVBox(p.attrBox, container.NewHBox(addAttr))),
	)
	actions := container.NewHBox(p.save, p.merge, p.del, layout.NewSpacer(), p.uses)
	right := container.NewBorder(nil, container.NewVBox(p.message, actions), nil, nil, container.NewVScroll(form))
	left := container.NewBorder(nil, container.NewHBox(add, p.up, p.down), nil, nil, p.list)
	split := container.NewHSplit(left, right)
	split.SetOffset(0.34)
	p.content = split
	p.refresh()
	return p
}

func (p *labelsPane) length() int { return len(p.rows) }

func (p *labelsPane) createRow() fyne.CanvasObject {
	sw := canvas.NewRectangle(color.Transparent)
	sw.SetMinSize(fyne.NewSize(12, 12))
	sw.CornerRadius = 6
	indent := canvas.NewRectangle(color.Transparent)
	info := widget.NewLabel("")
	info.Importance = widget.LowImportance
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, container.NewHBox(indent, container.NewCenter(sw)), info, name)
}

func (p *labelsPane) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	l := p.rows[i]
	b := o.(*fyne.Container)
	name, left, info := b.Objects[0].(*widget.Label), b.Objects[1].(*fyne.Container), b.Objects[2].(*widget.Label)
	indent := left.Objects[0].(*canvas.Rectangle)
	sw := left.Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
	if p.member[l.ID] {
		indent.SetMinSize(fyne.NewSize(18, 1))
	} else {
		indent.SetMinSize(fyne.NewSize(0, 1))
	}
	sw.FillColor = parseHex(l.Color)
	sw.Refresh()
	name.SetText(l.Name)
	text := l.ID
	if l.Hotkey != "" {
		text = l.Hotkey + " · " + text
	}
	info.SetText(text + " · " + fmt.Sprint(p.e.usage.Labels[l.ID]) + "×")
	left.Refresh()
}

// refresh shows the codebook as it is now and reloads the form, unless
// the form holds a new label not yet saved.
func (p *labelsPane) refresh() {
	cb := p.e.w.codebook
	p.rows, p.member = nil, map[string]bool{}
	for _, g := range labelGroups(cb) {
		p.rows = append(p.rows, g.top)
		for _, m := range g.members {
			p.rows = append(p.rows, m)
			p.member[m.ID] = true
		}
	}
	p.list.Refresh()
	if p.isNew {
		return
	}
	if l, ok := cb.Label(p.selected); ok {
		p.load(*l, false)
		return
	}
	if len(p.rows) > 0 {
		p.load(p.rows[0], false)
		return
	}
	p.newLabel()
}

// load fills the form with l.
func (p *labelsPane) load(l annotate.Label, isNew bool) {
	cb := p.e.w.codebook
	p.selected, p.isNew = l.ID, isNew
	if isNew {
		p.selected = ""
		p.list.UnselectAll()
	} else if i := slices.IndexFunc(p.rows, func(r annotate.Label) bool { return r.ID == l.ID }); i >= 0 {
		p.list.Select(i)
	}
	p.name.SetText(l.Name)
	p.id.SetText(l.ID)
	p.key.setKey(l.Hotkey)
	p.setColour(l.Color)
	groups := []string{noGroup()}
	for _, g := range labelGroups(cb) {
		if g.top.ID != l.ID {
			groups = append(groups, g.top.Name)
		}
	}
	p.group.Options = groups
	p.group.Selected = noGroup()
	if parent, ok := cb.Label(l.Parent); ok {
		p.group.Selected = parent.Name
	}
	p.group.Refresh()
	p.kind.SetText(string(l.Kind))
	p.definition.SetText(l.Description)
	p.examples.SetText(strings.Join(l.Examples, "\n"))
	p.attrs = slices.Clone(l.Attributes)
	p.showAttributes()
	p.message.SetText("")
	if isNew {
		p.uses.SetText(lang.L("new, not saved yet"))
		p.merge.Disable()
		p.del.Disable()
		p.up.Disable()
		p.down.Disable()
	} else {
		p.uses.SetText(usedTimes(p.e.usage.Labels[l.ID]))
		p.merge.Enable()
		p.del.Enable()
		p.up.Enable()
		p.down.Enable()
	}
}

func (p *labelsPane) setColour(hex string) {
	p.colour = hex
	p.swatch.FillColor = parseHex(hex)
	p.swatch.Refresh()
	p.colourText.SetText(hex)
	warn := colourWarnings(p.e.w.codebook, p.selected, hex)
	p.colourWarn.SetText(strings.Join(warn, "\n"))
	p.colourWarn.Hidden = len(warn) == 0
	p.colourWarn.Refresh()
}

func (p *labelsPane) pickColour() {
	d := dialog.NewColorPicker(lang.L("Label colour"), lang.L("Choose the label's colour"), func(c color.Color) {
		p.setColour(hexOf(c))
	}, p.e.win)
	d.Advanced = true
	d.SetColor(parseHex(p.colour))
	p.e.w.showModal(d, nil)
}

func (p *labelsPane) refuse(why string) {
	p.message.SetText(why)
}

// newLabel empties the form for a label not yet in the codebook.
func (p *labelsPane) newLabel() {
	cb := p.e.w.codebook
	p.load(annotate.Label{Kind: annotate.KindClaim, Color: freeColour(cb)}, true)
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.name); c != nil {
		c.Focus(p.name)
	}
}

// formLabel is the label the form describes, or why it cannot be saved.
func (p *labelsPane) formLabel() (annotate.Label, string) {
	cb := p.e.w.codebook
	var l annotate.Label
	if old, ok := cb.Label(p.selected); ok && !p.isNew {
		l = *old
	}
	l.Name = strings.TrimSpace(p.name.Text)
	l.ID = strings.TrimSpace(p.id.Text)
	if l.ID == "" && p.isNew {
		l.ID = idFrom(cb, l.Name, idTaken(cb))
		p.id.SetText(l.ID)
	}
	l.Hotkey = p.key.key
	l.Color = p.colour
	l.Kind = annotate.LabelKind(strings.TrimSpace(p.kind.Text))
	if l.Kind == "" {
		l.Kind = annotate.KindClaim
	}
	l.Description = strings.TrimSpace(p.definition.Text)
	l.Examples = linesOf(p.examples.Text)
	l.Attributes = slices.Clone(p.attrs)
	if l.Name == "" {
		return l, lang.L("A label needs a name.")
	}
	if why := labelIDProblem(cb, p.selected, l.ID); why != "" {
		return l, why
	}
	if why := labelKeyProblem(cb, p.selected, l.Hotkey); why != "" {
		return l, why
	}
	l.Parent = ""
	if p.group.Selected != noGroup() {
		for _, g := range labelGroups(cb) {
			if g.top.Name == p.group.Selected && g.top.ID != p.selected {
				l.Parent = g.top.ID
			}
		}
		if p.selected != "" {
			for _, o := range cb.Labels {
				if o.Parent == p.selected {
					return l, lang.L("{{.Label}} is a group with labels of its own; a group cannot be in another group.", map[string]any{"Label": l.Name})
				}
			}
		}
	}
	return l, ""
}

// saveLabel saves the form as one undoable change: a new label is added; a
// new short id or name is a rename that keeps every annotation; values
// taken out of an attribute are cleared from the annotations holding them
// once the coder has seen how many do.
func (p *labelsPane) saveLabel() {
	cb := p.e.w.codebook
	l, why := p.formLabel()
	if why != "" {
		p.refuse(why)
		return
	}
	after := annotate.CloneCodebook(cb)
	if p.isNew {
		after.Labels = append(after.Labels, l)
		c, err := annotate.NewUpdateCodebook(cb, after)
		if err != nil {
			p.refuse(plainError(err))
			return
		}
		c.Edit.Log.What = fmt.Sprintf("add label %s", quoteForStatus(l.Name))
		p.isNew = false
		if !p.e.apply(c) {
			p.isNew = true
			return
		}
		p.selected = l.ID
		p.e.refresh()
		return
	}
	old, _ := cb.Label(p.selected)
	cleared, counts := p.removedValues(*old, l)
	do := func() {
		var c *annotate.EditCodebook
		var err error
		if l.ID != old.ID || l.Name != old.Name {
			c, err = annotate.NewRenameLabel(cb, old.ID, l.ID, l.Name)
			if err == nil {
				renamed, _ := c.Edit.To.Label(l.ID)
				parent := renamed.Parent
				*renamed = l
				renamed.Parent = parent
				if l.Parent != old.Parent {
					renamed.Parent = l.Parent
				}
				if changes := labelChanges(*old, l); len(changes) > 0 {
					c.Edit.Log.What += "; " + strings.Join(changes, ", ")
				}
				err = c.Edit.To.Validate()
			}
		} else {
			i := slices.IndexFunc(after.Labels, func(x annotate.Label) bool { return x.ID == old.ID })
			after.Labels[i] = l
			c, err = annotate.NewUpdateCodebook(cb, after)
			if err == nil {
				c.Edit.Log.What = fmt.Sprintf("edit label %s: %s", quoteForStatus(l.Name), strings.Join(labelChanges(*old, l), ", "))
			}
		}
		if err != nil {
			p.refuse(plainError(err))
			return
		}
		if labelChanges(*old, l) == nil && l.ID == old.ID && l.Name == old.Name {
			p.e.say(lang.L("Nothing to save: the label is as it was."))
			return
		}
		c.Edit.ClearValues = cleared
		if p.e.apply(c) {
			p.selected = l.ID
			p.e.refresh()
		}
	}
	if len(cleared) == 0 {
		do()
		return
	}
	p.e.confirm(lang.L("Remove attribute values"), strings.Join(counts, "\n")+"\n"+lang.L("They lose the value; the annotations stay."), lang.L("Remove the values"), do)
}

// removedValues lists the values of old's attributes that l no longer
// allows and annotations hold, with a sentence per value saying how many.
func (p *labelsPane) removedValues(old, l annotate.Label) ([]annotate.AttributeValue, []string) {
	var out []annotate.AttributeValue
	var says []string
	for _, a := range old.Attributes {
		na, ok := l.Attribute(a.Name)
		for _, v := range a.Values {
			if ok && slices.Contains(na.Values, v) {
				continue
			}
			n := p.e.usage.Values[annotate.AttributeValue{Label: old.ID, Attribute: a.Name, Value: v}]
			if n == 0 {
				continue
			}
			out = append(out, annotate.AttributeValue{Label: old.ID, Attribute: a.Name, Value: v})
			says = append(says, lang.L("{{.Value}} ({{.Attribute}}) is held by {{.N}} annotations.", map[string]any{"Value": quoteForStatus(v), "Attribute": displayName(a.Name), "N": n}))
		}
	}
	return out, says
}

// labelChanges names the fields that differ between two versions of a
// label, for the change list.
func labelChanges(a, b annotate.Label) []string {
	var out []string
	add := func(changed bool, what string) {
		if changed {
			out = append(out, what)
		}
	}
	add(a.Hotkey != b.Hotkey, "key")
	add(a.Color != b.Color, "colour")
	add(a.Parent != b.Parent, "group")
	add(a.Kind != b.Kind, "kind")
	add(a.Description != b.Description, "definition")
	add(!slices.Equal(a.Examples, b.Examples), "examples")
	add(fmt.Sprint(a.Attributes) != fmt.Sprint(b.Attributes), "attributes")
	return out
}

// move moves the selected label up or down among the labels beside it (the
// top-level labels, or the labels of its group).
func (p *labelsPane) move(delta int) {
	cb := p.e.w.codebook
	l, ok := cb.Label(p.selected)
	if !ok {
		return
	}
	var order []string // the grouped order the list shows
	for _, r := range p.rows {
		order = append(order, r.ID)
	}
	siblings := slices.DeleteFunc(slices.Clone(p.rows), func(r annotate.Label) bool {
		return p.member[r.ID] != p.member[l.ID] || (p.member[l.ID] && r.Parent != l.Parent)
	})
	i := slices.IndexFunc(siblings, func(r annotate.Label) bool { return r.ID == l.ID })
	j := i + delta
	if j < 0 || j >= len(siblings) {
		return
	}
	siblings[i], siblings[j] = siblings[j], siblings[i]
	after := annotate.CloneCodebook(cb)
	after.Labels = after.Labels[:0]
	k := 0
	for _, r := range p.rows { // the siblings take their new places, the rest stay
		if p.member[r.ID] == p.member[l.ID] && (!p.member[l.ID] || r.Parent == l.Parent) {
			after.Labels = append(after.Labels, siblings[k])
			k++
		} else {
			after.Labels = append(after.Labels, r)
		}
	}
	after.Labels = regroup(after.Labels)
	c, err := annotate.NewUpdateCodebook(cb, after)
	if err != nil {
		p.refuse(plainError(err))
		return
	}
	c.Edit.Log.What = fmt.Sprintf("move label %s %s", quoteForStatus(l.Name), map[bool]string{true: "up", false: "down"}[delta < 0])
	p.e.apply(c)
}

// regroup orders labels so that each group's labels follow its label, in
// the order the top-level labels have.
func regroup(labels []annotate.Label) []annotate.Label {
	cb := &annotate.Codebook{Labels: labels}
	var out []annotate.Label
	for _, g := range labelGroups(cb) {
		out = append(out, g.top)
		out = append(out, g.members...)
	}
	return out
}

// askMerge asks which label the selected one goes into, then merges.
func (p *labelsPane) askMerge() {
	cb := p.e.w.codebook
	l, ok := cb.Label(p.selected)
	if !ok {
		return
	}
	names, ids := p.otherLabels(l.ID)
	into := widget.NewSelect(names, nil)
	p.mergeTo = into
	n := p.e.usage.Labels[l.ID]
	text := widget.NewLabel(lang.L("All {{.N}} annotations of {{.Label}} get the label you choose, and {{.Label}} leaves the codebook.", map[string]any{"N": n, "Label": quoteForStatus(l.Name)}))
	text.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	doMerge := func() {
		if into.SelectedIndex() < 0 {
			p.refuse(lang.L("Choose the label to merge into."))
			return
		}
		d.Hide()
		c, err := annotate.NewMergeLabels(cb, l.ID, ids[into.SelectedIndex()])
		if err != nil {
			p.refuse(plainError(err))
			return
		}
		if p.e.apply(c) {
			p.selected = ids[into.SelectedIndex()]
			p.e.refresh()
		}
	}
	d = dialog.NewCustomConfirm(lang.L("Merge {{.Label}} into…", map[string]any{"Label": l.Name}), lang.L("Merge"), lang.L("Cancel"),
		container.NewVBox(text, into), func(ok bool) {
			if ok {
				doMerge()
			}
		}, p.e.win)
	d.Resize(fyne.NewSize(460, 220))
	p.e.w.showModal(d, doMerge)
}

// otherLabels lists the labels other than id by name, with their ids.
func (p *labelsPane) otherLabels(id string) (names, ids []string) {
	for _, r := range p.rows {
		if r.ID != id {
			names = append(names, r.Name+" ("+r.ID+")")
			ids = append(ids, r.ID)
		}
	}
	return names, ids
}

// askDelete deletes the selected label after asking; a label in use may
// hand its annotations to another label or remove them.
func (p *labelsPane) askDelete() {
	cb := p.e.w.codebook
	l, ok := cb.Label(p.selected)
	if !ok {
		return
	}
	n := p.e.usage.Labels[l.ID]
	del := func(moveTo string) {
		c, err := annotate.NewDeleteLabel(cb, l.ID, moveTo)
		if err != nil {
			p.refuse(plainError(err))
			return
		}
		if p.e.apply(c) {
			p.selected = moveTo
			p.e.refresh()
		}
	}
	if n == 0 {
		p.e.confirm(lang.L("Delete label"), lang.L("Delete {{.Label}}? No annotation uses it.", map[string]any{"Label": quoteForStatus(l.Name)}), lang.L("Delete"), func() { del("") })
		return
	}
	names, ids := p.otherLabels(l.ID)
	moveTo := widget.NewSelect(names, nil)
	moveTo.PlaceHolder = lang.L("(choose a label)")
	const moveChoice, removeChoice = 0, 1
	choices := []string{lang.L("Move them to another label"), lang.L("Remove them (and their links)")}
	how := widget.NewRadioGroup(choices, func(s string) {
		if s == choices[removeChoice] {
			moveTo.Disable()
		} else {
			moveTo.Enable()
		}
	})
	how.SetSelected(choices[moveChoice])
	p.deleteHow, p.deleteTo = how, moveTo
	text := widget.NewLabel(lang.L("{{.Label}} is used by {{.N}} annotations. What happens to them?", map[string]any{"Label": quoteForStatus(l.Name), "N": n}))
	text.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	doDelete := func() {
		target := ""
		if how.Selected == choices[moveChoice] {
			if moveTo.SelectedIndex() < 0 {
				p.refuse(lang.L("Choose the label that takes the annotations, or choose to remove them."))
				return
			}
			target = ids[moveTo.SelectedIndex()]
		}
		d.Hide()
		del(target)
	}
	d = dialog.NewCustomConfirm(lang.L("Delete label"), lang.L("Delete"), lang.L("Cancel"),
		container.NewVBox(text, how, moveTo), func(ok bool) {
			if ok {
				doDelete()
			}
		}, p.e.win)
	d.Resize(fyne.NewSize(480, 280))
	p.e.w.showModal(d, doDelete)
}
