package importer_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

func parseHTMLFile(t *testing.T, path string) *annotate.Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := importer.ParseHTML(filepath.Base(path), f, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestParseHTMLNetzpolitikGivesArticleAndCommentsApart(t *testing.T) {
	doc := parseHTMLFile(t, fixturePath(t, "trafilatura__netzpolitik.org.abmahnungen.html"))

	if doc.Title != "Die Cider Connection: Abmahnungen gegen Nutzer von Creative-Commons-Bildern" {
		t.Errorf("title = %q", doc.Title)
	}
	if doc.Meta["author"] != "Markus Reuter" || doc.Outlet != "netzpolitik.org" || doc.Language != "de" {
		t.Errorf("author %q outlet %q language %q", doc.Meta["author"], doc.Outlet, doc.Language)
	}
	if y, m, d := doc.Published.Time.Date(); y != 2016 || m != time.June || d != 23 {
		t.Errorf("published = %v, want 23 June 2016", doc.Published)
	}
	if !strings.HasPrefix(doc.Source, "https://netzpolitik.org/2016/die-cider-connection") {
		t.Errorf("source = %q, want the page's URL", doc.Source)
	}
	article := articleText(doc)
	for _, want := range []string{"Zwei Männer Arm in Arm.", "Personelle Verbindungen zur RedTube-Abmahnaffäre", "Seit Dezember 2015 verschickt eine Cider Connection"} {
		if !strings.Contains(article, want) {
			t.Errorf("article lacks %q", want)
		}
	}
	cs := comments(doc)
	// The saved page holds 74 of the 91 comments it counts.
	if len(cs) != 74 {
		t.Fatalf("%d comments, want the 74 in the page", len(cs))
	}
	if doc.Meta["comments_total"] != "91" {
		t.Errorf("comments_total = %q, want 91", doc.Meta["comments_total"])
	}
	for _, c := range cs {
		if strings.Contains(article, c.Text) && len(c.Text) > 40 {
			t.Errorf("comment %s by %s is also in the article", c.ID, c.Author)
		}
		if c.Author == "" || c.Posted.IsZero() || strings.TrimSpace(c.Text) == "" {
			t.Errorf("comment %s: author %q, posted %v, text %.40q", c.ID, c.Author, c.Posted, c.Text)
		}
		for _, chrome := range []string{"Antworten", "sagt:"} {
			if strings.Contains(c.Text, chrome) || strings.Contains(c.Author, chrome) {
				t.Errorf("comment %s holds %q", c.ID, chrome)
			}
		}
	}
	first := cs[0]
	if first.Author != "blah blubb" || first.Posted.ISO() != "2016-06-23T17:21+02:00" ||
		!strings.HasPrefix(first.Text, "selber blöd, wer bis dato") || first.ReplyTo != "" {
		t.Errorf("first comment = %q %v %q reply %q", first.Author, first.Posted, first.Text, first.ReplyTo)
	}
	// Replies are nested: Rafael answers blah blubb, Yan tuygi answers Rafael.
	if cs[1].Author != "Rafael" || cs[1].ReplyTo != first.ID || cs[2].Author != "Yan tuygi" || cs[2].ReplyTo != cs[1].ID {
		t.Errorf("nesting: %q→%q, %q→%q", cs[1].Author, cs[1].ReplyTo, cs[2].Author, cs[2].ReplyTo)
	}
	replies := 0
	for _, c := range cs {
		if c.ReplyTo != "" {
			replies++
		}
	}
	if replies < 20 || replies == len(cs) {
		t.Errorf("%d of %d comments are replies; expected a thread with top-level comments and many replies", replies, len(cs))
	}
}

func TestParseHTMLSpiegelWithoutCommentSectionIsArticleAlone(t *testing.T) {
	doc := parseHTMLFile(t, fixturePath(t, "trafilatura__spiegel.de.albtraum.html"))
	if doc.CommentCount() != 0 {
		t.Errorf("%d comments, want none", doc.CommentCount())
	}
	if doc.Title != "Ein Albtraum" {
		t.Errorf("title = %q", doc.Title)
	}
	if got := kinds(doc); !slices.Equal(got[:3], []annotate.SegmentKind{headline, lead, body}) {
		t.Errorf("kinds = %v", got)
	}
	if !strings.Contains(articleText(doc), "Der Reporter Claas Relotius hat den SPIEGEL") {
		t.Error("article lacks its teaser")
	}
	if _, ok := doc.Meta["author"]; ok {
		t.Errorf("author = %q; the page names only the outlet", doc.Meta["author"])
	}
}

func TestParseHTMLFindsCommentsOfOtherShapes(t *testing.T) {
	cases := []struct {
		name     string
		file     string
		title    string
		total    string
		comments []wantComment
	}{
		{
			name: "WordPress ol.commentlist with cite.fn, a text date and ul.children replies",
			file: "wordpress_commentlist.html", title: "Harbour ferry to run again from May", total: "4",
			comments: []wantComment{
				{author: "Old Salt", posted: "2014-10-14 11:02", textStart: "About time. I used that ferry every week for thirty years.\n\nWill there be room for bicycles?"},
				{author: "Priya Raman", posted: "2014-10-14 12:40", replyTo: "c1", textStart: "The operator says four bicycles"},
				{author: "Ken B.", posted: "2014-10-14 15:15", textStart: "Forty thousand a year"},
				{author: "island_mum", posted: "2014-10-15 08:05", textStart: "Free for under twelves"},
			},
		},
		{
			name: "custom div layout without the word comment, found by its heading, reply links and nesting",
			file: "custom_div_layout.html", title: "Wochenmarkt zieht auf den Rathausplatz", total: "3",
			comments: []wantComment{
				{author: "Marktfrau_Ilse", posted: "2014-10-15 14:32", textStart: "Endlich wieder Leben in der Altstadt!"},
				{author: "Altstadtbewohner", posted: "2014-10-15 15:10", replyTo: "c1", textStart: "Sie wohnen ja auch nicht direkt am Platz.\n\nUm sechs Uhr"},
				{author: "Pendler", posted: "2014-10-16 07:45", textStart: "Schade für alle"},
			},
		},
		{
			name: "schema.org Comment microdata with nested comment, author Person and title",
			file: "schema_microdata.html", title: "City tests four-day week for its staff",
			comments: []wantComment{
				{author: "R. Alvarez", posted: "2014-10-15 09:12", title: "Long overdue", textStart: "Private companies have done this"},
				{author: "taxpayer42", posted: "2014-10-15 10:01", replyTo: "c1", textStart: "Private companies pay for it themselves."},
				{author: "Joanne W.", posted: "2014-10-15 11:45", textStart: "I work in the library."},
			},
		},
		{
			name: "flat list with data-parent-id, an 'Antwort auf' marker and an @mention",
			file: "flat_reply_markers.html", title: "Freibad bleibt auch im nächsten Sommer geschlossen",
			comments: []wantComment{
				{author: "Schwimmer", posted: "2014-10-16 08:10", textStart: "Das dritte Jahr ohne Freibad."},
				{author: "Stadtwerke-Fan", posted: "2014-10-16 09:02", replyTo: "c1", textStart: "Lieber richtig saniert"},
				{author: "Mama von drei", posted: "2014-10-16 10:30", replyTo: "c1", textStart: "Die Kinder lernen so nicht mehr schwimmen."},
				{author: "Rentner", posted: "2014-10-16 11:00", replyTo: "c3", textStart: "@Mama von drei Früher"},
			},
		},
		{
			name: "related-article teasers with authors and dates are not comments",
			file: "related_teasers_no_comments.html", title: "Bakery chain to close twelve shops",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := parseHTMLFile(t, filepath.Join("testdata", "html", tc.file))
			if doc.Title != tc.title {
				t.Errorf("title = %q, want %q", doc.Title, tc.title)
			}
			if doc.Meta["comments_total"] != tc.total {
				t.Errorf("comments_total = %q, want %q", doc.Meta["comments_total"], tc.total)
			}
			checkComments(t, doc, tc.comments)
			article := articleText(doc)
			if len(article) < 200 {
				t.Errorf("article is %d bytes: %q", len(article), article)
			}
			for _, c := range comments(doc) {
				if strings.Contains(article, c.Text) {
					t.Errorf("comment %s is also in the article", c.ID)
				}
			}
		})
	}
}

func TestParseHTMLReadsPagesInTheirDeclaredEncoding(t *testing.T) {
	page := "<html><head><meta charset=\"iso-8859-1\"><title>M\xfcll</title></head><body><h1>M\xfcll wird teurer</h1>" +
		strings.Repeat("<p>Die Geb\xfchren f\xfcr die M\xfcllabfuhr steigen im n\xe4chsten Jahr um zehn Prozent, teilte die Stadt mit.</p>", 4) +
		"</body></html>"
	doc, err := importer.ParseHTML("latin1.html", strings.NewReader(page), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(articleText(doc), "Die Gebühren für die Müllabfuhr") {
		t.Errorf("article = %q", articleText(doc))
	}
}

func TestParseHTMLRefusesPagesWithoutText(t *testing.T) {
	_, err := importer.ParseHTML("empty.html", strings.NewReader("<html><body><script>x()</script></body></html>"), testOptions())
	if !errors.Is(err, importer.ErrNoText) || !strings.Contains(err.Error(), "empty.html") {
		t.Errorf("err = %v, want ErrNoText naming the file", err)
	}
}
