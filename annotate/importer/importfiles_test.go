package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

func documentCount(t *testing.T, s annotate.Store) int {
	t.Helper()
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	return len(docs)
}

func TestImportFilesImportsEveryFormat(t *testing.T) {
	store := openStore(t)
	dir := t.TempDir()
	paths := []string{
		seedPath(t),
		fixturePath(t, "trafilatura__netzpolitik.org.abmahnungen.html"),
		writeFile(t, dir, "corpus.jsonl", `{"title": "Eins", "text": "Erster Text."}`+"\n"+`{"title": "Zwei", "text": "Zweiter Text.", "comments": [{"author": "anna", "text": "Gut."}]}`+"\n"),
		writeFile(t, dir, "corpus.json", `[{"title": "Drei", "text": "Dritter Text."}]`),
		writeFile(t, dir, "corpus.csv", "title,text,comment_author,comment_text\nVier,Vierter Text.,bert,Ja.\nVier,Vierter Text.,carl,Nein.\n"),
	}
	var progress []importer.Progress
	results := importer.ImportFiles(context.Background(), store, paths, testOptions(), func(p importer.Progress) { progress = append(progress, p) })
	if len(results) != len(paths) {
		t.Fatalf("%d results for %d files", len(results), len(paths))
	}
	wantFormats := []importer.Format{importer.Text, importer.HTML, importer.JSONL, importer.JSON, importer.CSV}
	wantDocs := []int{1, 1, 2, 1, 1}
	for i, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.File, r.Err)
			continue
		}
		if r.Format != wantFormats[i] || len(r.Documents) != wantDocs[i] {
			t.Errorf("%s: format %s, %d documents; want %s, %d", r.File, r.Format, len(r.Documents), wantFormats[i], wantDocs[i])
		}
	}
	if got := documentCount(t, store); got != 6 {
		t.Errorf("project has %d documents, want 6", got)
	}
	seed := results[0].Documents[0]
	if seed.Comments != 5 || seed.Segments != 13 {
		t.Errorf("seed result = %+v, want 13 segments (the subheading apart) with 5 comments", seed)
	}
	stored, err := store.Document(seed.ID)
	if err != nil || stored.CommentCount() != 5 || stored.Meta["comments_total"] != "31" || stored.Source != "000_e9a8672a2279b0f2.txt" {
		t.Errorf("stored seed: %v, err %v", stored, err)
	}
	last := progress[len(progress)-1]
	if last.FilesDone != len(paths) || last.Files != len(paths) || last.BytesDone != last.Bytes || last.Fraction() != 1 {
		t.Errorf("last progress = %+v", last)
	}
	var out bytes.Buffer
	failed, err := importer.WriteReport(&out, results)
	if err != nil || failed != 0 {
		t.Fatalf("WriteReport: %d failed, %v", failed, err)
	}
	report := out.String()
	for _, want := range []string{
		`imported  ` + paths[0] + `  "USA und Russland Geheimdienste wollen im Kampf gegen IS kooperieren" (13 segments, 5 comments)`,
		`imported  ` + paths[2] + `:2  "Zwei" (3 segments, 1 comment)`,
		`"Die Cider Connection: Abmahnungen gegen Nutzer von Creative-Commons-Bildern" (90 segments, 74 comments)`,
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	// The seed page and the netzpolitik page hold fewer comments than they
	// announce: the report and the summary say so, one line each.
	for _, want := range []string{
		`000_e9a8672a2279b0f2.txt  "USA und Russland Geheimdienste wollen im Kampf gegen IS kooperieren": found 5 of the 31 comments the page announces`,
		`found 74 of the 91 comments the page announces`,
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	want := "Imported 6 documents (82 comments) from 5 files.\n" +
		"\"USA und Russland Geheimdienste wollen im Kampf gegen IS kooperieren\": found 5 of the 31 comments the page announces.\n" +
		"\"Die Cider Connection: Abmahnungen gegen Nutzer von Creative-Commons-Bildern\": found 74 of the 91 comments the page announces."
	if got := importer.Summarize(results).String(); got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

func TestImportFilesSkipsPagesAlreadyInTheProject(t *testing.T) {
	store := openStore(t)
	dir := t.TempDir()
	jsonl := writeFile(t, dir, "c.jsonl", `{"title": "Eins", "text": "Erster Text."}`+"\n"+`{"title": "Eins", "text": "Erster Text."}`+"\n")
	first := importer.ImportFiles(context.Background(), store, []string{seedPath(t), jsonl}, testOptions(), nil)
	if first[0].Err != nil || first[1].Err != nil {
		t.Fatal(first[0].Err, first[1].Err)
	}
	if len(first[1].Documents) != 1 || len(first[1].Skipped) != 1 || first[1].Skipped[0].Reason != "same content as line 1 of this file" || first[1].Skipped[0].Line != 2 {
		t.Errorf("a repeated line in one file: %+v", first[1])
	}
	again := importer.ImportFiles(context.Background(), store, []string{seedPath(t), jsonl}, testOptions(), nil)
	for i, r := range again {
		if r.Err != nil || len(r.Documents) != 0 || len(r.Skipped) == 0 {
			t.Fatalf("re-import %s = %+v", r.File, r)
		}
		if r.Skipped[0].Reason != "already in the project" || r.Skipped[0].ExistingID != first[i].Documents[0].ID {
			t.Errorf("re-import %s skip = %+v, want the existing document %s", r.File, r.Skipped[0], first[i].Documents[0].ID)
		}
	}
	if got := documentCount(t, store); got != 2 {
		t.Errorf("project has %d documents after re-import, want 2", got)
	}
	pasted := importer.ImportText(context.Background(), store, "", readFile(t, seedPath(t)), testOptions())
	if pasted.Err != nil || len(pasted.Skipped) != 1 || pasted.File != "clipboard" {
		t.Errorf("pasting the seed again = %+v", pasted)
	}
	var out bytes.Buffer
	importer.WriteReport(&out, again)
	if !strings.Contains(out.String(), `skipped   `+seedPath(t)+`  "USA und Russland`) || !strings.Contains(out.String(), ": already in the project") {
		t.Errorf("report:\n%s", out.String())
	}
}

func TestImportFilesIsAllOrNothingPerFile(t *testing.T) {
	store := openStore(t)
	dir := t.TempDir()
	good := writeFile(t, dir, "good.jsonl", `{"title": "Gut", "text": "Guter Text."}`+"\n")
	bad := writeFile(t, dir, "bad.jsonl", `{"title": "A", "text": "a"}`+"\n"+`{"title": "B", "text": "b"}`+"\n"+`{"title": "C", "text": c}`+"\n")
	binary := writeFile(t, dir, "scan.txt", "%PDF-1.4 ...")
	empty := writeFile(t, dir, "empty.csv", "")
	nocols := writeFile(t, dir, "nocols.csv", "a,b\n1,2\n")
	missing := filepath.Join(dir, "missing.txt")
	results := importer.ImportFiles(context.Background(), store, []string{bad, good, binary, empty, nocols, missing}, testOptions(), nil)
	if results[1].Err != nil || len(results[1].Documents) != 1 {
		t.Errorf("good file = %+v", results[1])
	}
	for _, i := range []int{0, 2, 3, 4, 5} {
		if results[i].Err == nil || len(results[i].Documents) != 0 {
			t.Errorf("%s = %+v, want a failure with no documents", results[i].File, results[i])
		}
	}
	wantParseError(t, results[0].Err, importer.ErrSyntax, 3, 24, "bad.jsonl line 3, column 24")
	if got := documentCount(t, store); got != 1 {
		t.Errorf("project has %d documents, want only the good file's", got)
	}
	var out bytes.Buffer
	failed, _ := importer.WriteReport(&out, results)
	if failed != 5 || !strings.Contains(out.String(), "failed    "+bad+" line 3, column 24: malformed JSON") {
		t.Errorf("%d failed; report:\n%s", failed, out.String())
	}

	t.Run("a failing transaction stores nothing", func(t *testing.T) {
		boom := errors.New("disk full")
		res := importer.ImportFiles(context.Background(), failingStore{Store: store, err: boom}, []string{seedPath(t)}, testOptions(), nil)
		if !errors.Is(res[0].Err, boom) || len(res[0].Documents) != 0 {
			t.Errorf("result = %+v", res[0])
		}
		if got := documentCount(t, store); got != 1 {
			t.Errorf("project has %d documents", got)
		}
	})
}

func TestImportFilesStopsWhenCancelled(t *testing.T) {
	store := openStore(t)
	dir := t.TempDir()
	var b strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&b, `{"title": "Dokument %d", "text": "Text %d."}`+"\n", i, i)
	}
	big := writeFile(t, dir, "big.jsonl", b.String())
	later := writeFile(t, dir, "later.jsonl", `{"text": "später"}`)
	ctx, cancel := context.WithCancel(context.Background())
	results := importer.ImportFiles(ctx, store, []string{big, later}, testOptions(), func(p importer.Progress) {
		if p.Documents > 0 {
			cancel()
		}
	})
	for _, r := range results {
		if !errors.Is(r.Err, importer.ErrCancelled) || !errors.Is(r.Err, context.Canceled) || len(r.Documents) != 0 {
			t.Errorf("%s = %+v, want cancelled", r.File, r)
		}
	}
	if got := documentCount(t, store); got != 0 {
		t.Errorf("project has %d documents after a cancelled import, want 0", got)
	}
}

