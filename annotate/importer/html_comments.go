package importer

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsmark/newsmark/annotate"
)

// This file finds the reader comments in a page's own DOM, without knowing
// the site. A comment section is a set of repeated blocks of one shape
// (same tag and class names, ignoring counters like "depth-2" or "odd"),
// each with its own time (a <time> element, schema.org dateCreated, or a
// date in a short text), next to evidence that the blocks are comments:
// schema.org Comment microdata, "comment" (or a sibling word) in the class
// or id of a block or its container, reply links, or a heading such as
// "31 Kommentare". Blocks nested in blocks of the same shape are replies.
// Inside a block, the author, time, title and text come from microdata,
// from class names (author, fn, nick, date, content, text, message ...)
// and, failing those, from the plain-text header rules of the text parser.

// htmlComment is one comment found in a page.
type htmlComment struct {
	node   *html.Node
	author string
	posted annotate.When
	title  string
	text   string
	number int
	parent int // index of the comment it answers, -1 if none
}

var (
	// commentWord finds the words that name a comment section or a comment
	// in class names, ids and aria labels.
	commentWord = regexp.MustCompile(`(?i)comment|kommentar|discussion|diskussion|forum|leserbrief|lesermeinung|reaction|reaktion|response|repl(?:y|ies)|antwort|erg(?:ä|ae)nzung|disqus|talk|debatte|community|feedback-list`)
	// volatileClass are class names that differ between blocks of one shape.
	volatileClass = regexp.MustCompile(`\d|^(?:odd|even|alt|parent|child|children|nested|reply|replies|is-.+|has-.+|js-.+|active|selected|first|last|new|highlight(?:ed)?|collapsed|expanded|open|closed|hidden|visible|byuser|bypostauthor|toplevel|top-level|thread-.+|depth-.+|level-.+|comment-author-.+|author-.+|user-.+|status-.+|clearfix|cf|group)$`)
	// replyText is the text of a reply button or link.
	replyText = regexp.MustCompile(`^(?i:antworten|antwort|antworte|beantworten|reply|reply to .{1,60}|respond|auf diesen (?:beitrag|kommentar) antworten|antwort schreiben)$`)
	// authorClass and friends find the parts of a comment by class name.
	authorExact   = map[string]bool{"fn": true, "nickname": true, "nick": true, "username": true, "user-name": true, "user_name": true, "author-name": true, "authorname": true, "comment-author-name": true, "commenter": true, "commenter-name": true, "display-name": true, "screen-name": true, "poster": true}
	authorClass   = regexp.MustCompile(`author|user|nick|commenter|poster|byline|name`)
	timeClass     = regexp.MustCompile(`date|time|stamp|posted|datum|zeit|published|created|when|ago`)
	textClass     = regexp.MustCompile(`content|text|body|message|msg|entry|copy|inhalt`)
	notTextClass  = regexp.MustCompile(`meta|author|date|time|header|footer|reply|action|tool|vote|like|share|avatar|title|count|rating|head|info`)
	titleClass    = regexp.MustCompile(`title|subject|headline|betreff|ueberschrift|überschrift`)
	noiseClass    = regexp.MustCompile(`(?:^|[-_])(?:reply|replies|respond|actions?|tools?|toolbar|votes?|voting|likes?|rating|share|sharing|report|flag|moderation|avatar|badge|menu|dropdown|permalink|edit|links?)(?:$|[-_])`)
	numberClass   = regexp.MustCompile(`number|nummer|num|position|index`)
	numberText    = regexp.MustCompile(`^#?\s?(\d{1,5})\.?$`)
	sayVerbSuffix = regexp.MustCompile(`(?i)\s+` + verbPattern + `\s*:?\s*$`)
	replyAttrs    = []string{"data-parent", "data-parent-id", "data-parentid", "data-reply-to", "data-replyto", "data-in-reply-to", "data-parent-comment-id", "data-parent-comment"}
	idAttrs       = []string{"id", "data-id", "data-comment-id", "data-commentid", "data-cid"}
)

// commentGroup is a candidate set of comment blocks.
type commentGroup struct {
	key      string
	members  []*html.Node
	anchored int // members with a time of their own
	evidence int
	score    float64
}

