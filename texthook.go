package main

import (
	"encoding/json"
	"os"
	"time"

	"fyne.io/fyne/v2"

	"github.com/newsmark/newsmark/app"
)

// textHookVar names a file to which the window writes, twice a second, the
// texts it shows (its menus, label bar, headings and status line) as JSON:
// end-to-end tests of the real binary read it beside their screenshots.
// Unset, nothing is written.
const textHookVar = "NEWSMARK_TEXT_HOOK"

// startTextHook writes w's texts to the file $NEWSMARK_TEXT_HOOK names,
// if it names one, until the program ends.
func startTextHook(w *app.Window) {
	path := os.Getenv(textHookVar)
	if path == "" {
		return
	}
	go func() {
		for range time.Tick(500 * time.Millisecond) {
			var texts map[string][]string
			fyne.DoAndWait(func() { texts = w.ShownTexts() })
			data, err := json.Marshal(texts)
			if err != nil {
				continue
			}
			// Written whole and renamed, so a reader never sees half a file.
			if os.WriteFile(path+".tmp", data, 0o600) == nil {
				os.Rename(path+".tmp", path)
			}
		}
	}()
}