func TestImportFilesPairsArticlesAndCommentsCSV(t *testing.T) {
	store := openStore(t)
	dir := t.TempDir()
	articles := writeFile(t, dir, "articles.csv", "doc_id,title,text\na1,Erster,Text eins.\na2,Zweiter,Text zwei.\n")
	commentsCSV := writeFile(t, dir, "comments.csv", "doc_id,comment_author,comment_text\na2,anna,Zu zwei.\na1,bert,Zu eins.\n")
	results := importer.ImportFiles(context.Background(), store, []string{commentsCSV, articles}, testOptions(), nil)
	if len(results) != 1 || results[0].Err != nil || results[0].Articles != articles || len(results[0].Documents) != 2 {
		t.Fatalf("results = %+v", results)
	}
	if d := results[0].Documents[1]; d.Title != "Zweiter" || d.Comments != 1 {
		t.Errorf("second document = %+v", d)
	}
}

func TestImportTextIsTheClipboardImport(t *testing.T) {
	store := openStore(t)
	res := importer.ImportText(context.Background(), store, "", "Neue Brücke eröffnet\n\nNach vier Jahren Bauzeit ist die neue Brücke freigegeben worden, sagte der Bürgermeister am Montag.\n\nDer alte Übergang wird abgerissen.", testOptions())
	if res.Err != nil || len(res.Documents) != 1 || res.Documents[0].Title != "Neue Brücke eröffnet" {
		t.Fatalf("result = %+v", res)
	}
	doc, err := store.Document(res.Documents[0].ID)
	if err != nil || doc.Source != "clipboard" {
		t.Errorf("stored %v, %v", doc, err)
	}
	if res := importer.ImportText(context.Background(), store, "", "   ", testOptions()); !errors.Is(res.Err, importer.ErrEmpty) {
		t.Errorf("empty clipboard: %v", res.Err)
	}
}

func TestImportReaderStoresOneInput(t *testing.T) {
	store := openStore(t)
	res := importer.ImportReader(context.Background(), store, "drop.jsonl", strings.NewReader(`{"title": "X", "text": "Y."}`), testOptions())
	if res.Err != nil || len(res.Documents) != 1 || res.Format != importer.JSONL {
		t.Fatalf("result = %+v", res)
	}
}
