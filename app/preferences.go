package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// The user's preferences, kept by Fyne per user (not per project) in the
// app's preferences store. prefAnnotator (annotator.go) and prefLanguage
// (language.go) are two more.
const (
	// prefTheme is "" (the system's), themeLight or themeDark.
	prefTheme = "theme"
	// prefTextScale scales the text of the article and the comments; 1 is
	// the system's size.
	prefTextScale = "text-scale"
	// prefWordSnapping is whether mouse selections snap to whole words.
	prefWordSnapping = "word-snapping"
)

// The theme choices.
const (
	themeSystem = ""
	themeLight  = "light"
	themeDark   = "dark"
)

// textScales are the text sizes offered, as factors of the system's size.
var textScales = []float64{0.9, 1, 1.15, 1.3, 1.5, 1.75, 2}

// applyStartPreferences gives the window the language, theme and text size
// the user chose, before it builds anything.
func applyStartPreferences(a fyne.App) {
	p := a.Preferences()
	SetLanguage(p.String(prefLanguage))
	applyTheme(a)
}

// applyTheme sets the app's theme from the preferences.
func applyTheme(a fyne.App) {
	p := a.Preferences()
	a.Settings().SetTheme(newDeskTheme(p.String(prefTheme), p.FloatWithFallback(prefTextScale, 1)))
}

// wordSnapping reports whether selections snap to whole words (the
// default) rather than keep exact characters.
func wordSnapping(a fyne.App) bool {
	return a.Preferences().BoolWithFallback(prefWordSnapping, true)
}

// percent writes a text scale as the Preferences dialog shows it.
func percent(scale float64) string { return fmt.Sprintf("%d %%", int(scale*100+0.5)) }

// ShowPreferences opens Edit → Preferences…: language, theme, text size,
// annotator name and word snapping. A change applies at once and is
// remembered for the next start, on this machine for this user.
func (w *Window) ShowPreferences() {
	p := w.app.Preferences()

	languageNames := map[string]string{LanguageGerman: "Deutsch", LanguageEnglish: "English"}
	system := languageNames[resolveLanguage(LanguageSystem, systemLocale())]
	languages := []string{lang.L("System") + " (" + system + ")", "Deutsch", "English"}
	languageValues := []string{LanguageSystem, LanguageGerman, LanguageEnglish}
	language := newModalSelect(w, languages)
	language.SetSelectedIndex(max(0, slices.Index(languageValues, p.String(prefLanguage))))

	themes := []string{lang.L("System"), lang.L("Light"), lang.L("Dark")}
	themeValues := []string{themeSystem, themeLight, themeDark}
	th := newModalSelect(w, themes)
	th.SetSelectedIndex(max(0, slices.Index(themeValues, p.String(prefTheme))))

	var sizes []string
	for _, s := range textScales {
		sizes = append(sizes, percent(s))
	}
	size := newModalSelect(w, sizes)
	size.SetSelected(percent(p.FloatWithFallback(prefTextScale, 1)))

	name := newDialogEntry(w)
	name.SetText(w.annotator)

	snap := widget.NewCheck(lang.L("Snap selections to whole words (hold Alt for exact characters)"), nil)
	snap.SetChecked(!w.exact)

	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Language"), language),
		widget.NewFormItem(lang.L("Theme"), th),
		widget.NewFormItem(lang.L("Text size of article and comments"), size),
		widget.NewFormItem(lang.L("Annotator name"), name),
		widget.NewFormItem("", snap),
	}
	d := dialog.NewForm(lang.L("Preferences"), lang.L("Save"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		w.savePreferences(
			languageValues[max(0, language.SelectedIndex())],
			themeValues[max(0, th.SelectedIndex())],
			textScales[max(0, slices.Index(sizes, size.Selected))],
			name.Text, snap.Checked)
	}, w.win)
	d.Resize(fyne.NewSize(560, 360))
	w.prefsDialog = d
	w.showModal(d, d.Submit)
	w.win.Canvas().Focus(language) // Left and Right choose a language
}

// savePreferences remembers the preferences and applies them: the theme
// and text size at once, word snapping in every text, the annotator for
// the next annotation, and a new language by building the desk again in
// it (the open document and its place stay).
func (w *Window) savePreferences(language, themeName string, textScale float64, annotator string, snapping bool) {
	p := w.app.Preferences()
	languageChanged := language != p.String(prefLanguage)
	p.SetString(prefLanguage, language)
	p.SetString(prefTheme, themeName)
	p.SetFloat(prefTextScale, textScale)
	p.SetBool(prefWordSnapping, snapping)
	applyTheme(w.app)
	if w.exact == snapping {
		w.setExact(!snapping)
	}
	if name := strings.TrimSpace(annotator); name != "" && name != w.annotator {
		w.setAnnotator(name)
	}
	if languageChanged {
		w.relabel(language)
	}
}

// relabel builds the desk again in language: menus, panes, dialogs and
// the status line. The open document is opened again where it was.
func (w *Window) relabel(language string) {
	SetLanguage(language)
	w.inspector.flush()
	w.rememberPlace()
	open := ""
	if w.doc != nil {
		open = w.doc.ID
	}
	w.release()
	w.buildUI()
	w.refreshDocuments()
	if open != "" && (w.doc == nil || w.doc.ID != open) {
		w.OpenDocument(open)
	}
	w.win.SetTitle(w.title())
	if w.annotator != "" {
		w.who.SetText(lang.L("Annotator: ") + w.annotator)
	} else {
		w.who.SetText(lang.L("Annotator: not chosen yet"))
	}
}

// modalSelect is a choice for dialogs: Enter confirms the dialog and
// Escape cancels it, as in a dialog's text field, while Left and Right
// choose.
type modalSelect struct {
	widget.Select
	w *Window
}

func newModalSelect(w *Window, options []string) *modalSelect {
	s := &modalSelect{w: w}
	s.Options = options
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey passes Enter and Escape to the dialog.
func (s *modalSelect) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
		if s.w.onModalKey(ev) {
			return
		}
	}
	s.Select.TypedKey(ev)
}
