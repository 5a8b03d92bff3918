package storage_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// studyForMerge builds, once per run, a lead project of 200 documents
// (20 comments each) holding 20,000 annotations of ben, and anna's package
// of all 200 documents with 20,000 annotations, a comment label and a
// status in each document. It returns the lead file as it was before any
// merge and the package.
func studyForMerge(b *testing.B) (lead, pkg string) {
	b.Helper()
	const docs, perDoc = 200, 100
	var pkgPath string
	lead = benchProject(b, "study-lead", func(s *storage.Store) {
		rng := rand.New(rand.NewPCG(20000, 3))
		var ids []string
		spans := func(doc *annotate.Document, who string) []annotate.Annotation {
			anns := make([]annotate.Annotation, perDoc)
			for i := range anns {
				start := rng.IntN(30)
				anns[i] = annotate.Annotation{
					ID: annotate.NewID(), DocumentID: doc.ID, SegmentID: fmt.Sprintf("c%d", 1+rng.IntN(20)),
					Start: start, End: start + 1 + rng.IntN(12), Label: []string{"PER", "ORG", "POL"}[i%3], Annotator: who,
				}
			}
			return anns
		}
		var all []*annotate.Document
		for i := range docs {
			doc := testDocument(b, fmt.Sprintf("Bericht %d", i), 20)
			all = append(all, doc)
			ids = append(ids, doc.ID)
			if _, err := s.Import(&annotate.Batch{Documents: []*annotate.Document{doc}, Annotations: spans(doc, "ben")}); err != nil {
				b.Fatal(err)
			}
		}
		plan := &annotate.PackagePlan{Seed: 1, Coders: []string{"anna"}, Assignments: map[string][]string{"anna": ids}}
		files, err := s.MakePackages(context.Background(), plan, filepath.Join(benchDir, "study-packages"))
		if err != nil {
			b.Fatal(err)
		}
		pkgPath = files[0].Path
		p, err := storage.Open(pkgPath)
		if err != nil {
			b.Fatal(err)
		}
		defer p.Close()
		batch := &annotate.Batch{}
		for _, doc := range all {
			batch.Annotations = append(batch.Annotations, spans(doc, "anna")...)
			batch.SegmentLabels = append(batch.SegmentLabels, annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "toxic", Annotator: "anna"})
		}
		if _, err := p.Import(batch); err != nil {
			b.Fatal(err)
		}
		for _, doc := range all {
			if err := p.SetStatus(doc.ID, "anna", annotate.StatusDone); err != nil {
				b.Fatal(err)
			}
		}
	})
	if pkgPath == "" {
		pkgPath = filepath.Join(benchDir, "study-packages", storage.PackageFileName("anna"))
	}
	return lead, pkgPath
}

// copyInto copies the file at from to a new file in dir.
func copyInto(b *testing.B, from, dir string) string {
	b.Helper()
	src, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	to := filepath.Join(dir, filepath.Base(from))
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
	return to
}

// BenchmarkMergePackage20000 merges a package of 20,000 annotations (200
// documents, each with a comment label and a status) into a lead project
// holding another coder's 20,000: first into a fresh copy of the lead
// project (everything added), then again into one that has it already
// (everything unchanged). Goal: under 2 s (issue 10).
func BenchmarkMergePackage20000(b *testing.B) {
	lead, pkg := studyForMerge(b)
	b.Run("first", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			path := copyInto(b, lead, b.TempDir())
			s, err := storage.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			rep, err := s.MergePackage(context.Background(), pkg)
			b.StopTimer()
			if err != nil || rep.Annotations.Added != 20000 {
				b.Fatalf("merge: %+v, %v", rep, err)
			}
			s.Close()
			b.StartTimer()
		}
	})
	b.Run("again", func(b *testing.B) {
		s, err := storage.Open(copyInto(b, lead, b.TempDir()))
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		if _, err := s.MergePackage(context.Background(), pkg); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for range b.N {
			rep, err := s.MergePackage(context.Background(), pkg)
			if err != nil || rep.Annotations.Unchanged != 20000 {
				b.Fatalf("merge: %+v, %v", rep, err)
			}
		}
	})
}
