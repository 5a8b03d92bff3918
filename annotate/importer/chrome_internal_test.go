package importer

import (
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/newsmark/newsmark/annotate"
)

func TestChromeRules(t *testing.T) {
	for i, r := range chromeRules {
		if strings.TrimSpace(r.why) == "" {
			t.Errorf("chrome rule %d (%s) has no comment saying what it is", i, r.pattern)
		}
	}
	cases := []struct {
		line    string
		inForum bool
		chrome  bool
	}{
		{"TOP", false, true},
		{"Seite 1", false, true},
		{"Seite 2 von 4", false, true},
		{"© SPIEGEL ONLINE 2014", false, true},
		{"© 2014 The Daily Example", false, true},
		{"Alle Rechte vorbehalten", false, true},
		{"Vervielfältigung nur mit Genehmigung der SPIEGELnet GmbH", false, true},
		{"Die Homepage wurde aktualisiert. Jetzt aufrufen.", false, true},
		{"Hinweis nicht mehr anzeigen.", false, true},
		{"Anzeige", false, true},
		{"Back to top", false, true},
		{"3 Min. Lesezeit", false, true},
		{"Alle Kommentare öffnen", true, true},
		{"Antworten", true, true},
		{"12 Likes", true, true},
		{"Diskussion geschlossen - lesen Sie die Beiträge! zum Forum...", true, true},
		{"Comments are closed.", true, true},
		{"Load more comments", true, true},
		// The examples docs/import.md gives.
		{"Nach oben", false, true},
		{"Page 3 of 5", false, true},
		{"« Vorherige", false, true},
		{"Next page", false, true},
		{"(c) Verlag XY. Alle Rechte vorbehalten.", false, true},
		{"All rights reserved", false, true},
		{"Werbung", false, true},
		{"Sponsored", false, true},
		{"Share this article", false, true},
		{"E-Mail", false, true},
		{"WhatsApp", false, true},
		{"X", false, true},
		{"Zur Startseite", false, true},
		{"Skip to main content", false, true},
		{"Menü", false, true},
		{"Newsletter", false, true},
		{"Mehr zum Thema", false, true},
		{"Lesen Sie auch:", false, true},
		{"Related stories", false, true},
		{"Artikel merken", false, true},
		{"5 min read", false, true},
		{"Fotostrecke", false, true},
		{"Bild 2 von 12", false, true},
		{"Video abspielen", false, true},
		{"3/12", false, true},
		{"Wir verwenden Cookies, um Ihnen ein besseres Angebot zu machen.", false, true},
		{"Alle akzeptieren", false, true},
		{"Cookie-Einstellungen", false, true},
		{"Show all comments", true, true},
		{"Zitieren", true, true},
		{"Permalink", true, true},
		{"3 Antworten", true, true},
		{"5 Empfehlungen", true, true},
		{"Kommentar schreiben", true, true},
		{"Diskutieren Sie mit!", true, true},
		{"Leave a comment", true, true},
		{"Join the discussion", true, true},
		{"Sortieren nach: Neueste", true, true},
		{"Sort by: newest", true, true},
		{"Oldest first", true, true},
		{"Weitere Kommentare laden", true, true},
		{"3 weitere Antworten anzeigen", true, true},
		{"Zum Forum...", true, true},
		{"Melden Sie sich an, um zu kommentieren", true, true},
		{"Netiquette", true, true},
		// Not chrome: content, or forum buttons outside the forum.
		{"© dpa", false, false},
		{"Antworten", false, false},
		{"Alle Kommentare öffnen", false, false},
		{"Top-Manager verlassen das Unternehmen", false, false},
		{"Die Seite 1 der Zeitung war schwarz.", false, false},
		{"Das Ende der Diskussion geschlossen zu haben, freut ihn.", true, false},
		{"Teilen ist das neue Haben, sagt die Forscherin.", false, false},
	}
	for _, tc := range cases {
		if got := matchChrome(tc.line, tc.inForum) != nil; got != tc.chrome {
			t.Errorf("matchChrome(%q, inForum %v) = %v, want %v", tc.line, tc.inForum, got, tc.chrome)
		}
	}
}

func TestForumHeaders(t *testing.T) {
	cases := []struct {
		line  string
		total string
		ok    bool
	}{
		{"insgesamt 31 Beiträge", "31", true},
		{"91 Ergänzungen", "91", true},
		{"4 responses to “Harbour ferry to run again”", "4", true},
		{"Kommentare (12)", "12", true},
		{"Comments: 7", "7", true},
		{"Leserkommentare", "", true},
		{"Comments", "", true},
		{"31 Beiträge zum Thema sind erschienen, sagte er.", "", false},
	}
	for _, tc := range cases {
		total, ok := matchForumHeader(tc.line)
		if ok != tc.ok || total != tc.total {
			t.Errorf("matchForumHeader(%q) = %q, %v; want %q, %v", tc.line, total, ok, tc.total, tc.ok)
		}
	}
}

