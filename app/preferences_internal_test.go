package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// prefsSelect returns the Preferences dialog's choice that offers option.
func prefsSelect(t *testing.T, w *Window, option string) *modalSelect {
	t.Helper()
	var found *modalSelect
	for _, o := range w.win.Canvas().Overlays().List() {
		walk(o, func(o fyne.CanvasObject) {
			if s, ok := o.(*modalSelect); ok && slices.Contains(s.Options, option) {
				found = s
			}
		})
	}
	if found == nil {
		t.Fatalf("the Preferences dialog offers no %q", option)
	}
	return found
}

// walk calls f on o and everything inside it.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			walk(c, f)
		}
	}
}

func TestPreferencesSwitchTheWindowToGermanAndBackWithoutARestart(t *testing.T) {
	w, store := newDesk(t)
	t.Cleanup(func() { SetLanguage(LanguageEnglish) })
	open := w.doc.ID
	for _, c := range []struct {
		language string
		menus    []string
		chips    []string
		status   string
	}{
		{"Deutsch", []string{"Datei", "Bearbeiten", "Ansicht", "Dokument", "Projekt", "Gehe zu", "Studie", "Hilfe"},
			[]string{"Person", "Organisation", "Ort", "Sonstiges", "Tatsachenbehauptung", "Meinung", "Zitat", "Quelle"}, "Kommentare"},
		{"English", []string{"File", "Edit", "View", "Document", "Project", "Go", "Study", "Help"},
			[]string{"Person", "Organisation", "Location", "Other name", "Factual claim", "Opinion", "Quoted statement", "Source"}, "comments"},
	} {
		w.ShowPreferences()
		prefsSelect(t, w, "Deutsch").SetSelected(c.language)
		w.prefsDialog.Submit()
		shown := w.ShownTexts()
		if !slices.Equal(shown["menu"], c.menus) {
			t.Errorf("%s: menus %q, want %q", c.language, shown["menu"], c.menus)
		}
		if !slices.Equal(shown["chip"], c.chips) {
			t.Errorf("%s: label bar %q, want %q", c.language, shown["chip"], c.chips)
		}
		if !strings.Contains(w.status.Text, c.status) {
			t.Errorf("%s: status line %q does not say %q", c.language, w.status.Text, c.status)
		}
		if w.doc == nil || w.doc.ID != open {
			t.Errorf("%s: the switch closed the open document", c.language)
		}
	}
	// The project keeps the codebook's own names in either language.
	cb, err := store.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := cb.Label("LOC"); l.Name != "Location" {
		t.Errorf("the project's LOC is named %q after switching languages, want Location", l.Name)
	}
}

func TestOnAGermanSystemTheWindowIsGermanAndTagsWithTheCodebooksLabels(t *testing.T) {
	t.Setenv("LC_ALL", "de_DE.UTF-8")
	t.Cleanup(func() { SetLanguage(LanguageEnglish) })
	w, store := newDesk(t)
	selectText(t, w, "s1", "Lindenfeld")
	w.Tag("LOC")
	if got := storedAnnotations(t, store, w.doc.ID); !slices.Equal(got, []string{"s1 LOC Lindenfeld anna"}) {
		t.Errorf("stored %q", got)
	}
	if !strings.HasPrefix(w.status.Text, "Gespeichert: “Lindenfeld” als LOC markiert") {
		t.Errorf("status line %q, want it in German", w.status.Text)
	}
	if !slices.Contains(w.ShownTexts()["item"], "Einstellungen…") {
		t.Errorf("no Einstellungen… in the menus: %q", w.ShownTexts()["item"])
	}
}

func TestARenamedDefaultLabelShowsItsNewNameInEveryLanguage(t *testing.T) {
	SetLanguage(LanguageGerman)
	t.Cleanup(func() { SetLanguage(LanguageEnglish) })
	for _, c := range []struct{ name, want string }{
		{"Location", "Ort"},          // as shipped: translated
		{"Place name", "Place name"}, // changed by a coder: as written
	} {
		l := annotate.Label{ID: "LOC", Name: c.name}
		if got := (&Window{}).labelText(&l); got != c.want {
			t.Errorf("LOC named %q shows as %q, want %q", c.name, got, c.want)
		}
	}
	if got := valueText("CLAIM", "check_worthiness", "high"); got != "hoch" {
		t.Errorf("check_worthiness high shows as %q", got)
	}
	if got := attributeText("CLAIM", annotate.AttributeDef{Name: "check_worthiness"}); got != "Prüfwürdigkeit" {
		t.Errorf("check_worthiness shows as %q", got)
	}
	if got := attributeText("X", annotate.AttributeDef{Name: "my_own"}); got != "My own" {
		t.Errorf("a coder's attribute my_own shows as %q", got)
	}
}

