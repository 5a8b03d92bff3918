package importer

import (
	"bytes"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/newsmark/newsmark/annotate"
)

// MaxHTMLSize is the largest HTML page ParseHTML reads. Saved pages are a
// few hundred kilobytes; the DOM of a page takes several times its size.
const MaxHTMLSize = 32 << 20

// ParseHTML reads a page saved from a browser and returns it as one
// Prepared document. The article (title, author, date, lead, body,
// captions) comes from trafilatura; the reader comments come from the
// page's own DOM (see findComments), one comment segment per comment with
// its author, time, title and the comment it replies to. A page without a
// comment section gives the article alone.
func ParseHTML(name string, r io.Reader, opts Options) (*annotate.Document, error) {
	src, err := openSource(name, r)
	if err != nil {
		return nil, err
	}
	return parseHTML(src, &opts)
}

func parseHTML(src *source, opts *Options) (*annotate.Document, error) {
	raw, err := io.ReadAll(io.LimitReader(src.br, MaxHTMLSize+1))
	if err != nil {
		return nil, &ParseError{File: src.name, Offset: -1, Msg: "cannot read", Err: err}
	}
	if len(raw) > MaxHTMLSize {
		return nil, errFile(src.name, ErrTooLarge, "the page is larger than %d MiB; expected a saved web page", MaxHTMLSize>>20)
	}
	if !utf8.Valid(raw) {
		// Pages saved in their original encoding say so in a <meta> tag.
		enc, encName, _ := charset.DetermineEncoding(raw, "text/html")
		decoded, err := enc.NewDecoder().Bytes(raw)
		if err != nil {
			return nil, errFile(src.name, ErrEncoding, "cannot decode the page as %s", encName)
		}
		raw = decoded
	}
	root, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		return nil, errFile(src.name, ErrSyntax, "cannot parse the HTML: %v", err)
	}
	loc := opts.location()
	captions := figureCaptions(root)
	leads := leadTexts(root)
	visible := squash(textOf(bodyOf(root), nil))
	headings, titles := pageHeadings(root)

	comments, section, total := findComments(root, loc)
	comments, pingbacks := dropPingbacks(comments)
	pingbacks += markedPingbacks(section)
	if section != nil && section.Parent != nil {
		section.Parent.RemoveChild(section)
	} else {
		for _, c := range comments {
			if c.node.Parent != nil {
				c.node.Parent.RemoveChild(c.node)
			}
		}
	}

	doc := &annotate.Document{Meta: map[string]string{}, Source: src.name}
	res, err := trafilatura.ExtractDocument(root, trafilatura.Options{EnableFallback: true, ExcludeComments: true})
	if err == nil && res != nil {
		articleSegments(doc, root, res, captions, leads, visible, headings, titles)
	}
	if total != "" {
		doc.Meta["comments_total"] = total
	}
	if pingbacks > 0 {
		doc.Meta["pingbacks"] = strconv.Itoa(pingbacks)
	}
	for i, c := range comments {
		seg := annotate.Segment{
			ID:     "c" + strconv.Itoa(i+1),
			Kind:   annotate.KindComment,
			Author: c.author,
			Posted: c.posted,
			Number: c.number,
			Title:  c.title,
			Text:   c.text,
		}
		if c.parent >= 0 {
			seg.ReplyTo = "c" + strconv.Itoa(c.parent+1)
		}
		doc.Segments = append(doc.Segments, seg)
	}
	if len(doc.Segments) == 0 {
		return nil, errFile(src.name, ErrNoText, "found no article text and no comments in the page; expected a news page")
	}
	noteSplit(doc, 0)
	if err := finish(doc, opts); err != nil {
		return nil, errFile(src.name, ErrNoText, "%v", err)
	}
	return doc, nil
}

func bodyOf(root *html.Node) *html.Node {
	if b := find(root, nil, func(n *html.Node) bool { return n.DataAtom == atom.Body }); b != nil {
		return b
	}
	return root
}

