package importer

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// ParseText reads a plain-text copy of a news page (what a reader gets by
// selecting a whole page in a browser and pasting it) and returns it as one
// Prepared document: headline, lead, captions, body and bylines as article
// segments, each reader comment as a comment segment with its author, time,
// number, title and reply-to. name becomes the document's Source.
//
// Lines the page's software wrote (chromeRules) are dropped; every other
// line lands in a segment, in the article when the parser cannot tell what
// it is. The forum's stated number of comments ("insgesamt 31 Beiträge")
// becomes Meta["comments_total"], the outlet of a copyright line the
// document's Outlet. The clipboard import uses ParseText too.
func ParseText(name, text string, opts Options) (*annotate.Document, error) {
	if err := checkText(name, text); err != nil {
		return nil, err
	}
	doc := parsePage(text, &opts)
	doc.Source = name
	if err := finish(doc, &opts); err != nil {
		return nil, errFile(name, ErrNoText, "%v", err)
	}
	return doc, nil
}

// checkText refuses text that is empty, binary or not UTF-8, naming the
// line and column of the first bad byte.
func checkText(name, text string) error {
	if strings.IndexByte(text, 0) >= 0 || !utf8.ValidString(text) {
		b := []byte(text)
		if i, what := firstBadByte(b); i >= 0 {
			line, col := lineCol(b, i)
			msg := "expected UTF-8 text; save the file as UTF-8 and import it again"
			if what == ErrBinary {
				msg = "NUL byte; " + expectedInput
			}
			return &ParseError{File: name, Line: line, Column: col, Offset: int64(i), Msg: msg, Err: what}
		}
	}
	if strings.TrimSpace(text) == "" {
		return errFile(name, ErrEmpty, "there is no text; expected a copy of a news page")
	}
	return nil
}

// page is a page copy being taken apart.
type page struct {
	texts  []string      // the page's lines, trimmed
	chrome []*chromeRule // the rule of each line that is page chrome, nil for text

	// caches of forumChrome and header
	forumChromeFacts []uint8
	forumChromeRules map[int]*chromeRule
	headerFacts      [2][]uint8
	opts             *Options
	doc              *annotate.Document
	pingbacks        int // pingback lines in the forum, left out
	core             coreCache
}

// parsePage splits a page copy into article and comment section and builds
// the document's segments in page order.
func parsePage(text string, opts *Options) *annotate.Document {
	p := &page{opts: opts, doc: &annotate.Document{Meta: map[string]string{}}}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	p.texts = strings.Split(text, "\n")
	p.chrome = make([]*chromeRule, len(p.texts))
	for i, l := range p.texts {
		if strings.Contains(l, "\u00a0") {
			l = strings.ReplaceAll(l, "\u00a0", " ")
		}
		t := strings.TrimSpace(l)
		p.texts[i] = t
		if r := matchChrome(t, false); r != nil {
			p.chrome[i] = r
			p.noteOutlet(r, t)
		}
	}
	liftRoleBadges(p.texts)
	start, total, headed := p.forumStart()
	if start < 0 {
		p.pageArticle(len(p.texts))
		noteSplit(p.doc, p.unusedHeaders())
		return p.doc
	}
	if total != "" {
		p.doc.Meta["comments_total"] = total
	}
	p.pageArticle(start)
	first := start
	if headed {
		first = start + 1
	}
	p.forum(first, len(p.texts))
	if n := dropPingbackSegments(p.doc) + p.pingbacks; n > 0 {
		p.doc.Meta["pingbacks"] = strconv.Itoa(n)
	}
	namedParents(p.doc)
	hostReplies(p.doc)
	noteSplit(p.doc, 0)
	return p.doc
}

// unusedHeaders counts the strong comment headers (an author with a time)
// after the article's prose on a page where no comment section was found:
// evidence of comments the split did not read.
func (p *page) unusedHeaders() int {
	_, ce := p.articleCore(len(p.texts))
	if ce < 0 {
		return 0
	}
	n := 0
	for i := ce; i < len(p.texts); i++ {
		if p.chrome[i] != nil || p.texts[i] == "" {
			continue
		}
		if lines, strong, ok := p.header(i, true); ok && strong {
			n++
			i += lines - 1
		}
	}
	if n < 2 {
		return 0 // one dated author line is a byline or an author box
	}
	return n
}

// noteOutlet takes the outlet's name from a copyright line.
func (p *page) noteOutlet(r *chromeRule, line string) {
	if !r.outlet || p.doc.Outlet != "" {
		return
	}
	if m := r.pattern.FindStringSubmatch(line); len(m) > 1 {
		if o := strings.TrimSpace(strings.Trim(m[1], "©.,")); o != "" {
			p.doc.Outlet = o
		}
	}
}

// proseFollows reports whether prose comes within the next few lines after
// line i, before any comment header.
func (p *page) proseFollows(i int) bool {
	seen := 0
	for j := i + 1; j < len(p.texts) && seen < 8; j++ {
		t := p.texts[j]
		if t == "" || p.chrome[j] != nil {
			continue
		}
		seen++
		if _, strong, ok := p.header(j, true); ok && (strong || !isProse(t)) && !postedByLine.MatchString(t) {
			return false
		}
		if isProse(t) {
			return true
		}
	}
	return false
}

// minArticleProse is how much prose must come before a comment section's
// heading: the article's.
const minArticleProse = 200

