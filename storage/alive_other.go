//go:build !unix

package storage

import "os"

// processAlive reports whether a process with the id runs, as far as the
// system tells (on Windows FindProcess fails for a process that is gone).
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
