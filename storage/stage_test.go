package storage_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// stagedDocuments returns n Prepared documents, each with its own text.
func stagedDocuments(t testing.TB, prefix string, n int) []*annotate.Document {
	t.Helper()
	docs := make([]*annotate.Document, n)
	for i := range docs {
		docs[i] = testDocument(t, fmt.Sprintf("%s %d", prefix, i), 3+i%5)
	}
	return docs
}

// assertInvisible fails unless the project shows none of docs.
func assertInvisible(t *testing.T, s *storage.Store, docs []*annotate.Document) {
	t.Helper()
	list, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range list {
		seen[d.ID] = true
	}
	for _, d := range docs {
		if seen[d.ID] {
			t.Errorf("document %s is listed before the import committed", d.ID)
		}
		if _, err := s.Document(d.ID); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("Document(%s) before the commit: %v, want ErrNotFound", d.ID, err)
		}
		if _, err := s.DocumentByHash(d.Hash); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("DocumentByHash of %s before the commit: %v, want ErrNotFound", d.ID, err)
		}
	}
}

// assertStored fails unless every one of docs reads back as given.
func assertStored(t *testing.T, s *storage.Store, docs []*annotate.Document) {
	t.Helper()
	for _, d := range docs {
		got, err := s.Document(d.ID)
		if err != nil {
			t.Fatalf("document %s: %v", d.ID, err)
		}
		sameJSON(t, "document "+d.ID, got.Segments, d.Segments)
		if got.Title != d.Title || got.Hash != d.Hash {
			t.Errorf("document %s: title %q hash %s, want %q %s", d.ID, got.Title, got.Hash, d.Title, d.Hash)
		}
		if id, err := s.DocumentByHash(d.Hash); err != nil || id != d.ID {
			t.Errorf("DocumentByHash of %s: %q, %v", d.ID, id, err)
		}
	}
}

func assertNoStaging(t *testing.T, s *storage.Store) {
	t.Helper()
	if n, err := s.StagedImports(); err != nil || n != 0 {
		t.Errorf("%d imports left in the staging bucket (%v), want none", n, err)
	}
}

func TestStagedImportShowsNothingUntilCommit(t *testing.T) {
	s, _ := openStore(t)
	docs := stagedDocuments(t, "Teil", 30)
	st, err := s.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	for part := range 3 {
		if err := st.Add(docs[part*10 : part*10+10]); err != nil {
			t.Fatal(err)
		}
		assertInvisible(t, s, docs)
	}
	rep, err := st.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if rep.DocumentsAdded != 30 || len(rep.DocumentsSkipped) != 0 {
		t.Errorf("report %+v, want 30 added", rep)
	}
	assertStored(t, s, docs)
	list, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 30 {
		t.Errorf("%d documents listed, want 30", len(list))
	}
	assertNoStaging(t, s)
	s = reopen(t, s)
	assertStored(t, s, docs)
	if err := s.Check(); err != nil {
		t.Error(err)
	}
	// A staged document can be annotated like any other once committed.
	a := annotate.Annotation{DocumentID: docs[7].ID, SegmentID: docs[7].Segments[2].ID, Start: 0, End: 6, Label: "PER"}
	if err := s.AddAnnotation(&a); err != nil {
		t.Fatal(err)
	}
}

func TestStagedImportSkipsWhatIsThereAndRefusesATakenID(t *testing.T) {
	s, _ := openStore(t)
	docs := stagedDocuments(t, "Doppelt", 4)
	if err := s.AddDocuments(docs[0]); err != nil {
		t.Fatal(err)
	}
	st, err := s.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Add(docs[:2]); err != nil {
		t.Fatal(err)
	}
	copyOf1 := *docs[1]
	copyOf1.ID = annotate.NewID()
	if err := st.Add([]*annotate.Document{docs[1], &copyOf1, docs[2]}); err != nil {
		t.Fatal(err)
	}
	// docs[3] enters the project while the import is under way.
	if err := s.AddDocuments(docs[3]); err != nil {
		t.Fatal(err)
	}
	if err := st.Add(docs[3:]); err != nil {
		t.Fatal(err)
	}
	rep, err := st.Commit()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{docs[0].Title, docs[1].Title, docs[1].Title, docs[3].Title}
	if rep.DocumentsAdded != 2 || strings.Join(rep.DocumentsSkipped, "|") != strings.Join(want, "|") {
		t.Errorf("report %+v, want 2 added and %q skipped", rep, want)
	}
	assertStored(t, s, docs)

	st, err = s.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	other := testDocument(t, "Anderer Text", 2)
	other.ID = docs[2].ID
	err = st.Add([]*annotate.Document{other})
	if !errors.Is(err, annotate.ErrDuplicate) {
		t.Errorf("a staged document whose id the project has for another text: %v, want ErrDuplicate", err)
	}
	if err := st.Abort(); err != nil {
		t.Fatal(err)
	}
	assertNoStaging(t, s)
}

