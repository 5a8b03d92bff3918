package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// itemList is the list on the left of a tab: names with a line of detail.
func itemList(n func() int, text func(i int) (string, string), selected func(i int)) *widget.List {
	l := widget.NewList(n,
		func() fyne.CanvasObject {
			info := widget.NewLabel("")
			info.Importance = widget.LowImportance
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, nil, info, name)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			b := o.(*fyne.Container)
			name, info := text(i)
			b.Objects[0].(*widget.Label).SetText(name)
			b.Objects[1].(*widget.Label).SetText(info)
		})
	l.OnSelected = func(i widget.ListItemID) { selected(i) }
	return l
}

// tabLayout puts a list with its buttons on the left and a form with its
// buttons on the right.
func tabLayout(list fyne.CanvasObject, listButtons []fyne.CanvasObject, form fyne.CanvasObject, message *widget.Label, actions []fyne.CanvasObject) fyne.CanvasObject {
	left := container.NewBorder(nil, container.NewHBox(listButtons...), nil, nil, list)
	right := container.NewBorder(nil, container.NewVBox(message, container.NewHBox(actions...)), nil, nil, container.NewVScroll(form))
	s := container.NewHSplit(left, right)
	s.SetOffset(0.34)
	return s
}

func newMessage() *widget.Label {
	m := widget.NewLabel("")
	m.Wrapping = fyne.TextWrapWord
	m.Importance = widget.DangerImportance
	return m
}

// lowerID makes a lower-case id from a name, unique in cb.
func lowerID(cb *annotate.Codebook, name string) string {
	taken := idTaken(cb)
	base := strings.ToLower(idFrom(cb, name, func(string) bool { return false }))
	id := base
	for i := 2; taken(id); i++ {
		id = fmt.Sprintf("%s_%d", base, i)
	}
	return id
}

// setsPane is the editor's tab of comment-label sets: single or multiple
// choice, and their labels.
type setsPane struct {
	e        *codebookEditor
	list     *widget.List
	selected int // index in the codebook's sets, -1 for a new one

	name, id, desc *widget.Entry
	choice         *widget.RadioGroup
	values         []annotate.SegmentLabelDef
	valueEntries   []*widget.Entry
	valueBox       *fyne.Container
	message        *widget.Label
	del            *widget.Button
	content        fyne.CanvasObject
}

func singleChoice() string   { return lang.L("Single choice (one label of the set per comment)") }
func multipleChoice() string { return lang.L("Multiple choice (several may apply)") }

func newSetsPane(e *codebookEditor) *setsPane {
	p := &setsPane{e: e, selected: -1}
	p.list = itemList(func() int { return len(e.w.codebook.SegmentLabelSets) }, func(i int) (string, string) {
		s := e.w.codebook.SegmentLabelSets[i]
		kind := lang.L("multiple")
		if s.Exclusive {
			kind = lang.L("single")
		}
		return s.Name, fmt.Sprintf("%s · %d", kind, len(s.Labels))
	}, func(i int) {
		if i != p.selected {
			p.load(i)
		}
	})
	p.name, p.id, p.desc = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	p.choice = widget.NewRadioGroup([]string{singleChoice(), multipleChoice()}, nil)
	p.valueBox = container.NewVBox()
	p.message = newMessage()
	addValue := widget.NewButtonWithIcon(lang.L("Add value"), theme.ContentAddIcon(), func() {
		cb := e.w.codebook
		taken := map[string]bool{}
		for _, v := range p.values {
			taken[v.ID] = true
		}
		id := lowerID(cb, lang.L("value"))
		for i := 2; taken[id]; i++ {
			id = fmt.Sprintf("%s_%d", lowerID(cb, lang.L("value")), i)
		}
		p.collect()
		p.values = append(p.values, annotate.SegmentLabelDef{ID: id, Color: labelPalette[len(p.values)%len(labelPalette)]})
		p.showValues()
	})
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Name"), p.name),
		widget.NewFormItem(lang.L("Short id"), p.id),
		widget.NewFormItem(lang.L("Choice"), p.choice),
		widget.NewFormItem(lang.X("codebook.editor.description", "Description"), p.desc),
		widget.NewFormItem(lang.L("Values"), container.NewVBox(p.valueBox, container.NewHBox(addValue))),
	)
	save := widget.NewButtonWithIcon(lang.L("Save set"), theme.DocumentSaveIcon(), p.save)
	save.Importance = widget.HighImportance
	p.del = widget.NewButtonWithIcon(lang.L("Delete set…"), theme.DeleteIcon(), p.askDelete)
	add := widget.NewButtonWithIcon(lang.L("New set"), theme.ContentAddIcon(), func() { p.load(-1) })
	p.content = tabLayout(p.list, []fyne.CanvasObject{add}, form, p.message, []fyne.CanvasObject{save, p.del})
	p.refresh()
	return p
}

