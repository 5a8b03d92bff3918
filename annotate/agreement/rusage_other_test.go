//go:build !unix

package agreement_test

// cpuSeconds is 0 where getrusage is missing; the benchmark then reports
// wall time only.
func cpuSeconds() float64 { return 0 }
