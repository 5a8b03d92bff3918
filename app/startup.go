package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// StartupReason is why a project could not be opened, as far as the
// caller knows it: the window says it in the user's language, with the
// error's own (English) words below.
type StartupReason int

// The reasons a project may not open.
const (
	// ReasonOther is any other failure: only the error's words are shown.
	ReasonOther StartupReason = iota
	// ReasonInUse: another Newsmark window or process holds the file.
	ReasonInUse
	// ReasonNotNewsmark: the file is not a Newsmark project.
	ReasonNotNewsmark
	// ReasonDamaged: the project file is damaged.
	ReasonDamaged
	// ReasonNewerVersion: a newer Newsmark wrote the file.
	ReasonNewerVersion
)

// sentence says the reason in the window's language; "" for ReasonOther.
func (r StartupReason) sentence() string {
	switch r {
	case ReasonInUse:
		return lang.L("This project is open in another Newsmark window. Close that window first, or open another project file.")
	case ReasonNotNewsmark:
		return lang.L("This file is not a Newsmark project. Nothing in it was changed.")
	case ReasonDamaged:
		return lang.L("The project file is damaged. Nothing in it was changed; open a backup copy or another project file.")
	case ReasonNewerVersion:
		return lang.L("This project was saved by a newer version of Newsmark. Install that version to open it.")
	}
	return ""
}

// ShowStartupError shows a small window that says why the project could not
// be opened (for example that it is open in another Newsmark window) and
// runs until the user closes it. Nothing is written anywhere.
func ShowStartupError(a fyne.App, reason StartupReason, err error) {
	w := StartupErrorWindow(a, reason, err)
	w.ShowAndRun()
}

// StartupErrorWindow builds the window ShowStartupError shows.
func StartupErrorWindow(a fyne.App, reason StartupReason, err error) fyne.Window {
	applyStartPreferences(a) // the user's language
	w := a.NewWindow("Newsmark")
	box := container.NewVBox(widget.NewLabelWithStyle(lang.L("Newsmark could not open the project"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if s := reason.sentence(); s != "" {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	msg := widget.NewLabel(err.Error())
	msg.Wrapping = fyne.TextWrapWord
	if reason != ReasonOther {
		msg.SizeName = theme.SizeNameCaptionText // the detail, in the program's words
	}
	box.Add(msg)
	quit := widget.NewButton(lang.L("Quit"), func() { a.Quit() })
	quit.Importance = widget.HighImportance
	w.SetContent(container.NewBorder(nil, container.NewHBox(quit), nil, nil, box))
	w.Resize(fyne.NewSize(520, 220))
	return w
}
