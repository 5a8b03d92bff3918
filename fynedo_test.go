package main

import (
	"os"
	"regexp"
	"testing"

	"fyne.io/fyne/v2"
)

func TestWithFyneDoDeclaresTheMigrationAndKeepsTheRest(t *testing.T) {
	tests := []struct {
		name string
		in   fyne.AppMetadata
	}{
		{"no metadata (no FyneApp.toml found)", fyne.AppMetadata{}},
		{"metadata from FyneApp.toml", fyne.AppMetadata{ID: "x.y", Name: "N", Version: "1.2.3", Migrations: map[string]bool{"other": true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(tt.in.Migrations)
			got := withFyneDo(tt.in)
			if !got.Migrations[fyneDoMigration] {
				t.Errorf("migrations = %v, want fyneDo declared", got.Migrations)
			}
			if got.ID == "" || got.Name == "" {
				t.Errorf("id %q, name %q: Fyne would read FyneApp.toml again and drop the migration", got.ID, got.Name)
			}
			if tt.in.ID != "" && (got.ID != tt.in.ID || got.Version != tt.in.Version || !got.Migrations["other"]) {
				t.Errorf("metadata %+v lost what it had: %+v", tt.in, got)
			}
			if len(tt.in.Migrations) != before {
				t.Error("the caller's migrations were changed")
			}
		})
	}
}

// A packaged build takes its metadata from FyneApp.toml, not from
// declareFyneDo's first call, so the file declares the migration too.
func TestFyneAppTomlDeclaresFyneDo(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^\[Migrations\]\s*\n(?:[^\[].*\n)*?fyneDo\s*=\s*true\s*$`).Match(b) {
		t.Errorf("FyneApp.toml does not declare fyneDo = true under [Migrations]:\n%s", b)
	}
}
