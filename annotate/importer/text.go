package importer

import (
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
	opts  *Options
	doc   *annotate.Document
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
	start, total, headed := p.forumStart()
	if start < 0 {
		p.article(0, len(p.texts))
		return p.doc
	}
	if total != "" {
		p.doc.Meta["comments_total"] = total
	}
	articleEnd := start
	p.article(0, articleEnd)
	first := start
	if headed {
		first = start + 1
	}
	p.forum(first, len(p.texts))
	return p.doc
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

// forumStart finds where the comment section begins: at a forum heading
// that comments follow or that states a number, or else at the first of a
// run of comment headers after some article text. It returns -1 if the page
// has no comments; headed tells whether start is a heading line.
func (p *page) forumStart() (start int, total string, headed bool) {
	for i, l := range p.texts {
		if p.chrome[i] != nil {
			continue
		}
		n, ok := matchForumHeader(l)
		if !ok {
			continue
		}
		if n != "" || p.commentsFollow(i+1, true) {
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
		h, ok := matchHeader(p.texts, i, false, p.opts.location())
		if !ok || !h.strong {
			continue
		}
		if p.commentsFollow(i, false) {
			return i, "", false
		}
	}
	return -1, "", false
}

// commentsFollow reports whether real comments start at line i: with a
// forum heading, one header whose comment has text; without, two of them
// (a byline with a date is not a comment section).
func (p *page) commentsFollow(i int, headed bool) bool {
	found := 0
	loc := p.opts.location()
	for j := i; j < len(p.texts); j++ {
		if !headed && j-i > 400 {
			return false // too far apart to be one comment section
		}
		if p.chrome[j] != nil && p.chrome[j].endsComments {
			break
		}
		if p.chrome[j] != nil || p.texts[j] == "" || matchChrome(p.texts[j], true) != nil {
			continue
		}
		h, ok := matchHeader(p.texts, j, headed || found > 0, loc)
		if !ok {
			if found == 0 && !headed {
				return false
			}
			continue
		}
		if !headed && !h.strong {
			return false
		}
		if !p.hasBody(j + h.lines) {
			continue
		}
		found++
		if headed || found >= 2 {
			return true
		}
		j += h.lines - 1
	}
	return false
}

// hasBody reports whether a comment whose header ends before line i has
// text before the next header.
func (p *page) hasBody(i int) bool {
	for j := i; j < len(p.texts); j++ {
		if p.chrome[j] != nil || p.texts[j] == "" || matchChrome(p.texts[j], true) != nil {
			continue
		}
		_, isHeader := matchHeader(p.texts, j, true, p.opts.location())
		return !isHeader || titleLine.MatchString(p.texts[j])
	}
	return false
}
