package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// variableTypes are the variable types in the order the editor offers
// them.
var variableTypes = []annotate.VariableType{annotate.VarText, annotate.VarNumber, annotate.VarDate, annotate.VarBoolean, annotate.VarChoice}

// variableTypeName says a variable type in the coder's words.
func variableTypeName(t annotate.VariableType) string {
	switch t {
	case annotate.VarText:
		return lang.L("Text")
	case annotate.VarNumber:
		return lang.L("Number")
	case annotate.VarDate:
		return lang.L("Date (YYYY-MM-DD)")
	case annotate.VarBoolean:
		return lang.L("Yes/No")
	case annotate.VarChoice:
		return lang.L("Choice")
	}
	return string(t)
}

// variablesPane is the editor's tab of document variables: project-wide
// facts each document may have a value of (outlet, topic, a yes/no).
type variablesPane struct {
	e        *codebookEditor
	list     *widget.List
	selected int

	name, id, desc *widget.Entry
	kind           *widget.Select
	values         *widget.Entry
	message        *widget.Label
	del            *widget.Button
	content        fyne.CanvasObject
}

func newVariablesPane(e *codebookEditor) *variablesPane {
	p := &variablesPane{e: e, selected: -1}
	p.list = itemList(func() int { return len(e.w.codebook.Variables) }, func(i int) (string, string) {
		v := e.w.codebook.Variables[i]
		return v.Name, variableTypeName(v.Type) + " · " + fmt.Sprint(e.usage.Variables[v.ID]) + "×"
	}, func(i int) {
		if i != p.selected {
			p.load(i)
		}
	})
	p.name, p.id, p.desc = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	var names []string
	for _, t := range variableTypes {
		names = append(names, variableTypeName(t))
	}
	p.kind = widget.NewSelect(names, func(string) { p.enableValues() })
	p.values = widget.NewMultiLineEntry()
	p.values.SetMinRowsVisible(4)
	p.values.SetPlaceHolder(lang.L("The choices, one per line"))
	p.message = newMessage()
	hint := widget.NewLabel(lang.L("Set a document's values with Document → Document variables…"))
	hint.Importance = widget.LowImportance
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Name"), p.name),
		widget.NewFormItem(lang.L("Short id"), p.id),
		widget.NewFormItem(lang.L("Type"), p.kind),
		widget.NewFormItem(lang.L("Values"), p.values),
		widget.NewFormItem(lang.X("codebook.editor.description", "Description"), p.desc),
		widget.NewFormItem("", hint),
	)
	save := widget.NewButtonWithIcon(lang.L("Save variable"), theme.DocumentSaveIcon(), p.save)
	save.Importance = widget.HighImportance
	p.del = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), p.askDelete)
	add := widget.NewButtonWithIcon(lang.L("New variable"), theme.ContentAddIcon(), func() { p.load(-1) })
	p.content = tabLayout(p.list, []fyne.CanvasObject{add}, form, p.message, []fyne.CanvasObject{save, p.del, layout.NewSpacer()})
	p.refresh()
	return p
}

func (p *variablesPane) refresh() {
	p.list.Refresh()
	n := len(p.e.w.codebook.Variables)
	switch {
	case p.selected >= 0 && p.selected < n:
		p.load(p.selected)
	case n > 0:
		p.load(0)
	default:
		p.load(-1)
	}
}

func (p *variablesPane) enableValues() {
	if p.kind.SelectedIndex() >= 0 && variableTypes[p.kind.SelectedIndex()] == annotate.VarChoice {
		p.values.Enable()
	} else {
		p.values.Disable()
	}
}

func (p *variablesPane) load(i int) {
	p.selected = i
	v := annotate.VariableDef{Type: annotate.VarText}
	if i >= 0 {
		v = p.e.w.codebook.Variables[i]
		p.list.Select(i)
		p.del.Enable()
	} else {
		p.list.UnselectAll()
		p.del.Disable()
	}
	p.name.SetText(v.Name)
	p.id.SetText(v.ID)
	p.desc.SetText(v.Description)
	p.kind.SetSelectedIndex(max(slices.Index(variableTypes, v.Type), 0))
	p.values.SetText(strings.Join(v.Values, "\n"))
	p.enableValues()
	p.message.SetText("")
}

func (p *variablesPane) save() {
	cb := p.e.w.codebook
	v := annotate.VariableDef{
		Name:        strings.TrimSpace(p.name.Text),
		ID:          strings.TrimSpace(p.id.Text),
		Description: strings.TrimSpace(p.desc.Text),
		Type:        variableTypes[max(p.kind.SelectedIndex(), 0)],
	}
	if v.Type == annotate.VarChoice {
		v.Values = linesOf(p.values.Text)
	}
	if v.Name == "" {
		p.message.SetText(lang.L("A variable needs a name."))
		return
	}
	if v.ID == "" {
		v.ID = lowerID(cb, v.Name)
	}
	after := annotate.CloneCodebook(cb)
	what := "add variable %s"
	if p.selected >= 0 {
		v.GUID = cb.Variables[p.selected].GUID
		after.Variables[p.selected] = v
		what = "edit variable %s"
	} else {
		after.Variables = append(after.Variables, v)
	}
	if p.e.update(cb, after, fmt.Sprintf(what, quoteForStatus(v.Name)), p.message) {
		p.selected = slices.IndexFunc(p.e.w.codebook.Variables, func(x annotate.VariableDef) bool { return x.ID == v.ID })
		p.refresh()
	}
}

func (p *variablesPane) askDelete() {
	if p.selected < 0 {
		return
	}
	cb := p.e.w.codebook
	v := cb.Variables[p.selected]
	if n := p.e.usage.Variables[v.ID]; n > 0 {
		p.message.SetText(lang.L("{{.N}} documents have a value of {{.Variable}}; clear those values first.", map[string]any{"Variable": quoteForStatus(v.Name), "N": n}))
		return
	}
	p.e.confirm(lang.L("Delete variable"), lang.L("Delete the variable {{.Variable}}?", map[string]any{"Variable": quoteForStatus(v.Name)}), lang.L("Delete"), func() {
		after := annotate.CloneCodebook(cb)
		after.Variables = slices.Delete(after.Variables, p.selected, p.selected+1)
		if p.e.update(cb, after, fmt.Sprintf("delete variable %s", quoteForStatus(v.Name)), p.message) {
			p.selected = -1
			p.refresh()
		}
	})
}