// findComments returns the page's comments in page order and the node
// that holds the comment section (nil if the page has none), plus the
// number of comments the section says it has ("" if it says none).
func findComments(root *html.Node, loc *time.Location) ([]htmlComment, *html.Node, string) {
	wrapDefinitionItems(root)
	anchors := timeAnchors(root, loc)
	if len(anchors) == 0 {
		return nil, nil, ""
	}
	g := bestGroup(root, anchors)
	if g == nil {
		return nil, nil, ""
	}
	isMember := map[*html.Node]bool{}
	for _, m := range g.members {
		isMember[m] = true
	}
	container := sectionOf(g.members, isMember)
	comments := make([]htmlComment, 0, len(g.members))
	index := map[*html.Node]int{}
	own := ownAnchors(anchors, isMember)
	// A comment block may sit inside a list item that also holds the
	// list of its replies (WordPress: li > article.comment-body, li >
	// ul.children > li …): replies nest in the item, not in the block.
	item := map[*html.Node]int{}
	for _, m := range g.members {
		c := readComment(m, isMember, own[m], loc)
		c.parent = -1
		li := m
		for a := m; a != nil && a != container; a = a.Parent {
			if a.DataAtom == atom.Li {
				li = a
				break
			}
		}
		for a := li.Parent; a != nil; a = a.Parent {
			if i, ok := index[a]; ok {
				c.parent = i
				break
			}
			if i, ok := item[a]; ok {
				c.parent = i
				break
			}
		}
		if c.parent < 0 {
			c.parent = siblingParent(m, container, index)
		}
		index[m] = len(comments)
		if li != m {
			if _, taken := item[li]; !taken {
				item[li] = len(comments)
			}
		}
		comments = append(comments, c)
	}
	linkReplies(comments, g.members)
	return comments, container, statedTotal(container, isMember)
}

// timeAnchors finds the elements that give a time: <time>, schema.org
// date properties, and short texts that are a date (or a user and a date).
func timeAnchors(root *html.Node, loc *time.Location) []*html.Node {
	var out []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			if invisible[n.DataAtom] && n.DataAtom != atom.Head {
				return false
			}
			if n.DataAtom == atom.Head {
				return false
			}
			switch {
			case n.DataAtom == atom.Time:
				out = append(out, n)
				return false
			case isDateProp(attr(n, "itemprop")):
				out = append(out, n)
				return false
			}
			return true
		}
		if n.Type == html.TextNode && n.Parent != nil {
			t := strings.TrimSpace(n.Data)
			if t == "" || len(t) > 120 || !mayBeHeader(t) {
				return false
			}
			t = squash(t)
			if headerWhenAlone.MatchString(t) {
				out = append(out, n.Parent)
			} else if _, ok := matchHeader([]string{t}, 0, false, loc); ok {
				out = append(out, n.Parent)
			}
			return false
		}
		return n.Type == html.DocumentNode
	})
	return out
}

func isDateProp(p string) bool {
	switch strings.ToLower(p) {
	case "datecreated", "datepublished", "commenttime", "datemodified", "uploaddate":
		return true
	}
	return false
}

// shapeKey names the shape of a possible comment block: its tag and its
// first stable class name (sites put the base class first: "comment odd
// depth-2", "entry entry-reply"); a block without one adds its parent's
// shape.
func shapeKey(n *html.Node) string {
	key := n.Data
	for _, c := range classTokens(n) {
		if !volatileClass.MatchString(c) {
			return key + "." + c
		}
	}
	if isMicroComment(n) {
		return key + "[Comment]"
	}
	if p := n.Parent; p != nil && p.Type == html.ElementNode {
		pc := ""
		for _, c := range classTokens(p) {
			if !volatileClass.MatchString(c) {
				pc = c
				break
			}
		}
		return key + "<" + p.Data + "." + pc
	}
	return key
}

func isMicroComment(n *html.Node) bool {
	t := strings.ToLower(attr(n, "itemtype"))
	return strings.Contains(t, "schema.org/comment") || strings.Contains(t, "schema.org/answer") ||
		(hasAttr(n, "itemscope") && strings.EqualFold(attr(n, "itemprop"), "comment"))
}

var blockTags = []atom.Atom{atom.Li, atom.Article, atom.Div, atom.Section, atom.Aside, atom.Blockquote, atom.Dd, atom.Tr, atom.Dl}

