package app

import (
	"maps"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// variableField is the input of one document variable in the dialog: its
// value as the store keeps it, or why the typed text is not one.
type variableField struct {
	def    annotate.VariableDef
	object fyne.CanvasObject
	value  func() string
}

// yes and no are what a Yes/No variable shows; the store keeps "true" and
// "false".
func yesWord() string { return lang.L("Yes") }
func noWord() string  { return lang.L("No") }

// newVariableField makes the input for a variable holding value.
func newVariableField(w *Window, def annotate.VariableDef, value string) variableField {
	f := variableField{def: def}
	switch def.Type {
	case annotate.VarBoolean:
		s := widget.NewSelect([]string{noValue, yesWord(), noWord()}, nil)
		s.Selected = map[string]string{"": noValue, "true": yesWord(), "false": noWord()}[value]
		f.object = s
		f.value = func() string {
			return map[string]string{yesWord(): "true", noWord(): "false"}[s.Selected]
		}
	case annotate.VarChoice:
		s := widget.NewSelect(append([]string{noValue}, def.Values...), nil)
		s.Selected = noValue
		if value != "" {
			s.Selected = value
		}
		f.object = s
		f.value = func() string {
			if s.Selected == noValue {
				return ""
			}
			return s.Selected
		}
	default:
		e := newDialogEntry(w)
		e.SetText(value)
		switch def.Type {
		case annotate.VarDate:
			e.SetPlaceHolder("2026-03-12")
		case annotate.VarNumber:
			e.SetPlaceHolder("12.5")
		}
		f.object = e
		f.value = func() string { return strings.TrimSpace(e.Text) }
	}
	return f
}

// AskDocumentVariables shows the open document's values of the codebook's
// document variables in a form; saving them is one undoable change.
func (w *Window) AskDocumentVariables() {
	if w.doc == nil {
		w.setStatusNote(lang.L("Open a document first"))
		return
	}
	if len(w.codebook.Variables) == 0 {
		d := dialog.NewConfirm(lang.L("Document variables"),
			lang.L("The codebook has no document variables yet (such as outlet, topic or a yes/no).\nDefine them in Project → Codebook…, tab Document variables."),
			func(open bool) {
				if open {
					w.OpenCodebookEditor()
					w.editor.tabs.SelectIndex(3)
				}
			}, w.win)
		d.SetConfirmText(lang.L("Open the codebook"))
		d.SetDismissText(lang.L("Close"))
		w.showModal(d, nil)
		return
	}
	doc := w.doc
	var fields []variableField
	var items []*widget.FormItem
	for _, def := range w.codebook.Variables {
		f := newVariableField(w, def, doc.Variables[def.ID])
		fields = append(fields, f)
		item := widget.NewFormItem(def.Name, f.object)
		item.HintText = def.Description
		items = append(items, item)
	}
	problem := widget.NewLabel("")
	problem.Wrapping = fyne.TextWrapWord
	problem.Importance = widget.DangerImportance
	items = append(items, widget.NewFormItem("", problem))
	var d dialog.Dialog
	w.variableFields = fields
	save := func() {
		after := map[string]string{}
		for _, f := range fields {
			v := f.value()
			if err := f.def.Check(v); err != nil {
				problem.SetText(lang.L("{{.Variable}}: {{.Value}} is not a {{.Type}} value.", map[string]any{"Variable": f.def.Name, "Value": quoteForStatus(v), "Type": strings.ToLower(variableTypeName(f.def.Type))}))
				return
			}
			if v != "" {
				after[f.def.ID] = v
			}
		}
		d.Hide()
		w.SetDocumentVariables(doc.ID, after)
	}
	d = dialog.NewForm(lang.L("Document variables"), lang.L("Save"), lang.L("Cancel"), items, func(ok bool) {
		if ok {
			save()
		}
	}, w.win)
	d.Resize(fyne.NewSize(520, 120+60*float32(len(fields))))
	w.showModal(d, save)
}

// SetDocumentVariables gives a document new variable values (all of them;
// a variable missing has no value) as one undoable change.
func (w *Window) SetDocumentVariables(docID string, values map[string]string) bool {
	var before map[string]string
	if w.doc != nil && w.doc.ID == docID {
		before = w.doc.Variables
	} else if doc, err := w.store.Document(docID); err == nil {
		before = doc.Variables
	}
	if maps.Equal(before, values) {
		w.setStatusNote(lang.L("The document's variables are as they were"))
		return false
	}
	return w.apply(annotate.NewSetDocumentVariables(docID, before, values))
}

// afterVariables keeps the open document's variables as a change of them,
// its undo or its redo left them.
func (w *Window) afterVariables(c *annotate.SetDocumentVariables, undone bool) {
	if w.doc == nil || w.doc.ID != c.DocumentID {
		return
	}
	if undone {
		w.doc.Variables = maps.Clone(c.Before)
	} else {
		w.doc.Variables = maps.Clone(c.After)
	}
}
