package app

import (
	"os"
	"strings"
	"sync"
	"time"
	_ "unsafe" // for go:linkname, see setFyneLanguage

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/newsmark/newsmark/app/plainlocale"
	"github.com/newsmark/newsmark/assets"
)

// The languages of the window, as stored in the language preference.
const (
	// LanguageSystem follows the system's locale: German for a German
	// locale, English for any other (C and POSIX included).
	LanguageSystem = ""
	// LanguageGerman is Deutsch.
	LanguageGerman = "de"
	// LanguageEnglish is English.
	LanguageEnglish = "en"
)

// prefLanguage is the preference that holds the chosen language.
const prefLanguage = "language"

// setFyneLanguage makes Fyne's translations, ours and Fyne's own (the
// dialogs' OK and Cancel), speak the given language. Fyne's lang package
// picks its language from the system's locale only (updateLocalizer), and
// on Windows and macOS it reads that from the system, not from variables
// we could set; its setupLang is the one place that takes a language, so
// the window reaches it by name. TestLanguageSwitchesAtRuntime fails if a
// Fyne update changes it.
//
//go:linkname setFyneLanguage fyne.io/fyne/v2/lang.setupLang
func setFyneLanguage(lang string)

var (
	loadOnce sync.Once
	// current is the language the window speaks now, "de" or "en".
	current   = LanguageEnglish
	currentMu sync.RWMutex
)

// loadTranslations adds Newsmark's translation files to Fyne's, once.
func loadTranslations() {
	loadOnce.Do(func() {
		// Adding translations makes Fyne read the system's locale again,
		// and it logs an error for C.UTF-8: keep it quiet as at start.
		quietLocale(func() {
			if err := lang.AddTranslationsFS(assets.Translations, assets.TranslationsDir); err != nil {
				fyne.LogError("load translations", err)
			}
		})
	})
}

// quietLocale runs f while a C or POSIX locale reads as English (see
// package plainlocale).
func quietLocale(f func()) {
	saved := map[string]string{}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		if val, ok := os.LookupEnv(v); ok && plainlocale.IsPlain(val) {
			saved[v] = val
			os.Setenv(v, LanguageEnglish)
		}
	}
	defer func() {
		for v, val := range saved {
			os.Setenv(v, val)
		}
	}()
	f()
}

// SetLanguage makes the window speak pref (LanguageSystem, LanguageGerman
// or LanguageEnglish) from now on: texts made after the call are in that
// language. It returns the language chosen, "de" or "en".
func SetLanguage(pref string) string {
	loadTranslations()
	chosen := resolveLanguage(pref, systemLocale())
	setFyneLanguage(chosen)
	currentMu.Lock()
	current = chosen
	currentMu.Unlock()
	return chosen
}

// Language returns the language the window speaks, "de" or "en".
func Language() string {
	currentMu.RLock()
	defer currentMu.RUnlock()
	return current
}

// resolveLanguage turns a preference and the system's locale
// ("de_DE.UTF-8", "de-AT", "C") into the language of the window.
func resolveLanguage(pref, system string) string {
	switch pref {
	case LanguageGerman, LanguageEnglish:
		return pref
	}
	if plainlocale.IsPlain(system) {
		return LanguageEnglish
	}
	base := strings.ToLower(system)
	if i := strings.IndexAny(base, "_-.@"); i >= 0 {
		base = base[:i]
	}
	if base == LanguageGerman {
		return LanguageGerman
	}
	return LanguageEnglish
}

// systemLocale returns the user's locale: from the variables gettext reads
// where they are set (Linux and other Unix systems), else from the system
// (Windows, macOS).
func systemLocale() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if val := os.Getenv(v); val != "" {
			if plainlocale.IsPlain(val) {
				return val
			}
			if list := os.Getenv("LANGUAGE"); list != "" {
				first, _, _ := strings.Cut(list, ":")
				return first
			}
			return val
		}
	}
	if list := os.Getenv("LANGUAGE"); list != "" {
		first, _, _ := strings.Cut(list, ":")
		return first
	}
	return lang.SystemLocale().String()
}

// printer formats numbers the way the window's language writes them
// (1.234 in German, 1,234 in English).
func printer() *message.Printer {
	if Language() == LanguageGerman {
		return message.NewPrinter(language.German)
	}
	return message.NewPrinter(language.English)
}

// sprintf is fmt.Sprintf with numbers written as the window's language
// writes them. Its format comes from lang.L.
func sprintf(format string, args ...any) string {
	return printer().Sprintf(format, args...)
}

// formatCount writes a count in the window's language.
func formatCount(n int) string { return printer().Sprint(n) }

// dateLayout is how the window writes a day: 24.11.2026 in German,
// 24 Nov 2026 in English.
func dateLayout() string {
	if Language() == LanguageGerman {
		return "02.01.2006"
	}
	return "2 Jan 2006"
}

// formatDateTime writes a day and a time of day in the window's language.
func formatDateTime(t time.Time) string {
	return t.Format(dateLayout() + " 15:04")
}

// entryDateLayout is how a time field writes a day for editing, in a form
// parseCommentTime reads back: 03.05.2024 in German, 2024-05-03 in English.
func entryDateLayout() string {
	if Language() == LanguageGerman {
		return "02.01.2006"
	}
	return "2006-01-02"
}