// figureCaptions returns the texts of the page's <figcaption>s, so that
// article paragraphs that are captions can be told apart.
func figureCaptions(root *html.Node) map[string]bool {
	out := map[string]bool{}
	walk(root, func(n *html.Node) bool {
		if n.DataAtom == atom.Figcaption {
			if t := squash(textOf(n, nil)); t != "" {
				out[t] = true
			}
			return false
		}
		return true
	})
	return out
}

// leadClass names the element of a teaser or standfirst.
var leadClass = regexp.MustCompile(`intro|teaser|lead|standfirst|summary|excerpt|dek|deck|subtitle|subline|vorspann|kurztext|abstract|einleitung`)

// leadTexts returns the texts of short elements whose class or id names a
// lead ("entry-excerpt", "dig-vorspann", "article-intro").
func leadTexts(root *html.Node) map[string]bool {
	out := map[string]bool{}
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && invisible[n.DataAtom] {
			return false
		}
		for _, t := range nameTokens(n) {
			if leadClass.MatchString(t) {
				if s := squash(textOf(n, nil)); s != "" && utf8.RuneCountInString(s) <= 1000 {
					out[s] = true
				}
				break
			}
		}
		return true
	})
	return out
}

// articleSegments turns trafilatura's result into headline, lead, byline,
// body and caption segments and the document's metadata.
func articleSegments(doc *annotate.Document, root *html.Node, res *trafilatura.ExtractResult, captions, leads map[string]bool, visible string, headings []headingCandidate, titles []string) {
	m := res.Metadata
	doc.Title = visibleHeadline(headings, append([]string{m.Title}, titles...), m.Sitename)
	if m.URL != "" {
		doc.Meta["file"] = filepath.Base(doc.Source)
		doc.Source = m.URL
	}
	doc.Outlet = strings.TrimSpace(m.Sitename)
	if doc.Outlet == "" {
		doc.Outlet = m.Hostname
	}
	doc.Published = extractedWhen(m.Date)
	doc.Language = m.Language
	if len(m.Tags) > 0 {
		doc.Meta["tags"] = strings.Join(m.Tags, ", ")
	}
	if len(m.Categories) > 0 {
		doc.Meta["categories"] = strings.Join(m.Categories, ", ")
	}
	paras, subheads := contentParagraphs(res.ContentNode)
	if doc.Title != "" {
		doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindHeadline, Text: doc.Title})
		if len(paras) > 0 && paras[0] == doc.Title {
			paras = paras[1:]
		}
	}
	lead := squash(m.Description)
	switch {
	case lead == "":
	case len(paras) > 0 && strings.HasPrefix(paras[0], strings.TrimRight(lead, ".… ")):
		lead, paras = paras[0], paras[1:]
	case !strings.Contains(visible, lead):
		lead = "" // a description for search engines, not on the page
	}
	if lead == "" && len(paras) > 1 && leads[paras[0]] {
		lead, paras = paras[0], paras[1:]
	}
	if lead != "" {
		doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindLead, Text: lead})
	}
	if author := squash(m.Author); author != "" && !sameWords(author, doc.Outlet) && authorOnPage(root, doc.Title, author) {
		doc.Meta["author"] = author
		doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindByline, Text: author})
	}
	paras = trimTrailingWidgets(paras)
	var body []string
	flush := func() {
		if len(body) > 0 {
			doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindBody, Text: strings.Join(body, "\n\n")})
			body = nil
		}
	}
	for _, p := range paras {
		if subheads[p] {
			flush()
			doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindSubheading, Text: p})
			continue
		}
		if captions[p] {
			flush()
			doc.Segments = append(doc.Segments, annotate.Segment{Kind: annotate.KindCaption, Text: p})
			continue
		}
		body = append(body, p)
	}
	flush()
}