// bestGroup picks the comment blocks: the shape whose blocks have their own
// times, with evidence that they are comments, the most of them winning.
func bestGroup(root *html.Node, anchors []*html.Node) *commentGroup {
	groups := map[string]*commentGroup{}
	seen := map[*html.Node]bool{}
	for _, a := range anchors {
		for n := a; n != nil && n.DataAtom != atom.Body; n = n.Parent {
			if !isElement(n, blockTags...) && !isMicroComment(n) {
				continue
			}
			if seen[n] {
				continue
			}
			seen[n] = true
			k := shapeKey(n)
			g := groups[k]
			if g == nil {
				g = &commentGroup{key: k}
				groups[k] = g
			}
			g.members = append(g.members, n)
		}
	}
	var best *commentGroup
	for _, g := range groups {
		if !g.judge(anchors) {
			continue
		}
		if best == nil || g.score > best.score*1.1 || (g.score >= best.score*0.9 && g.outside(best)) {
			best = g
		}
	}
	if best == nil {
		return nil
	}
	if best.members = best.complete(root); len(best.members) == 0 {
		return nil // blocks without any text
	}
	return best
}

// judge scores g: members with one to three times of their own (not in a
// nested member) count; a member owning many times is a container. It
// reports whether g can be a comment section.
func (g *commentGroup) judge(anchors []*html.Node) bool {
	member := map[*html.Node]bool{}
	for _, m := range g.members {
		member[m] = true
	}
	own := map[*html.Node]int{}
	for _, a := range anchors {
		for n := a; n != nil; n = n.Parent {
			if member[n] {
				own[n]++
				break
			}
		}
	}
	containers := 0
	var kept []*html.Node
	for _, m := range g.members {
		if find(m, nil, func(n *html.Node) bool { return n.DataAtom == atom.H1 }) != nil {
			continue // the article's own block, with its headline
		}
		switch k := own[m]; {
		case k >= 1 && k <= 3:
			g.anchored++
			kept = append(kept, m)
		case k > 3:
			containers++
		}
	}
	if g.anchored == 0 || containers > g.anchored {
		return false
	}
	g.members = kept
	micro := 0
	for _, m := range kept {
		if isMicroComment(m) {
			micro++
		}
	}
	switch {
	case micro*2 >= len(kept):
		g.evidence += 3
	case namedComment(kept[0], 8):
		g.evidence += 2
	}
	replies := 0
	for _, m := range kept {
		if hasReplyLink(m) {
			replies++
		}
	}
	if replies*2 >= len(kept) {
		g.evidence++
	}
	if headedByCommentHeading(kept[0]) {
		g.evidence++
	}
	if g.evidence == 0 || (g.anchored < 2 && g.evidence < 2) {
		return false
	}
	// Comments have an author and a text of their own; a block that is
	// only a comment's header line has no text.
	isKept := map[*html.Node]bool{}
	for _, m := range kept {
		isKept[m] = true
	}
	authors, bodies := 0, 0
	ownAnchor := ownAnchors(anchors, isKept)
	for _, m := range kept {
		c := readComment(m, isKept, ownAnchor[m], time.UTC)
		if c.author != "" {
			authors++
		}
		if c.text != "" && !onlyHeader(c) {
			bodies++
		}
	}
	n := float64(len(kept))
	g.score = float64(g.anchored) * (1 + float64(authors)/n) * (0.2 + 0.8*float64(bodies)/n) * (1 + 0.25*float64(g.evidence))
	return true
}

// outside reports whether g's blocks wrap h's (a list item around an
// <article class="comment-body">): then g keeps the nesting of replies.
func (g *commentGroup) outside(h *commentGroup) bool {
	if len(g.members) == 0 || len(h.members) == 0 {
		return false
	}
	return contains(g.members[0], h.members[0]) && g.members[0] != h.members[0]
}

