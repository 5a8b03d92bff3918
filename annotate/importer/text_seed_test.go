package importer_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

// TestSeedPageCopy checks the project's seed page copy against what issue 3
// asks of it.
func TestSeedPageCopy(t *testing.T) {
	text := readFile(t, seedPath(t))
	doc, err := importer.ParseText("000_e9a8672a2279b0f2.txt", text, testOptions())
	if err != nil {
		t.Fatal(err)
	}

	t.Run("article holds headline, teaser and body but no forum text", func(t *testing.T) {
		if got := kinds(doc)[:3]; !slices.Equal(got, []annotate.SegmentKind{annotate.KindHeadline, annotate.KindLead, annotate.KindCaption}) {
			t.Errorf("first kinds = %v, want headline, lead, caption", got)
		}
		article := articleText(doc)
		for _, want := range []string{
			"USA und Russland Geheimdienste wollen im Kampf gegen IS kooperieren",
			"Bei einem Treffen in Paris haben sich US-Außenminister Kerry",
			"Paris - Die USA und Russland wollen",
			"Uno: 3600 Tote bei Gefechten in der Ukraine",
			"Poltorak ist der vierte Verteidigungsminister",
		} {
			if !strings.Contains(article, want) {
				t.Errorf("article lacks %q", want)
			}
		}
		for _, forum := range []string{"insgesamt", "Beiträge", "joG", "Die Ukraine ist ein", "Beinah beiläufig"} {
			if strings.Contains(article, forum) {
				t.Errorf("article holds forum text %q", forum)
			}
		}
		if doc.Title != "USA und Russland Geheimdienste wollen im Kampf gegen IS kooperieren" {
			t.Errorf("title = %q", doc.Title)
		}
	})

	t.Run("caption and credit are captions, not body", func(t *testing.T) {
		var body, caption []string
		for _, s := range doc.Article() {
			switch s.Kind {
			case annotate.KindBody:
				body = append(body, s.Text)
			case annotate.KindCaption:
				caption = append(caption, s.Text)
			}
		}
		if len(caption) == 0 || !strings.Contains(strings.Join(caption, "\n"), "REUTERS") ||
			!strings.Contains(caption[0], "Außenminister-Treffen: Sergej Lawrow (links) und John Kerry") {
			t.Errorf("captions = %q, want the caption with its REUTERS credit", caption)
		}
		for _, b := range body {
			if strings.Contains(b, "Außenminister-Treffen:") || strings.Contains(b, "REUTERS") {
				t.Errorf("body holds the caption: %.80q", b)
			}
		}
	})

	t.Run("subheading is a segment of its own between body paragraphs", func(t *testing.T) {
		var subs []string
		for i, s := range doc.Segments {
			if s.Kind == annotate.KindSubheading {
				subs = append(subs, s.Text)
				if i == 0 || i+1 >= len(doc.Segments) || doc.Segments[i-1].Kind != annotate.KindBody || doc.Segments[i+1].Kind != annotate.KindBody {
					t.Errorf("subheading %q is not between body paragraphs", s.Text)
				}
			}
		}
		if !slices.Equal(subs, []string{"Uno: 3600 Tote bei Gefechten in der Ukraine"}) {
			t.Errorf("subheadings = %q", subs)
		}
	})

	t.Run("agency line is a byline", func(t *testing.T) {
		var bylines []string
		for _, s := range doc.Segments {
			if s.Kind == annotate.KindByline {
				bylines = append(bylines, s.Text)
			}
		}
		if !slices.Equal(bylines, []string{"vet/dpa/Reuters"}) {
			t.Errorf("bylines = %q, want [vet/dpa/Reuters]", bylines)
		}
	})

	t.Run("exactly five comments with authors, dates, numbers, titles and full bodies", func(t *testing.T) {
		cs := comments(doc)
		want := []struct{ author, title string }{
			{"joG", "Die Ukraine ist ein. ..."},
			{"spon-facebook-10000122439", "Die Amerikaner"},
			{"Gerixxx", "niemand ist lernfähig...."},
			{"DieterFr", "Weiß das Herr Steinmeier schon?"},
			{"humorrid", "wer A sagt, muss auch B sagen"},
		}
		if len(cs) != len(want) {
			t.Fatalf("%d comments, want %d", len(cs), len(want))
		}
		lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
		for i, w := range want {
			c := cs[i]
			if c.Author != w.author || c.Number != i+1 || c.Title != w.title {
				t.Errorf("comment %d = %q #%d %q, want %q #%d %q", i+1, c.Author, c.Number, c.Title, w.author, i+1, w.title)
			}
			if y, m, d := c.Posted.Time.Date(); y != 2014 || m != time.October || d != 15 {
				t.Errorf("comment %d posted %v, want 15.10.2014", i+1, c.Posted)
			}
			// The body is the page's line under "N. title", whole, and
			// the title line is not part of it.
			titleLine := slices.Index(lines, fmt.Sprintf("%d. %s", i+1, w.title))
			if titleLine < 0 {
				t.Fatalf("seed has no title line for comment %d", i+1)
			}
			if body := strings.TrimSpace(lines[titleLine+1]); c.Text != body {
				t.Errorf("comment %d text = %.60q..., want the whole line under its title (%d characters, got %d)", i+1, c.Text, len(body), len(c.Text))
			}
			if strings.Contains(c.Text, w.title) {
				t.Errorf("comment %d text holds its title", i+1)
			}
			if c.ReplyTo != "" {
				t.Errorf("comment %d replies to %q; the seed has no replies", i+1, c.ReplyTo)
			}
		}
	})

	t.Run("forum total is metadata", func(t *testing.T) {
		if got := doc.Meta["comments_total"]; got != "31" {
			t.Errorf(`Meta["comments_total"] = %q, want "31"`, got)
		}
	})

	t.Run("no page chrome in any segment", func(t *testing.T) {
		for _, s := range doc.Segments {
			for _, chrome := range []string{"Alle Kommentare öffnen", "Seite 1", "Diskussion geschlossen", "© SPIEGEL ONLINE",
				"Alle Rechte vorbehalten", "Vervielfältigung", "TOP", "Die Homepage wurde aktualisiert", "Hinweis nicht mehr anzeigen"} {
				if strings.Contains(s.Text, chrome) || strings.Contains(s.Title, chrome) {
					t.Errorf("segment %s (%s) holds chrome %q", s.ID, s.Kind, chrome)
				}
			}
		}
		if doc.Outlet != "SPIEGEL ONLINE" {
			t.Errorf("outlet = %q, want the copyright line's SPIEGEL ONLINE", doc.Outlet)
		}
	})

	t.Run("prepared", func(t *testing.T) {
		if doc.ID == "" || doc.Hash == "" || doc.Language != "de" || !doc.Imported.Equal(fixedNow) {
			t.Errorf("id %q hash %q language %q imported %v", doc.ID, doc.Hash, doc.Language, doc.Imported)
		}
		if err := doc.Validate(); err != nil {
			t.Error(err)
		}
	})
}
