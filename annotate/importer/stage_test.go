package importer_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
	"github.com/newsmark/newsmark/storage"
)

// countingStore is a real store whose staged imports count their parts
// and can run a function after a given part.
type countingStore struct {
	*storage.Store
	parts   int
	after   int    // call onPart after this part (0: never)
	onPart  func() // e.g. cancel the import
	commits int
}

func (c *countingStore) BeginImport() (annotate.ImportStage, error) {
	st, err := c.Store.BeginImport()
	if err != nil {
		return nil, err
	}
	return &countingStage{ImportStage: st, c: c}, nil
}

type countingStage struct {
	annotate.ImportStage
	c *countingStore
}

func (s *countingStage) Add(docs []*annotate.Document) error {
	if err := s.ImportStage.Add(docs); err != nil {
		return err
	}
	s.c.parts++
	if s.c.parts == s.c.after && s.c.onPart != nil {
		s.c.onPart()
	}
	return nil
}

func (s *countingStage) Commit() (annotate.ImportReport, error) {
	s.c.commits++
	return s.ImportStage.Commit()
}

// jsonlCorpus returns n JSONL documents of about 2 KB of text each; the
// line given as bad (from 1) is broken JSON.
func jsonlCorpus(n, bad int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i == bad {
			b.WriteString(`{"title": "Kaputt", "text": oops}` + "\n")
			continue
		}
		fmt.Fprintf(&b, `{"title": "Dokument %d", "text": "%s", "comments": [{"author": "leser", "text": "Kommentar %d."}]}`+"\n",
			i, strings.Repeat(fmt.Sprintf("Satz %d über die Reform. ", i), 80), i)
	}
	return b.String()
}

func TestImportFilesStoresALargeFileInPartsAllAtOnce(t *testing.T) {
	defer importer.SetStageBytes(16 << 10)()
	store := &countingStore{Store: openStore(t)}
	path := writeFile(t, t.TempDir(), "corpus.jsonl", jsonlCorpus(200, 0))
	res := importer.ImportFiles(context.Background(), store, []string{path}, testOptions(), nil)
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	if len(res[0].Documents) != 200 || store.commits != 1 || store.parts < 10 {
		t.Errorf("%d documents imported in %d parts, %d commits; want 200 in many parts, one commit", len(res[0].Documents), store.parts, store.commits)
	}
	for i, d := range res[0].Documents {
		if d.Line != i+1 || d.Title != fmt.Sprintf("Dokument %d", i+1) || d.Comments != 1 {
			t.Fatalf("document %d reported as %+v", i, d)
		}
		got, err := store.Document(d.ID)
		if err != nil || got.Title != d.Title || len(got.Segments) != d.Segments {
			t.Fatalf("document %d in the project: %v, %v", i, got, err)
		}
	}
	if got := documentCount(t, store); got != 200 {
		t.Errorf("project has %d documents, want 200", got)
	}
	// A second import of the same file finds every document already there.
	res = importer.ImportFiles(context.Background(), store, []string{path}, testOptions(), nil)
	if res[0].Err != nil || len(res[0].Documents) != 0 || len(res[0].Skipped) != 200 {
		t.Errorf("import again: %v, %d imported, %d skipped; want 200 skipped", res[0].Err, len(res[0].Documents), len(res[0].Skipped))
	}
}

// TestImportFilesInPartsIsAllOrNothing: a file whose import fails or is
// cancelled after several parts were stored leaves the project as it was,
// and imports in full afterwards, not refused as a duplicate.
func TestImportFilesInPartsIsAllOrNothing(t *testing.T) {
	defer importer.SetStageBytes(16 << 10)()
	dir := t.TempDir()
	good := writeFile(t, dir, "good.jsonl", jsonlCorpus(120, 0))
	for _, tc := range []struct {
		name    string
		file    string
		cancel  bool
		wantErr func(error) bool
	}{
		{"a bad line after some parts", writeFile(t, dir, "bad.jsonl", jsonlCorpus(120, 110)),
			false, func(err error) bool {
				return errors.Is(err, importer.ErrSyntax) && strings.Contains(err.Error(), "line 110")
			}},
		{"cancelled after some parts", good,
			true, func(err error) bool { return errors.Is(err, importer.ErrCancelled) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := &countingStore{Store: openStore(t)}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancel {
				store.after, store.onPart = 3, cancel
			}
			res := importer.ImportFiles(ctx, store, []string{tc.file}, testOptions(), nil)
			if !tc.wantErr(res[0].Err) || len(res[0].Documents) != 0 {
				t.Fatalf("result %v with %d documents", res[0].Err, len(res[0].Documents))
			}
			if store.parts < 3 || store.commits != 0 {
				t.Errorf("%d parts stored and %d commits before the failure; the test needs at least 3 parts and no commit", store.parts, store.commits)
			}
			if got := documentCount(t, store); got != 0 {
				t.Errorf("project has %d documents after the failed import, want 0", got)
			}
			res = importer.ImportFiles(context.Background(), store, []string{good}, testOptions(), nil)
			if res[0].Err != nil || len(res[0].Documents) != 120 || len(res[0].Skipped) != 0 {
				t.Errorf("import after the failure: %v, %d imported, %d skipped; want 120 imported", res[0].Err, len(res[0].Documents), len(res[0].Skipped))
			}
		})
	}
}

