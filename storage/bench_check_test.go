package storage_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsmark/newsmark/storage"
)

// BenchmarkOpenChecked measures what the check of a project costs when it
// is opened for writing (Open runs bbolt's consistency check over the whole
// file then): a project of 1,000,000 annotations over 10,000 documents (the
// batch of BenchmarkImportMillion, about 500 MB on disk). It reports the
// file size and the time of Open alone, the page cache warm (the project
// was just written) and, where the system lets the test drop the file's
// pages, cold.
func BenchmarkOpenChecked(b *testing.B) {
	path := filepath.Join(b.TempDir(), "million.db")
	s, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Import(millionBatch()); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	var open, check time.Duration
	runs := 0
	for b.Loop() {
		t0 := time.Now()
		s, err := storage.Open(path)
		open += time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		t1 := time.Now()
		if err := s.Check(); err != nil {
			b.Fatal(err)
		}
		check += time.Since(t1)
		s.Close()
		runs++
		b.StartTimer()
	}
	b.ReportMetric(float64(info.Size())/(1<<20), "file-MB")
	b.ReportMetric(open.Seconds()/float64(runs), "open-s")
	b.ReportMetric(check.Seconds()/float64(runs), "check-s")
}
