package importer

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// forum reads the comment section, lines [from, to): each header starts a
// comment whose body runs to the next header or to a footer line. Text the
// parser cannot place in a comment (before the first header, after a
// footer) stays in the article, at its place in the page.
func (p *page) forum(from, to int) {
	loc := p.opts.location()
	var (
		cur      *annotate.Segment
		body     []string
		left     []block // unplaced text, kept as article
		leftCur  block
		comments int // how many comments so far
		closed   bool
		last     int // number of the last numbered comment
	)
	flushLeft := func() {
		if len(leftCur.lines) > 0 {
			left = append(left, leftCur)
			leftCur = block{}
		}
	}
	emitLeft := func() {
		flushLeft()
		if comments > 0 {
			// Between comments, text that is no comment's (a name line
			// the header did not take, a widget) is the forum's, not the
			// article's.
			left = nil
		}
		if len(left) > 0 {
			p.articleBlocks(left, false)
			left = nil
		}
	}
	finish := func() {
		if cur == nil {
			return
		}
		cur.Text = joinBody(body)
		if cur.Text == "" {
			// A header with no text under it is no comment.
			cur, body = nil, nil
			return
		}
		p.doc.Segments = append(p.doc.Segments, *cur)
		comments++
		cur, body = nil, nil
	}
	for i := from; i < to; i++ {
		t := p.texts[i]
		rule := p.chrome[i]
		if rule == nil && t != "" {
			rule = p.forumChrome(i)
		}
		if rule != nil {
			if rule.endsComments {
				finish()
				closed = true
			}
			if isPingbackText(t) {
				p.pingbacks++
			}
			if rule.closesComment && cur != nil && isPingbackText(t) {
				// The pingback's own header (the linking page's title
				// and a time) is the last line above its excerpt.
				if l := lastLine(body); reDateInLine.MatchString(strings.ToLower(l)) && !isProse(l) || len(l) > 60 && reDateInLine.MatchString(strings.ToLower(l)) && !endsSentence(l) {
					body = dropLastLine(body)
				}
			}
			if rule.closesComment && cur != nil && lastLine(body) != "" {
				// "Antworten", "Reply" under a comment end its text;
				// what follows before the next header (a widget, the
				// page's footer) is not the commenter's.
				closed = true
			}
			flushLeft()
			continue
		}
		if t == "" {
			if cur != nil && !closed {
				body = append(body, "")
			} else {
				flushLeft()
			}
			continue
		}
		hLines, strong, isHeader := p.header(i, true)
		var h commentHeader
		if isHeader {
			h, _ = matchHeader(p.texts, i, true, loc)
			if !strong && h.posted.IsZero() && h.posted.Text == "" && cur != nil && !closed && !p.hasBody(i+hLines) {
				// "von tabsstyle.com" closing a comment's text, with the
				// next comment's header right after it: text, not a header.
				isHeader = false
			}
			if isHeader && h.author == "" && h.lines == 1 && cur != nil && cur.Posted.IsEmpty() && !p.hasBody(i+hLines) {
				// A time alone after a comment's text, the next header or
				// the forum's end right after it: that comment's time
				// ("John Doe said..." / text / "October 15, 2014 at 2:32 PM").
				cur.Posted = h.posted
				continue
			}
		}
		if !isHeader {
			if cur != nil && !closed {
				body = append(body, t)
			} else {
				leftCur.lines = append(leftCur.lines, t)
			}
			continue
		}
		// A numbered title written above the header belongs to it.
		var title string
		number := h.number
		if number == 0 && cur != nil && !closed {
			if n, tt, ok := numberedTitle(lastLine(body)); ok && n == last+1 {
				number, title = n, tt
				body = dropLastLine(body)
			}
		} else if number == 0 && len(leftCur.lines) > 0 {
			if n, tt, ok := numberedTitle(leftCur.lines[len(leftCur.lines)-1]); ok && n == last+1 {
				number, title = n, tt
				leftCur.lines = leftCur.lines[:len(leftCur.lines)-1]
			}
		}
		finish()
		emitLeft()
		closed = false
		cur = &annotate.Segment{
			ID:     "c" + strconv.Itoa(comments+1),
			Kind:   annotate.KindComment,
			Author: h.author,
			Posted: h.posted,
		}
		i += h.lines - 1
		// SPIEGEL's "N. title" line under the header.
		if j := nextText(p.texts, i+1, to); title == "" && number == 0 && j >= 0 {
			if n, tt, ok := numberedTitle(p.texts[j]); ok && (last == 0 || n > last) {
				number, title = n, tt
				i = j
			}
		}
		cur.Number, cur.Title = number, title
		if number > 0 {
			last = number
		}
		// A reply marker right under the header or title.
		if j := nextText(p.texts, i+1, to); j >= 0 {
			if m := replyLine.FindStringSubmatch(p.texts[j]); m != nil {
				if id, ok := resolveReply(m[1], p.doc.Segments); ok {
					cur.ReplyTo = id
					i = j
				}
			} else if id, ok := resolveMention(p.texts[j], p.doc.Segments); ok {
				cur.ReplyTo = id // the mention stays in the text
			}
		}
	}
	finish()
	flushLeft()
	if comments > 0 {
		// Text after the last comment is the page's: the comment form,
		// widgets, the footer. It stays out.
		left = nil
	}
	emitLeft()
}

