package importer_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate/importer"
)

// largePage writes a saved blog page of about size bytes with n threaded
// reader comments (every third a reply), in the markup most blogs use: a
// list of comment items with an author, a time and the text, replies in a
// nested list. It also returns the same page as a page copy's text.
func largePage(n, size int) (htmlPage, textPage string) {
	w := &corpusWriter{rng: rand.New(rand.NewPCG(7, 8))}
	var h, t strings.Builder
	h.WriteString("<!DOCTYPE html><html><head><title>Ein langer Streit – Beispielblog</title></head><body>")
	h.WriteString("<nav><ul><li>Start</li><li>Politik</li><li>Kultur</li></ul></nav><article><h1>Ein langer Streit</h1>")
	t.WriteString("Start\nPolitik\nKultur\nEin langer Streit\n15. Oktober 2014\n\n")
	for range 12 {
		p := w.paragraph(6)
		fmt.Fprintf(&h, "<p>%s</p>", p)
		t.WriteString(p + "\n\n")
	}
	fmt.Fprintf(&h, `</article><section id="comments"><h2>%d Kommentare</h2><ol class="comment-list">`, n)
	fmt.Fprintf(&t, "%d Kommentare\n", n)
	per := max(0, (size-h.Len())/n-400)
	comment := func(i int) (li, txt string) {
		body := w.paragraph(1)
		for len(body) < per {
			body += " " + w.paragraph(1)
		}
		day, minute := 16+i/600, i%600
		when := fmt.Sprintf("%d. Oktober 2014 um %d:%02d Uhr", day, 8+minute/60, minute%60)
		li = fmt.Sprintf(`<li class="comment" id="comment-%d"><article class="comment-body"><footer class="comment-meta"><b class="fn">leser%d</b> sagt: <time datetime="2014-10-%02dT%02d:%02d:00+02:00">%s</time></footer><div class="comment-content"><p>%s</p></div><a class="comment-reply-link" href="#">Antworten</a></article>`,
			i, i, day, 8+minute/60, minute%60, when, body)
		return li, fmt.Sprintf("leser%d sagt:\n%s\n\n%s\n\nAntworten\n", i, when, body)
	}
	for i := 0; i < n; i++ {
		li, txt := comment(i)
		h.WriteString(li)
		t.WriteString(txt)
		if i%3 == 0 && i+1 < n {
			// the next comment answers this one: WordPress nests it
			// in a list inside this comment's item
			li, txt := comment(i + 1)
			h.WriteString(`<ol class="children">` + li + `</li></ol>`)
			t.WriteString(txt)
			i++
		}
		h.WriteString("</li>")
	}
	h.WriteString("</ol></section><footer>© 2014 Beispielblog</footer></body></html>")
	t.WriteString("© 2014 Beispielblog\n")
	return h.String(), t.String()
}

// BenchmarkParseLargeHTMLPage imports one saved page of 2 MB with 1,000
// comments (goal: under 1 s).
func BenchmarkParseLargeHTMLPage(b *testing.B) {
	page, _ := largePage(1000, 2<<20)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		doc, err := importer.ParseHTML("large.html", bytes.NewReader([]byte(page)), importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if got := doc.CommentCount(); got != 1000 {
			b.Fatalf("%d comments, want 1000", got)
		}
	}
}

// BenchmarkParseLargeTextPage imports the same page as a page copy.
func BenchmarkParseLargeTextPage(b *testing.B) {
	_, page := largePage(1000, 2<<20)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		doc, err := importer.ParseText("large.txt", page, importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if got := doc.CommentCount(); got != 1000 {
			b.Fatalf("%d comments, want 1000", got)
		}
	}
}

// TestLargePageSplitsIntoItsComments checks the benchmark's page itself: a
// benchmark that measured a wrong split would measure nothing.
func TestLargePageSplitsIntoItsComments(t *testing.T) {
	htmlPage, textPage := largePage(60, 60_000)
	doc, err := importer.ParseHTML("large.html", strings.NewReader(htmlPage), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	replies := 0
	for _, c := range doc.Comments() {
		if c.ReplyTo != "" {
			replies++
		}
	}
	if doc.CommentCount() != 60 || replies != 20 || doc.Title != "Ein langer Streit" {
		t.Errorf("HTML: %d comments, %d replies, title %q; want 60, 20, \"Ein langer Streit\"", doc.CommentCount(), replies, doc.Title)
	}
	doc, err = importer.ParseText("large.txt", textPage, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.CommentCount() != 60 || doc.Title != "Ein langer Streit" {
		t.Errorf("text: %d comments, title %q; want 60, \"Ein langer Streit\"", doc.CommentCount(), doc.Title)
	}
}
