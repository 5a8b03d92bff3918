//go:build !unix

package interchange

import "os"

// processAlive reports whether a process with the id runs, as far as the
// system tells.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
