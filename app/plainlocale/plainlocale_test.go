package plainlocale

import (
	"os"
	"testing"
)

func TestIsPlain(t *testing.T) {
	for in, want := range map[string]bool{"C": true, "C.UTF-8": true, "C.utf8": true, "POSIX": true, "C@euro": true,
		"": false, "en_US.UTF-8": false, "de_DE.UTF-8": false, "de": false, "Ca": false} {
		if got := IsPlain(in); got != want {
			t.Errorf("IsPlain(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestRestoreGivesTheUsersSettingsBack(t *testing.T) {
	t.Setenv("LANG", "en")
	t.Setenv("LC_ALL", "de_DE.UTF-8")
	saved["LANG"] = "C.UTF-8" // as init would have left it
	Restore()
	if got := os.Getenv("LANG"); got != "C.UTF-8" {
		t.Errorf("LANG = %q after Restore, want C.UTF-8", got)
	}
	if got := os.Getenv("LC_ALL"); got != "de_DE.UTF-8" {
		t.Errorf("LC_ALL = %q: Restore changed a variable init left alone", got)
	}
	if len(saved) != 0 {
		t.Error("Restore kept what it restored")
	}
}
