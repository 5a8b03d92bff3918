package importer

import (
	"regexp"
	"strings"

	"github.com/newsmark/newsmark/annotate"
)

// roleLine is a badge on a line of its own between a commenter's name and
// the time ("Martina Berg" / "Autor" / "19. Juni 2019 / 13:20").
var roleLine = regexp.MustCompile(`(?i)^[(\[]?` + rolePattern + `[)\]]?$`)

// liftRoleBadges moves a name above a badge line down over the badge, so
// that the name sits right above the time as in every other comment.
func liftRoleBadges(texts []string) {
	for i := 1; i+1 < len(texts); i++ {
		if roleLine.MatchString(texts[i]) && texts[i-1] != "" && plausibleUserLine(texts[i-1]) {
			texts[i], texts[i-1] = texts[i-1], ""
		}
	}
}

// dropPingbackSegments removes comments that are pingbacks ("[…] excerpt
// […]") and returns how many it removed; replies to them become top-level.
func dropPingbackSegments(doc *annotate.Document) int {
	removed := map[string]bool{}
	kept := doc.Segments[:0]
	for _, s := range doc.Segments {
		if s.Kind == annotate.KindComment && isPingbackText(s.Text) {
			removed[s.ID] = true
			continue
		}
		kept = append(kept, s)
	}
	doc.Segments = kept
	for i := range doc.Segments {
		if removed[doc.Segments[i].ReplyTo] {
			doc.Segments[i].ReplyTo = ""
		}
	}
	return len(removed)
}

// hostReplies links the answers of a page's host to the comments they
// answer, where a page copy has lost the nesting: when one commenter
// writes at least two comments, each right after someone else's, and no
// comment of theirs follows one of their own, that commenter answers the
// others (a blog's author replying under each reader comment), and each
// of their comments without a reply marker answers the comment before.
func hostReplies(doc *annotate.Document) {
	var comments []*annotate.Segment
	for i := range doc.Segments {
		if doc.Segments[i].Kind == annotate.KindComment {
			comments = append(comments, &doc.Segments[i])
		}
	}
	if len(comments) < 3 {
		return
	}
	count := map[string]int{}
	for _, c := range comments {
		if c.Author != "" {
			count[strings.ToLower(c.Author)]++
		}
	}
	host, most := "", 0
	for a, n := range count {
		if n > most {
			host, most = a, n
		}
	}
	if most < 2 || most*2 > len(comments)+1 {
		return
	}
	if strings.ToLower(comments[0].Author) == host {
		return // the host opened the discussion
	}
	for i := 1; i < len(comments); i++ {
		if strings.ToLower(comments[i].Author) == host && strings.ToLower(comments[i-1].Author) == host {
			return
		}
	}
	for i := 1; i < len(comments); i++ {
		if strings.ToLower(comments[i].Author) == host && comments[i].ReplyTo == "" {
			comments[i].ReplyTo = comments[i-1].ID
		}
	}
}

// namedParents reads a header that names the commenter it answers after
// the author ("anna_k jsmith • 3 years ago", where jsmith wrote an earlier
// comment): the last word of the author is an earlier commenter's whole
// name, and the words before it a name of their own.
func namedParents(doc *annotate.Document) {
	last := map[string]string{} // author → id of their latest comment so far
	for i := range doc.Segments {
		c := &doc.Segments[i]
		if c.Kind != annotate.KindComment {
			continue
		}
		if c.ReplyTo == "" {
			if k := strings.LastIndexByte(c.Author, ' '); k > 0 {
				name, parent := strings.TrimSpace(c.Author[:k]), c.Author[k+1:]
				if id, ok := last[parent]; ok && plausibleUserLine(name) && last[c.Author] == "" {
					c.Author, c.ReplyTo = name, id
				}
			}
		}
		if c.Author != "" {
			last[c.Author] = c.ID
		}
	}
}