// complete returns every block of g's shape inside the section that holds
// g's anchored blocks, in page order, so that comments without a time are
// not lost.
func (g *commentGroup) complete(root *html.Node) []*html.Node {
	lca := g.members[0].Parent
	for _, m := range g.members[1:] {
		for lca != nil && !contains(lca, m) {
			lca = lca.Parent
		}
	}
	if lca == nil {
		return g.members
	}
	var out []*html.Node
	walk(lca, func(n *html.Node) bool {
		if n.Type == html.ElementNode && invisible[n.DataAtom] {
			return false
		}
		if n.Type == html.ElementNode && shapeKey(n) == g.key && (isElement(n, blockTags...) || isMicroComment(n)) {
			if strings.TrimSpace(textOf(n, nil)) != "" {
				out = append(out, n)
			}
		}
		return true
	})
	return out
}

// namedComment reports whether n or one of its first levels of ancestors
// has a comment word in its class, id, aria-label or itemprop.
func namedComment(n *html.Node, levels int) bool {
	for i := 0; n != nil && i <= levels; i, n = i+1, n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		for _, s := range []string{attr(n, "class"), attr(n, "id"), attr(n, "aria-label"), attr(n, "itemprop"), attr(n, "data-role")} {
			if s != "" && commentWord.MatchString(s) {
				return true
			}
		}
	}
	return false
}

func hasReplyLink(m *html.Node) bool {
	return find(m, nil, func(n *html.Node) bool {
		if !isElement(n, atom.A, atom.Button, atom.Span) {
			return false
		}
		href := attr(n, "href")
		if strings.Contains(href, "replytocom") || strings.Contains(href, "#respond") || strings.Contains(href, "#reply") {
			return true
		}
		for _, c := range classTokens(n) {
			if strings.Contains(c, "reply") || strings.Contains(c, "antwort") {
				return true
			}
		}
		return replyText.MatchString(squash(textOf(n, nil)))
	}) != nil
}

// headedByCommentHeading reports whether a heading or short text that
// opens a comment section ("31 Kommentare", "Comments") comes before n in
// its container.
func headedByCommentHeading(n *html.Node) bool {
	for a, up := n, 0; a != nil && up < 6; a, up = a.Parent, up+1 {
		for s, k := a.PrevSibling, 0; s != nil && k < 6; s, k = s.PrevSibling, k+1 {
			t := squash(textOf(s, nil))
			if t == "" {
				continue
			}
			if _, ok := matchForumHeader(t); ok {
				return true
			}
			if len(t) > 200 {
				break
			}
		}
	}
	return false
}

// sectionOf returns the element that holds the whole comment section: the
// smallest element around all blocks, widened to a container whose class
// or id names comments as long as the blocks are most of its text.
func sectionOf(members []*html.Node, isMember map[*html.Node]bool) *html.Node {
	if len(members) == 0 {
		return nil
	}
	lca := members[0].Parent
	for _, m := range members[1:] {
		for lca != nil && !contains(lca, m) {
			lca = lca.Parent
		}
	}
	if lca == nil || isElement(lca, atom.Body, atom.Html) {
		return nil
	}
	inner := 0
	for _, m := range members {
		if m.Parent != nil && !isMember[parentMember(m, isMember)] {
			inner += utf8.RuneCountInString(textOf(m, nil))
		}
	}
	for p := lca.Parent; p != nil && !isElement(p, atom.Body, atom.Html, atom.Main); p = p.Parent {
		if !namedComment(p, 0) {
			break
		}
		total := utf8.RuneCountInString(textOf(p, nil))
		if total > inner*3/2+2000 {
			break
		}
		lca = p
	}
	return lca
}

func parentMember(m *html.Node, isMember map[*html.Node]bool) *html.Node {
	for a := m.Parent; a != nil; a = a.Parent {
		if isMember[a] {
			return a
		}
	}
	return nil
}

// statedTotal finds "91 Ergänzungen" or "Kommentare (31)" in the comment
// section outside the comments themselves, or in the heading before it.
func statedTotal(section *html.Node, isMember map[*html.Node]bool) string {
	if section == nil {
		return ""
	}
	var total string
	try := func(s string) {
		if total != "" {
			return
		}
		for _, line := range strings.Split(s, "\n") {
			if n, ok := matchForumHeader(squash(line)); ok && n != "" {
				total = n
				return
			}
		}
	}
	try(textOf(section, func(n *html.Node) bool { return isMember[n] }))
	for s, k := section.PrevSibling, 0; s != nil && k < 4 && total == ""; s, k = s.PrevSibling, k+1 {
		try(textOf(s, nil))
	}
	return total
}

