package app

import (
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// docsWeb is the documentation on the web, for an installation that has
// no docs folder beside it.
const docsWeb = "https://github.com/newsmark/newsmark/tree/main/docs"

// docsLocation returns where Newsmark's documentation is: the docs folder
// of an installation (share/doc/newsmark beside bin/) or of a source
// checkout (beside the binary, or the working directory of `go run`), else
// its address on the web.
func docsLocation() *url.URL {
	var dirs []string
	if exe, err := os.Executable(); err == nil {
		bin := filepath.Dir(exe)
		dirs = append(dirs, filepath.Join(bin, "docs"), filepath.Join(bin, "..", "share", "doc", "newsmark"))
	}
	if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, filepath.Join(wd, "docs"))
	}
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			abs, err := filepath.Abs(d)
			if err == nil {
				return &url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
			}
		}
	}
	u, _ := url.Parse(docsWeb)
	return u
}

// ShowAbout opens Help → About: the version, the licence, the project file
// in use and where it is, and the documentation.
func (w *Window) ShowAbout() {
	version := w.version
	if version == "" {
		version = lang.L("development build")
	}
	project := w.projectPath
	if project == "" {
		project = w.project
	}
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	value := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapBreak
		return l
	}
	docs := docsLocation()
	docsText := docs.String()
	if docs.Scheme == "file" {
		docsText = filepath.FromSlash(docs.Path)
	}
	link := widget.NewHyperlink(docsText, docs)
	link.Wrapping = fyne.TextWrapBreak
	grid := container.New(layout.NewFormLayout(),
		bold(lang.L("Version")), value(version+" ("+runtime.Version()+", "+runtime.GOOS+"/"+runtime.GOARCH+")"),
		bold(lang.L("Licence")), value(lang.L("No licence has been chosen for Newsmark yet. Built with Fyne (BSD 3-Clause licence) and bbolt (MIT licence).")),
		bold(lang.L("Project file")), value(filepath.Base(project)),
		bold(lang.L("Location")), value(filepath.Dir(project)),
		bold(lang.L("Documentation")), link,
	)
	head := widget.NewLabelWithStyle("Newsmark", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.SizeName = theme.SizeNameHeadingText
	intro := widget.NewLabel(lang.L("Annotate news articles and their reader comments, offline."))
	d := dialog.NewCustom(lang.L("About Newsmark"), lang.L("Close"), container.NewVBox(head, intro, grid), w.win)
	d.Resize(fyne.NewSize(640, 380))
	w.showModal(d, nil)
}
