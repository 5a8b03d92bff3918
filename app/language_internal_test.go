package app

import (
	"bytes"
	"log"
	"os"
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/newsmark/newsmark/assets"
)

func TestLanguageFollowsThePreferenceThenTheSystem(t *testing.T) {
	for _, c := range []struct{ pref, system, want string }{
		{LanguageSystem, "de_DE.UTF-8", "de"},
		{LanguageSystem, "de-AT", "de"},
		{LanguageSystem, "de_CH@euro", "de"},
		{LanguageSystem, "en_GB.UTF-8", "en"},
		{LanguageSystem, "fr_FR.UTF-8", "en"},
		{LanguageSystem, "C.UTF-8", "en"},
		{LanguageSystem, "POSIX", "en"},
		{LanguageSystem, "", "en"},
		{LanguageEnglish, "de_DE.UTF-8", "en"},
		{LanguageGerman, "C", "de"},
	} {
		if got := resolveLanguage(c.pref, c.system); got != c.want {
			t.Errorf("preference %q, system %q: %q, want %q", c.pref, c.system, got, c.want)
		}
	}
}

func TestLanguageSwitchesAtRuntime(t *testing.T) {
	t.Cleanup(func() { SetLanguage(LanguageEnglish) })
	for _, c := range []struct{ pref, file, cancel, count string }{
		{LanguageGerman, "Datei", "Abbrechen", "12.345"},
		{LanguageEnglish, "File", "Cancel", "12,345"},
		{LanguageGerman, "Datei", "Abbrechen", "12.345"},
	} {
		SetLanguage(c.pref)
		if got := lang.L("File"); got != c.file {
			t.Errorf("%s: File is %q, want %q", c.pref, got, c.file)
		}
		if got := lang.L("Cancel"); got != c.cancel { // Fyne's own translation
			t.Errorf("%s: Fyne's Cancel is %q, want %q", c.pref, got, c.cancel)
		}
		if got := formatCount(12345); got != c.count {
			t.Errorf("%s: 12345 is written %q, want %q", c.pref, got, c.count)
		}
	}
}

// Adding translations makes Fyne read the locale again, and it logs an
// error for C.UTF-8 (issue 11: no locale noise): the window adds them
// while a plain locale reads as English.
func TestAddingTranslationsSaysNothingInAPlainLocale(t *testing.T) {
	t.Cleanup(func() { SetLanguage(LanguageEnglish) })
	var logged bytes.Buffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	add := func() {
		if err := lang.AddTranslationsFS(assets.Translations, assets.TranslationsDir); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("LC_ALL", "C.UTF-8")
	add()
	if logged.Len() == 0 {
		t.Fatal("Fyne logged nothing for C.UTF-8: this test no longer shows what quietLocale is for")
	}
	logged.Reset()
	quietLocale(add)
	if logged.Len() > 0 {
		t.Errorf("adding translations in C.UTF-8 logged:\n%s", logged.String())
	}
	if got := os.Getenv("LC_ALL"); got != "C.UTF-8" {
		t.Errorf("LC_ALL is %q after quietLocale, want C.UTF-8 back", got)
	}
}
