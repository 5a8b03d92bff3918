package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A project file's lock (bbolt's flock) says that someone holds the file,
// not who. So that a second Newsmark can say whether a window or a command
// holds it, and which process, an opener leaves a note beside the project,
// ".NAME.owner", holding its process id and what it is. The note is a
// courtesy: it is written only where the directory allows it, trusted only
// while the lock is held and its process lives, and removed on Close; one
// left by a killed process is overwritten by the next opener.

// HolderWindow is the Options.Holder of a desktop window.
const HolderWindow = "window"

// InUseError reports a project file that another process holds open; it
// wraps ErrAlreadyOpen. PID is 0 when the holder left no note (another
// program, or an older Newsmark).
type InUseError struct {
	Path   string
	PID    int
	Holder string // HolderWindow, a command name ("export"), or ""
}

func (e *InUseError) Error() string {
	switch {
	case e.PID > 0 && e.Holder == HolderWindow:
		return fmt.Sprintf("open %s: this project is open in another Newsmark window (pid %d); close it there first", e.Path, e.PID)
	case e.PID > 0 && e.Holder != "":
		return fmt.Sprintf("open %s: this project is in use by another Newsmark process (pid %d, newsmark %s); try again when it has finished", e.Path, e.PID, e.Holder)
	case e.PID > 0:
		return fmt.Sprintf("open %s: this project is in use by another Newsmark process (pid %d)", e.Path, e.PID)
	}
	return fmt.Sprintf("open %s: %v", e.Path, ErrAlreadyOpen)
}

func (e *InUseError) Unwrap() error { return ErrAlreadyOpen }

// ownerPath is the name of the note beside path.
func ownerPath(path string) string {
	dir, base := filepath.Split(path)
	return filepath.Join(dir, "."+base+".owner")
}

// writeOwner leaves the note of this process; it reports whether it could.
func writeOwner(path, holder string) bool {
	holder = strings.Map(func(r rune) rune {
		if r < ' ' {
			return -1
		}
		return r
	}, holder)
	note := fmt.Sprintf("%d\n%s\n", os.Getpid(), holder)
	return os.WriteFile(ownerPath(path), []byte(note), 0o600) == nil
}

// readOwner returns the process id and holder of the note beside path, if
// there is one and its process still runs.
func readOwner(path string) (pid int, holder string, ok bool) {
	b, err := os.ReadFile(ownerPath(path))
	if err != nil || len(b) > 512 {
		return 0, "", false
	}
	lines := strings.Split(string(b), "\n")
	pid, err = strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil || pid <= 0 || pid == os.Getpid() || !processAlive(pid) {
		return 0, "", false
	}
	if len(lines) > 1 {
		holder = strings.TrimSpace(lines[1])
	}
	return pid, holder, true
}

// removeOwner removes the note beside path if this process wrote it.
func removeOwner(path string) {
	b, err := os.ReadFile(ownerPath(path))
	if err != nil {
		return
	}
	if first, _, _ := strings.Cut(string(b), "\n"); first == strconv.Itoa(os.Getpid()) {
		os.Remove(ownerPath(path))
	}
}

// inUse builds the error for a lock that Open could not get.
func inUse(path string) error {
	e := &InUseError{Path: path}
	if pid, holder, ok := readOwner(path); ok {
		e.PID, e.Holder = pid, holder
	}
	return e
}
