package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// ShowStartupError shows a small window that says why the project could not
// be opened (for example that it is open in another Newsmark window) and
// runs until the user closes it. Nothing is written anywhere.
func ShowStartupError(a fyne.App, err error) {
	w := StartupErrorWindow(a, err)
	w.ShowAndRun()
}

// StartupErrorWindow builds the window ShowStartupError shows.
func StartupErrorWindow(a fyne.App, err error) fyne.Window {
	applyStartPreferences(a) // the user's language
	w := a.NewWindow("Newsmark")
	msg := widget.NewLabel(err.Error())
	msg.Wrapping = fyne.TextWrapWord
	quit := widget.NewButton(lang.L("Quit"), func() { a.Quit() })
	quit.Importance = widget.HighImportance
	w.SetContent(container.NewBorder(nil, container.NewHBox(quit), nil, nil,
		container.NewVBox(widget.NewLabelWithStyle(lang.L("Newsmark could not open the project"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), msg)))
	w.Resize(fyne.NewSize(520, 200))
	return w
}