func TestPreferencesAreTheUsersNotTheProjects(t *testing.T) {
	t.Cleanup(func() { SetLanguage(LanguageEnglish) })
	a := test.NewTempApp(t)
	path, _ := twoDocumentProject(t)
	w := openDesk(t, a, path)
	w.savePreferences(LanguageGerman, themeDark, 1.5, "bert", false)
	w.win.Close()
	w.store.Close()
	SetLanguage(LanguageEnglish)

	// Another project opened by the same user gets the same preferences.
	other, _ := twoDocumentProject(t)
	o := NewWindow(a, openStore(t, other), filepath.Base(other), Options{ProjectPath: other})
	defer o.win.Close()
	if Language() != LanguageGerman {
		t.Errorf("language %q, want de", Language())
	}
	if o.Annotator() != "bert" {
		t.Errorf("annotator %q, want bert", o.Annotator())
	}
	if !o.exact || !o.exactItem.Checked {
		t.Error("word snapping is on in the other project")
	}
	th := a.Settings().Theme()
	if got, want := th.Color(theme.ColorNameBackground, theme.VariantLight), theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark); got != want {
		t.Errorf("background %v in a light system, want the dark theme's %v", got, want)
	}
	if got, want := th.Size(sizeNameReadingText), 1.5*theme.DefaultTheme().Size(theme.SizeNameText); got != want {
		t.Errorf("reading text size %v, want %v", got, want)
	}
	if got, want := th.Size(theme.SizeNameText), theme.DefaultTheme().Size(theme.SizeNameText); got != want {
		t.Errorf("menu and button text size %v, want the system's %v", got, want)
	}
}

func TestTheTextSizeScalesTheArticleAndTheComments(t *testing.T) {
	w, _ := newDesk(t)
	width := func(seg string) float32 { return w.views[seg].PositionOf(10).X }
	before := map[string]float32{"s1": width("s1"), "s3": width("s3")}
	w.savePreferences(LanguageSystem, themeSystem, 2, "anna", true)
	w.reveal("c1", 0)
	for seg, b := range before {
		if got := width(seg); got < 1.8*b {
			t.Errorf("%s: ten characters are %v wide at 200 %%, %v at 100 %%", seg, got, b)
		}
	}
	if name := w.views["c1"].SizeName; name != sizeNameReadingText {
		t.Errorf("a comment's text has size %q, want the reading size", name)
	}
}

func TestSelectionOffsetsStayRightAtEveryTextSize(t *testing.T) {
	w, _ := newDesk(t)
	w.win.Resize(fyne.NewSize(1600, 1000))
	for _, scale := range textScales {
		for _, exact := range []bool{false, true} {
			w.savePreferences(LanguageSystem, themeSystem, scale, "anna", !exact)
			for _, c := range []struct{ seg, text, drag, want string }{
				{"s1", w.doc.Title, "council approves", "council approves"},
				{"s2", "", "bus lines", "bus lines"},
				{"c1", "", "Anna hospital", "Anna hospital"},
			} {
				w.reveal(c.seg, 0)
				v := w.views[c.seg]
				start := offsetOf(t, w, c.seg, c.drag)
				end := start + annotate.RuneCount(c.drag)
				from, to := start, end
				dx0, dx1 := float32(1), float32(1)
				if !exact { // from inside the first word to inside the last: snapping widens it
					from, to = start+2, end-2
				}
				origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(v)
				half := v.Theme().Size(sizeNameReadingText) / 2
				p0 := origin.Add(v.PositionOf(from)).AddXY(dx0, half)
				p1 := origin.Add(v.PositionOf(to)).AddXY(dx1, half)
				test.Drag(w.win.Canvas(), p1, p1.X-p0.X, p1.Y-p0.Y)
				if q, _ := w.selectionQuote(); q != c.want || w.sel.start != start || w.sel.end != end {
					t.Errorf("text size %s, exact %v, %s: selected %d-%d %q, want %d-%d %q", percent(scale), exact, c.seg, w.sel.start, w.sel.end, q, start, end, c.want)
				}
			}
		}
	}
}

func TestAboutNamesVersionLicenceProjectAndDocs(t *testing.T) {
	a := test.NewTempApp(t)
	path, _ := twoDocumentProject(t)
	w := NewWindow(a, openStore(t, path), filepath.Base(path), Options{Annotator: "anna", ProjectPath: path, Version: "9.8.7"})
	defer w.win.Close()
	w.ShowAbout()
	var texts []string
	for _, o := range w.win.Canvas().Overlays().List() {
		walk(o, func(o fyne.CanvasObject) {
			switch o := o.(type) {
			case *widget.Label:
				texts = append(texts, o.Text)
			case *widget.Hyperlink:
				texts = append(texts, o.Text+" → "+o.URL.String())
			}
		})
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"9.8.7", "Licence", "two.db", filepath.Dir(path), "docs"} {
		if !strings.Contains(all, want) {
			t.Errorf("About does not show %q:\n%s", want, all)
		}
	}
}

func TestTheDocsFolderIsFoundBesideTheProgramOrOnTheWeb(t *testing.T) {
	u := docsLocation()
	// The tests run in app/, where no docs folder is: the web, unless the
	// test binary's folder has one.
	if u.Scheme != "https" && u.Scheme != "file" {
		t.Errorf("docs at %v", u)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if u := docsLocation(); u.Scheme != "file" || !strings.HasSuffix(u.Path, "/docs") {
		t.Errorf("with a docs folder in the working directory: %v", u)
	}
}

func openStore(t *testing.T, path string) *storage.Store {
	t.Helper()
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
