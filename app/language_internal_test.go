package app

import (
	"testing"

	"fyne.io/fyne/v2/lang"
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
