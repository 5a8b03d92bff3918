package app

import (
	"testing"

	"github.com/newsmark/newsmark/annotate/agreement"
)

func TestAFigureThatCannotBeComputedSaysWhyInGerman(t *testing.T) {
	SetLanguage(LanguageGerman)
	t.Cleanup(func() { SetLanguage(LanguageEnglish) })
	for _, c := range []struct {
		name   string
		units  []agreement.Unit
		metric agreement.Metric
		want   string
	}{
		{"one coder", []agreement.Unit{{"anna": "a"}, {"anna": "b"}}, agreement.Nominal, "weniger als zwei Kodierer"},
		{"one category", []agreement.Unit{{"anna": "a", "bernd": "a"}, {"anna": "a", "bernd": "a"}}, agreement.Nominal,
			"alle Werte sind gleich: nur eine Kategorie, Übereinstimmung ist nicht definiert"},
	} {
		f := agreement.Alpha(c.units, c.metric, nil)
		if f.OK() {
			t.Fatalf("%s: alpha %v was computed; the test needs a figure that cannot be", c.name, f.Value)
		}
		if got := figureText(f); got != c.want {
			t.Errorf("%s: the window says %q (reason %q), want %q", c.name, got, f.Reason, c.want)
		}
	}
}
