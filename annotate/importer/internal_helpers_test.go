package importer

import (
	"os"
	"path/filepath"
	"runtime"
)

func readTestdata(name string) (string, error) {
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	return string(b), err
}

// sharedFile returns the path of a file under /work/shared, seen from this
// package's directory.
func sharedFile(parts ...string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(append([]string{filepath.Dir(file), "..", "..", "..", "shared"}, parts...)...)
}