// ownAnchors maps each block to the first time anchor inside it that is not
// inside a nested block.
func ownAnchors(anchors []*html.Node, isMember map[*html.Node]bool) map[*html.Node]*html.Node {
	own := map[*html.Node]*html.Node{}
	for _, a := range anchors {
		for n := a; n != nil; n = n.Parent {
			if isMember[n] {
				if own[n] == nil {
					own[n] = a
				}
				break
			}
		}
	}
	return own
}

// authorNear reads a user name written just before a comment's time
// ("<b>anna</b> <span>15.10.2014</span>") when no element is named for it.
func authorNear(anchor, m *html.Node, loc *time.Location) string {
	if t := squash(textOf(anchor, nil)); t != "" {
		if h, ok := matchHeader([]string{t}, 0, false, loc); ok && h.author != "" {
			return h.author
		}
	}
	for n := anchor; n != nil && n != m; n = n.Parent {
		for s := n.PrevSibling; s != nil; s = s.PrevSibling {
			t := squash(textOf(s, nil))
			if t == "" {
				continue
			}
			if t = cleanAuthor(t); plausibleUserLine(t) {
				return t
			}
			return ""
		}
	}
	return ""
}

// readComment takes a comment block apart; anchor is the element with its
// time, if known.
func readComment(m *html.Node, isMember map[*html.Node]bool, anchor *html.Node, loc *time.Location) htmlComment {
	nested := func(n *html.Node) bool { return n != m && isMember[n] }
	skip := func(n *html.Node) bool {
		if n == m {
			return false
		}
		if nested(n) {
			return true
		}
		for _, c := range classTokens(n) {
			if noiseClass.MatchString(c) {
				return true
			}
		}
		return false
	}
	c := htmlComment{node: m}
	authorNode := authorElement(m, nested)
	if authorNode != nil {
		c.author = cleanAuthor(authorText(authorNode))
	}
	timeNode := timeElement(m, nested)
	if timeNode != nil {
		c.posted = timeOf(timeNode, loc)
	}
	if c.posted.IsZero() && anchor != nil {
		timeNode = anchor
		c.posted = timeOf(anchor, loc)
	}
	if c.author == "" && anchor != nil {
		c.author = authorNear(anchor, m, loc)
	}
	titleNode := find(m, nested, func(n *html.Node) bool {
		if n == authorNode || (authorNode != nil && contains(n, authorNode)) || (timeNode != nil && contains(n, timeNode)) {
			return false
		}
		p := strings.ToLower(attr(n, "itemprop"))
		if (p == "headline" || p == "name") && !insideOtherScope(n, m) {
			return true
		}
		for _, cl := range classTokens(n) {
			if titleClass.MatchString(cl) && !authorClass.MatchString(cl) {
				return true
			}
		}
		return isElement(n, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6)
	})
	if titleNode != nil {
		c.title = squash(textOf(titleNode, skip))
		if c.title == c.author {
			c.title, titleNode = "", nil
		}
	}
	if n := find(m, nested, func(n *html.Node) bool {
		for _, cl := range classTokens(n) {
			if numberClass.MatchString(cl) && numberText.MatchString(strings.TrimSpace(textOf(n, nil))) {
				return true
			}
		}
		return false
	}); n != nil {
		c.number = atoi(numberText.FindStringSubmatch(strings.TrimSpace(textOf(n, nil)))[1])
	}
	body := bodyElement(m, nested, authorNode, timeNode)
	// Without an element for the text, the block's text less its parts
	// named like author, time or meta is the comment.
	meta := func(n *html.Node) bool {
		if n == m {
			return false
		}
		if skip(n) || n == authorNode || n == timeNode || n == titleNode {
			return true
		}
		for _, cl := range classTokens(n) {
			if authorClass.MatchString(cl) || timeClass.MatchString(cl) || strings.Contains(cl, "meta") || strings.Contains(cl, "header") {
				return true
			}
		}
		return n.DataAtom == atom.Header || n.DataAtom == atom.Footer
	}
	var lines []string
	if body != nil {
		lines = strings.Split(textOf(body, skip), "\n")
	} else {
		lines = strings.Split(textOf(m, meta), "\n")
	}
	lines = c.dropMeta(lines, loc)
	c.text = joinBody(lines)
	return c
}

