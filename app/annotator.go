package app

import (
	"os/user"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// prefAnnotator is the preference that remembers who codes on this machine.
const prefAnnotator = "annotator"

// setupAnnotator decides who codes in this window: the given name, else the
// remembered one; on the very first start it asks.
func (w *Window) setupAnnotator(given string) {
	if w.usePackageCoder() {
		return
	}
	name := strings.TrimSpace(given)
	if name == "" {
		name = w.app.Preferences().String(prefAnnotator)
	}
	if name != "" {
		w.setAnnotator(name)
		return
	}
	// The login name is only a proposal: nothing is remembered or
	// recorded in the project until the user confirms a name.
	w.annotator = ""
	w.who.SetText(lang.L("Annotator: not chosen yet"))
	w.askAnnotatorProposing(systemUserName())
}

// systemUserName is the proposal for a new annotator: the login name.
func systemUserName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "coder"
}

// askAnnotator asks who is coding, proposing the current name.
func (w *Window) askAnnotator() { w.askAnnotatorProposing(w.annotator) }

// askAnnotatorProposing asks who is coding, with proposal in the field.
// Only the name the user confirms becomes the annotator.
func (w *Window) askAnnotatorProposing(proposal string) {
	if w.packageKeepsCoder() {
		return
	}
	e := newDialogEntry(w)
	e.SetText(proposal)
	items := []*widget.FormItem{widget.NewFormItem(lang.L("Your name"), e)}
	d := dialog.NewForm(lang.L("Who is annotating?"), lang.L("OK"), lang.L("Cancel"), items, func(ok bool) {
		if ok && strings.TrimSpace(e.Text) != "" {
			w.setAnnotator(e.Text)
		}
	}, w.win)
	w.annotatorDialog = d
	d.Resize(fyne.NewSize(420, 160))
	w.showModal(d, d.Submit)
	w.win.Canvas().Focus(e)
}

// setAnnotator makes name the annotator of every new annotation, remembers
// it and records it in the project.
func (w *Window) setAnnotator(name string) {
	name = strings.TrimSpace(name)
	w.annotator = name
	w.app.Preferences().SetString(prefAnnotator, name)
	if w.readOnly {
		// nothing can be recorded in a read-only project
	} else if err := w.store.AddAnnotator(&annotate.Annotator{ID: name, Name: name, Created: time.Now()}); err != nil {
		fyne.LogError("record annotator", err)
	}
	w.who.SetText(lang.L("Annotator: ") + name)
	if w.doc != nil {
		w.afterChange(w.saved)
	}
}
