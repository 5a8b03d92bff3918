package app

import (
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
)

func TestLabelKeysTakenByAnotherLabelAreRefusedNamingIt(t *testing.T) {
	cb := assets.DefaultCodebook()
	cases := []struct {
		name, self, key string
		want            string // part of the message, "" for accepted
	}{
		{"a free letter", "", "E", ""},
		{"another label's key", "", "P", "Person"},
		{"another label's key in lower case", "", "o", "Organisation"},
		{"the label's own key", "PER", "P", ""},
		{"no key", "", "", ""},
		{"two characters", "", "PE", "one letter or digit"},
		{"a space", "", " ", "one letter or digit"},
		{"punctuation", "", "?", "one letter or digit"},
		{"a digit", "", "7", ""},
		{"an umlaut", "", "Ä", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := labelKeyProblem(cb, c.self, c.key)
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("labelKeyProblem(%q) = %q, want a message with %q", c.key, got, c.want)
			}
		})
	}
}

func TestLabelIDsMustBeWellFormedAndFree(t *testing.T) {
	cb := assets.DefaultCodebook()
	cases := []struct {
		name, self, id string
		want           string
	}{
		{"a new id", "", "ECON", ""},
		{"unchanged", "PER", "PER", ""},
		{"another label's", "", "ORG", "another label"},
		{"a link type's", "", "supports", "relation type"},
		{"a comment label's", "", "agrees", "comment label"},
		{"with a space", "", "EC ON", "without spaces"},
		{"empty", "", "", "needs a short id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := labelIDProblem(cb, c.self, c.id)
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("labelIDProblem(%q) = %q, want a message with %q", c.id, got, c.want)
			}
		})
	}
}

func TestLabelColoursAreCheckedForTextContrastInBothThemes(t *testing.T) {
	cb := assets.DefaultCodebook()
	cases := []struct {
		name, hex   string
		want, avoid []string
	}{
		{"a default label colour, for a new label", "#009E73", nil, []string{"theme"}},
		{"black is too dark under the light theme's grey text", "#000000", []string{"light theme"}, []string{"dark theme"}},
		{"almost Person's orange", "#E69F08", []string{"Person"}, []string{"theme"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			self := ""
			if c.hex == "#009E73" {
				self = "LOC" // its own colour is no clash
			}
			got := strings.Join(colourWarnings(cb, self, c.hex), "\n")
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("warnings %q lack %q", got, w)
				}
			}
			for _, a := range c.avoid {
				if strings.Contains(got, a) {
					t.Errorf("warnings %q should not mention %q", got, a)
				}
			}
		})
	}
}

func TestNewLabelColoursKeepTextReadableInBothThemesAndDiffer(t *testing.T) {
	all := &annotate.Codebook{}
	for _, hex := range labelPalette {
		all.Labels = append(all.Labels, annotate.Label{ID: hex, Name: hex, Color: hex})
	}
	for _, hex := range labelPalette {
		for _, w := range colourWarnings(all, hex, hex) {
			t.Errorf("palette colour %s: %s", hex, w)
		}
	}
}

func TestIDsMadeFromNamesAreValidAndFree(t *testing.T) {
	cb := assets.DefaultCodebook()
	cases := map[string]string{
		"Frame: economic": "FRAME_ECONOMIC",
		"Person":          "PERSON",
		"Über-Frame":      "ÜBER_FRAME",
		"???":             "LABEL",
	}
	for name, want := range cases {
		if got := idFrom(cb, name, idTaken(cb)); got != want {
			t.Errorf("idFrom(%q) = %q, want %q", name, got, want)
		}
	}
	taken := &annotate.Codebook{Labels: []annotate.Label{{ID: "ECON", Color: "#000000"}}}
	if got := idFrom(taken, "econ", idTaken(taken)); got != "ECON_2" {
		t.Errorf("a taken id gives %q, want ECON_2", got)
	}
}