// dropMeta removes from a block's lines what is not the comment's text:
// buttons and counters (forum chrome), and, when the block's parts had no
// class names to go by, the header line with the author and time, which it
// reads instead.
func (c *htmlComment) dropMeta(lines []string, loc *time.Location) []string {
	out := lines[:0]
	header := c.author == "" || c.posted.IsZero()
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" {
			out = append(out, "")
			continue
		}
		if matchChrome(l, true) != nil {
			continue
		}
		if header {
			trimmed := make([]string, 0, 2)
			trimmed = append(trimmed, l)
			if i+1 < len(lines) {
				trimmed = append(trimmed, strings.TrimSpace(lines[i+1]))
			}
			if h, ok := matchHeader(trimmed, 0, true, loc); ok {
				if c.author == "" {
					c.author = h.author
				}
				if c.posted.IsZero() {
					c.posted = h.posted
				}
				header = false
				i += h.lines - 1
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// insideOtherScope reports whether n is inside a nested itemscope of m
// (the author's Person), where "name" is not the comment's.
func insideOtherScope(n, m *html.Node) bool {
	for a := n.Parent; a != nil && a != m; a = a.Parent {
		if hasAttr(a, "itemscope") {
			return true
		}
	}
	return false
}

// authorElement finds the element with the commenter's name.
func authorElement(m *html.Node, nested func(*html.Node) bool) *html.Node {
	if n := find(m, nested, func(n *html.Node) bool { return strings.EqualFold(attr(n, "itemprop"), "author") }); n != nil {
		if name := find(n, nil, func(d *html.Node) bool { return strings.EqualFold(attr(d, "itemprop"), "name") }); name != nil {
			return name
		}
		return n
	}
	if n := find(m, nested, func(n *html.Node) bool {
		for _, c := range classTokens(n) {
			if authorExact[c] {
				return true
			}
		}
		return false
	}); n != nil {
		return n
	}
	if n := find(m, nested, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return false
		}
		for _, c := range classTokens(n) {
			if authorClass.MatchString(c) && !strings.Contains(c, "avatar") && !strings.Contains(c, "image") && !strings.Contains(c, "photo") {
				t := cleanAuthor(textOf(n, nil))
				return t != "" && utf8.RuneCountInString(t) <= 80
			}
		}
		return false
	}); n != nil {
		// A wrapper such as "comment-author vcard" may hold a link with
		// the name; prefer it to "name sagt:".
		if inner := find(n, nil, func(d *html.Node) bool { return isElement(d, atom.A, atom.B, atom.Strong, atom.Cite, atom.Span) }); inner != nil && cleanAuthor(textOf(inner, nil)) != "" {
			return inner
		}
		return n
	}
	return find(m, nested, func(n *html.Node) bool {
		return isElement(n, atom.Cite) || strings.Contains(" "+attr(n, "rel")+" ", " author ")
	})
}

func authorText(n *html.Node) string {
	if n.DataAtom == atom.Meta {
		return attr(n, "content")
	}
	return textOf(n, nil)
}

// cleanAuthor trims "sagt:", "says:" and the like from a name.
func cleanAuthor(s string) string {
	s = squash(s)
	s = sayVerbSuffix.ReplaceAllString(s, "")
	s = strings.TrimSuffix(strings.TrimSpace(s), ":")
	s = strings.TrimPrefix(s, "von ")
	s = strings.TrimPrefix(s, "by ")
	s = strings.TrimPrefix(s, "Von ")
	s = strings.TrimPrefix(s, "By ")
	if utf8.RuneCountInString(s) > 80 {
		return ""
	}
	s = roleBadge.ReplaceAllString(s, "")
	return cleanUser(s)
}

// roleBadge is a badge after a commenter's name that themes print inside
// the name's element ("Martina Berg Autor", "Anna (Moderator)").
var roleBadge = regexp.MustCompile(`(?i)\s+[(\[]?` + rolePattern + `[)\]]?$`)

// rolePattern are the roles that themes print as a badge beside a
// commenter's name, in the page's markup or on a line of its own.
const rolePattern = `(?:autor|autorin|author|post author|beitragsautor|admin|administrator|moderator|moderatorin|mod|redaktion|editor|staff|team)`

