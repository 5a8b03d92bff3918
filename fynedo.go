package main

import (
	"maps"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
)

// fyneDoMigration is the name of Fyne's migration that says an app calls
// Fyne only from the UI goroutine or through fyne.Do.
const fyneDoMigration = "fyneDo"

// declareFyneDo tells Fyne that Newsmark has moved to fyne.Do (package app
// touches widgets from other goroutines only through fyne.Do). Without it
// Fyne 2.7 checks the calling goroutine on every canvas refresh, with a
// runtime.Stack each time: in the real window that was 1.9 of the 2.3 CPU
// seconds of opening a document of 2,000 comments (docs/performance.md).
// It must run before the first window is shown: Fyne reads the flag once.
func declareFyneDo(a fyne.App) {
	fyneapp.SetMetadata(withFyneDo(a.Metadata()))
}

// withFyneDo returns m with the fyneDo migration declared, and with the
// app's id and name if m has none (then Fyne would look for FyneApp.toml
// again on every call and replace the migrations with what it finds).
func withFyneDo(m fyne.AppMetadata) fyne.AppMetadata {
	m.Migrations = maps.Clone(m.Migrations)
	if m.Migrations == nil {
		m.Migrations = map[string]bool{}
	}
	m.Migrations[fyneDoMigration] = true
	if m.ID == "" {
		m.ID = appID
	}
	if m.Name == "" {
		m.Name = "Newsmark"
	}
	return m
}
