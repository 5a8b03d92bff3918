package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// attributeTypes are the attribute types in the order the editor offers
// them.
var attributeTypes = []annotate.AttributeType{annotate.AttrChoice, annotate.AttrMulti, annotate.AttrText, annotate.AttrNumber, annotate.AttrScale}

// attributeTypeName says an attribute type in the coder's words.
func attributeTypeName(t annotate.AttributeType) string {
	switch t {
	case annotate.AttrChoice:
		return lang.L("Single choice")
	case annotate.AttrMulti:
		return lang.L("Multiple choice")
	case annotate.AttrText:
		return lang.L("Free text")
	case annotate.AttrNumber:
		return lang.L("Number")
	case annotate.AttrScale:
		return lang.L("Ordered scale")
	}
	return string(t)
}

// hasValues reports whether an attribute of type t lists its values.
func hasValues(t annotate.AttributeType) bool {
	return t == annotate.AttrChoice || t == annotate.AttrMulti || t == annotate.AttrScale
}

// showAttributes lists the form's attributes, each with its type and
// values and buttons to edit or remove it.
func (p *labelsPane) showAttributes() {
	p.attrBox.RemoveAll()
	if len(p.attrs) == 0 {
		none := widget.NewLabel(lang.L("No attributes."))
		none.Importance = widget.LowImportance
		p.attrBox.Add(none)
	}
	for i, a := range p.attrs {
		text := displayName(a.Name) + " · " + attributeTypeName(a.Kind())
		if len(a.Values) > 0 {
			sep := ", "
			if a.Kind() == annotate.AttrScale {
				sep = " < "
			}
			text += ": " + strings.Join(a.Values, sep)
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { p.editAttribute(i) })
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			p.attrs = slices.Delete(p.attrs, i, i+1)
			p.showAttributes()
			p.e.say(lang.L("Attribute removed from the form: Save label to keep the change."))
		})
		p.attrBox.Add(container.NewBorder(nil, nil, nil, container.NewHBox(edit, remove), l))
	}
	p.attrBox.Refresh()
}

// editAttribute edits attribute i of the form (-1: a new one) in a dialog.
// Removing a value says at once how many annotations hold it.
func (p *labelsPane) editAttribute(i int) {
	a := annotate.AttributeDef{Type: annotate.AttrChoice} // the usual kind of attribute
	if i >= 0 {
		a = p.attrs[i]
	}
	oldName := a.Name
	name := widget.NewEntry()
	name.SetText(a.Name)
	var names []string
	for _, t := range attributeTypes {
		names = append(names, attributeTypeName(t))
	}
	kind := widget.NewSelect(names, nil)
	kind.SetSelectedIndex(slices.Index(attributeTypes, a.Kind()))
	values := widget.NewMultiLineEntry()
	values.SetMinRowsVisible(5)
	values.SetText(strings.Join(a.Values, "\n"))
	values.SetPlaceHolder(lang.L("One value per line; for a scale, lowest first"))
	desc := widget.NewEntry()
	desc.SetText(a.Description)
	required := widget.NewCheck(lang.L("Required"), nil)
	required.SetChecked(a.Required)
	note := widget.NewLabel("")
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.WarningImportance
	update := func() {
		t := attributeTypes[max(kind.SelectedIndex(), 0)]
		if hasValues(t) {
			values.Enable()
		} else {
			values.Disable()
		}
		var says []string
		kept := linesOf(values.Text)
		for _, v := range a.Values {
			if slices.Contains(kept, v) && hasValues(t) {
				continue
			}
			if n := p.e.usage.Values[annotate.AttributeValue{Label: p.selected, Attribute: oldName, Value: v}]; n > 0 {
				says = append(says, lang.L("Removing {{.Value}} clears it from {{.N}} annotations.", map[string]any{"Value": quoteForStatus(v), "N": n}))
			}
		}
		note.SetText(strings.Join(says, "\n"))
	}
	p.attrName, p.attrKind, p.attrValues, p.attrNote = name, kind, values, note
	kind.OnChanged = func(string) { update() }
	values.OnChanged = func(string) { update() }
	update()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Name"), name),
		widget.NewFormItem(lang.L("Type"), kind),
		widget.NewFormItem(lang.L("Values"), values),
		widget.NewFormItem(lang.X("codebook.editor.description", "Description"), desc),
		widget.NewFormItem("", required),
		widget.NewFormItem("", note),
	)
	var d dialog.Dialog
	ok := func() {
		def := annotate.AttributeDef{
			Name:        strings.TrimSpace(name.Text),
			Type:        attributeTypes[max(kind.SelectedIndex(), 0)],
			Description: strings.TrimSpace(desc.Text),
			Required:    required.Checked,
		}
		if hasValues(def.Type) {
			def.Values = linesOf(values.Text)
		}
		if why := attributeProblem(p.attrs, i, def); why != "" {
			note.Importance = widget.DangerImportance
			note.SetText(why)
			return
		}
		d.Hide()
		if i >= 0 {
			p.attrs[i] = def
		} else {
			p.attrs = append(p.attrs, def)
		}
		p.showAttributes()
		p.e.say(lang.L("Attribute changed in the form: Save label to keep the change."))
	}
	d = dialog.NewCustomConfirm(lang.L("Attribute"), lang.L("OK"), lang.L("Cancel"), form, func(yes bool) {
		if yes {
			ok()
		}
	}, p.e.win)
	d.Resize(fyne.NewSize(520, 440))
	p.e.w.showModal(d, ok)
}

// attributeProblem says why def cannot be attribute i of attrs (-1: a new
// one), "" if it can.
func attributeProblem(attrs []annotate.AttributeDef, i int, def annotate.AttributeDef) string {
	if def.Name == "" {
		return lang.L("An attribute needs a name.")
	}
	for j, o := range attrs {
		if j != i && o.Name == def.Name {
			return lang.L("The label already has an attribute {{.Name}}.", map[string]any{"Name": def.Name})
		}
	}
	if hasValues(def.Type) && len(def.Values) == 0 {
		return lang.L("A choice or a scale needs its values, one per line.")
	}
	seen := map[string]bool{}
	for _, v := range def.Values {
		if strings.Contains(v, annotate.MultiValueSep) {
			return lang.L("A value may not contain {{.Sep}}.", map[string]any{"Sep": annotate.MultiValueSep})
		}
		if seen[v] {
			return lang.L("{{.Value}} is listed twice.", map[string]any{"Value": quoteForStatus(v)})
		}
		seen[v] = true
	}
	return ""
}
