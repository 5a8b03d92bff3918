package importer

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A whole-page copy (select all, copy) holds the site's navigation above
// the article and teasers, share buttons and footers below it, one short
// line per link. The article is where the page's long lines are: the run
// of lines with the most prose in it, found as the best-scoring stretch of
// lines (long lines add their length, short lines cost a little, so a
// subheading between paragraphs stays in and a menu does not). The
// headline is looked for just above that stretch, and lines between the
// headline and the prose (date, byline, caption, lead) belong to the
// article. Navigation above the headline and link lists below the prose
// stay out.

const (
	proseRunes      = 80 // a line this long with enough words is prose
	proseWords      = 10
	shortLineCost   = 30
	furnitureCost   = 5  // what a short line between prose lines costs
	headlineLookup  = 14 // non-blank lines looked at above the prose
	signOffLines    = 6  // short lines after the prose that may close it
	signOffMaxRunes = 80
)

var (
	// countLine: "1 Kommentar", "24 COMMENTS", "Keine Kommentare".
	countLine = regexp.MustCompile(`^(?i:(?:\d+|keine|no|one|ein|eine)\s+(?:kommentare?|comments?|antworten|responses?|replies|beiträge|ergänzungen|reaktionen)|(?:kommentare|comments)\s*\(?\d*\)?)$`)
	// shareOrTags: lines that introduce link lists after an article.
	shareOrTags = regexp.MustCompile(`(?i)^(?:article tags|diese geschichte teilen|related posts|ähnliche beiträge|empfehlungen|über (?:den|die) autor(?:in)?|about the author|teilen|share|tags?|schlagwörter|kategorien|categories|labels?|filed under|posted in|veröffentlicht in|related|ähnliche beiträge|das könnte dich auch interessieren|auch interessant|weiterlesen|read more|mehr zum thema|vorheriger beitrag|nächster beitrag|previous post|next post|email this|like this|gefällt mir)\b`)
	// postedByLine: "geschrieben von Meike Neitz", "Posted by jsmith".
	postedByLine = regexp.MustCompile(`(?i)^(?:geschrieben|verfasst|veröffentlicht|posted|written|published)\s+(?:von|by|am|on)\b`)
	// inlineCredit: a caption line with its credit in brackets.
	inlineCredit = regexp.MustCompile(`(?i)\((?:foto|fotos|bild|photo|image|quelle|source|credit)\s*:[^)]*\)\s*$`)
)

// isProse reports whether a page line is a paragraph of running text.
func isProse(s string) bool {
	return utf8.RuneCountInString(s) >= proseRunes && len(strings.Fields(s)) >= proseWords &&
		(endsSentence(s) || strings.Contains(s, ". ") || strings.Contains(s, "? ") || strings.Contains(s, "! ")) &&
		!teaserEnd.MatchString(s)
}

// teaserEnd ends the excerpt of another article in a list of teasers.
var teaserEnd = regexp.MustCompile(`(?i)(?:…|\.\.\.|\[…\]|\[\.\.\.\]|continue reading|read more|weiterlesen|mehr lesen|lesen sie mehr|\bmehr)\s*[»›→>]?\s*$`)

// furniture is a short line that belongs to an article's head or foot: a
// date, a byline, a credit, a caption with its credit.
func furniture(t string) bool {
	return bylineDate.MatchString(t) || bylineAuthor.MatchString(t) || postedByLine.MatchString(t) ||
		isCreditLine(t) || inlineCredit.MatchString(t) || creditLabel.MatchString(t) || countLine.MatchString(t) ||
		reDateInLine.MatchString(strings.ToLower(t)) && len(strings.Fields(t)) <= 12
}

// coreCache remembers articleCore's answer: the split asks for it several
// times, and it looks at every line.
type coreCache struct {
	done          bool
	end, from, to int
}

// articleCore finds the stretch of lines [from, to) with the most prose in
// it among lines [0, end). It returns -1, -1 if there is no prose at all.
func (p *page) articleCore(end int) (from, to int) {
	if p.core.done && p.core.end == end {
		return p.core.from, p.core.to
	}
	defer func() { p.core = coreCache{done: true, end: end, from: from, to: to} }()
	best, sum := 0, 0
	from, to = -1, -1
	start := -1
	for i := 0; i < end; i++ {
		t := p.texts[i]
		if t == "" {
			continue
		}
		score := -shortLineCost
		switch {
		case p.chrome[i] == nil && isProse(t):
			score = utf8.RuneCountInString(t)
		case furniture(t):
			score = -furnitureCost
		}
		if start < 0 {
			if score <= 0 {
				continue
			}
			start, sum = i, 0
		}
		sum += score
		if sum < 0 {
			start, sum = -1, 0
			continue
		}
		if sum > best {
			best, from, to = sum, start, i+1
		}
	}
	return from, to
}