// wrapDefinitionItems puts each term of a definition list with its
// descriptions into one element of its own. Blogs list comments that way
// (Blogger: dt.comment-author, dd.comment-body, dd.comment-footer with the
// time), so that a comment is not one element but three siblings; wrapped,
// each comment is a block like any other. The text stays as it was.
func wrapDefinitionItems(root *html.Node) {
	var lists []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.DataAtom == atom.Dl {
			lists = append(lists, n)
		}
		return true
	})
	for _, dl := range lists {
		terms := 0
		for c := dl.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Dt {
				terms++
			}
		}
		if terms < 2 {
			continue
		}
		var item *html.Node
		for c := dl.FirstChild; c != nil; {
			next := c.NextSibling
			if c.DataAtom == atom.Dt {
				item = &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div,
					Attr: []html.Attribute{{Key: "class", Val: "dl-item"}}}
				dl.InsertBefore(item, c)
			}
			if item != nil {
				dl.RemoveChild(c)
				item.AppendChild(c)
			}
			c = next
		}
	}
}

// siblingParent finds the comment that a block answers when the page puts
// replies in a wrapper right after the comment they answer (Drupal's
// div.indented after div.comment): the nearest wrapper around m, inside the
// section, whose previous element is a comment. It returns -1 if there is
// none.
func siblingParent(m, container *html.Node, index map[*html.Node]int) int {
	for a := m.Parent; a != nil && a != container; a = a.Parent {
		prev := a.PrevSibling
		for prev != nil && prev.Type != html.ElementNode {
			prev = prev.PrevSibling
		}
		if prev == nil {
			continue
		}
		if i, ok := index[prev]; ok {
			return i
		}
		return -1 // the wrapper follows something else: no nesting here
	}
	return -1
}

// onlyHeader reports whether a block's text is no more than its header:
// the author's name and a time ("Ben 19. Juni 2018 um 15:28 Uhr"), as in a
// block that holds only a comment's header line.
func onlyHeader(c htmlComment) bool {
	t := c.text
	if len(t) > 240 {
		return false // longer than any header line
	}
	if c.author != "" {
		t = strings.Replace(t, c.author, "", 1)
	}
	t = reDateInLine.ReplaceAllString(strings.ToLower(t), "")
	return len(strings.Fields(t)) <= 3
}

// isPingback reports whether a comment block is a pingback or trackback:
// another site's link to the article, not a reader's comment. Themes mark
// them in their classes, and their text is an excerpt between ellipses in
// brackets ("[…] excerpt […]").
func isPingback(c htmlComment) bool {
	for _, n := range []*html.Node{c.node, c.node.Parent} {
		for _, t := range nameTokens(n) {
			if strings.Contains(t, "pingback") || strings.Contains(t, "trackback") {
				return true
			}
		}
	}
	return isPingbackText(c.text)
}

// isPingbackText: "[…] excerpt […]", or "Pingback: …"/"Trackback: …".
func isPingbackText(t string) bool {
	t = strings.TrimSpace(t)
	open := strings.HasPrefix(t, "[…]") || strings.HasPrefix(t, "[...]")
	closed := strings.HasSuffix(t, "[…]") || strings.HasSuffix(t, "[...]")
	low := strings.ToLower(t)
	return open && closed || strings.HasPrefix(low, "pingback:") || strings.HasPrefix(low, "trackback:")
}

// markedPingbacks counts the blocks of a comment section that its markup
// calls pingbacks or trackbacks and that are of another shape than the
// comments (so not among them).
func markedPingbacks(section *html.Node) int {
	if section == nil {
		return 0
	}
	n := 0
	walk(section, func(e *html.Node) bool {
		for _, t := range classTokens(e) {
			if t == "pingback" || t == "trackback" {
				n++
				return false
			}
		}
		return true
	})
	return n
}

// dropPingbacks removes pingbacks from comments, keeping the others' reply
// links right, and returns how many it removed.
func dropPingbacks(comments []htmlComment) ([]htmlComment, int) {
	newIndex := make([]int, len(comments))
	var kept []htmlComment
	for i, c := range comments {
		if isPingback(c) {
			newIndex[i] = -1
			continue
		}
		newIndex[i] = len(kept)
		kept = append(kept, c)
	}
	for i := range kept {
		if p := kept[i].parent; p >= 0 {
			kept[i].parent = newIndex[p]
		}
	}
	return kept, len(comments) - len(kept)
}