func (p *setsPane) refresh() {
	p.list.Refresh()
	sets := p.e.w.codebook.SegmentLabelSets
	switch {
	case p.selected >= 0 && p.selected < len(sets):
		p.load(p.selected)
	case len(sets) > 0:
		p.load(0)
	default:
		p.load(-1)
	}
}

func (p *setsPane) load(i int) {
	p.selected = i
	var s annotate.SegmentLabelSet
	if i >= 0 {
		s = p.e.w.codebook.SegmentLabelSets[i]
		p.list.Select(i)
		p.del.Enable()
	} else {
		s.Exclusive = true
		p.list.UnselectAll()
		p.del.Disable()
	}
	p.name.SetText(s.Name)
	p.id.SetText(s.ID)
	p.desc.SetText(s.Description)
	if s.Exclusive {
		p.choice.SetSelected(singleChoice())
	} else {
		p.choice.SetSelected(multipleChoice())
	}
	p.values = slices.Clone(s.Labels)
	p.message.SetText("")
	p.showValues()
}

// collect takes the value names typed so far into p.values.
func (p *setsPane) collect() {
	for i, e := range p.valueEntries {
		if i < len(p.values) {
			p.values[i].Name = strings.TrimSpace(e.Text)
		}
	}
}

func (p *setsPane) showValues() {
	p.valueBox.RemoveAll()
	p.valueEntries = nil
	for i, v := range p.values {
		e := widget.NewEntry()
		e.SetText(v.Name)
		e.SetPlaceHolder(lang.L("Value name"))
		p.valueEntries = append(p.valueEntries, e)
		info := widget.NewLabel(v.ID + " · " + usedTimes(p.e.usage.SegmentLabels[v.ID]))
		info.Importance = widget.LowImportance
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			p.collect()
			p.values = slices.Delete(p.values, i, i+1)
			p.showValues()
		})
		p.valueBox.Add(container.NewBorder(nil, nil, nil, container.NewHBox(info, remove), e))
	}
	p.valueBox.Refresh()
}

// save saves the set as one change; comment labels taken out of it that
// comments use are taken off those comments once the coder agrees.
func (p *setsPane) save() {
	cb := p.e.w.codebook
	p.collect()
	s := annotate.SegmentLabelSet{
		Name:        strings.TrimSpace(p.name.Text),
		ID:          strings.TrimSpace(p.id.Text),
		Description: strings.TrimSpace(p.desc.Text),
		Exclusive:   p.choice.Selected == singleChoice(),
	}
	var old annotate.SegmentLabelSet
	if p.selected >= 0 {
		old = cb.SegmentLabelSets[p.selected]
		s.GUID = old.GUID
	}
	if s.Name == "" {
		p.message.SetText(lang.L("A set needs a name."))
		return
	}
	if s.ID == "" {
		s.ID = lowerID(cb, s.Name)
	}
	for _, v := range p.values {
		if v.Name == "" {
			p.message.SetText(lang.L("Every value needs a name."))
			return
		}
		s.Labels = append(s.Labels, v)
	}
	after := annotate.CloneCodebook(cb)
	if p.selected >= 0 {
		after.SegmentLabelSets[p.selected] = s
	} else {
		after.SegmentLabelSets = append(after.SegmentLabelSets, s)
	}
	var gone []string
	var says []string
	for _, v := range old.Labels {
		if !slices.ContainsFunc(s.Labels, func(x annotate.SegmentLabelDef) bool { return x.ID == v.ID }) {
			if n := p.e.usage.SegmentLabels[v.ID]; n > 0 {
				gone = append(gone, v.ID)
				says = append(says, lang.L("{{.Label}} is on {{.N}} comments.", map[string]any{"Label": quoteForStatus(v.Name), "N": n}))
			}
		}
	}
	do := func() {
		c, err := annotate.NewUpdateCodebook(cb, after)
		if err != nil {
			p.message.SetText(plainError(err))
			return
		}
		c.Edit.RemoveSegment = gone
		c.Edit.Log.What = fmt.Sprintf("edit comment labels %s", quoteForStatus(s.Name))
		if p.selected < 0 {
			c.Edit.Log.What = fmt.Sprintf("add comment labels %s", quoteForStatus(s.Name))
		}
		if p.e.apply(c) {
			p.selected = slices.IndexFunc(p.e.w.codebook.SegmentLabelSets, func(x annotate.SegmentLabelSet) bool { return x.ID == s.ID })
			p.refresh()
		}
	}
	if len(gone) == 0 {
		do()
		return
	}
	p.e.confirm(lang.L("Remove comment labels"), strings.Join(says, "\n")+"\n"+lang.L("They are taken off those comments."), lang.L("Remove"), do)
}

