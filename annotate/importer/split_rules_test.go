package importer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

// One test per piece of evidence the split uses, on small pages written
// for the test. The development set (TestPageSplit) measures them together.

// para is a paragraph of prose: long enough, with sentences.
func para(topic string) string {
	return "Der Gemeinderat hat am Dienstag über " + topic + " beraten und eine Entscheidung vertagt. " +
		"Die Fraktionen wollen bis zur nächsten Sitzung einen gemeinsamen Vorschlag vorlegen."
}

func parseText(t *testing.T, lines ...string) *annotate.Document {
	t.Helper()
	doc, err := importer.ParseText("page.txt", strings.Join(lines, "\n"), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func parseHTMLString(t *testing.T, page string) *annotate.Document {
	t.Helper()
	doc, err := importer.ParseHTML("page.html", strings.NewReader(page), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func segmentTexts(doc *annotate.Document) string {
	var b strings.Builder
	for _, s := range doc.Segments {
		b.WriteString(s.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestPageCopyLeavesTheSiteNavigationOutAndFindsTheHeadlineAboveTheProse(t *testing.T) {
	doc := parseText(t,
		"Startseite", "Politik", "Wirtschaft", "Kultur", "Sport", "Über uns", "Kontakt",
		"Haushalt vertagt", "15.10.2014", "Von Anna Muster",
		para("den Haushalt"), "", para("die Schulden"),
		"Teilen:", "Facebook", "Impressum", "Datenschutz")
	if doc.Title != "Haushalt vertagt" {
		t.Errorf("title = %q, want the headline above the prose", doc.Title)
	}
	all := segmentTexts(doc)
	for _, nav := range []string{"Startseite", "Wirtschaft", "Kontakt", "Impressum", "Datenschutz"} {
		if strings.Contains(all, nav) {
			t.Errorf("navigation %q is in a segment", nav)
		}
	}
	if !slices.Contains(kinds(doc), annotate.KindByline) || !strings.Contains(all, "Von Anna Muster") {
		t.Errorf("kinds = %v, want the author line as a byline", kinds(doc))
	}
}

func TestPageCopyHeadlineIsTheOneThePageRepeats(t *testing.T) {
	// The breadcrumb names the headline; the line just above the prose is
	// a subtitle, which the page does not repeat.
	doc := parseText(t,
		"Start", "Sie sind hier: Start » Menschen » Homo Brandenburgensis",
		"Homo Brandenburgensis", "Menschen in Brandenburg",
		para("die Menschen"), para("das Land"))
	if doc.Title != "Homo Brandenburgensis" {
		t.Errorf("title = %q, want the headline the breadcrumb names", doc.Title)
	}
}

func TestPageCopyHeadlineNextToItsDateWinsOverARepeatedMenuItem(t *testing.T) {
	doc := parseText(t,
		"Über uns", "Spenden", "Über uns",
		"Die Cider Connection: Abmahnungen gegen Nutzer",
		"23.06.2016 um 16:14 Uhr - Markus Reuter",
		para("Abmahnungen"), para("Lizenzen"))
	if doc.Title != "Die Cider Connection: Abmahnungen gegen Nutzer" {
		t.Errorf("title = %q", doc.Title)
	}
}

func TestPageCopyCategoryListAndTeaserAreNoHeadline(t *testing.T) {
	doc := parseText(t,
		"Marketing • Social Media",
		"Zwölf Zutaten für erfolgreiche Tweets",
		"5. Dez 2018", "1 Kommentar",
		"Was zeichnet erfolgreiche Tweets aus? (Foto: Pixabay.com / irfanahmad)",
		"geschrieben von Meike Neitz",
		para("Tweets"), para("Reichweite"))
	if doc.Title != "Zwölf Zutaten für erfolgreiche Tweets" {
		t.Errorf("title = %q", doc.Title)
	}
	if doc.CommentCount() != 0 {
		t.Errorf("the count under the headline opened a comment section: %d comments", doc.CommentCount())
	}
}

func TestSubheadingBetweenParagraphsIsASegmentOfItsOwn(t *testing.T) {
	doc := parseText(t, "Haushalt vertagt", "", para("den Haushalt"), "", "Was die Opposition fordert", "", para("die Opposition"))
	want := []annotate.SegmentKind{annotate.KindHeadline, annotate.KindLead, annotate.KindSubheading, annotate.KindBody}
	if got := kinds(doc); !slices.Equal(got, want) {
		t.Errorf("kinds = %v, want %v", got, want)
	}
	// A short line that ends a sentence is body, not a subheading.
	doc = parseText(t, "Haushalt vertagt", "", para("den Haushalt"), "", "Das ist alles.", "", para("die Opposition"))
	if slices.Contains(kinds(doc), annotate.KindSubheading) {
		t.Errorf("kinds = %v: a sentence became a subheading", kinds(doc))
	}
}

func TestButtonsUnderACommentEndItsText(t *testing.T) {
	doc := parseText(t, "Haushalt vertagt", "", para("den Haushalt"), para("die Schulden"),
		"2 Kommentare",
		"anna sagt:", "15.10.2014 um 14:32 Uhr", "Endlich eine vernünftige Entscheidung.", "Antworten",
		"Kategorien: Lokales", "Schlagworte: Haushalt",
		"bert sagt:", "15.10.2014 um 15:01 Uhr", "Und wer bezahlt das alles?", "LikeLiked by 21 people",
		"Hinterlasse einen Kommentar", "Name", "E-Mail", "Website")
	cs := comments(doc)
	if len(cs) != 2 || cs[0].Text != "Endlich eine vernünftige Entscheidung." || cs[1].Text != "Und wer bezahlt das alles?" {
		t.Fatalf("comments = %q", commentTexts(cs))
	}
	if all := segmentTexts(doc); strings.Contains(all, "Schlagworte") || strings.Contains(all, "Website") {
		t.Errorf("text after a comment's buttons, or the comment form, is in a segment:\n%s", all)
	}
}

func commentTexts(cs []annotate.Segment) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Author+": "+c.Text)
	}
	return out
}

func TestPingbacksAreNoComments(t *testing.T) {
	doc := parseText(t, "Haushalt vertagt", "", para("den Haushalt"), para("die Schulden"),
		"4 Gedanken zu „Haushalt vertagt“",
		"Pingback: Lokalblog | Wochenrückblick",
		"anna sagt:", "15.10.2014 um 14:32 Uhr", "Endlich eine vernünftige Entscheidung.", "Antworten",
		"Wochenschau – Lokalblog 16.10.2014 um 09:00 Uhr - Antworten",
		"[…] Der Gemeinderat hat den Haushalt vertagt. […]",
		"bert sagt:", "16.10.2014 um 15:01 Uhr", "Und wer bezahlt das alles?", "Antworten")
	cs := comments(doc)
	if got := commentTexts(cs); !slices.Equal(got, []string{"anna: Endlich eine vernünftige Entscheidung.", "bert: Und wer bezahlt das alles?"}) {
		t.Errorf("comments = %q, want the two reader comments only", got)
	}
	if doc.Meta["pingbacks"] != "2" {
		t.Errorf("pingbacks = %q, want 2 (the Pingback: line and the excerpt)", doc.Meta["pingbacks"])
	}
}

func TestAHostAnsweringUnderEachCommentRepliesToIt(t *testing.T) {
	doc := parseText(t, "Haushalt vertagt", "", para("den Haushalt"), para("die Schulden"),
		"5 Kommentare",
		"anna 15.10.2014 14:32", "Gute Entscheidung.",
		"Martina Berg", "Autor", "15.10.2014 15:00", "Danke, Anna!",
		"bert 15.10.2014 16:01", "Und wer bezahlt das?",
		"Martina Berg", "Autor", "15.10.2014 16:30", "Die Stadt, Bert.",
		"carla 15.10.2014 17:00", "Ich finde es falsch.")
	cs := comments(doc)
	if len(cs) != 5 {
		t.Fatalf("comments = %q", commentTexts(cs))
	}
	want := []string{"", cs[0].ID, "", cs[2].ID, ""}
	for i, c := range cs {
		if c.ReplyTo != want[i] {
			t.Errorf("comment %d by %q replies to %q, want %q", i+1, c.Author, c.ReplyTo, want[i])
		}
	}
	if cs[1].Author != "Martina Berg" {
		t.Errorf("author = %q: the badge line was taken for the name", cs[1].Author)
	}
}

func TestTwoCommentersTalkingIsNoHostAnswering(t *testing.T) {
	doc := parseText(t, "Haushalt vertagt", "", para("den Haushalt"), para("die Schulden"),
		"4 Kommentare",
		"anna 15.10.2014 14:32", "Gute Entscheidung.",
		"bert 15.10.2014 15:00", "Finde ich nicht.",
		"anna 15.10.2014 16:01", "Warum nicht?",
		"anna 15.10.2014 16:30", "Und noch etwas.")
	for _, c := range comments(doc) {
		if c.ReplyTo != "" {
			t.Errorf("comment by %q replies to %q: two comments in a row by anna show she is no host", c.Author, c.ReplyTo)
		}
	}
}

func TestACountThatTheCommentsFallShortOfIsNoted(t *testing.T) {
	doc := parseText(t, "Haushalt vertagt", "", para("den Haushalt"), para("die Schulden"),
		"12 Kommentare", "anna 15.10.2014 14:32", "Gute Entscheidung.")
	if got := doc.Meta[importer.SplitNoteKey]; got != "found 1 of the 12 comments the page announces" {
		t.Errorf("note = %q", got)
	}
	doc = parseText(t, "Haushalt vertagt", "", para("den Haushalt"), para("die Schulden"),
		"1 Kommentar", "anna 15.10.2014 14:32", "Gute Entscheidung.")
	if got, ok := doc.Meta[importer.SplitNoteKey]; ok {
		t.Errorf("note = %q on a page holding all its comments", got)
	}
}

func TestAPrintPageWithoutCommentsIsArticleOnly(t *testing.T) {
	doc := parseText(t, "Artikel drucken", "PDF drucken", "Lokales",
		"Haushalt vertagt", "15.10.2014, 18:05 Uhr", "Von Anna Muster",
		para("den Haushalt"), "", para("die Schulden"), "", para("die Opposition"),
		"PDF drucken", "15.10.2014", "Seite drucken")
	if n := doc.CommentCount(); n != 0 {
		t.Errorf("%d comments on a print page: %q", n, commentTexts(comments(doc)))
	}
	if _, ok := doc.Meta[importer.SplitNoteKey]; ok {
		t.Errorf("note %q on a page without comment evidence", doc.Meta[importer.SplitNoteKey])
	}
}

const blogHead = `<!DOCTYPE html><html><head><title>Haushalt vertagt » Lokalblog</title>
<meta property="og:title" content="Haushalt vertagt"></head><body>
<header><h1 class="site-title">Lokalblog</h1></header><main><article><h2 class="entry-title">Haushalt vertagt</h2>
<p>` + "Der Gemeinderat hat am Dienstag über den Haushalt beraten und eine Entscheidung vertagt. Die Fraktionen wollen bis zur nächsten Sitzung einen gemeinsamen Vorschlag vorlegen." + `</p>
<h3>Was die Opposition fordert</h3>
<p>` + "Die Opposition verlangt eine Aufstellung aller Ausgaben und will erst dann zustimmen. Der Bürgermeister sagte zu, die Zahlen bis Freitag vorzulegen." + `</p></article>`

func TestHTMLHeadlineIsTheVisibleHeadingNotTheTabTitleOrTheLogo(t *testing.T) {
	doc := parseHTMLString(t, blogHead+`</main></body></html>`)
	if doc.Title != "Haushalt vertagt" {
		t.Errorf("title = %q, want the post's heading", doc.Title)
	}
	if !slices.Contains(kinds(doc), annotate.KindSubheading) {
		t.Errorf("kinds = %v, want the h3 as a subheading", kinds(doc))
	}
}

func TestHTMLPingbacksAreLeftOutAndRepliesNestInListItems(t *testing.T) {
	page := blogHead + `<section id="comments"><h2>3 Gedanken zu „Haushalt vertagt“</h2><ol class="comment-list">
<li class="comment" id="comment-1"><div class="the-comment"><div class="comment-author meta"><strong>anna</strong> 15. Oktober 2014 um 14:32 Uhr <a class="comment-reply-link" href="?replytocom=1">Antworten</a></div>
<div class="comment-text"><p>Endlich eine vernünftige Entscheidung.</p></div></div>
<ul class="children"><li class="comment" id="comment-2"><div class="the-comment"><div class="comment-author meta"><strong>Martina Berg Autor</strong> 15. Oktober 2014 um 15:00 Uhr <a class="comment-reply-link" href="?replytocom=2">Antworten</a></div>
<div class="comment-text"><p>Danke, Anna, das sehe ich auch so.</p></div></div></li></ul></li>
<li class="pingback" id="comment-3"><div class="the-comment"><div class="comment-author meta"><strong>Lokalblog Wochenschau</strong> 16. Oktober 2014 um 09:00 Uhr</div>
<div class="comment-text"><p>[…] Der Gemeinderat hat den Haushalt vertagt. […]</p></div></div></li>
</ol></section></main></body></html>`
	doc := parseHTMLString(t, page)
	cs := comments(doc)
	if got := commentTexts(cs); !slices.Equal(got, []string{"anna: Endlich eine vernünftige Entscheidung.", "Martina Berg: Danke, Anna, das sehe ich auch so."}) {
		t.Fatalf("comments = %q", got)
	}
	if cs[1].ReplyTo != cs[0].ID {
		t.Errorf("the reply in the item's children list replies to %q, want %q", cs[1].ReplyTo, cs[0].ID)
	}
	if doc.Meta["pingbacks"] != "1" || doc.Meta["comments_total"] != "3" {
		t.Errorf("meta = %v, want 1 pingback and the stated 3", doc.Meta)
	}
	if got, ok := doc.Meta[importer.SplitNoteKey]; ok {
		t.Errorf("note = %q, but the 2 comments and the pingback are the 3 the page announces", got)
	}
}

// Comment sections of other kinds of software, as page copies.
func TestPageCopyCommentSectionsOfOtherSoftware(t *testing.T) {
	article := []string{"Council delays budget", para("the budget"), "", para("the debt"), ""}
	type want struct{ author, when, replyTo, text string }
	cases := []struct {
		name  string
		lines []string
		want  []want
	}{
		{"the time after the text (Blogger)", []string{"3 comments:",
			"John Doe said...", "Great post, thanks for sharing.", "October 15, 2014 at 2:32 PM",
			"Jane said...", "I really enjoyed reading this.", "October 15, 2014 at 3:10 PM",
			"Bob said...", "Not convinced at all.", "October 16, 2014 at 9:00 AM", "Post a Comment"},
			[]want{{"John Doe", "2014-10-15T14:32", "", "Great post, thanks for sharing."}, {"Jane", "2014-10-15T15:10", "", "I really enjoyed reading this."},
				{"Bob", "2014-10-16T09:00", "", "Not convinced at all."}}},
		{"French, with its buttons", []string{"2 commentaires",
			"Jean Dupont dit :", "15 octobre 2014 à 14 h 32", "Je ne suis pas d'accord.", "Répondre",
			"Marie a écrit :", "15 octobre 2014 à 15 h 10", "Moi non plus.", "Répondre"},
			[]want{{"Jean Dupont", "2014-10-15T14:32", "", "Je ne suis pas d'accord."}, {"Marie", "2014-10-15T15:10", "", "Moi non plus."}}},
		{"a header naming the comment it answers, a row of buttons (Disqus)", []string{"3 Comments", "Sort by Best",
			"jsmith • 15 Oct 2014 14:50", "A good decision.", "Reply • Share ›",
			"anna_k jsmith • 15 Oct 2014 15:05", "I disagree.", "Reply • Share ›",
			"bob • 15 Oct 2014 16:00", "Why?", "Reply • Share ›"},
			[]want{{"jsmith", "2014-10-15T14:50", "", "A good decision."}, {"anna_k", "2014-10-15T15:05", "c1", "I disagree."},
				{"bob", "2014-10-15T16:00", "", "Why?"}}},
		{"a numbered name over its time, counters and buttons in a row", []string{"2 Kommentare",
			"1. Max Muster", "15.10.2014, 14:32 Uhr", "Ein guter Kommentar.", "12 Likes · Antworten",
			"2. Erika M.", "vor 1 Stunde", "Ich sehe das anders.", "3 · Antworten · Melden"},
			[]want{{"Max Muster", "2014-10-15T14:32", "", "Ein guter Kommentar."}, {"Erika M.", "", "", "Ich sehe das anders."}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := parseText(t, append(append([]string(nil), article...), tc.lines...)...)
			cs := comments(doc)
			if len(cs) != len(tc.want) {
				t.Fatalf("comments = %q, want %d", commentTexts(cs), len(tc.want))
			}
			for i, w := range tc.want {
				c := cs[i]
				when := ""
				if !c.Posted.IsZero() {
					when = c.Posted.Time.Format("2006-01-02T15:04") // the page's wall time
				}
				if c.Author != w.author || when != w.when || c.ReplyTo != w.replyTo || c.Text != w.text {
					t.Errorf("comment %d = %q %q reply to %q: %q; want %q %q %q: %q", i+1, c.Author, when, c.ReplyTo, c.Text,
						w.author, w.when, w.replyTo, w.text)
				}
			}
			if note, ok := doc.Meta[importer.SplitNoteKey]; ok {
				t.Errorf("note %q on a page holding all its comments", note)
			}
		})
	}
}

func TestHTMLRepliesInAWrapperAfterTheCommentTheyAnswer(t *testing.T) {
	// Drupal puts the replies to a comment in a div.indented right after it.
	c := func(user, when, text string) string {
		return `<div class="comment"><div class="submitted">Submitted by <span class="username">` + user + `</span> on ` + when +
			`</div><div class="content"><p>` + text + `</p></div><ul class="links"><li>reply</li></ul></div>`
	}
	page := blogHead + `<section id="comments"><h2>Comments</h2>` +
		c("jsmith", "Wed, 10/15/2014 - 14:50", "A good decision.") +
		`<div class="indented">` + c("anna_k", "Wed, 10/15/2014 - 15:05", "I disagree with that.") + `</div>` +
		c("bob", "Wed, 10/15/2014 - 16:00", "Why though?") + `</section></main></body></html>`
	cs := comments(parseHTMLString(t, page))
	if len(cs) != 3 {
		t.Fatalf("comments = %q", commentTexts(cs))
	}
	if cs[1].ReplyTo != cs[0].ID || cs[0].ReplyTo != "" || cs[2].ReplyTo != "" {
		t.Errorf("replies to = %q, %q, %q; want only the indented one to answer the first", cs[0].ReplyTo, cs[1].ReplyTo, cs[2].ReplyTo)
	}
}

func TestHTMLCommentsAsDefinitionListItems(t *testing.T) {
	// Blogger's classic layout: each comment is a dt (author), a dd (text)
	// and a dd (time), siblings in one dl.
	c := func(id, user, text, when string) string {
		return `<dt class="comment-author" id="` + id + `"><a href="#">` + user + `</a> said...</dt><dd class="comment-body"><p>` + text +
			`</p></dd><dd class="comment-footer"><span class="comment-timestamp"><a href="#` + id + `">` + when + `</a></span></dd>`
	}
	page := blogHead + `<div id="comments"><h4>3 comments:</h4><dl id="comments-block">` +
		c("c1", "John Doe", "Great post, thanks for sharing.", "October 15, 2014 at 2:32 PM") +
		c("c2", "Jane", "I really enjoyed reading this.", "October 15, 2014 at 3:10 PM") +
		c("c3", "Bob", "Not convinced at all.", "October 16, 2014 at 9:00 AM") + `</dl></div></main></body></html>`
	doc := parseHTMLString(t, page)
	got := commentTexts(comments(doc))
	want := []string{"John Doe: Great post, thanks for sharing.", "Jane: I really enjoyed reading this.", "Bob: Not convinced at all."}
	if !slices.Equal(got, want) {
		t.Fatalf("comments = %q, want %q", got, want)
	}
	if w := comments(doc)[2].Posted; w.Time.Format("2006-01-02T15:04") != "2014-10-16T09:00" {
		t.Errorf("time of the last comment = %v", w)
	}
}
