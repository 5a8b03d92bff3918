package assets_test

import (
	"bytes"
	"image/png"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
)

func TestDefaultCodebookHasEntitiesAndClaims(t *testing.T) {
	cb := assets.DefaultCodebook()
	want := map[string]struct {
		kind   annotate.LabelKind
		hotkey string
	}{
		"PER": {annotate.KindEntity, "P"}, "ORG": {annotate.KindEntity, "O"},
		"LOC": {annotate.KindEntity, "L"}, "MISC": {annotate.KindEntity, "M"},
		"CLAIM": {annotate.KindClaim, "C"}, "OPINION": {annotate.KindClaim, "V"},
		"QUOTE": {annotate.KindClaim, "Q"}, "SOURCE": {annotate.KindClaim, "S"},
	}
	if len(cb.Labels) != len(want) {
		t.Errorf("codebook has %d labels, want %d", len(cb.Labels), len(want))
	}
	for id, w := range want {
		l, ok := cb.Label(id)
		if !ok {
			t.Errorf("label %s missing", id)
			continue
		}
		if l.Kind != w.kind || l.Hotkey != w.hotkey || l.Description == "" {
			t.Errorf("label %s = kind %s hotkey %q, want %s %q with a description", id, l.Kind, l.Hotkey, w.kind, w.hotkey)
		}
	}
	claim, _ := cb.Label("CLAIM")
	if def, ok := claim.Attribute("check_worthiness"); !ok || len(def.Values) == 0 {
		t.Error("CLAIM has no check_worthiness attribute with values")
	}
	if _, ok := cb.RelationType("source_of"); !ok {
		t.Error("no source_of relation type to link a quote to its source")
	}
	if _, _, ok := cb.SegmentLabel("off-topic"); !ok {
		t.Error("no off-topic comment label")
	}
}

func TestDefaultCodebookIsAFreshCopy(t *testing.T) {
	a := assets.DefaultCodebook()
	a.Labels[0].Name = "changed"
	if b := assets.DefaultCodebook(); b.Labels[0].Name == "changed" {
		t.Error("DefaultCodebook shares state between calls")
	}
}

// Labels must be told apart at a glance: no two span labels may be closer
// than ΔE*ab 20 in CIELAB (a difference anyone sees side by side).
func TestDefaultCodebookColoursAreDistinct(t *testing.T) {
	cb := assets.DefaultCodebook()
	for i, a := range cb.Labels {
		for _, b := range cb.Labels[i+1:] {
			if d := deltaE(rgbOf(a.Color), rgbOf(b.Color)); d < 20 {
				t.Errorf("labels %s (%s) and %s (%s) are too alike: ΔE %.0f", a.ID, a.Color, b.ID, b.Color, d)
			}
		}
	}
}

// BandAlpha is the opacity at which the span view may draw a label colour
// behind text; the codebook's colours are chosen for it.
const bandAlpha = 0.30

// Text in the theme's foreground colour must stay readable (WCAG AA, contrast
// 4.5) on every label colour drawn as a band over Fyne's light and dark
// backgrounds.
func TestDefaultCodebookColoursKeepTextReadable(t *testing.T) {
	themes := []struct {
		name   string
		bg, fg [3]float64
	}{
		{"light", [3]float64{0xff, 0xff, 0xff}, [3]float64{0x56, 0x56, 0x56}},
		{"dark", [3]float64{0x17, 0x17, 0x18}, [3]float64{0xf3, 0xf3, 0xf3}},
	}
	cb := assets.DefaultCodebook()
	for _, th := range themes {
		for _, l := range cb.Labels {
			c := rgbOf(l.Color)
			var band [3]float64
			for i := range band {
				band[i] = bandAlpha*c[i] + (1-bandAlpha)*th.bg[i]
			}
			if r := contrast(band, th.fg); r < 4.5 {
				t.Errorf("%s theme: text on %s (%s) has contrast %.2f, want at least 4.5", th.name, l.ID, l.Color, r)
			}
		}
	}
}

func rgbOf(hex string) [3]float64 {
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c[i] = float64(v)
	}
	return c
}

func linear(v float64) float64 {
	v /= 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

func luminance(c [3]float64) float64 {
	return 0.2126*linear(c[0]) + 0.7152*linear(c[1]) + 0.0722*linear(c[2])
}

func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func lab(c [3]float64) [3]float64 {
	r, g, b := linear(c[0]), linear(c[1]), linear(c[2])
	x := (0.4124*r + 0.3576*g + 0.1805*b) / 0.95047
	y := 0.2126*r + 0.7152*g + 0.0722*b
	z := (0.0193*r + 0.1192*g + 0.9505*b) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

func deltaE(a, b [3]float64) float64 {
	la, lb := lab(a), lab(b)
	return math.Sqrt((la[0]-lb[0])*(la[0]-lb[0]) + (la[1]-lb[1])*(la[1]-lb[1]) + (la[2]-lb[2])*(la[2]-lb[2]))
}

func TestSampleDocumentHasArticleAndComments(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	doc, err := assets.SampleDocument(now)
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID == "" || doc.Hash == "" || !doc.Imported.Equal(now) {
		t.Errorf("document not prepared: id %q hash %q imported %v", doc.ID, doc.Hash, doc.Imported)
	}
	if n := len(doc.Article()); n < 4 {
		t.Errorf("article has %d segments, want headline, lead and body", n)
	}
	comments := doc.Comments()
	if len(comments) < 5 {
		t.Fatalf("sample has %d comments, want at least 5", len(comments))
	}
	replies := 0
	for i, c := range comments {
		if c.Author == "" || c.Posted.IsZero() || c.Number != i+1 || c.Text == "" {
			t.Errorf("comment %d lacks author, time, number or text: %+v", i+1, c)
		}
		if c.ReplyTo != "" {
			replies++
		}
	}
	if replies == 0 {
		t.Error("sample has no reply, so reply indentation cannot be tried")
	}
	again, _ := assets.SampleDocument(now)
	if again.Hash != doc.Hash {
		t.Error("the sample's content hash is not stable")
	}
}

func TestIconIsA256PixelPNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(assets.IconPNG()))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Errorf("icon is %v, want 256×256", b)
	}
}
