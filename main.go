// Command newsmark is an offline desktop app for annotating news text: it
// shows an article beside its reader comments, lets a coder mark and label
// spans, and keeps every change at once in one project database file.
//
// Usage:
//
//	newsmark [--db PATH]            open the project in the desktop window
//	newsmark [--db PATH] list       list documents with comment and annotation counts
//	newsmark version                print the version
//
// This file only wires things together: the domain is package annotate, the
// database package storage, the window package app.
package main

import (
	"os"
	"path/filepath"
	"runtime/debug"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/newsmark/newsmark/app"
	"github.com/newsmark/newsmark/app/plainlocale"
	"github.com/newsmark/newsmark/assets"
)

// appID is the application id, as in FyneApp.toml.
const appID = "org.newsmark.desktop"

func main() {
	plainlocale.Restore() // Fyne has read the locale quietly (see plainlocale)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, runGUI))
}

// runGUI opens the project and shows the main window until it is closed.
// It is the only place that starts Fyne's OpenGL driver.
func runGUI(p *project) error {
	// The window's live heap is small beside what Fyne and Mesa hold; a
	// collection at 1.5× of it instead of 2× keeps switching between large
	// documents under 300 MB (docs/performance.md).
	debug.SetGCPercent(50)
	a := fyneapp.NewWithID(appID)
	declareFyneDo(a)
	a.SetIcon(fyne.NewStaticResource("newsmark.png", assets.IconPNG()))
	store, name, readOnly, err := p.openWindow()
	if err != nil {
		app.ShowStartupError(a, startupReason(err), err)
		return err
	}
	defer store.Close()
	path, err := filepath.Abs(p.path)
	if err != nil {
		path = p.path
	}
	w := app.NewWindow(a, store, name, app.Options{Annotator: p.annotator, ReadOnly: readOnly, ProjectPath: path, Version: version})
	startTextHook(w)
	w.ShowAndRun()
	return nil
}
