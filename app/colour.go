package app

import (
	"image/color"
	"strconv"
)

// findColour highlights the matches of Find; it is not a codebook colour.
var findColour = color.NRGBA{R: 0xff, G: 0xd4, B: 0x00, A: 0xff}

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
