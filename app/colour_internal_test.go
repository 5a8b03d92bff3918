package app

import (
	"fmt"
	"image/color"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
)

func TestFindHighlightsInAColourNoLabelUses(t *testing.T) {
	hex := func(c color.Color) string {
		n := c.(color.NRGBA)
		return fmt.Sprintf("#%02X%02X%02X", n.R, n.G, n.B)
	}
	yellowish := &annotate.Codebook{Labels: []annotate.Label{{ID: "A", Color: "#FFD400"}, {ID: "B", Color: "#00E5FF"}}}
	cases := []struct {
		name string
		cb   *annotate.Codebook
	}{
		{"the default codebook", assets.DefaultCodebook()},
		{"a codebook using the usual find colours", yellowish},
	}
	// Far enough apart to tell at a glance: about 130 steps in RGB.
	const apart = 130 * 130
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			find := hex(findColourFor(c.cb))
			for _, l := range c.cb.Labels {
				if d := colourDistance(find, l.Color); d < apart {
					t.Errorf("find colour %s is close to label %s's %s (squared distance %d)", find, l.ID, l.Color, d)
				}
			}
		})
	}
}