// timeElement finds the element with the comment's time.
func timeElement(m *html.Node, nested func(*html.Node) bool) *html.Node {
	if n := find(m, nested, func(n *html.Node) bool { return n.DataAtom == atom.Time || isDateProp(attr(n, "itemprop")) }); n != nil {
		return n
	}
	return find(m, nested, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return false
		}
		for _, c := range classTokens(n) {
			if timeClass.MatchString(c) && !strings.Contains(c, "update") {
				t := squash(textOf(n, nil))
				return t != "" && len(t) <= 120
			}
		}
		return false
	})
}

// timeOf reads the time an element gives, from its machine-readable
// attribute and its text (shownWhen).
func timeOf(n *html.Node, loc *time.Location) annotate.When {
	machine := ""
	for _, a := range []string{"datetime", "content", "title", "data-time", "data-timestamp", "data-date"} {
		if v := strings.TrimSpace(attr(n, a)); v != "" {
			if t, ok := parseCorpusTime(v, loc); ok && !t.IsZero() {
				machine = v
				break
			}
		}
	}
	t := squash(textOf(n, nil))
	if _, ok := parseWhen(t, loc); !ok {
		if m := headerWhenAlone.FindStringSubmatch(t); m != nil {
			t = m[1]
		}
	}
	w, ok := shownWhen(machine, t, loc)
	if !ok {
		w, _ = findWhen(t, loc)
	}
	return w
}

// bodyElement finds the element with the comment's text: schema.org text,
// else an element named like content that holds neither the author nor the
// time.
func bodyElement(m *html.Node, nested func(*html.Node) bool, author, when *html.Node) *html.Node {
	if n := find(m, nested, func(n *html.Node) bool {
		switch strings.ToLower(attr(n, "itemprop")) {
		case "text", "commenttext", "articlebody", "reviewbody", "description":
			return true
		}
		return false
	}); n != nil {
		return n
	}
	return find(m, nested, func(n *html.Node) bool {
		if n.Type != html.ElementNode || (author != nil && contains(n, author)) || (when != nil && contains(n, when)) {
			return false
		}
		named := false
		for _, c := range classTokens(n) {
			if notTextClass.MatchString(c) {
				return false
			}
			if textClass.MatchString(c) {
				named = true
			}
		}
		return named && strings.TrimSpace(textOf(n, nil)) != ""
	})
}

// linkReplies sets the parent of comments that name it by an attribute
// (data-parent="123") or by a marker line ("Antwort auf anna", "@anna")
// rather than by nesting.
func linkReplies(comments []htmlComment, members []*html.Node) {
	byID := map[string]int{}
	for i, m := range members {
		for _, a := range idAttrs {
			if v := attr(m, a); v != "" {
				byID[v] = i
				if d := digits(v); d != "" {
					byID[d] = i
				}
			}
		}
	}
	// The comments as segments whose ids are their indexes, for the reply
	// markers of the text parser.
	refs := make([]annotate.Segment, len(comments))
	for j, c := range comments {
		refs[j] = annotate.Segment{ID: strconv.Itoa(j), Kind: annotate.KindComment, Author: c.author, Number: c.number}
	}
	for i := range comments {
		c := &comments[i]
		if c.parent >= 0 {
			continue
		}
		for _, a := range replyAttrs {
			v := attr(c.node, a)
			if v == "" || v == "0" {
				continue
			}
			p, ok := byID[v]
			if !ok {
				p, ok = byID[digits(v)]
			}
			if ok && p < i {
				c.parent = p
				break
			}
		}
		if c.parent >= 0 {
			continue
		}
		first, rest, _ := strings.Cut(c.text, "\n")
		if m := replyLine.FindStringSubmatch(strings.TrimSpace(first)); m != nil {
			if id, ok := resolveReply(m[1], refs[:i]); ok {
				c.parent = atoi(id)
				c.text = strings.TrimSpace(rest)
			}
		} else if id, ok := resolveMention(first, refs[:i]); ok {
			c.parent = atoi(id)
		}
	}
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