// headlineAbove returns the line of the headline above the prose starting
// at line from, or -1. Title-like lines just above the prose are weighed by
// the page's own evidence: only the headline is repeated on the page (a
// breadcrumb, "4 responses to “…”", the h1 under a tab title) and sits
// next to the article's date or author line. Without evidence the nearest
// title-like line wins.
func (p *page) headlineAbove(from int) int {
	best, bestScore := -1, -1000.0
	seen := 0
	between := 0 // lines between line i and the prose that are not furniture
	for i := from - 1; i >= 0 && seen < headlineLookup; i-- {
		t := p.texts[i]
		if t == "" || p.chrome[i] != nil {
			continue
		}
		seen++
		weak := strings.HasSuffix(t, ".")
		if !titleLike(t) && !(weak && titleLike(strings.TrimSuffix(t, "."))) {
			if !furniture(t) {
				between++
			}
			continue
		}
		evidence := p.repeated(i)
		if p.dateOrBylineNear(i) {
			evidence++
		}
		if weak && evidence == 0 {
			between++
			continue // a sentence (a caption), not a headline
		}
		// The headline sits right above the article's prose, with only
		// its date, byline and captions between.
		score := float64(evidence) - 0.5*float64(between)
		if score > bestScore {
			best, bestScore = i, score
		}
		between++
	}
	return best
}

// titleLike: a line of two to 30 words that is not a date, a byline, a
// credit, a count or a sentence ending in a full stop.
func titleLike(t string) bool {
	n := utf8.RuneCountInString(t)
	words := len(strings.Fields(t))
	switch {
	case words < 2 || words > 30 || n > 250:
		return false
	case strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "..."), strings.HasSuffix(t, ":"):
		return false
	case strings.HasSuffix(t, "…") || strings.HasSuffix(t, "..."):
		return false // a teaser cut short
	case bylineDate.MatchString(t), bylineAuthor.MatchString(t), postedByLine.MatchString(t),
		creditLabel.MatchString(t), creditAgency.MatchString(t), creditCopyright.MatchString(t):
		return false
	case strings.ContainsAny(t, "•|»›>"):
		return false // a breadcrumb or a list of categories
	case countLine.MatchString(t), shareOrTags.MatchString(t), inlineCredit.MatchString(t):
		return false
	case reDateInLine.MatchString(strings.ToLower(t)) && words <= 12:
		return false // "Do 24. Mai 2018, 08:30 | ANZEIGE | 1 Kommentar"
	}
	return true
}

var reDateInLine = regexp.MustCompile(`(?i)` + dateTimePattern)

// repeated tells how much the page repeats line i: 2 when a longer line
// quotes it (a breadcrumb, "4 responses to “…”"), 1 when the same line
// stands next to it (the breadcrumb's last item above the h1), else 0. A
// menu item repeated in a second menu far away does not count.
func (p *page) repeated(i int) int {
	t := p.texts[i]
	words := len(strings.Fields(t))
	if words < 2 {
		return 0
	}
	for j, o := range p.texts {
		if j == i || len(o) <= len(t) || !strings.Contains(o, t) {
			continue
		}
		// A longer line quoting it, or a breadcrumb ending in it
		// ("Start » Menschen » Homo Brandenburgensis").
		if words >= 4 && utf8.RuneCountInString(t) >= 20 || strings.HasSuffix(o, t) && strings.ContainsAny(o, "»›>/|") {
			return 2
		}
	}
	for j := max(0, i-3); j < min(len(p.texts), i+4); j++ {
		if j != i && p.texts[j] == t {
			return 1
		}
	}
	return 0
}

// dateOrBylineNear reports whether one of the two non-blank lines after
// line i, or the one before it, is a date or byline line.
func (p *page) dateOrBylineNear(i int) bool {
	isDate := func(t string) bool {
		return bylineDate.MatchString(t) || bylineAuthor.MatchString(t) || postedByLine.MatchString(t) ||
			(reDateInLine.MatchString(strings.ToLower(t)) && len(strings.Fields(t)) <= 12)
	}
	seen := 0
	for j := i + 1; j < len(p.texts) && seen < 2; j++ {
		if t := p.texts[j]; t != "" {
			seen++
			if isDate(t) {
				return true
			}
			if titleLike(t) {
				break // a date below is that line's
			}
		}
	}
	for j := i - 1; j >= 0; j-- {
		if t := p.texts[j]; t != "" {
			return isDate(t)
		}
	}
	return false
}

// signOff extends the prose ending before line to over a few short lines
// that close the article ("Herzlichst", "Eure Martina"), stopping at a line
// that opens a link list or a heading of the page's chrome.
func (p *page) signOff(to, end int) int {
	seen := 0
	for j := to; j < end && seen < signOffLines; j++ {
		t := p.texts[j]
		if t == "" {
			continue
		}
		if p.chrome[j] != nil || shareOrTags.MatchString(t) || countLine.MatchString(t) ||
			utf8.RuneCountInString(t) > signOffMaxRunes || strings.HasSuffix(t, ":") {
			break
		}
		if _, ok := matchForumHeader(t); ok {
			break
		}
		seen++
		to = j + 1
	}
	return to
}

// articleRange returns the lines [from, to) of the article among the page
// lines [0, end), and the headline's line (-1 if none). A page copy without
// navigation (the first line is the headline) keeps all its lines.
func (p *page) articleRange(end int) (from, to, headline int) {
	cs, ce := p.articleCore(end)
	if cs < 0 {
		return 0, end, -1
	}
	headline = p.headlineAbove(cs)
	from = cs
	if headline >= 0 {
		from = headline
	}
	// Short lines just before the prose with no headline above them (a
	// kicker, a lead line) stay with it.
	to = p.signOff(ce, end)
	return from, to, headline
}
