package importer_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

const (
	headline   = annotate.KindHeadline
	lead       = annotate.KindLead
	body       = annotate.KindBody
	caption    = annotate.KindCaption
	byline     = annotate.KindByline
	comment    = annotate.KindComment
	subheading = annotate.KindSubheading
)

// wantComment is what a test expects of one comment; empty fields are not
// checked, except replyTo.
type wantComment struct {
	author    string
	posted    string // "2006-01-02 15:04" in UTC, "" for unknown
	number    int
	title     string
	replyTo   string
	textStart string
}

func checkComments(t *testing.T, doc *annotate.Document, want []wantComment) {
	t.Helper()
	cs := comments(doc)
	if len(cs) != len(want) {
		for _, c := range cs {
			t.Logf("comment %s by %q: %.60q", c.ID, c.Author, c.Text)
		}
		t.Fatalf("%d comments, want %d", len(cs), len(want))
	}
	for i, w := range want {
		c := cs[i]
		if c.Author != w.author {
			t.Errorf("comment %d author = %q, want %q", i+1, c.Author, w.author)
		}
		posted := ""
		if !c.Posted.IsZero() {
			posted = c.Posted.Time.UTC().Format("2006-01-02 15:04")
		}
		if posted != w.posted {
			t.Errorf("comment %d posted = %q, want %q", i+1, posted, w.posted)
		}
		if c.Number != w.number || c.Title != w.title {
			t.Errorf("comment %d = #%d %q, want #%d %q", i+1, c.Number, c.Title, w.number, w.title)
		}
		if c.ReplyTo != w.replyTo {
			t.Errorf("comment %d replies to %q, want %q", i+1, c.ReplyTo, w.replyTo)
		}
		if !strings.HasPrefix(c.Text, w.textStart) {
			t.Errorf("comment %d text = %.80q, want it to start %q", i+1, c.Text, w.textStart)
		}
	}
}