// trimTrailingWidgets drops what extractors keep after an article's last
// paragraph: a share label ("Teilen auf"), a tag or related-posts line, or
// the lead-in of a teaser list whose list is gone ("Das Thema könnte dich
// auch interessieren:").
func trimTrailingWidgets(paras []string) []string {
	for len(paras) > 1 {
		last := paras[len(paras)-1]
		short := utf8.RuneCountInString(last) <= 100
		if short && (strings.HasSuffix(last, ":") || shareOrTags.MatchString(last) || matchChrome(last, false) != nil) {
			paras = paras[:len(paras)-1]
			continue
		}
		break
	}
	return paras
}

// metaTitles returns the page's og:title, twitter:title and <title>.
func metaTitles(root *html.Node) []string {
	var out []string
	walk(root, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.Body:
			return false
		case atom.Title:
			out = append(out, textOf(n, nil))
			return false
		case atom.Meta:
			switch strings.ToLower(attr(n, "property") + attr(n, "name")) {
			case "og:title", "twitter:title":
				out = append(out, attr(n, "content"))
			}
			return false
		}
		return true
	})
	return out
}

// authorOnPage reports whether the page names author as the article's
// author: in a <meta> or JSON-LD, or in the text around the headline.
// (Extractors sometimes take the author of a related-article teaser.)
func authorOnPage(root *html.Node, title, author string) bool {
	found := false
	walk(root, func(n *html.Node) bool {
		if found {
			return false
		}
		switch n.DataAtom {
		case atom.Meta:
			key := strings.ToLower(attr(n, "name") + " " + attr(n, "property") + " " + attr(n, "itemprop"))
			if strings.Contains(key, "author") && strings.Contains(attr(n, "content"), author) {
				found = true
			}
			return false
		case atom.Script:
			if strings.Contains(attr(n, "type"), "ld+json") && n.FirstChild != nil && strings.Contains(n.FirstChild.Data, author) {
				found = true
			}
			return false
		case atom.H1, atom.H2:
			if squash(textOf(n, nil)) != title {
				return false
			}
			a := n
			for up := 0; up < 4 && a.Parent != nil && !isElement(a.Parent, atom.Body, atom.Html); up++ {
				a = a.Parent
			}
			if strings.Contains(squash(textOf(a, nil)), author) {
				found = true
			}
			return false
		}
		return true
	})
	return found
}

// sameWords reports whether every word of a is a word of b: an "author"
// that is only the outlet's name ("SPIEGEL ONLINE; Hamburg; Germany").
func sameWords(a, b string) bool {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return strings.ContainsRune(" ,;|/-", r) })
	}
	words := map[string]bool{}
	for _, w := range split(b) {
		words[w] = true
	}
	aw := split(a)
	if len(aw) == 0 || len(words) == 0 {
		return false
	}
	for _, w := range aw {
		if !words[w] {
			return false
		}
	}
	return true
}

// contentParagraphs lists the text blocks of trafilatura's content tree:
// paragraphs, headings, quotes, list items (one block per list), table
// rows (one block per table) and captions, and says which are subheadings.
func contentParagraphs(n *html.Node) (paras []string, headings map[string]bool) {
	headings = map[string]bool{}
	if n == nil {
		return nil, headings
	}
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			out = append(out, strings.Join(lines, "\n"))
		}
	}
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				add(squash(c.Data))
			case c.Type != html.ElementNode:
			case c.Data == "div" || c.Data == "body" || c.Data == "section" || c.Data == "article" || c.Data == "main" || c.Data == "blockquote" || c.Data == "quote" || c.Data == "figure":
				rec(c)
			case c.Data == "ul" || c.Data == "ol" || c.Data == "list" || c.Data == "table" || c.Data == "dl":
				add(textOf(c, nil))
			case c.Data == "h2" || c.Data == "h3" || c.Data == "h4" || c.Data == "h5" || c.Data == "h6" || c.Data == "head":
				// trafilatura writes headings as <head>
				if t := squash(textOf(c, nil)); t != "" {
					headings[t] = true
					add(t)
				}
			default:
				add(squash(textOf(c, nil)))
			}
		}
	}
	rec(n)
	return out, headings
}
