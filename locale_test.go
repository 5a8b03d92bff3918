package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A machine whose locale is C or POSIX (a server, a container, CI) means
// English: no command may print anything about the locale. Fyne reads the
// locale while the program initialises, so only the real binary shows it.
func TestNoCommandPrintsAboutAPlainLocale(t *testing.T) {
	bin := newsmarkBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	page := filepath.Join("..", "shared", "seeds", "000_e9a8672a2279b0f2.txt")
	var base []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "LANG" && k != "LC_ALL" && k != "LC_MESSAGES" && k != "LANGUAGE" {
			base = append(base, kv)
		}
	}
	for _, locale := range []string{"C", "C.UTF-8", "C.utf8", "POSIX", "unset"} {
		env := append([]string(nil), base...)
		if locale != "unset" {
			env = append(env, "LANG="+locale, "LC_ALL="+locale)
		}
		for _, args := range [][]string{{"version"}, {"--db", db, "list"}, {"--db", db, "import", page}} {
			cmd := exec.Command(bin, args...)
			cmd.Env = env
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("LANG=%s newsmark %s: %v\n%s", locale, strings.Join(args, " "), err, stderr.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("LANG=%s newsmark %s printed on standard error:\n%s", locale, strings.Join(args, " "), stderr.String())
			}
		}
	}
}
