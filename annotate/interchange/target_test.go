package interchange

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWriteFileCleansWhatAKilledExportLeft leaves the temporary files of
// earlier exports beside the target, as exports killed before their rename
// do, and checks that the next export to that place removes those of
// processes that no longer run and old ones, and keeps every other file.
func TestWriteFileCleansWhatAKilledExportLeft(t *testing.T) {
	dir := t.TempDir()
	const gone = 2147483646 // no process has this id
	old := time.Now().Add(-48 * time.Hour)
	files := []struct {
		name  string
		age   time.Time
		dir   bool
		stays bool
	}{
		{fmt.Sprintf(".out.json.%d-123456.tmp", gone), time.Now(), false, false}, // killed export
		{fmt.Sprintf(".out.json.%d-99.tmp", gone), time.Now(), true, false},      // killed brat export (a directory)
		{".out.json.1-777.tmp", old, false, false},                               // an old one, its id in use again
		{".out.json.1-778.tmp", time.Now(), false, true},                         // an export running now in process 1
		{fmt.Sprintf(".other.json.%d-1.tmp", gone), time.Now(), false, true},     // another target's
		{".out.json.notes.tmp", old, false, true},                                // not a name of ours
		{"out.json.bak", old, false, true},                                       // the user's
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if f.dir {
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(p, "a.txt"), "x")
		} else {
			writeFile(t, p, "half an export")
		}
		if err := os.Chtimes(p, f.age, f.age); err != nil {
			t.Fatal(err)
		}
	}
	target := filepath.Join(dir, "out.json")
	if _, err := WriteFile(context.Background(), sampleProject(t), target, ExportOptions{Format: FormatJSON}, nil); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var have []string
	for _, e := range entries {
		have = append(have, e.Name())
	}
	for _, f := range append(files, struct {
		name  string
		age   time.Time
		dir   bool
		stays bool
	}{name: "out.json", stays: true}) {
		if got := slices.Contains(have, f.name); got != f.stays {
			t.Errorf("%s: present %t after the export, want %t", f.name, got, f.stays)
		}
	}
}

// TestWriteFileOverWhatIsThere checks what an export does to the file at
// its target: an ordinary file is replaced and keeps its mode; a read-only
// file is refused and left as it was; a symbolic link is replaced by the
// file, with a note that says so, and its target is left as it was; and a
// failure names the target, never the temporary file.
func TestWriteFileOverWhatIsThere(t *testing.T) {
	ctx := context.Background()
	opts := ExportOptions{Format: FormatJSON}

	t.Run("ordinary file keeps its mode", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "out.json")
		writeFile(t, target, "old")
		if err := os.Chmod(target, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := WriteFile(ctx, sampleProject(t), target, opts, nil); err != nil {
			t.Fatal(err)
		}
		info, _ := os.Stat(target)
		if info.Mode().Perm() != 0o644 || info.Size() < 100 {
			t.Errorf("after the export: mode %v, %d bytes; want 0644 and the export", info.Mode().Perm(), info.Size())
		}
	})

	t.Run("read-only file is refused", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "out.json")
		writeFile(t, target, "keep me")
		if err := os.Chmod(target, 0o444); err != nil {
			t.Fatal(err)
		}
		_, err := WriteFile(ctx, sampleProject(t), target, opts, nil)
		if !errors.Is(err, ErrTargetReadOnly) || !strings.Contains(err.Error(), target) {
			t.Errorf("export over a read-only file: %v, want ErrTargetReadOnly naming it", err)
		}
		if b, _ := os.ReadFile(target); string(b) != "keep me" {
			t.Errorf("the read-only file now holds %.40q", b)
		}
	})

	t.Run("symbolic link is replaced and said so", func(t *testing.T) {
		dir := t.TempDir()
		dest := filepath.Join(dir, "elsewhere.json")
		writeFile(t, dest, "the link's target")
		target := filepath.Join(dir, "out.json")
		if err := os.Symlink(dest, target); err != nil {
			t.Fatal(err)
		}
		rep, err := WriteFile(ctx, sampleProject(t), target, opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		if info, _ := os.Lstat(target); !info.Mode().IsRegular() {
			t.Errorf("%s is %v after the export, want a regular file", target, info.Mode())
		}
		if b, _ := os.ReadFile(dest); string(b) != "the link's target" {
			t.Errorf("the link's target now holds %.40q", b)
		}
		if !slices.ContainsFunc(rep.Warnings, func(w string) bool { return strings.Contains(w, "symbolic link") && strings.Contains(w, dest) }) {
			t.Errorf("warnings %q do not say that the link was replaced", rep.Warnings)
		}
	})

	t.Run("errors name the target", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "missing-dir", "out.json")
		_, err := WriteFile(ctx, sampleProject(t), target, opts, nil)
		if err == nil || !strings.Contains(err.Error(), target) || strings.Contains(err.Error(), ".tmp") {
			t.Errorf("export into a missing directory: %v; want the target named and no temporary file", err)
		}
	})
}
