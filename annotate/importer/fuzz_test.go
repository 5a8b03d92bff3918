package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// The fuzz tests feed the parsers arbitrary bytes. A parser must not
// panic, must return either valid Prepared documents or a *ParseError (or
// ErrNoText for pages without text), and the text parser must keep every
// line that is not chrome.

// slowParse is far more than any input of fuzzing size needs, even with
// the fuzzer's instrumentation; a parser slower than that has a
// super-linear path.
const slowParse = 3 * time.Second

var fuzzOpts = Options{Location: time.UTC, Now: func() time.Time { return time.Unix(0, 0) }}

func addTestdata(f *testing.F, glob string) {
	paths, _ := filepath.Glob(filepath.Join("testdata", glob))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

func checkParseError(t *testing.T, err error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.Error() == "" {
		t.Fatal("empty error message")
	}
}

func checkDocument(t *testing.T, doc *annotate.Document) {
	t.Helper()
	if err := doc.Validate(); err != nil {
		t.Fatalf("invalid document: %v", err)
	}
	if doc.Hash != annotate.ContentHash(doc.Segments) {
		t.Fatal("hash does not match the segments")
	}
}

func FuzzParseText(f *testing.F) {
	addTestdata(f, "text/*.txt")
	if b, err := os.ReadFile(sharedFile("seeds", "000_e9a8672a2279b0f2.txt")); err == nil {
		f.Add(b)
	}
	for _, s := range []string{"", "a", "Kommentare\nanna 15.10.2014\nJa.", "insgesamt 3 Beiträge\n1. x\njoG 15.10.2014\n2. y",
		"Titel\r\n\r\nText.\r\nvon x\r\n15.10.2014", "@\n@a 1.1.2000\n@a", "© 2014\n\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		start := time.Now()
		doc, err := ParseText("fuzz.txt", string(b), fuzzOpts)
		if d := time.Since(start); d > slowParse {
			t.Fatalf("ParseText took %v for %d bytes", d, len(b))
		}
		if err != nil {
			checkParseError(t, err)
			return
		}
		checkDocument(t, doc)
		contentFromInput(t, string(b), doc)
	})
}

func FuzzParseHTML(f *testing.F) {
	addTestdata(f, "html/*.html")
	for _, s := range []string{"<html><body><p>Hallo Welt</p></body></html>", "<div class=comment><b class=fn>a</b><time datetime=2014-10-15>x</time><p>y</p></div>",
		"<ol class=comments><li class=comment>anna 15.10.2014<p>x</p><ol><li class=comment>bert 16.10.2014<p>y</p></li></ol></li></ol>", "<", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		start := time.Now()
		doc, err := ParseHTML("fuzz.html", bytes.NewReader(b), fuzzOpts)
		if d := time.Since(start); d > slowParse {
			t.Fatalf("ParseHTML took %v for %d bytes", d, len(b))
		}
		if err != nil {
			checkParseError(t, err)
			return
		}
		checkDocument(t, doc)
	})
}

func fuzzCorpus(f *testing.F, read func(string, *bytes.Reader, Options, Emit) error, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		last := 0
		err := read("fuzz", bytes.NewReader(b), fuzzOpts, func(doc *annotate.Document, line int) error {
			checkDocument(t, doc)
			if line < last {
				t.Fatalf("document at line %d after one at line %d", line, last)
			}
			last = line
			return nil
		})
		if err != nil {
			checkParseError(t, err)
		}
	})
}

func FuzzJSONL(f *testing.F) {
	fuzzCorpus(f, func(n string, r *bytes.Reader, o Options, e Emit) error { return ReadJSONL(n, r, o, e) },
		`{"title": "a", "text": "b", "comments": [{"id": "1", "text": "c"}, {"parent_id": "1", "text": "d", "time": "15.10.2014"}]}`,
		"{\"text\": \"x\"}\n\n{\"segments\": [{\"kind\": \"lead\", \"text\": \"y\"}], \"meta\": {\"a\": 1}}\n",
		`{"text": "x", "extra": [1, 2], "comments": [{"text": "y", "likes": 2}]}`,
		`{"text": "\u00e9\ud83d\ude00"}`, `{"published": 1413381600, "text": "x"}`, `{`, `[]`, "")
}

func FuzzJSON(f *testing.F) {
	fuzzCorpus(f, func(n string, r *bytes.Reader, o Options, e Emit) error { return ReadJSON(n, r, o, e) },
		`[{"title": "a", "text": "b"}, {"text": "c", "comments": [{"text": "d"}]}]`,
		`{"documents": [{"text": "a"}], "name": {"x": [1, "]"]}}`,
		`{"title": "a", "text": "b"}`, `[`, `{"documents": `, `"x"`, "")
}

func FuzzCSV(f *testing.F) {
	fuzzCorpus(f, func(n string, r *bytes.Reader, o Options, e Emit) error { return ReadCSV(n, r, o, e) },
		"doc_id,title,text,comment_id,parent_id,comment_author,comment_time,comment_text\n1,a,b,c1,,x,15.10.2014,y\n1,a,b,c2,c1,z,,w\n",
		"title;text\n\"a;b\";\"c\"\"d\"\n", "text\n", "a,b\n1,2\n", "comment_text\n\"unterminated\n", "")
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"<html>", "{\"a\": 1}\n{", "[1]", "title,text\n", "text", "\xff\xfe<\x00", ""} {
		f.Add("file.txt", []byte(s))
	}
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		switch got := Detect(name, head); got {
		case Text, HTML, JSON, JSONL, CSV:
		default:
			t.Fatalf("Detect returned %q", got)
		}
	})
}
