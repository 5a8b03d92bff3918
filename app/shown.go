package app

import "fyne.io/fyne/v2"

// ShownTexts returns the texts the desk shows by where they are: "menu"
// (the menu bar), "item" (every menu's items), "chip" (the label bar),
// "header" (the headings of the comments and the annotation list), "status" and "annotator". End-to-end
// tests of the real window read them (see NEWSMARK_TEXT_HOOK in package
// main), beside its screenshots.
func (w *Window) ShownTexts() map[string][]string {
	out := map[string][]string{}
	var items func(m *fyne.Menu)
	items = func(m *fyne.Menu) {
		for _, it := range m.Items {
			if it.IsSeparator {
				continue
			}
			out["item"] = append(out["item"], it.Label)
			if it.ChildMenu != nil {
				items(it.ChildMenu)
			}
		}
	}
	if m := w.win.MainMenu(); m != nil {
		for _, menu := range m.Items {
			out["menu"] = append(out["menu"], menu.Label)
			items(menu)
		}
	}
	for _, l := range w.codebook.Labels {
		if c := w.labels.chips[l.ID]; c != nil {
			out["chip"] = append(out["chip"], c.text)
		}
	}
	out["header"] = []string{w.comments.header.Text, w.annList.header.Text}
	out["status"] = []string{w.status.Text}
	out["annotator"] = []string{w.who.Text}
	return out
}
