package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// labelGuideline is a label's definition and examples as the inspector
// shows them under the label, in small type.
func labelGuideline(l annotate.Label) fyne.CanvasObject {
	def, examples := guideBody(l)
	text := def
	for _, ex := range examples {
		text += "\n• " + ex
	}
	g := widget.NewLabel(text)
	g.Wrapping = fyne.TextWrapWord
	g.SizeName = theme.SizeNameCaptionText
	g.Importance = widget.LowImportance
	return g
}

// codebookHelp lists the codebook for the help (F1): every label by
// group with its key, definition and examples, then the comment labels and
// the link types.
func codebookHelp(cb *annotate.Codebook) fyne.CanvasObject {
	box := container.NewVBox(widget.NewLabelWithStyle(lang.L("Codebook"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	entry := func(l annotate.Label, indent string) {
		head := indent + labelName(&l) + " · " + l.ID
		if l.Hotkey != "" {
			head += " · " + lang.L("key") + " " + l.Hotkey
		}
		for _, a := range l.Attributes {
			head += " · " + attributeText(l.ID, a)
			if len(a.Values) > 0 {
				var values []string
				for _, v := range a.Values {
					values = append(values, valueText(l.ID, a.Name, v))
				}
				head += " (" + strings.Join(values, ", ") + ")"
			}
		}
		h := widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: indent == ""})
		h.Wrapping = fyne.TextWrapWord
		box.Add(h)
		def, examples := guideBody(l)
		text := indent + def
		for _, ex := range examples {
			text += "\n" + indent + "• " + ex
		}
		d := widget.NewLabel(text)
		d.Wrapping = fyne.TextWrapWord
		d.SizeName = theme.SizeNameCaptionText
		box.Add(d)
	}
	for _, g := range labelGroups(cb) {
		entry(g.top, "")
		for _, m := range g.members {
			entry(m, "    ")
		}
	}
	for _, set := range cb.SegmentLabelSets {
		var names []string
		for _, l := range set.Labels {
			names = append(names, segmentLabelText(set.ID, l))
		}
		choice := lang.L("several may apply")
		if set.Exclusive {
			choice = lang.L("one of")
		}
		l := widget.NewLabel(lang.L("Comment labels") + " · " + codebookText("codebook.set."+set.ID+".name", set.Name) + " (" + choice + "): " + strings.Join(names, ", "))
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	if len(cb.RelationTypes) > 0 {
		var names []string
		for _, r := range cb.RelationTypes {
			names = append(names, relationText(&r))
		}
		l := widget.NewLabel(lang.L("Link types") + ": " + strings.Join(names, ", "))
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	return box
}
