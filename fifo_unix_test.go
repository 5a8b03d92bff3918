//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsmark/newsmark/storage"
)

// TestImportReadsANamedPipeOnceWithoutHoldingTheProject imports from a
// named pipe whose writer comes later: while the import waits, the project
// is free; the writer then sends one page and closes, and the import must
// finish (a second open of the pipe would wait for a writer forever) with
// the page imported under the pipe's name.
func TestImportReadsANamedPipeOnceWithoutHoldingTheProject(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	fifo := filepath.Join(dir, "page.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(seedPage)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		code        int
		out, errOut string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := runCLI(t, "--db", db, "import", fifo)
		done <- result{code, out, errOut}
	}()
	// Opening the pipe for writing waits until the import opens it to read.
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(db, storage.Options{Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatalf("the project is held while the import waits for the pipe: %v", err)
	}
	s.Close()
	w.Write(page)
	w.Close()
	select {
	case r := <-done:
		if r.code != 0 || !strings.Contains(r.out, "imported  "+fifo) || !strings.Contains(r.out, "(13 segments, 5 comments)") {
			t.Errorf("import of a named pipe: exit %d: %s %s", r.code, r.out, r.errOut)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the import of a named pipe did not finish: did it open the pipe twice?")
	}
}