// TestImport50MBIntoProjectStaysUnder3Copies imports a 50 MB JSONL file
// into a real bbolt project, as `newsmark import` does, and holds the peak
// heap (runtime/metrics, garbage not yet collected included) under 3 times
// the file. Before the import was staged in parts it was 6.4 times.
func TestImport50MBIntoProjectStaysUnder3Copies(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.jsonl")
	size := writeJSONL(t, path, 0, 20, 50<<20)
	store, err := storage.Open(filepath.Join(dir, "project.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	start := time.Now()
	var res []importer.Result
	peak := peakHeap(func() {
		res = importer.ImportFiles(context.Background(), store, []string{path}, importer.Options{}, nil)
	})
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	t.Logf("%.1f MB, %d documents in %v; peak heap %.1f MB (%.2f× the file)", float64(size)/(1<<20), len(res[0].Documents),
		time.Since(start).Round(time.Millisecond), float64(peak)/(1<<20), float64(peak)/float64(size))
	if got := documentCount(t, store); got != len(res[0].Documents) || got < 7000 {
		t.Errorf("project has %d documents, result %d", got, len(res[0].Documents))
	}
	if float64(peak) > 3*float64(size) {
		t.Errorf("peak heap %.1f MB is %.2f× the %.1f MB file, want at most 3×", float64(peak)/(1<<20), float64(peak)/float64(size), float64(size)/(1<<20))
	}
}

// A large corpus with label columns keeps its labels (stored with their
// documents in one transaction, so not in parts), and one in parts keeps
// the warnings of documents stored in earlier parts.
func TestAStagedCorpusKeepsItsLabelsAndWarnings(t *testing.T) {
	defer importer.SetStageBytes(16 << 10)()
	var b strings.Builder
	b.WriteString("doc_id,title,text,comment_id,parent_id,comment_text,Sub3\n")
	for i := 1; i <= 60; i++ {
		body := strings.Repeat(fmt.Sprintf("Satz %d über die Reform. ", i), 60)
		fmt.Fprintf(&b, "%d,Dokument %d,%s,%d1,,Erster Kommentar.,1\n", i, i, body, i)
		fmt.Fprintf(&b, "%d,Dokument %d,%s,%d2,%d9,Antwort ohne Vorgänger.,0\n", i, i, body, i, i)
	}
	path := writeFile(t, t.TempDir(), "corpus.csv", b.String())

	store := &countingStore{Store: openStore(t)}
	opts := testOptions()
	opts.LabelColumns = []string{"Sub3"}
	res := importer.ImportFiles(context.Background(), store, []string{path}, opts, nil)
	if res[0].Err != nil || len(res[0].Documents) != 60 {
		t.Fatalf("import: %v, %d documents", res[0].Err, len(res[0].Documents))
	}
	if store.parts != 0 {
		t.Errorf("%d parts: a file with label columns is stored in one transaction", store.parts)
	}
	labels, err := store.SegmentLabels(res[0].Documents[59].ID)
	if err != nil || len(labels) != 2 {
		t.Errorf("labels of the last document = %v, %v; want its 2 comment labels", labels, err)
	}

	store = &countingStore{Store: openStore(t)}
	res = importer.ImportFiles(context.Background(), store, []string{path}, testOptions(), nil)
	if res[0].Err != nil || len(res[0].Documents) != 60 {
		t.Fatalf("import without label columns: %v, %d documents", res[0].Err, len(res[0].Documents))
	}
	if store.parts < 2 {
		t.Errorf("%d parts: the test needs a file stored in parts", store.parts)
	}
	if len(res[0].Warnings) != 60 {
		t.Errorf("%d warnings, want one per orphan reply, parts stored early included", len(res[0].Warnings))
	}
}
