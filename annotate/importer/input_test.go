package importer_test

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

func TestParseRefusesBadFiles(t *testing.T) {
	cases := []struct {
		name     string
		file     string
		in       string
		sentinel error
		line     int
		col      int
		parts    []string
	}{
		{"empty file", "empty.txt", "", importer.ErrEmpty, 0, 0, []string{"empty.txt", "the file is empty"}},
		{"white space only", "blank.jsonl", "\n \n\t\n", importer.ErrEmpty, 0, 0, []string{"blank.jsonl"}},
		{"a PDF", "paper.txt", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", importer.ErrBinary, 0, 0, []string{"paper.txt", "a PDF document"}},
		{"a Word document", "notes.csv", "PK\x03\x04\x14\x00\x06\x00", importer.ErrBinary, 0, 0, []string{"Word"}},
		{"NUL bytes", "data.bin", "abc\ndef\x00\x00\x00", importer.ErrBinary, 2, 4, []string{"data.bin line 2, column 4", "NUL"}},
		{"invalid UTF-8 in JSONL names the line", "c.jsonl", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"caf\xe9\"}\n", importer.ErrEncoding, 3, 13, []string{"c.jsonl line 3, column 13", "UTF-8"}},
		{"invalid UTF-8 in CSV names the line", "c.csv", "title,text\nA,ok\nB,M\xfcll\n", importer.ErrEncoding, 3, 4, []string{"c.csv line 3, column 4"}},
		{"invalid UTF-8 in a JSON array", "c.json", "[\n{\"text\": \"\xc3\x28\"}\n]", importer.ErrEncoding, 2, 11, []string{"c.json line 2"}},
		{"invalid UTF-8 in text", "page.txt", "Titel\n\nText mit \x80 darin.", importer.ErrEncoding, 3, 10, []string{"page.txt line 3, column 10"}},
		{"a sequence cut at the end", "page.txt", "Titel\n\nText\xe2\x82", importer.ErrEncoding, 3, 5, []string{"page.txt line 3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := collect(t, tc.file, tc.in, testOptions())
			wantParseError(t, err, tc.sentinel, tc.line, tc.col, tc.parts...)
		})
	}
}

func TestParseReadsByteOrderMarks(t *testing.T) {
	page := "Titel der Meldung\n\nMüll wird teurer, sagt die Stadt, und zwar ab Januar um zehn Prozent für alle."
	utf16le := func(s string) string {
		u := utf16.Encode([]rune(s))
		b := []byte{0xFF, 0xFE}
		for _, c := range u {
			b = append(b, byte(c), byte(c>>8))
		}
		return string(b)
	}
	for name, in := range map[string]string{"UTF-8 with BOM": "\xef\xbb\xbf" + page, "UTF-16LE with BOM": utf16le(page)} {
		t.Run(name, func(t *testing.T) {
			docs, _, err := collect(t, "page.txt", in, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if docs[0].Title != "Titel der Meldung" || !strings.Contains(articleText(docs[0]), "Müll wird teurer") {
				t.Errorf("document = %q: %q", docs[0].Title, articleText(docs[0]))
			}
		})
	}
}

func TestParseIsTheSameReadingOneByteAtATime(t *testing.T) {
	inputs := map[string]string{
		"c.jsonl": `{"title": "Größe", "text": "Über Äpfel – und Birnen €"}` + "\n" + `{"text": "日本語のテキスト", "comments": [{"text": "😀 ja"}]}`,
		"c.json":  `[{"title": "Größe", "text": "Über Äpfel"}, {"text": "日本語"}]`,
		"c.csv":   "title,text,comment_text\nGröße,Über Äpfel,😀 ja\n",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			hashes := func(r io.Reader) []string {
				var out []string
				_, err := importer.Parse(name, r, testOptions(), func(d *annotate.Document, _ int) error {
					out = append(out, d.Hash)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				return out
			}
			whole := hashes(strings.NewReader(in))
			bytewise := hashes(iotest.OneByteReader(strings.NewReader(in)))
			if strings.Join(whole, ",") != strings.Join(bytewise, ",") {
				t.Errorf("hashes differ: %v vs %v", whole, bytewise)
			}
		})
	}
}