// forumStart finds where the comment section begins: at a forum heading
// that comments follow or that states a number, or else at the first of a
// run of comment headers after some article text. It returns -1 if the page
// has no comments; headed tells whether start is a heading line.
func (p *page) forumStart() (start int, total string, headed bool) {
	var follow []bool
	prose := 0 // runes of prose lines above line i
	for i, l := range p.texts {
		if p.chrome[i] != nil {
			continue
		}
		n, ok := matchForumHeader(l)
		if !ok {
			if isProse(l) {
				prose += utf8.RuneCountInString(l)
			}
			continue
		}
		if prose < minArticleProse && p.proseFollows(i) {
			// A count in the article's head ("1 Kommentar" under the
			// headline, the article's text right after it) is not the
			// comment section.
			continue
		}
		if n != "" {
			return i, n, true
		}
		if follow == nil {
			follow = p.commentsFollowing()
		}
		if i+1 < len(follow) && follow[i+1] {
			return i, n, true
		}
	}
	// No heading: the first strong header after the article's first
	// paragraph, if the comments that follow are real ones.
	seenText := false
	for i, l := range p.texts {
		if p.chrome[i] != nil || l == "" {
			continue
		}
		if !seenText {
			seenText = utf8.RuneCountInString(l) > 80
			continue
		}
		if _, strong, ok := p.header(i, false); ok && strong && p.twoCommentsAt(i) {
			return i, "", false
		}
	}
	return -1, "", false
}

// commentsFollowing tells for each line whether a comment (a header in the
// forum's sense, with text under it) starts there or later, before the
// page's footer: whether a forum heading on the line before opens a real
// comment section. One pass from the end keeps this linear.
func (p *page) commentsFollowing() []bool {
	follow := make([]bool, len(p.texts)+1)
	for j := len(p.texts) - 1; j >= 0; j-- {
		switch {
		case p.endsComments(j):
			follow[j] = false
		case p.skippable(j):
			follow[j] = follow[j+1]
		default:
			lines, _, ok := p.header(j, true)
			follow[j] = follow[j+1] || (ok && p.hasBody(j+lines))
		}
	}
	return follow
}

// twoCommentsAt reports whether the strong header at line i and the next
// header after it both have text under them, the next one strong too and
// within a few hundred lines: a comment section without a heading (a
// byline with a date is not one).
func (p *page) twoCommentsAt(i int) bool {
	lines, _, _ := p.header(i, false)
	if !p.hasBody(i + lines) {
		return false
	}
	for j := i + lines; j < len(p.texts) && j-i <= 400; j++ {
		if p.endsComments(j) {
			return false
		}
		if p.skippable(j) {
			continue
		}
		next, strong, ok := p.header(j, true)
		if !ok {
			continue
		}
		if !strong {
			return false
		}
		if p.hasBody(j + next) {
			return true
		}
		j += next - 1
	}
	return false
}

// hasBody reports whether a comment whose header ends before line i has
// text before the next header.
func (p *page) hasBody(i int) bool {
	for j := i; j < len(p.texts); j++ {
		if p.skippable(j) {
			continue
		}
		_, _, isHeader := p.header(j, true)
		return !isHeader || titleLine.MatchString(p.texts[j])
	}
	return false
}

// skippable reports whether line j is blank or chrome, in the comment
// section's sense.
func (p *page) skippable(j int) bool {
	return p.texts[j] == "" || p.chrome[j] != nil || p.forumChrome(j) != nil
}

// endsComments reports whether line j is a footer line.
func (p *page) endsComments(j int) bool {
	if r := p.chrome[j]; r != nil {
		return r.endsComments
	}
	r := p.forumChrome(j)
	return r != nil && r.endsComments
}

// Line facts are cached: the searches above look at a line many times,
// and the expressions are what costs.
const (
	factUnknown uint8 = iota
	factNo
	factYes
	factStrong = 1 << 4 // with factYes: a strong header
	factTwo    = 1 << 5 // with factYes: a two-line header
)

// forumChrome returns the chrome rule line j matches in the comment
// section, or nil.
func (p *page) forumChrome(j int) *chromeRule {
	if p.forumChromeFacts == nil {
		p.forumChromeFacts = make([]uint8, len(p.texts))
		p.forumChromeRules = map[int]*chromeRule{}
	}
	switch p.forumChromeFacts[j] {
	case factNo:
		return nil
	case factYes:
		return p.forumChromeRules[j]
	}
	r := matchChrome(p.texts[j], true)
	if r == nil {
		p.forumChromeFacts[j] = factNo
		return nil
	}
	p.forumChromeFacts[j] = factYes
	p.forumChromeRules[j] = r
	return r
}

// header tells whether line j is a comment header (in the comment
// section's sense when inForum), how many lines it takes and whether it is
// strong, remembering the answer. matchHeader gives the header's contents.
func (p *page) header(j int, inForum bool) (lines int, strong, ok bool) {
	k := 0
	if inForum {
		k = 1
	}
	if p.headerFacts[k] == nil {
		p.headerFacts[k] = make([]uint8, len(p.texts))
	}
	f := p.headerFacts[k][j]
	if f == factUnknown {
		f = factNo
		if h, ok := matchHeader(p.texts, j, inForum, p.opts.location()); ok {
			f = factYes
			if h.strong {
				f |= factStrong
			}
			if h.lines == 2 {
				f |= factTwo
			}
		}
		p.headerFacts[k][j] = f
	}
	if f == factNo {
		return 0, false, false
	}
	lines = 1
	if f&factTwo != 0 {
		lines = 2
	}
	return lines, f&factStrong != 0, true
}