// numberedTitle reads "3. title".
func numberedTitle(s string) (int, string, bool) {
	m := titleLine.FindStringSubmatch(s)
	if m == nil {
		return 0, "", false
	}
	n := atoi(m[1])
	return n, strings.TrimSpace(m[2]), n > 0
}

// nextText returns the index of the first non-blank line in [i, to), if it
// follows right away (a blank line in between ends the search), or -1.
func nextText(texts []string, i, to int) int {
	if i < to && texts[i] != "" {
		return i
	}
	return -1
}

func lastLine(body []string) string {
	for i := len(body) - 1; i >= 0; i-- {
		if body[i] != "" {
			return body[i]
		}
	}
	return ""
}

func dropLastLine(body []string) []string {
	for i := len(body) - 1; i >= 0; i-- {
		if body[i] != "" {
			return body[:i]
		}
	}
	return body
}

// joinBody joins a comment's lines, keeping one blank line between
// paragraphs and none at the ends.
func joinBody(lines []string) string {
	first, n, size := -1, 0, 0
	for i, l := range lines {
		if l != "" {
			if first < 0 {
				first = i
			}
			n++
			size += len(l) + 2
		}
	}
	switch n {
	case 0:
		return ""
	case 1:
		return lines[first] // most comments are one line: no copy
	}
	var b strings.Builder
	b.Grow(size)
	blank := false
	for _, l := range lines {
		if l == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			if blank {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(l)
	}
	return b.String()
}

// resolveReply finds the earlier comment a reply marker points to: by
// number ("#3", "Beitrag Nr. 3"), else by author ("joG", "@joG"), the most
// recent comment of that author. segs are the segments so far; only
// comments count.
func resolveReply(ref string, segs []annotate.Segment) (string, bool) {
	ref = strings.TrimSpace(ref)
	if m := replyRefNumber.FindStringSubmatch(ref); m != nil {
		n := atoi(m[1])
		numbered, count := false, 0
		for i := len(segs) - 1; i >= 0; i-- {
			if segs[i].Kind != annotate.KindComment {
				continue
			}
			count++
			if segs[i].Number > 0 {
				numbered = true
			}
			if segs[i].Number == n {
				return segs[i].ID, true
			}
		}
		if !numbered && n >= 1 && n <= count {
			// Unnumbered comments: "#3" is the third on the page.
			for i := range segs {
				if segs[i].Kind == annotate.KindComment {
					if n--; n == 0 {
						return segs[i].ID, true
					}
				}
			}
		}
		if m[2] == "" {
			return "", false
		}
		ref = m[2]
	}
	if m := replyRefUser.FindStringSubmatch(ref); m != nil {
		who := strings.TrimSpace(strings.Trim(m[1], `"'„“”`))
		for i := len(segs) - 1; i >= 0; i-- {
			if segs[i].Kind == annotate.KindComment && segs[i].Author != "" && strings.EqualFold(segs[i].Author, who) {
				return segs[i].ID, true
			}
		}
	}
	return "", false
}

// resolveMention finds the earlier commenter a comment opens by addressing
// ("@anna_k ...", "@Harald K. ..."), the longest matching name first.
func resolveMention(line string, segs []annotate.Segment) (string, bool) {
	rest, ok := strings.CutPrefix(line, "@")
	if !ok {
		return "", false
	}
	best, bestLen := "", 0
	for i := len(segs) - 1; i >= 0; i-- {
		a := segs[i].Author
		if segs[i].Kind != annotate.KindComment || a == "" || len(a) <= bestLen || len(rest) < len(a) || !strings.EqualFold(rest[:len(a)], a) {
			continue
		}
		if next, _ := utf8.DecodeRuneInString(rest[len(a):]); len(rest) > len(a) && (unicode.IsLetter(next) || unicode.IsDigit(next)) {
			continue
		}
		best, bestLen = segs[i].ID, len(a)
	}
	return best, best != ""
}