// TestStagedImportAbortedLeavesNothing: after Abort, and after an Add that
// fails, the project is as before, and the same documents import again
// without being taken for duplicates.
func TestStagedImportAbortedLeavesNothing(t *testing.T) {
	s, _ := openStore(t)
	docs := stagedDocuments(t, "Abbruch", 12)
	st, err := s.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Add(docs[:6]); err != nil {
		t.Fatal(err)
	}
	bad := testDocument(t, "Kaputt", 1)
	bad.Hash = "not the hash"
	if err := st.Add([]*annotate.Document{docs[6], bad}); !errors.Is(err, annotate.ErrInvalid) {
		t.Fatalf("Add of a document with a wrong hash: %v, want ErrInvalid", err)
	}
	if err := st.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	assertInvisible(t, s, docs)
	assertNoStaging(t, s)

	st, err = s.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Add(docs); err != nil {
		t.Fatal(err)
	}
	rep, err := st.Commit()
	if err != nil || rep.DocumentsAdded != 12 {
		t.Fatalf("import again after the abort: %+v, %v; want 12 added", rep, err)
	}
	assertStored(t, s, docs)
}

// TestKilledStagedImportLeavesProjectAsBefore kills a process in the
// middle of a staged import, after a varying number of its parts were
// committed to the file, and at random moments around its last
// transaction. After each kill the file passes bbolt's check, and the
// project holds all of the import (if the process got to say so, or
// possibly if killed after the commit but before saying it) or none of it;
// Open removes what the import staged; the same documents then import
// without being taken for duplicates.
func TestKilledStagedImportLeavesProjectAsBefore(t *testing.T) {
	s, path := openStore(t)
	keep := testDocument(t, "Bleibt", 2)
	if err := s.AddDocuments(keep); err != nil {
		t.Fatal(err)
	}
	s.Close()

	const parts, perPart = 6, 40
	for round := range parts + 4 {
		cmd := helper("stage", "NEWSMARK_STORAGE_DB="+path, "NEWSMARK_STORAGE_ROUND="+strconv.Itoa(round),
			fmt.Sprintf("NEWSMARK_STORAGE_PARTS=%d,%d", parts, perPart))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		// Rounds 0-5 kill after that many parts were added; later rounds
		// after all parts, a few milliseconds into the commit.
		stopAfter := fmt.Sprintf("added %d", min(round, parts))
		committed := false
		timeout := time.After(60 * time.Second)
	wait:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					break wait
				}
				if strings.HasPrefix(line, "error") {
					t.Fatalf("round %d: helper: %s", round, line)
				}
				if line == "committed" {
					committed = true
				}
				if line == stopAfter {
					if round >= parts {
						time.Sleep([]time.Duration{0, 3, 10, 30}[round-parts] * time.Millisecond)
					}
					break wait
				}
			case <-timeout:
				cmd.Process.Kill()
				t.Fatalf("round %d: helper did not get to %q", round, stopAfter)
			}
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		for line := range lines {
			if line == "committed" {
				committed = true
			}
		}
		cmd.Wait()

		checkBolt(t, path)
		s, err := storage.Open(path)
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		assertNoStaging(t, s)
		list, err := s.Documents()
		if err != nil {
			t.Fatal(err)
		}
		n := len(list) - 1 // keep
		if n != 0 && n != parts*perPart {
			t.Errorf("round %d: %d documents of the killed import are in the project, want all %d or none", round, n, parts*perPart)
		}
		if committed && n == 0 {
			t.Errorf("round %d: the import said it committed, but none of it is in the project", round)
		}
		if round < parts && n != 0 {
			t.Errorf("round %d: killed before the commit, yet %d documents are in the project", round, n)
		}
		if err := s.Check(); err != nil {
			t.Errorf("round %d: %v", round, err)
		}
		// Start again from the project as it was, for the next round.
		ids := make([]string, 0, len(list))
		for _, d := range list {
			if d.ID != keep.ID {
				ids = append(ids, d.ID)
			}
		}
		if len(ids) > 0 {
			if err := s.DeleteDocuments(ids...); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
		if t.Failed() {
			return
		}
	}

	// The documents the killed rounds staged import in full.
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs := helperStageDocuments(parts * perPart)
	st, err := s.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Add(docs); err != nil {
		t.Fatal(err)
	}
	if rep, err := st.Commit(); err != nil || rep.DocumentsAdded != len(docs) {
		t.Fatalf("import after the kills: %+v, %v; want %d added", rep, err, len(docs))
	}
}

// helperStageDocuments returns the documents the "stage" helper imports,
// the same in every process.
func helperStageDocuments(n int) []*annotate.Document {
	docs := make([]*annotate.Document, n)
	for i := range docs {
		d := &annotate.Document{
			ID:    fmt.Sprintf("staged-%04d", i),
			Title: fmt.Sprintf("Staged %d", i),
			Segments: []annotate.Segment{
				{Kind: annotate.KindHeadline, Text: fmt.Sprintf("Staged %d", i)},
				{Kind: annotate.KindBody, Text: strings.Repeat(fmt.Sprintf("Satz %d über die Reform. ", i), 40+i%60)},
			},
		}
		if err := d.Prepare(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			panic(err)
		}
		docs[i] = d
	}
	return docs
}

// helperStage imports helperStageDocuments in parts, saying "added N"
// after each part's transaction and "committed" after the last, then waits
// to be killed (at most 30 s).
func helperStage(path string) {
	var parts, perPart int
	fmt.Sscanf(os.Getenv("NEWSMARK_STORAGE_PARTS"), "%d,%d", &parts, &perPart)
	s, err := storage.Open(path, storage.Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	docs := helperStageDocuments(parts * perPart)
	st, err := s.BeginImport()
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("added 0")
	for p := range parts {
		if err := st.Add(docs[p*perPart : (p+1)*perPart]); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("added", p+1)
	}
	if _, err := st.Commit(); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("committed")
	time.Sleep(30 * time.Second)
	os.Exit(0)
}