func (p *setsPane) askDelete() {
	if p.selected < 0 {
		return
	}
	cb := p.e.w.codebook
	s := cb.SegmentLabelSets[p.selected]
	n := 0
	var ids []string
	for _, l := range s.Labels {
		n += p.e.usage.SegmentLabels[l.ID]
		if p.e.usage.SegmentLabels[l.ID] > 0 {
			ids = append(ids, l.ID)
		}
	}
	q := lang.L("Delete the comment labels {{.Set}}? No comment uses them.", map[string]any{"Set": quoteForStatus(s.Name)})
	if n > 0 {
		q = lang.L("Delete the comment labels {{.Set}}? They are on comments {{.N}} times, and are taken off.", map[string]any{"Set": quoteForStatus(s.Name), "N": n})
	}
	p.e.confirm(lang.L("Delete set"), q, lang.L("Delete"), func() {
		after := annotate.CloneCodebook(cb)
		after.SegmentLabelSets = slices.Delete(after.SegmentLabelSets, p.selected, p.selected+1)
		c, err := annotate.NewUpdateCodebook(cb, after)
		if err != nil {
			p.message.SetText(plainError(err))
			return
		}
		c.Edit.RemoveSegment = ids
		c.Edit.Log.What = fmt.Sprintf("delete comment labels %s", quoteForStatus(s.Name))
		if p.e.apply(c) {
			p.selected = -1
			p.refresh()
		}
	})
}

// relationsPane is the editor's tab of link types: name, direction and
// which labels may be at each end.
type relationsPane struct {
	e        *codebookEditor
	list     *widget.List
	selected int

	name, id, desc *widget.Entry
	directed       *widget.Check
	from, to       *widget.CheckGroup
	message        *widget.Label
	del            *widget.Button
	content        fyne.CanvasObject
}

