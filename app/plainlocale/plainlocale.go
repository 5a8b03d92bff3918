// Package plainlocale keeps Fyne quiet on machines whose locale is C or
// POSIX (servers, containers, WSL, CI). Fyne's lang package reads the
// locale while the program initialises and logs "Error parsing user locale
// C" for "C.UTF-8", three lines on standard error for every command. Such
// locales mean English: this package, imported by main, runs before Fyne's
// (packages initialise in import-path order once their imports have, and
// this one imports only the standard library and sorts before Fyne's
// dependencies), and while Fyne reads the locale it shows a plain English
// one instead. Restore puts the variables back as they were, so that
// programs the app starts see the user's own settings.
package plainlocale

import (
	"os"
	"strings"
)

// vars are the variables a locale is read from, in the order gettext and
// Fyne read them.
var vars = [...]string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"}

// saved holds what init changed: the variable and its old value.
var saved = map[string]string{}

func init() {
	for _, v := range vars {
		if val, ok := os.LookupEnv(v); ok && IsPlain(val) {
			saved[v] = val
			os.Setenv(v, "en")
		}
	}
}

// IsPlain reports whether a locale setting is C or POSIX, with or without a
// character set or modifier ("C.UTF-8", "C.utf8", "POSIX"): a locale that
// names no language, which means English.
func IsPlain(locale string) bool {
	name, _, _ := strings.Cut(locale, ".")
	name, _, _ = strings.Cut(name, "@")
	return name == "C" || name == "POSIX"
}

// Restore gives the variables changed at start their old values. main
// calls it first, once Fyne has read the locale.
func Restore() {
	for v, val := range saved {
		os.Setenv(v, val)
	}
	clear(saved)
}
