package app

import (
	"strings"
	"testing"
)

func TestTheStatusLineShowsOneMessage(t *testing.T) {
	w, _ := newDesk(t)
	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"opened", func() {}, "6 comments, 0 annotations (0 yours) · all changes saved"},
		{"text selected", func() { selectText(t, w, "s4", "Elif Demir") }, "Selected “Elif Demir”: press a label's key or click its chip"},
		{"tagged", func() { w.Tag("PER") }, "Saved: tag “Elif Demir” as PER"},
		{"more text selected", func() { selectText(t, w, "s4", "Mayor") }, "Selected “Mayor”: press a label's key or click its chip"},
		{"tagged again", func() { w.Tag("SOURCE") }, "Saved: tag “Mayor” as SOURCE"},
	}
	for _, s := range steps {
		s.do()
		if got := w.status.Text; got != s.want {
			t.Errorf("%s: status = %q, want %q", s.name, got, s.want)
		}
		if strings.Count(w.status.Text, "·") > 1 || strings.Contains(w.status.Text, "Saved") && strings.Contains(w.status.Text, "Selected") {
			t.Errorf("%s: the status piles messages up: %q", s.name, w.status.Text)
		}
	}
}