func newRelationsPane(e *codebookEditor) *relationsPane {
	p := &relationsPane{e: e, selected: -1}
	p.list = itemList(func() int { return len(e.w.codebook.RelationTypes) }, func(i int) (string, string) {
		r := e.w.codebook.RelationTypes[i]
		return r.Name, fmt.Sprint(e.usage.RelationTypes[r.ID]) + "×"
	}, func(i int) {
		if i != p.selected {
			p.load(i)
		}
	})
	p.name, p.id, p.desc = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	p.directed = widget.NewCheck(lang.L("Directed (from one span to the other)"), nil)
	// The ends are lists side by side: a row of 40 labels would make the
	// window wider than any screen.
	p.from = widget.NewCheckGroup(nil, nil)
	p.to = widget.NewCheckGroup(nil, nil)
	p.message = newMessage()
	hint := widget.NewLabel(lang.L("No label ticked: any label may be at that end."))
	hint.Importance = widget.LowImportance
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Name"), p.name),
		widget.NewFormItem(lang.L("Short id"), p.id),
		widget.NewFormItem("", p.directed),
		widget.NewFormItem(lang.X("codebook.editor.description", "Description"), p.desc),
		widget.NewFormItem(lang.L("Ends"), container.NewGridWithColumns(2,
			widget.NewLabelWithStyle(lang.L("From"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle(lang.L("To"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			p.from, p.to)),
		widget.NewFormItem("", hint),
	)
	save := widget.NewButtonWithIcon(lang.L("Save link type"), theme.DocumentSaveIcon(), p.save)
	save.Importance = widget.HighImportance
	p.del = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), p.askDelete)
	add := widget.NewButtonWithIcon(lang.L("New link type"), theme.ContentAddIcon(), func() { p.load(-1) })
	p.content = tabLayout(p.list, []fyne.CanvasObject{add}, form, p.message, []fyne.CanvasObject{save, p.del, layout.NewSpacer()})
	p.refresh()
	return p
}

func (p *relationsPane) refresh() {
	p.list.Refresh()
	n := len(p.e.w.codebook.RelationTypes)
	switch {
	case p.selected >= 0 && p.selected < n:
		p.load(p.selected)
	case n > 0:
		p.load(0)
	default:
		p.load(-1)
	}
}

// labelNames lists the codebook's labels as the check groups show them.
func (p *relationsPane) labelNames() []string {
	var out []string
	for _, l := range p.e.w.codebook.Labels {
		out = append(out, l.Name)
	}
	return out
}

func (p *relationsPane) namesOf(ids []string) []string {
	var out []string
	for _, id := range ids {
		if l, ok := p.e.w.codebook.Label(id); ok {
			out = append(out, l.Name)
		}
	}
	return out
}

func (p *relationsPane) idsOf(names []string) []string {
	var out []string
	for _, l := range p.e.w.codebook.Labels {
		if slices.Contains(names, l.Name) {
			out = append(out, l.ID)
		}
	}
	return out
}

func (p *relationsPane) load(i int) {
	p.selected = i
	var r annotate.RelationType
	if i >= 0 {
		r = p.e.w.codebook.RelationTypes[i]
		p.list.Select(i)
		p.del.Enable()
	} else {
		r.Directed = true
		p.list.UnselectAll()
		p.del.Disable()
	}
	p.name.SetText(r.Name)
	p.id.SetText(r.ID)
	p.desc.SetText(r.Description)
	p.directed.SetChecked(r.Directed)
	p.from.Options, p.to.Options = p.labelNames(), p.labelNames()
	p.from.Selected, p.to.Selected = p.namesOf(r.From), p.namesOf(r.To)
	p.from.Refresh()
	p.to.Refresh()
	p.message.SetText("")
}

func (p *relationsPane) save() {
	cb := p.e.w.codebook
	r := annotate.RelationType{
		Name:        strings.TrimSpace(p.name.Text),
		ID:          strings.TrimSpace(p.id.Text),
		Description: strings.TrimSpace(p.desc.Text),
		Directed:    p.directed.Checked,
		From:        p.idsOf(p.from.Selected),
		To:          p.idsOf(p.to.Selected),
	}
	if r.Name == "" {
		p.message.SetText(lang.L("A link type needs a name."))
		return
	}
	if r.ID == "" {
		r.ID = lowerID(cb, r.Name)
	}
	after := annotate.CloneCodebook(cb)
	what := "add link type %s"
	if p.selected >= 0 {
		after.RelationTypes[p.selected] = r
		what = "edit link type %s"
	} else {
		after.RelationTypes = append(after.RelationTypes, r)
	}
	if p.e.update(cb, after, fmt.Sprintf(what, quoteForStatus(r.Name)), p.message) {
		p.selected = slices.IndexFunc(p.e.w.codebook.RelationTypes, func(x annotate.RelationType) bool { return x.ID == r.ID })
		p.refresh()
	}
}

func (p *relationsPane) askDelete() {
	if p.selected < 0 {
		return
	}
	cb := p.e.w.codebook
	r := cb.RelationTypes[p.selected]
	if n := p.e.usage.RelationTypes[r.ID]; n > 0 {
		p.message.SetText(lang.L("{{.Type}} links {{.N}} pairs of annotations; remove those links in the desk first.", map[string]any{"Type": quoteForStatus(r.Name), "N": n}))
		return
	}
	p.e.confirm(lang.L("Delete link type"), lang.L("Delete the link type {{.Type}}?", map[string]any{"Type": quoteForStatus(r.Name)}), lang.L("Delete"), func() {
		after := annotate.CloneCodebook(cb)
		after.RelationTypes = slices.Delete(after.RelationTypes, p.selected, p.selected+1)
		if p.e.update(cb, after, fmt.Sprintf("delete link type %s", quoteForStatus(r.Name)), p.message) {
			p.selected = -1
			p.refresh()
		}
	})
}
