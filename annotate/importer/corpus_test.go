package importer_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

// fullJSONDoc uses every documented field.
const fullJSONDoc = `{"id": "doc-7", "title": "Bahnstreik legt Fernverkehr lahm", "source": "https://example.org/bahnstreik",
 "outlet": "Example Zeitung", "published": "2014-10-15T18:05:00+02:00", "language": "de", "author": "Anna Muster",
 "lead": "Reisende müssen mit Ausfällen rechnen.", "text": "Der Streik beginnt am Mittwoch.\n\nDie Bahn plant einen Notfahrplan.",
 "comments_total": 31, "meta": {"section": "Wirtschaft", "wordcount": 412},
 "comments": [
  {"id": "c-1", "author": "Pendler77", "time": "2014-10-15T14:32:00+02:00", "number": 1, "title": "Schon wieder", "text": "Ich fahre morgen mit dem Auto."},
  {"id": "c-2", "parent_id": "c-1", "author": "KarlOtto", "time": "15.10.2014 14:40", "number": 2, "text": "Und stehen dann im Stau."}
 ]}`

func checkFullDoc(t *testing.T, doc *annotate.Document) {
	t.Helper()
	if doc.Title != "Bahnstreik legt Fernverkehr lahm" || doc.Source != "https://example.org/bahnstreik" || doc.Outlet != "Example Zeitung" || doc.Language != "de" {
		t.Errorf("document = %q %q %q %q", doc.Title, doc.Source, doc.Outlet, doc.Language)
	}
	if !doc.Published.Time.Equal(time.Date(2014, 10, 15, 16, 5, 0, 0, time.UTC)) {
		t.Errorf("published = %v", doc.Published)
	}
	wantMeta := map[string]string{"corpus_id": "doc-7", "comments_total": "31", "section": "Wirtschaft", "wordcount": "412"}
	for k, v := range wantMeta {
		if doc.Meta[k] != v {
			t.Errorf("Meta[%q] = %q, want %q", k, doc.Meta[k], v)
		}
	}
	if got := kinds(doc); !slices.Equal(got, []annotate.SegmentKind{headline, lead, byline, body, comment, comment}) {
		t.Errorf("kinds = %v", got)
	}
	if doc.Segments[3].Text != "Der Streik beginnt am Mittwoch.\n\nDie Bahn plant einen Notfahrplan." {
		t.Errorf("body = %q", doc.Segments[3].Text)
	}
	cs := comments(doc)
	if cs[0].ID != "c-1" || cs[0].Author != "Pendler77" || cs[0].Number != 1 || cs[0].Title != "Schon wieder" ||
		!cs[0].Posted.Time.Equal(time.Date(2014, 10, 15, 12, 32, 0, 0, time.UTC)) || cs[0].Text != "Ich fahre morgen mit dem Auto." {
		t.Errorf("comment 1 = %+v", cs[0])
	}
	if cs[1].ID != "c-2" || cs[1].ReplyTo != "c-1" || !cs[1].Posted.Time.Equal(time.Date(2014, 10, 15, 14, 40, 0, 0, time.UTC)) {
		t.Errorf("comment 2 = %+v", cs[1])
	}
}

