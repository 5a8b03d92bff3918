package app

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestTheStartupErrorSaysWhyInTheUsersLanguage(t *testing.T) {
	t.Cleanup(func() { SetLanguage(LanguageEnglish) })
	err := errors.New("open /tmp/p.db: this project is in use by another Newsmark window or process")
	for _, c := range []struct {
		locale string
		reason StartupReason
		want   []string
	}{
		{"de_DE.UTF-8", ReasonInUse, []string{"Newsmark konnte das Projekt nicht öffnen", "in einem anderen Newsmark-Fenster geöffnet", err.Error(), "Beenden"}},
		{"en_GB.UTF-8", ReasonInUse, []string{"Newsmark could not open the project", "open in another Newsmark window", err.Error(), "Quit"}},
		{"de_DE.UTF-8", ReasonOther, []string{"Newsmark konnte das Projekt nicht öffnen", err.Error()}},
	} {
		t.Setenv("LC_ALL", c.locale)
		a := test.NewTempApp(t)
		w := StartupErrorWindow(a, c.reason, err)
		var texts []string
		walk(w.Content(), func(o fyne.CanvasObject) {
			switch o := o.(type) {
			case *widget.Label:
				texts = append(texts, o.Text)
			case *widget.Button:
				texts = append(texts, o.Text)
			}
		})
		all := strings.Join(texts, "\n")
		for _, want := range c.want {
			if !strings.Contains(all, want) {
				t.Errorf("%s, reason %d: the window does not say %q:\n%s", c.locale, c.reason, want, all)
			}
		}
		w.Close()
	}
}