func TestParseTextPages(t *testing.T) {
	cases := []struct {
		name      string
		file      string
		title     string
		kinds     []annotate.SegmentKind
		total     string
		outlet    string
		published string
		language  string
		comments  []wantComment
		absent    []string // text that must be in no segment (chrome)
	}{
		{
			name:  "English page with standfirst, byline, credit, replies by marker and by mention",
			file:  "en_standfirst_replies.txt",
			title: "Storm closes hundreds of schools across the north",
			kinds: []annotate.SegmentKind{headline, lead, byline, caption, body, subheading, body, byline, comment, comment, comment, comment},
			total: "4", outlet: "The Daily Example", published: "2014-10-15 14:32", language: "en",
			comments: []wantComment{
				{author: "jsmith", posted: "2014-10-15 14:50", textStart: "Our village has been cut off"},
				{author: "anna_k", posted: "2014-10-15 15:05", replyTo: "c1", textStart: "Same here."},
				{author: "bob.the.builder", posted: "2014-10-15 15:20", replyTo: "c2", textStart: "@anna_k you could"},
				{author: "M. O'Neill", posted: "2014-10-15 16:01", textStart: "This is what happens"},
			},
			absent: []string{"Skip to main content", "Sort by", "Reply", "Report", "Load more comments", "Back to top", "©"},
		},
		{
			name:  "German blog copy with 'sagt:' headers, dates on the next line and an 'Antwort auf' reply",
			file:  "de_sagt_blog.txt",
			title: "Datenschutz: Neue Regeln für die Videoüberwachung im Nahverkehr",
			kinds: []annotate.SegmentKind{headline, lead, byline, body, byline, comment, comment, comment},
			total: "3", published: "2016-06-23 16:14", language: "de",
			comments: []wantComment{
				{author: "Anna", posted: "2016-06-23 17:21", textStart: "Endlich!"},
				{author: "Bernd Beispiel", posted: "2016-06-23 18:47", replyTo: "c1", textStart: "Kameras verhindern keine Taten"},
				{author: "Carla", posted: "2016-06-24 09:02", textStart: "Wer kontrolliert eigentlich"},
			},
			absent: []string{"Antworten", "Kommentar schreiben", "Kommentare sind geschlossen", "Antwort auf"},
		},
		{
			name:  "numbered headers with times and replies by number and by 'Beitrag Nr. N von user'",
			file:  "de_numbered_replies.txt",
			title: "Bahnstreik legt Fernverkehr lahm",
			kinds: []annotate.SegmentKind{headline, lead, caption, body, byline, comment, comment, comment, comment},
			total: "4", language: "de",
			comments: []wantComment{
				{author: "Pendler77", posted: "2014-10-15 14:32", number: 1, textStart: "Schon wieder."},
				{author: "KarlOtto", posted: "2014-10-15 14:40", number: 2, replyTo: "c1", textStart: "Und stehen dann im Stau"},
				{author: "Gast", posted: "2014-10-15 15:02", number: 3, textStart: "Das Streikrecht"},
				{author: "Pendler77", posted: "2014-10-15 15:10", number: 4, replyTo: "c2", textStart: "Lieber Stau"},
			},
			absent: []string{"TOP", "Antwort auf"},
		},
		{
			name:   "page without a forum is all article, captions and bylines apart from the body",
			file:   "no_forum_captions.txt",
			title:  "Wirtschaft: Inflation sinkt auf 1,2 Prozent",
			kinds:  []annotate.SegmentKind{headline, lead, caption, body, subheading, body, byline},
			absent: []string{"Anzeige", "Teilen", "Drucken"},
		},
		{
			name:  "user on one line and a relative or absolute time on the next, comments without titles",
			file:  "two_line_relative.txt",
			title: "Stadtrat beschließt neuen Radweg",
			kinds: []annotate.SegmentKind{headline, lead, body, comment, comment, comment},
			comments: []wantComment{
				{author: "Radfahrerin_Lea", textStart: "Endlich! Ich fahre da"},
				{author: "Harald K.", textStart: "Und wo sollen"},
				{author: "TimoB", posted: "2014-10-15 19:45", replyTo: "c2", textStart: "@Harald K. In der Seitenstraße"},
			},
			absent: []string{"Melden", "Antworten"},
		},
		{
			name:  "'Posted by' comments without a forum heading",
			file:  "posted_by_en.txt",
			title: "Council approves new library",
			kinds: []annotate.SegmentKind{headline, lead, body, comment, comment, comment},
			comments: []wantComment{
				{author: "booklover", posted: "2014-10-15 14:30", textStart: "Great news"},
				{author: "taxpayer_joe", posted: "2014-10-15 15:12", textStart: "Who is paying"},
				{author: "booklover", posted: "2014-10-15 15:40", replyTo: "c2", textStart: "It was in the budget vote"},
			},
		},
		{
			name:  "text in the forum before the comments stays in the article, the footer after them stays out",
			file:  "forum_leftovers.txt",
			title: "Museum zeigt verschollene Gemälde",
			kinds: []annotate.SegmentKind{headline, lead, body, body, comment, comment},
			comments: []wantComment{
				{author: "Kunstfreund", posted: "2014-10-16 08:12", textStart: "Großartig"},
				{author: "Historikerin", posted: "2014-10-16 09:30", textStart: "Die Herkunft"},
			},
			absent: []string{"Diskussion geschlossen", "Eine Ausstellung der Landesstiftung"},
		},
		{
			name:  "plain paragraphs without a headline are body, titled by their first words",
			file:  "plain_paragraphs.txt",
			title: "Der Gemeinderat hat am Montag beschlossen, die Grundsteuer zum ersten Mal seit zehn Jahren zu…",
			kinds: []annotate.SegmentKind{body},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", "text", tc.file)
			doc, err := importer.ParseText(path, readFile(t, path), testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tc.title {
				t.Errorf("title = %q, want %q", doc.Title, tc.title)
			}
			if got := kinds(doc); !slices.Equal(got, tc.kinds) {
				t.Errorf("kinds = %v, want %v", got, tc.kinds)
			}
			if doc.Meta["comments_total"] != tc.total {
				t.Errorf("comments_total = %q, want %q", doc.Meta["comments_total"], tc.total)
			}
			if doc.Outlet != tc.outlet {
				t.Errorf("outlet = %q, want %q", doc.Outlet, tc.outlet)
			}
			published := ""
			if !doc.Published.IsZero() {
				published = doc.Published.Time.UTC().Format("2006-01-02 15:04")
			}
			if published != tc.published {
				t.Errorf("published = %q, want %q", published, tc.published)
			}
			if tc.language != "" && doc.Language != tc.language {
				t.Errorf("language = %q, want %q", doc.Language, tc.language)
			}
			checkComments(t, doc, tc.comments)
			for _, s := range doc.Segments {
				for _, a := range tc.absent {
					for _, line := range strings.Split(s.Text, "\n") {
						if line == a || strings.HasPrefix(line, a+" ") || (a == "©" && strings.Contains(line, a)) {
							t.Errorf("segment %s holds chrome line %q", s.ID, line)
						}
					}
				}
			}
			if doc.Source != path {
				t.Errorf("source = %q, want %q", doc.Source, path)
			}
		})
	}
}