func TestReadJSONLReadsEveryField(t *testing.T) {
	in := strings.ReplaceAll(fullJSONDoc, "\n", "") + "\n\n" +
		`{"headline": "Zweiter Text", "url": "https://example.org/2", "site": "Blog", "date": "2014-10-16", "lang": "en", "body": "Body by alias.", "comments": [{"user": "zoe", "created_at": 1413381600, "content": "Nice."}]}` + "\n"
	docs, lines, err := collect(t, "corpus.jsonl", in, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || !slices.Equal(lines, []int{1, 3}) {
		t.Fatalf("%d documents at lines %v, want 2 at [1 3]", len(docs), lines)
	}
	checkFullDoc(t, docs[0])
	alias := docs[1]
	if alias.Title != "Zweiter Text" || alias.Source != "https://example.org/2" || alias.Outlet != "Blog" || alias.Language != "en" ||
		alias.Segments[1].Text != "Body by alias." {
		t.Errorf("aliases: %q %q %q %q %v", alias.Title, alias.Source, alias.Outlet, alias.Language, alias.Segments)
	}
	if c := comments(alias)[0]; c.ID != "c1" || c.Author != "zoe" || c.Text != "Nice." || !c.Posted.Time.Equal(time.Unix(1413381600, 0)) {
		t.Errorf("alias comment = %+v", c)
	}
}

func TestReadJSONShapes(t *testing.T) {
	one := `{"title": "Eins", "text": "Erster Text."}`
	two := `{"title": "Zwei", "segments": [{"kind": "headline", "text": "Zwei"}, {"kind": "caption", "text": "Foto: dpa"}, {"text": "Text."}]}`
	cases := []struct {
		name   string
		in     string
		titles []string
		lines  []int
	}{
		{"one document object", fullJSONDoc, []string{"Bahnstreik legt Fernverkehr lahm"}, []int{1}},
		{"an array of documents", "[\n  " + one + ",\n  " + two + "\n]", []string{"Eins", "Zwei"}, []int{2, 3}},
		{"an object with a documents array", "{\"name\": \"Korpus\",\n \"documents\": [\n" + one + ",\n" + two + "]}", []string{"Eins", "Zwei"}, []int{3, 4}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			docs, lines, err := collect(t, "corpus.json", tc.in, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, d := range docs {
				titles = append(titles, d.Title)
			}
			if !slices.Equal(titles, tc.titles) || !slices.Equal(lines, tc.lines) {
				t.Errorf("titles %q at lines %v, want %q at %v", titles, lines, tc.titles, tc.lines)
			}
			if tc.name == "one document object" {
				checkFullDoc(t, docs[0])
			}
		})
	}
	t.Run("explicit segments keep their kinds", func(t *testing.T) {
		docs, _, err := collect(t, "c.json", two, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		if got := kinds(docs[0]); !slices.Equal(got, []annotate.SegmentKind{headline, caption, body}) {
			t.Errorf("kinds = %v", got)
		}
	})
}

func TestReadJSONKeepsUnknownFields(t *testing.T) {
	in := `{"title": "T", "text": "Text.", "category": "Politik", "tags": ["a", "b"], "comments": [{"text": "x", "likes": 3, "score": 1}]}`
	docs, _, err := collect(t, "c.jsonl", in, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	m := docs[0].Meta
	if m["category"] != "Politik" || m["tags"] != `["a","b"]` {
		t.Errorf("meta = %v", m)
	}
	if c := comments(docs[0])[0]; c.Meta["likes"] != "3" || c.Meta["score"] != "1" || len(c.Meta) != 2 {
		t.Errorf("comment meta = %v, want likes 3 and score 1", c.Meta)
	}
}

const csvHeader = "doc_id,title,source,outlet,published,language,author,lead,text,comments_total,comment_id,parent_id,comment_author,comment_time,comment_number,comment_title,comment_text\n"

func TestReadCSVReadsEveryColumn(t *testing.T) {
	article := `doc-7,Bahnstreik legt Fernverkehr lahm,https://example.org/bahnstreik,Example Zeitung,2014-10-15T18:05:00+02:00,de,Anna Muster,Reisende müssen mit Ausfällen rechnen.,"Der Streik beginnt am Mittwoch.

Die Bahn plant einen Notfahrplan.",31,`
	in := csvHeader +
		article + `c-1,,Pendler77,2014-10-15T14:32:00+02:00,1,Schon wieder,Ich fahre morgen mit dem Auto.` + "\n" +
		`other,Anderer Text,,,,,,,Nur ein Artikel ohne Kommentare.,,,,,,,,` + "\n" +
		article + `c-2,c-1,KarlOtto,15.10.2014 14:40,2,,Und stehen dann im Stau.` + "\n"
	docs, lines, err := collect(t, "comments.csv", in, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	// The first row spans lines 2 to 4 (its text has a blank line).
	if len(docs) != 2 || !slices.Equal(lines, []int{2, 5}) {
		t.Fatalf("%d documents at lines %v, want 2 at [2 5]", len(docs), lines)
	}
	docs[0].Meta["section"], docs[0].Meta["wordcount"] = "Wirtschaft", "412" // not CSV columns
	checkFullDoc(t, docs[0])
	if docs[1].Title != "Anderer Text" || docs[1].CommentCount() != 0 {
		t.Errorf("second document = %q with %d comments", docs[1].Title, docs[1].CommentCount())
	}
}

func TestReadCSVMapsOtherColumnNames(t *testing.T) {
	in := "Artikel-ID;Überschrift;Artikeltext;Nutzer;Zeitpunkt;Kommentar\n" +
		"1;Titel;Der Artikel.;anna;15.10.2014 10:00;Erster!\n" +
		"1;Titel;Der Artikel.;bert;15.10.2014 11:00;Zweiter.\n"
	opts := testOptions()
	for _, m := range []string{"doc_id=Artikel-ID", "title=Überschrift", "text=Artikeltext", "comment_author=Nutzer", "comment_time=Zeitpunkt", "comment_text=Kommentar"} {
		if err := opts.CSV.SetColumn(m); err != nil {
			t.Fatal(err)
		}
	}
	opts.Format = importer.CSV
	docs, _, err := collect(t, "export.csv", in, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Title != "Titel" || docs[0].CommentCount() != 2 || comments(docs[0])[1].Author != "bert" {
		t.Fatalf("docs = %+v", docs)
	}
	if err := opts.CSV.SetColumn("bogus=x"); err == nil {
		t.Error("SetColumn accepted an unknown field")
	}
}

func TestReadCSVWithSeparateArticlesFile(t *testing.T) {
	dir := t.TempDir()
	articles := writeFile(t, dir, "articles.csv", "doc_id,title,text\na1,Erster,Text eins.\na2,Zweiter,Text zwei.\n")
	in := "doc_id,comment_author,comment_text\na2,anna,Zu zwei.\na1,bert,Zu eins.\na2,carl,Auch zu zwei.\n"
	opts := testOptions()
	opts.CSV.Articles = articles
	docs, _, err := collect(t, "comments.csv", in, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Title != "Erster" || docs[0].CommentCount() != 1 || docs[1].CommentCount() != 2 {
		t.Fatalf("docs = %d, first %q", len(docs), docs[0].Title)
	}
	_, _, err = collect(t, "comments.csv", "doc_id,comment_text\nzz,Wohin?\n", opts)
	wantParseError(t, err, importer.ErrField, 2, 0, "comments.csv line 2", `doc_id "zz"`, "articles.csv")
}

func TestCorpusBadInputNamesThePlace(t *testing.T) {
	cases := []struct {
		name     string
		file     string
		in       string
		sentinel error
		line     int
		col      int
		parts    []string
	}{
		{"malformed JSON at line 3", "c.jsonl", `{"title":"a","text":"x"}` + "\n" + `{"title":"b","text":"y"}` + "\n" + `{"title": "c", "text": x}` + "\n",
			importer.ErrSyntax, 3, 24, []string{"c.jsonl line 3, column 24", "malformed JSON", "invalid character 'x'"}},
		{"a JSONL line that is not an object", "c.jsonl", `{"text":"x"}` + "\n" + `["not", "a", "document"]` + "\n",
			importer.ErrSyntax, 2, 1, []string{"expected a JSON object"}},
		{"trailing text after the object", "c.jsonl", `{"text":"x"} trailing` + "\n",
			importer.ErrSyntax, 1, 14, []string{"expected the end of the line"}},
		{"a JSONL object cut short", "c.jsonl", `{"text":"x"}` + "\n" + `{"text": "y"` + "\n",
			importer.ErrSyntax, 2, 0, []string{"line 2", "ends too early"}},
		{"a wrong type names the field", "c.jsonl", `{"text": "x", "comments": [{"text": 5}]}`,
			importer.ErrField, 1, 0, []string{"comments item 1", `field "text"`, "expected a string", "number"}},
		{"a date that is not a date", "c.jsonl", `{"text":"x"}` + "\n" + `{"text": "y", "published": "gestern"}`,
			importer.ErrField, 2, 0, []string{"line 2", `published "gestern"`, "expected a date"}},
		{"two comments with one id", "c.jsonl", `{"comments": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}`,
			importer.ErrField, 1, 0, []string{`id "a" is used twice`}},
		{"a document without text", "c.jsonl", `{"title": ""}`,
			importer.ErrNoText, 1, 0, []string{"no article text and no comments"}},
		{"an unknown segment kind", "c.json", `{"segments": [{"kind": "footer", "text": "x"}]}`,
			importer.ErrField, 1, 0, []string{`kind "footer"`, "expected headline, lead, body, caption or byline"}},
		{"JSON array with a bad element", "c.json", "[\n {\"text\": \"a\"},\n {\"text\": \"b\",, }\n]",
			importer.ErrSyntax, 3, 15, []string{"c.json line 3, column 15"}},
		{"JSON array not closed", "c.json", "[\n {\"text\": \"a\"},\n {\"text\": \"b\"}\n",
			importer.ErrSyntax, 4, 0, []string{"c.json line 4", "ends inside a JSON value", "closing bracket"}},
		{"JSON with text after the value", "c.json", "{\"text\": \"a\"}\n{\"text\": \"b\"}", importer.ErrSyntax, 2, 1, []string{"end of the file"}},
		{"CSV without a text column", "c.csv", "doc_id,title,author\n1,a,b\n",
			importer.ErrMissingColumn, 1, 0, []string{"c.csv line 1", "no column for the article text", "comment_text", `"doc_id", "title", "author"`}},
		{"CSV mapping to a missing column", "c.csv", "a,b\n1,2\n",
			importer.ErrMissingColumn, 1, 0, []string{`column "Kommentar" (mapped to comment_text) is not in the header`}},
		{"CSV row with too many fields", "c.csv", "title,text\na,b\nc,d,e\n",
			importer.ErrSyntax, 3, 0, []string{"c.csv line 3", "as many fields as the header"}},
		{"CSV with a bare quote", "c.csv", "title,text\na,b\"c\n",
			importer.ErrSyntax, 2, 0, []string{"c.csv line 2", "must be quoted"}},
		{"CSV rows of one document that disagree", "c.csv", "doc_id,title,comment_text\n1,A,x\n1,B,y\n",
			importer.ErrField, 3, 0, []string{"title differs from the same document's row at line 2"}},
		{"CSV header only", "c.csv", "title,text\n", importer.ErrEmpty, 0, 0, []string{"no rows"}},
		{"CSV with a bad comment time", "c.csv", "title,comment_text,comment_time\nA,x,soon\n",
			importer.ErrField, 2, 0, []string{`time "soon"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions()
			if tc.name == "JSON with text after the value" {
				opts.Format = importer.JSON
			}
			if tc.name == "CSV mapping to a missing column" {
				opts.CSV.Columns = map[importer.Field]string{importer.FieldCommentText: "Kommentar"}
			}
			_, _, err := collect(t, tc.file, tc.in, opts)
			wantParseError(t, err, tc.sentinel, tc.line, tc.col, tc.parts...)
		})
	}
}

func TestDetectFormatByContent(t *testing.T) {
	cases := []struct {
		name, file, head string
		want             importer.Format
	}{
		{"HTML document", "page.txt", "<!DOCTYPE html>\n<html><body>x</body></html>", importer.HTML},
		{"HTML fragment", "a", "  <div class=\"x\">Hallo</div>", importer.HTML},
		{"HTML after a comment", "a", "<!-- saved from url -->\n<html>", importer.HTML},
		{"JSON Lines", "data.json", "{\"title\": \"a\"}\n{\"title\": \"b\"}\n", importer.JSONL},
		{"one JSON object on one line", "data", "{\"title\": \"a\"}", importer.JSONL},
		{"pretty-printed JSON object", "data.jsonl", "{\n  \"title\": \"a\"\n}", importer.JSON},
		{"JSON array", "data.txt", "[{\"title\": \"a\"}]", importer.JSON},
		{"CSV header with known columns", "export", "doc_id;title;comment_text\n1;a;b\n", importer.CSV},
		{"text with commas", "page.csv.txt", "Hallo, Welt, wie geht's\nZweite Zeile", importer.Text},
		{"plain text page", "page", "USA und Russland\n\nBei einem Treffen", importer.Text},
		{"extension breaks a tie for unknown CSV columns", "export.csv", "a,b,c\n1,2,3\n", importer.CSV},
		{"UTF-8 byte order mark before JSON", "x", "\xef\xbb\xbf{\"title\": \"a\"}\n", importer.JSONL},
		{"UTF-16 text with a byte order mark", "x", "\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", importer.HTML},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := importer.Detect(tc.file, []byte(tc.head)); got != tc.want {
				t.Errorf("Detect(%q, %q) = %s, want %s", tc.file, tc.head, got, tc.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]importer.Format{"": importer.Auto, "auto": importer.Auto, "TEXT": importer.Text, "txt": importer.Text,
		"html": importer.HTML, "json": importer.JSON, "ndjson": importer.JSONL, "jsonl": importer.JSONL, "csv": importer.CSV} {
		if got, err := importer.ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	if _, err := importer.ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), "expected one of auto, text, html, json, jsonl, csv") {
		t.Errorf("ParseFormat(pdf) = %v", err)
	}
}
