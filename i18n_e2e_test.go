package main

import (
	"bytes"
	"encoding/json"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestE2EGermanWindowSwitchesToEnglishInPreferences starts the real binary
// on a German system (LANG=de_DE.UTF-8): its menus and label bar must be
// German, by the texts the window reports (NEWSMARK_TEXT_HOOK) and on the
// screen. Ctrl+, opens Preferences, where Right, Right and Enter choose
// English: the same window turns English at once, and a new start of the
// program, still on the German system, stays English (the preference is
// kept per user, in HOME).
func TestE2EGermanWindowSwitchesToEnglishInPreferences(t *testing.T) {
	x := startXvfb(t)
	db := sampleProject(t, "i18n.db")
	home := t.TempDir()
	hook := filepath.Join(t.TempDir(), "texts.json")
	shots := shotsDir(t)
	german := map[string][]string{
		"menu": {"Datei", "Bearbeiten", "Ansicht", "Dokument", "Projekt", "Gehe zu", "Studie", "Hilfe"},
		"chip": {"Person", "Organisation", "Ort", "Sonstiges", "Tatsachenbehauptung", "Meinung", "Zitat", "Quelle"},
	}
	english := map[string][]string{
		"menu": {"File", "Edit", "View", "Document", "Project", "Go", "Study", "Help"},
		"chip": {"Person", "Organisation", "Location", "Other name", "Factual claim", "Opinion", "Quoted statement", "Source"},
	}

	g := startLocalisedGUI(t, x, home, hook, "--db", db, "--annotator", "e2e")
	x.xdotool(t, "windowfocus", "--sync", g.window)
	waitTexts(t, hook, german)
	x.waitDrawn(t, filepath.Join(shots, "i18n-de.png"))
	de := x.screenshot(t, filepath.Join(shots, "i18n-de.png"))
	if texts := readTexts(t, hook); !slices.ContainsFunc(texts["header"], func(s string) bool { return strings.HasPrefix(s, "Kommentare") }) {
		t.Errorf("the comments' heading is %q, want Kommentare", texts["header"])
	}

	x.key(t, "ctrl+comma")
	x.screenshot(t, filepath.Join(shots, "i18n-preferences.png"))
	x.key(t, "Right")
	x.key(t, "Right")
	x.key(t, "Return")
	waitTexts(t, hook, english)
	// The menu bar and the label bar look different in English.
	bars := []image.Rectangle{image.Rect(0, 0, 330, 26), image.Rect(230, 30, 1150, 58)}
	for _, r := range bars {
		if !x.waitScreen(t, filepath.Join(shots, "i18n-en.png"), func(img image.Image) bool { return !sameRegion(de, img, r) }) {
			t.Errorf("the screen at %v did not change when the window turned English", r)
		}
	}
	g.quit(t, x)

	g = startLocalisedGUI(t, x, home, hook, "--db", db, "--annotator", "e2e")
	waitTexts(t, hook, english)
	g.quit(t, x)
}

// startLocalisedGUI starts newsmark on a German system with its own home
// folder (where Fyne keeps the preferences) and the text hook.
func startLocalisedGUI(t *testing.T, x *xserver, home, hook string, args ...string) *gui {
	t.Helper()
	os.Remove(hook)
	g := &gui{done: make(chan error, 1)}
	g.cmd = exec.Command(newsmarkBinary(t), args...)
	g.cmd.Env = x.env("HOME="+home, "LANG=de_DE.UTF-8", "LC_ALL=de_DE.UTF-8", "LANGUAGE=", textHookVar+"="+hook)
	var out bytes.Buffer
	g.cmd.Stdout, g.cmd.Stderr = &out, &out
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { g.done <- g.cmd.Wait() }()
	t.Cleanup(func() {
		if g.cmd.ProcessState == nil {
			g.cmd.Process.Kill()
			<-g.done
		}
		if t.Failed() {
			t.Logf("newsmark output:\n%s", out.String())
		}
	})
	g.window = x.waitWindow(t, "Newsmark", 60*time.Second)
	return g
}

// readTexts reads what the window last reported it shows.
func readTexts(t *testing.T, hook string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(hook)
	if err != nil {
		return nil
	}
	var texts map[string][]string
	if err := json.Unmarshal(data, &texts); err != nil {
		t.Fatalf("%s: %v", hook, err)
	}
	return texts
}

// waitTexts waits up to 10 s until the window shows want.
func waitTexts(t *testing.T, hook string, want map[string][]string) {
	t.Helper()
	var texts map[string][]string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		texts = readTexts(t, hook)
		ok := texts != nil
		for k, v := range want {
			ok = ok && slices.Equal(texts[k], v)
		}
		if ok {
			return
		}
	}
	for k, v := range want {
		if !slices.Equal(texts[k], v) {
			t.Errorf("the window shows %s %q, want %q", k, texts[k], v)
		}
	}
	t.FailNow()
}