func TestParseTextSmallPages(t *testing.T) {
	cases := []struct {
		name     string
		text     string
		kinds    []annotate.SegmentKind
		comments []wantComment
		inText   []string // must be in some segment
	}{
		{
			name:   "a forum heading with no comments after it stays text: a subheading",
			text:   "Was bleibt\n\nDie Ausstellung zeigt Fotografien aus fünf Jahrzehnten, viele davon zum ersten Mal. Sie ist bis März zu sehen.\n\nDiskussion\n\nÜber die Auswahl wurde lange gestritten, am Ende entschied die Kuratorin allein.",
			kinds:  []annotate.SegmentKind{headline, lead, subheading, body},
			inText: []string{"Diskussion", "Über die Auswahl wurde lange gestritten"},
		},
		{
			name:   "an author line with a date at the end of an article is a byline, not a comment",
			text:   "Neue Brücke eröffnet\n\nNach vier Jahren Bauzeit ist die neue Brücke über den Fluss für den Verkehr freigegeben worden. Täglich sollen hier 20.000 Autos fahren.\n\nDer alte Übergang wird im kommenden Jahr abgerissen.\n\nVon Max Mustermann, 15.10.2014",
			kinds:  []annotate.SegmentKind{headline, lead, body, byline},
			inText: []string{"Von Max Mustermann, 15.10.2014"},
		},
		{
			name:  "Windows line ends and a comment whose body has paragraphs",
			text:  "Titel der Meldung\r\n\r\nErster Absatz der Meldung, lang genug, um als Text und nicht als Überschrift zu gelten, mit einem Punkt am Ende.\r\n\r\n2 Kommentare\r\nanna 15.10.2014 10:00\r\nErster Absatz.\r\n\r\nZweiter Absatz.\r\nbert 15.10.2014 11:00\r\nKurz.\r\n",
			kinds: []annotate.SegmentKind{headline, body, comment, comment},
			comments: []wantComment{
				{author: "anna", posted: "2014-10-15 10:00", textStart: "Erster Absatz.\n\nZweiter Absatz."},
				{author: "bert", posted: "2014-10-15 11:00", textStart: "Kurz."},
			},
		},
		{
			name:  "a page copy of only comments has no article",
			text:  "Kommentare (2)\nanna 15.10.2014 10:00\nDas sehe ich anders.\nbert 15.10.2014 11:00\nAntwort auf anna\nWarum?",
			kinds: []annotate.SegmentKind{comment, comment},
			comments: []wantComment{
				{author: "anna", posted: "2014-10-15 10:00", textStart: "Das sehe ich anders."},
				{author: "bert", posted: "2014-10-15 11:00", replyTo: "c1", textStart: "Warum?"},
			},
		},
		{
			name:  "a reply marker naming nobody on the page stays in the text",
			text:  "Kommentare\nanna 15.10.2014 10:00\nAntwort auf zoe\nDas sehe ich anders.",
			kinds: []annotate.SegmentKind{comment},
			comments: []wantComment{
				{author: "anna", posted: "2014-10-15 10:00", textStart: "Antwort auf zoe\nDas sehe ich anders."},
			},
		},
		{
			name:  "a numbered title above the header belongs to that comment",
			text:  "Kommentare\n1. Gute Frage\nanna 15.10.2014 10:00\nWirklich.\n2. Schlechte Antwort\nbert 15.10.2014 11:00\nNein.",
			kinds: []annotate.SegmentKind{comment, comment},
			comments: []wantComment{
				{author: "anna", posted: "2014-10-15 10:00", number: 1, title: "Gute Frage", textStart: "Wirklich."},
				{author: "bert", posted: "2014-10-15 11:00", number: 2, title: "Schlechte Antwort", textStart: "Nein."},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := importer.ParseText("page.txt", tc.text, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if got := kinds(doc); !slices.Equal(got, tc.kinds) {
				t.Errorf("kinds = %v, want %v", got, tc.kinds)
			}
			checkComments(t, doc, tc.comments)
			all := ""
			for _, s := range doc.Segments {
				all += s.Text + "\n"
			}
			for _, want := range tc.inText {
				if !strings.Contains(all, want) {
					t.Errorf("no segment holds %q", want)
				}
			}
		})
	}
}

func TestParseTextRefusesBadInput(t *testing.T) {
	cases := []struct {
		name     string
		text     string
		sentinel error
		line     int
		col      int
		parts    []string
	}{
		{"empty text", "", importer.ErrEmpty, 0, 0, []string{"page.txt", "empty"}},
		{"only white space", " \n\t\n ", importer.ErrEmpty, 0, 0, []string{"page.txt"}},
		{"invalid UTF-8 names line and column", "Titel\nZeile zwei mit \xff darin\n", importer.ErrEncoding, 2, 16, []string{"page.txt line 2, column 16", "UTF-8"}},
		{"NUL byte is binary", "Titel\n\x00\x01\x02", importer.ErrBinary, 2, 1, []string{"NUL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := importer.ParseText("page.txt", tc.text, testOptions())
			wantParseError(t, err, tc.sentinel, tc.line, tc.col, tc.parts...)
		})
	}
}

func TestParseTextTimesUseTheGivenLocation(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	opts := testOptions()
	opts.Location = berlin
	doc, err := importer.ParseText("p.txt", "Kommentare\nanna 15.10.2014 10:00\nJa.", opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := comments(doc)[0].Posted; !got.Time.Equal(time.Date(2014, 10, 15, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("posted = %v, want 10:00 CET", got)
	}
}

// BenchmarkParseTextRepetitiveInput guards against a quadratic search: each
// of these pages sends a naive search over the rest of the page from every
// line. Four times the lines must take about four times as long; compare the
// ns/line figures of the two sizes (docs/performance.md).
func BenchmarkParseTextRepetitiveInput(b *testing.B) {
	cases := []struct {
		name string
		page func(n int) string
	}{
		{"forum headings without comments", func(n int) string {
			return strings.Repeat("Kommentare\nDas ist ein ganz normaler Absatz ohne jeden Kommentar darin.\n", n/2)
		}},
		{"author lines with dates and no text", func(n int) string {
			return strings.Repeat("Von Max Mustermann, 15.10.2014\n", n)
		}},
		{"headers without bodies after text", func(n int) string {
			return "Titel\n\n" + strings.Repeat("Ein langer Absatz, der als Artikeltext gilt und mehr als achtzig Zeichen hat, damit er zählt.\n", 2) +
				strings.Repeat("anna 15.10.2014\n", n)
		}},
	}
	for _, c := range cases {
		for _, n := range []int{2500, 10000} {
			text := c.page(n)
			b.Run(fmt.Sprintf("%s/lines=%d", c.name, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := importer.ParseText("big.txt", text, testOptions()); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/line")
			})
		}
	}
}