func TestMatchHeader(t *testing.T) {
	cases := []struct {
		name    string
		lines   []string
		inForum bool
		author  string
		posted  string
		lines2  int
		ok      bool
	}{
		{"user and date", []string{"joG 15.10.2014"}, false, "joG", "2014-10-15", 1, true},
		{"user with digits and hyphens", []string{"spon-facebook-10000122439 15.10.2014"}, false, "spon-facebook-10000122439", "2014-10-15", 1, true},
		{"user ending in a weekday abbreviation", []string{"DieterFr 15.10.2014"}, false, "DieterFr", "2014-10-15", 1, true},
		{"name, date and time with Uhr", []string{"Max Muster, 15.10.2014 um 14:32 Uhr"}, false, "Max Muster", "2014-10-15T14:32", 1, true},
		{"numbered header", []string{"#3 anna_k | 15.10.2014 14:32"}, false, "anna_k", "2014-10-15T14:32", 1, true},
		{"English date with am/pm", []string{"jsmith on Oct 15, 2014 at 2:30 pm"}, false, "jsmith", "2014-10-15T14:30", 1, true},
		{"says with the date below", []string{"blah blubb sagt:", "23. Juni 2016 um 17:21 Uhr"}, false, "blah blubb", "2016-06-23T17:21", 2, true},
		{"posted by", []string{"Posted by jsmith on Oct 15, 2014 at 2:30 pm"}, false, "jsmith", "2014-10-15T14:30", 1, true},
		{"date first", []string{"15.10.2014, 14:32 von joG"}, false, "joG", "2014-10-15T14:32", 1, true},
		{"relative time in the forum", []string{"anna", "vor 2 Stunden"}, true, "anna", "", 2, true},
		{"initials are a name", []string{"M. O'Neill 15 Oct 2014 16:01"}, false, "M. O'Neill", "2014-10-15T16:01", 1, true},
		{"a dateline is no header", []string{"Stand: 15.10.2014"}, false, "", "", 0, false},
		{"a sentence with a date is no header", []string{"Das Gesetz gilt seit dem 15.10.2014."}, false, "", "", 0, false},
		{"a short line without a date is no header", []string{"Danke für den Artikel"}, true, "", "", 0, false},
		{"'von user' alone needs the forum", []string{"von joG"}, false, "", "", 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, ok := matchHeader(tc.lines, 0, tc.inForum, nil)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (header %+v)", ok, tc.ok, h)
			}
			if !ok {
				return
			}
			posted := h.posted.ISO()
			if h.author != tc.author || posted != tc.posted || h.lines != tc.lines2 {
				t.Errorf("header = %q %q %d lines, want %q %q %d", h.author, posted, h.lines, tc.author, tc.posted, tc.lines2)
			}
		})
	}
}

// contentKept checks the promise of the text parser: every line of the
// page is in some segment unless it is chrome or a structural line (forum
// heading, comment header, numbered title, reply marker) whose content the
// document keeps in its fields.
// contentFromInput checks that every line of every segment is a line of the
// page: the split moves and drops lines (navigation, footers) but never
// makes text up.
func contentFromInput(t testing.TB, text string, doc *annotate.Document) {
	t.Helper()
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	have := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		have[norm.NFC.String(strings.TrimSpace(strings.ReplaceAll(l, "\u00a0", " ")))] = true
	}
	for _, s := range doc.Segments {
		for _, l := range strings.Split(s.Text, "\n") {
			if l != "" && !have[l] {
				t.Errorf("segment %s (%s) holds %q, which is no line of the page", s.ID, s.Kind, l)
			}
		}
	}
}

func contentKept(t testing.TB, text string, doc *annotate.Document) {
	t.Helper()
	var all strings.Builder
	for _, s := range doc.Segments {
		all.WriteString(s.Text)
		all.WriteByte('\n')
		all.WriteString(s.Title)
		all.WriteByte('\n')
	}
	joined := all.String()
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(strings.ReplaceAll(lines[i], "\u00a0", " "))
	}
	for i, l := range lines {
		if l == "" || matchChrome(l, true) != nil || matchChrome(l, false) != nil {
			continue
		}
		if _, ok := matchForumHeader(l); ok {
			continue
		}
		if _, ok := matchHeader(lines, i, true, time.UTC); ok {
			continue
		}
		if i > 0 {
			if h, ok := matchHeader(lines, i-1, true, time.UTC); ok && h.lines == 2 {
				continue
			}
		}
		if titleLine.MatchString(l) || replyLine.MatchString(l) {
			continue
		}
		if !strings.Contains(joined, norm.NFC.String(l)) {
			t.Errorf("line %d %q is in no segment", i+1, l)
		}
	}
}

func TestParseTextKeepsEveryLine(t *testing.T) {
	files := []string{"en_standfirst_replies.txt", "de_sagt_blog.txt", "de_numbered_replies.txt", "no_forum_captions.txt",
		"two_line_relative.txt", "posted_by_en.txt", "plain_paragraphs.txt"}
	// forum_leftovers.txt ends with a line after the closed forum: the
	// page's footer, which stays out (TestParseTextPages checks it).
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			b, err := readTestdata("text/" + f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := ParseText(f, b, Options{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			contentKept(t, b, doc)
		})
	}
	t.Run("seed", func(t *testing.T) {
		b, err := os.ReadFile(sharedFile("seeds", "000_e9a8672a2279b0f2.txt"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ParseText("seed.txt", string(b), Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		contentKept(t, string(b), doc)
	})
}
