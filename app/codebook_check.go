package app

import (
	"fmt"
	"image/color"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/newsmark/newsmark/annotate"
)

// The codebook editor checks what a coder types before it reaches the
// store, so that a refusal comes as a sentence beside the field rather
// than as a validation error after saving.

// labelKeyProblem says why key cannot be the key of the label with id
// self, "" if it can. A label key is one letter or digit typed without
// Ctrl or Alt; it may not be another label's key.
func labelKeyProblem(cb *annotate.Codebook, self, key string) string {
	if key == "" {
		return ""
	}
	r := []rune(key)
	if len(r) != 1 || !(unicode.IsLetter(r[0]) || unicode.IsDigit(r[0])) {
		return lang.L("A label key is one letter or digit, pressed without Ctrl or Alt.")
	}
	for _, l := range cb.Labels {
		if l.ID != self && l.Hotkey != "" && strings.EqualFold(l.Hotkey, key) {
			return lang.L("{{.Key}} is already the key of {{.Label}}.", map[string]any{"Key": strings.ToUpper(key), "Label": l.Name})
		}
	}
	return ""
}

// labelIDProblem says why id cannot be the short id of a new or changed
// label (self is its id before the change), "" if it can.
func labelIDProblem(cb *annotate.Codebook, self, id string) string {
	if id == "" {
		return lang.L("A label needs a short id (such as ECON).")
	}
	probe := annotate.Codebook{Labels: []annotate.Label{{ID: id, Color: "#000000"}}}
	if probe.Validate() != nil {
		return lang.L("A short id is letters, digits, '_', '.', ':' or '-', without spaces.")
	}
	if id == self {
		return ""
	}
	if _, ok := cb.Label(id); ok {
		return lang.L("{{.ID}} is already the id of another label.", map[string]any{"ID": id})
	}
	if _, ok := cb.RelationType(id); ok {
		return lang.L("{{.ID}} is already the id of a relation type.", map[string]any{"ID": id})
	}
	if _, _, ok := cb.SegmentLabel(id); ok {
		return lang.L("{{.ID}} is already the id of a comment label.", map[string]any{"ID": id})
	}
	for _, s := range cb.SegmentLabelSets {
		if s.ID == id {
			return lang.L("{{.ID}} is already the id of a comment-label set.", map[string]any{"ID": id})
		}
	}
	if _, ok := cb.Variable(id); ok {
		return lang.L("{{.ID}} is already the id of a document variable.", map[string]any{"ID": id})
	}
	return ""
}

// bandAlpha is the opacity at which the default codebook's colours are
// checked as bands behind text (assets' TestDefaultCodebookColoursKeepTextReadable):
// a colour that passes there is drawn at full strength in the span view.
const bandAlpha = 0.30

// colourWarnings checks a label colour as the default labels are checked:
// the theme's text must keep a contrast of 4.5:1 on the colour drawn as a
// band over the light and the dark background. It also warns of a colour
// hard to tell from another label's. The span view still keeps such a
// colour's text readable by drawing its band fainter, so these are
// warnings, not refusals.
func colourWarnings(cb *annotate.Codebook, self, hex string) []string {
	var out []string
	c := opaque(parseHex(hex))
	th := theme.DefaultTheme()
	for _, v := range []struct {
		name    string
		variant fyne.ThemeVariant
	}{{lang.L("light"), theme.VariantLight}, {lang.L("dark"), theme.VariantDark}} {
		fg := opaque(th.Color(theme.ColorNameForeground, v.variant))
		bg := opaque(th.Color(theme.ColorNameBackground, v.variant))
		if r := contrast(fg, over(c, bandAlpha, bg)); r < svTextContrast {
			out = append(out, lang.L("Text on this colour is hard to read in the {{.Theme}} theme (contrast {{.Ratio}}:1, needs 4.5:1); its highlights will be drawn fainter.",
				map[string]any{"Theme": v.name, "Ratio": fmt.Sprintf("%.1f", r)}))
		}
	}
	for _, l := range cb.Labels {
		if l.ID != self && colourDistance(hex, l.Color) < similarColours {
			out = append(out, lang.L("This colour is hard to tell from {{.Label}}'s.", map[string]any{"Label": l.Name}))
		}
	}
	return out
}

// similarColours is the squared RGB distance under which two label
// colours look alike at a glance.
const similarColours = 40 * 40

// hexOf turns a colour into the codebook's "#rrggbb".
func hexOf(c color.Color) string {
	n := opaque(c)
	return fmt.Sprintf("#%02X%02X%02X", n.R, n.G, n.B)
}

// labelPalette holds colours for new labels: each keeps the text readable
// in both themes (checked by a test), and a new label takes the first one
// no label uses yet.
var labelPalette = []string{
	"#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#8C8C8C", "#7B4FB8",
	"#B8860B", "#2E8B57", "#FF6F61", "#4682B4", "#A0522D", "#6B8E23", "#BCBD22", "#20B2AA",
}

// freeColour returns the first palette colour no label of cb uses.
func freeColour(cb *annotate.Codebook) string {
	for _, c := range labelPalette {
		used := false
		for _, l := range cb.Labels {
			if strings.EqualFold(l.Color, c) {
				used = true
				break
			}
		}
		if !used {
			return c
		}
	}
	return labelPalette[len(cb.Labels)%len(labelPalette)]
}

// deskKeyProblem says why a key pressed with modifiers, or a key without a
// character (F1, Delete), cannot be a label key: the desk's own meaning of
// it when the desk has one.
func deskKeyProblem(what string) string {
	if what != "" {
		return lang.L("That key is the desk's own: {{.What}}.", map[string]any{"What": what})
	}
	return lang.L("A label key is one letter or digit, pressed without Ctrl or Alt.")
}
