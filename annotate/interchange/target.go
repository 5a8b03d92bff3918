package interchange

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// This file looks after the place an export is written to. WriteFile
// writes under a temporary name beside the target, ".NAME.PID-RANDOM.tmp",
// and renames it into place; an export killed before the rename leaves
// that temporary file behind, so each export first removes those an
// earlier one to the same target left: the ones of processes that no
// longer run, and any older than staleAge.

// ErrTargetReadOnly reports an export over a file that is read-only: the
// export refuses to replace it.
var ErrTargetReadOnly = errors.New("the file is read-only")

// staleAge is the age after which a temporary file of an export to the
// same target is removed even if its process id belongs to a running
// process (ids are reused, and another machine's ids mean nothing here).
const staleAge = 24 * time.Hour

// tempPattern is the os.CreateTemp pattern of a temporary file or
// directory for the target named base.
func tempPattern(base string) string {
	return "." + base + "." + strconv.Itoa(os.Getpid()) + "-*.tmp"
}

// cleanStale removes what earlier exports to dir/base left behind.
func cleanStale(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + "."
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".tmp") {
			continue
		}
		mid := strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".tmp")
		pidText, _, ok := strings.Cut(mid, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || strings.ContainsAny(mid, "./") {
			continue // not a name of ours
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		if pid == os.Getpid() || (processAlive(pid) && time.Since(info.ModTime()) < staleAge) {
			continue // an export running now
		}
		os.RemoveAll(filepath.Join(dir, name))
	}
}

// inspectTarget looks at what is at path before an export replaces it. It
// refuses a read-only file, notes in rep that a symbolic link will be
// replaced by the file (its target left as it is), and returns the mode of
// an existing regular file, which the new file keeps (0 if there is none).
func inspectTarget(path string, rep *ExportReport) (fs.FileMode, error) {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("export to %s: %w", path, err)
	case info.Mode()&fs.ModeSymlink != 0:
		dest, _ := os.Readlink(path)
		rep.warnf("%s was a symbolic link to %s: the link is replaced by the exported file, and %s is left as it was", path, dest, dest)
		return 0, nil
	case info.Mode().IsRegular() && info.Mode().Perm()&0o222 == 0:
		return 0, fmt.Errorf("export to %s: %w; make it writable or choose another name", path, ErrTargetReadOnly)
	case info.Mode().IsRegular():
		return info.Mode().Perm(), nil
	}
	return 0, nil
}

// targetError makes an error about the temporary file tmp name the target
// path instead, which is the name the user knows.
func targetError(err error, tmp, path string) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == tmp {
		pe.Path = path
	}
	var le *os.LinkError
	if errors.As(err, &le) && le.Old == tmp {
		return fmt.Errorf("export: cannot put the file in place as %s: %w", path, le.Err)
	}
	if msg := err.Error(); strings.Contains(msg, tmp) {
		return &renamed{err: err, msg: strings.ReplaceAll(msg, tmp, path)}
	}
	return err
}

// renamed is an error whose message names the target instead of a
// temporary file.
type renamed struct {
	err error
	msg string
}

func (r *renamed) Error() string { return r.msg }
func (r *renamed) Unwrap() error { return r.err }
