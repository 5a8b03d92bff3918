package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestCommentLabelChipsLookClearlyDifferentOnAndOff(t *testing.T) {
	test.NewTempApp(t)
	colours := []string{"#009E73", "#E69F00", "#0072B2", "#CC79A7", "#8C8C8C"}
	for _, hex := range colours {
		t.Run(hex, func(t *testing.T) {
			on := newChip("Agrees", "", parseHex(hex), true, nil)
			off := newChip("Agrees", "", parseHex(hex), false, nil)
			on.small, off.small = true, true
			ron := test.WidgetRenderer(on).(*chipRenderer)
			roff := test.WidgetRenderer(off).(*chipRenderer)
			if _, _, _, a := ron.bg.FillColor.RGBA(); a != 0xffff {
				t.Errorf("an on chip is not filled (alpha %#x)", a)
			}
			if _, _, _, a := roff.bg.FillColor.RGBA(); a != 0 {
				t.Errorf("an off chip is filled (alpha %#x)", a)
			}
			if d := luminanceGap(ron.text.Color, ron.bg.FillColor); d < 0.4 {
				t.Errorf("an on chip's text hardly contrasts with its fill (%.2f)", d)
			}
			if ron.text.Color == roff.text.Color {
				t.Error("on and off chips have the same text colour")
			}
			if ron.MinSize() != roff.MinSize() {
				t.Error("switching a chip changes its size, so the chips around it move")
			}
		})
	}
}

// luminanceGap is the difference in rough luminance (0–1) of two colours.
func luminanceGap(a, b color.Color) float64 {
	l := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 0xffff
	}
	d := l(a) - l(b)
	if d < 0 {
		d = -d
	}
	return d
}
