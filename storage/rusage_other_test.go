//go:build !unix

package storage_test

// cpuSeconds is not measured on this system.
func cpuSeconds() float64 { return 0 }
