package app

import (
	"os"
	"testing"
)

// TestMain runs the package's tests in English whatever the machine's
// locale, so that tests asserting English texts do not depend on it; the
// tests of the German window choose German themselves.
func TestMain(m *testing.M) {
	for _, v := range []string{"LANGUAGE", "LC_MESSAGES"} {
		os.Unsetenv(v)
	}
	os.Setenv("LC_ALL", "en_US.UTF-8")
	os.Setenv("LANG", "en_US.UTF-8")
	os.Exit(m.Run())
}
