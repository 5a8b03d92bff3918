package assets

import "embed"

// Translations holds the window's translation files, lang/en.json and
// lang/de.json, in the format of fyne.io/fyne/v2/lang (go-i18n JSON: the
// English text is the key, the translation its value).
//
//go:embed lang/*.json
var Translations embed.FS

// TranslationsDir is the directory of the translation files inside
// Translations.
const TranslationsDir = "lang"
