package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The theme sizes of the article's and the comments' text. The desk's
// theme scales them by the text size the user chose in Preferences, and
// leaves menus, buttons and lists at the system's size.
const (
	sizeNameReadingText           fyne.ThemeSizeName = "newsmarkReadingText"
	sizeNameReadingHeadingText    fyne.ThemeSizeName = "newsmarkReadingHeadingText"
	sizeNameReadingSubHeadingText fyne.ThemeSizeName = "newsmarkReadingSubHeadingText"
	sizeNameReadingCaptionText    fyne.ThemeSizeName = "newsmarkReadingCaptionText"
)

// readingSizes maps each reading size to the theme size it scales.
var readingSizes = map[fyne.ThemeSizeName]fyne.ThemeSizeName{
	sizeNameReadingText:           theme.SizeNameText,
	sizeNameReadingHeadingText:    theme.SizeNameHeadingText,
	sizeNameReadingSubHeadingText: theme.SizeNameSubHeadingText,
	sizeNameReadingCaptionText:    theme.SizeNameCaptionText,
}

// readingSize returns the reading size that scales name (SizeNameText
// for "").
func readingSize(name fyne.ThemeSizeName) fyne.ThemeSizeName {
	if name == "" {
		name = theme.SizeNameText
	}
	for r, n := range readingSizes {
		if n == name {
			return r
		}
	}
	return name
}

// deskTheme is Fyne's default theme with the light or dark variant the
// user chose (or the system's) and the texts of the article and the
// comments scaled.
type deskTheme struct {
	base fyne.Theme
	// variant is the forced variant; nil follows the system.
	variant *fyne.ThemeVariant
	// textScale scales the reading sizes; 1 is the system's text size.
	textScale float32
}

var _ fyne.Theme = (*deskTheme)(nil)

func newDeskTheme(variant string, textScale float64) *deskTheme {
	t := &deskTheme{base: theme.DefaultTheme(), textScale: float32(textScale)}
	if t.textScale <= 0 {
		t.textScale = 1
	}
	switch variant {
	case themeLight:
		v := theme.VariantLight
		t.variant = &v
	case themeDark:
		v := theme.VariantDark
		t.variant = &v
	}
	return t
}

func (t *deskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	return t.base.Color(n, v)
}

func (t *deskTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

func (t *deskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t *deskTheme) Size(n fyne.ThemeSizeName) float32 {
	if base, ok := readingSizes[n]; ok {
		return t.base.Size(base) * t.textScale
	}
	return t.base.Size(n)
}
