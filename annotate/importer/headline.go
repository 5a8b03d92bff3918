package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The headline a reader sees is the page's h1 (or, on blogs whose h1 is the
// site's logo, the h2 of the post), not the browser tab's title, which
// usually carries the site's name ("Die Ablehnung der Gendersprache »
// SciLogs"). The tab title, og:title and the extractor's title are only
// evidence of which heading is the article's.

// headingCandidate is a visible heading of the page.
type headingCandidate struct {
	text  string
	level int  // 1 for h1, 2 for h2, 3 for h3
	named bool // its class or id calls it a title or headline
	order int  // position among the candidates
}

// pageHeadings lists the visible headings of the page and the titles its
// metadata states (og:title, twitter:title, <title>). It must run before
// the extractor, which takes the tree apart.
func pageHeadings(root *html.Node) (cands []headingCandidate, titles []string) {
	walk(bodyOf(root), func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if invisible[n.DataAtom] || n.DataAtom == atom.Nav || n.DataAtom == atom.Footer || n.DataAtom == atom.Aside {
			return false
		}
		level := 0
		switch n.DataAtom {
		case atom.H1:
			level = 1
		case atom.H2:
			level = 2
		case atom.H3:
			level = 3
		}
		if level == 0 {
			return true
		}
		t := squash(textOf(n, nil))
		if words := len(strings.Fields(t)); t != "" && words <= 40 && utf8.RuneCountInString(t) <= 300 {
			named := false
			for _, tok := range nameTokens(n) {
				if strings.Contains(tok, "title") || strings.Contains(tok, "headline") {
					named = true
				}
			}
			cands = append(cands, headingCandidate{text: t, level: level, named: named, order: len(cands)})
		}
		return false
	})
	return cands, metaTitles(root)
}

// visibleHeadline returns the heading of the page that names the article,
// given the titles the page's metadata states (tab title, og:title, the
// extractor's title) and the site's name. It returns the metadata title
// without the site's name when no heading fits.
func visibleHeadline(cands []headingCandidate, titles []string, site string) string {
	var refs []string
	for _, t := range titles {
		if t = squash(t); t != "" {
			refs = append(refs, t)
		}
	}
	best, bestScore := "", 0.0
	for _, c := range cands {
		score := 0.0
		for _, r := range refs {
			if s := titleOverlap(c.text, r); s > score {
				score = s
			}
		}
		if site != "" && sameWords(c.text, site) {
			score = 0 // the logo
		}
		// A heading is the article's only if most of its words are in a
		// stated title; an h1, and a heading its markup calls a title,
		// count more; then the first on the page.
		if score > 0 {
			if c.level == 1 {
				score += 0.15
			}
			if c.named {
				score += 0.1
			}
		}
		score -= 0.01 * float64(c.level-1)
		if score > bestScore+1e-9 {
			best, bestScore = c.text, score
		}
	}
	if bestScore >= 0.5 {
		return best
	}
	for _, r := range refs {
		if t := stripSiteName(r, site); t != "" {
			return t
		}
	}
	return ""
}

// titleWords are the lower-case words of s, without punctuation.
func titleWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// titleOverlap is the share of the heading's words found in the title,
// times the share of the title's words found in the heading, square-rooted:
// 1 for the same words, high for "X" against "X – Site", low for a heading
// that only shares a few words.
func titleOverlap(heading, title string) float64 {
	hw, tw := titleWords(heading), titleWords(title)
	if len(hw) == 0 || len(tw) == 0 {
		return 0
	}
	in := func(words []string, set []string) float64 {
		m := map[string]int{}
		for _, w := range set {
			m[w]++
		}
		n := 0
		for _, w := range words {
			if m[w] > 0 {
				m[w]--
				n++
			}
		}
		return float64(n) / float64(len(words))
	}
	h := in(hw, tw) // how much of the heading is in the title
	t := in(tw, hw) // how much of the title is in the heading
	if h < 0.5 {
		return 0
	}
	// The tab title holds the headline plus the site's name: its share
	// counts less than the heading's.
	return h*0.7 + t*0.3
}

// titleSeparators split a tab title into the headline and the site's name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " » ", " « ", " :: ", " · ", " • ", " / "}

// siteLike reports whether the part of a tab title looks like a site's
// name: a domain, or up to four words that all start with a capital or a
// digit ("SciLogs", "Wissenschaftsblogs", "The Daily Example"), unlike the
// rest of a headline ("– eine Bilanz").
func siteLike(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	if len(words) == 1 && strings.Contains(s, ".") && !strings.HasSuffix(s, ".") {
		return true // "netzpolitik.org"
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// stripSiteName removes the site's name from a tab title ("Headline –
// Site", "Site | Headline"): the part that is the site's name, or else the
// shorter part, goes.
func stripSiteName(title, site string) string {
	for _, sep := range titleSeparators {
		i := strings.LastIndex(title, sep)
		if i < 0 {
			continue
		}
		head, tail := strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		switch {
		case site != "" && (sameWords(tail, site) || sameWords(site, tail)):
			return stripSiteName(head, site)
		case site != "" && (sameWords(head, site) || sameWords(site, head)):
			return stripSiteName(tail, site)
		case siteLike(tail) && len(titleWords(head)) > len(titleWords(tail)):
			return stripSiteName(head, site)
		}
	}
	return title
}
