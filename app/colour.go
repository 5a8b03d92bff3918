package app

import (
	"image/color"
	"strconv"

	"github.com/newsmark/newsmark/annotate"
)

// findColours are the colours Find may highlight its matches in; the
// one farthest from every label colour of the codebook is used, so that a
// match never looks like an annotation.
var findColours = []string{"#FFD400", "#00E5FF", "#FF00FF", "#7CFF00", "#FF1744"}

// findColourFor returns the find colour for a codebook: of findColours,
// the one whose nearest label colour is farthest away.
func findColourFor(cb *annotate.Codebook) color.Color {
	best, bestDist := findColours[0], -1
	for _, c := range findColours {
		nearest := 1 << 30
		for _, l := range cb.Labels {
			nearest = min(nearest, colourDistance(c, l.Color))
		}
		if nearest > bestDist {
			best, bestDist = c, nearest
		}
	}
	return parseHex(best)
}

// colourDistance is the squared RGB distance between two "#rrggbb"
// colours.
func colourDistance(a, b string) int {
	x, y := parseHex(a).(color.NRGBA), parseHex(b).(color.NRGBA)
	dr, dg, db := int(x.R)-int(y.R), int(x.G)-int(y.G), int(x.B)-int(y.B)
	return dr*dr + dg*dg + db*db
}

// parseHex turns a codebook colour "#rrggbb" into a colour; anything else
// becomes grey, so a bad colour never hides a span.
func parseHex(s string) color.Color {
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}
