package importer

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// This file holds small helpers over golang.org/x/net/html trees.

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// classTokens returns the lower-case class names of n.
func classTokens(n *html.Node) []string {
	return strings.Fields(strings.ToLower(attr(n, "class")))
}

// nameTokens returns n's class names and id, lower-case.
func nameTokens(n *html.Node) []string {
	t := classTokens(n)
	if id := strings.ToLower(attr(n, "id")); id != "" {
		t = append(t, id)
	}
	return t
}

func isElement(n *html.Node, tags ...atom.Atom) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	for _, t := range tags {
		if n.DataAtom == t {
			return true
		}
	}
	return len(tags) == 0
}

// walk calls fn for n and its descendants in document order; fn returns
// false to skip a node's children.
func walk(n *html.Node, fn func(*html.Node) bool) {
	if !fn(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

// find returns the first descendant of n (n excluded) for which match is
// true, not looking inside nodes for which skip is true.
func find(n *html.Node, skip, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
		walk(c, func(d *html.Node) bool {
			if found != nil || (skip != nil && skip(d)) {
				return false
			}
			if match(d) {
				found = d
				return false
			}
			return true
		})
	}
	return found
}

// contains reports whether d is n or inside n.
func contains(n, d *html.Node) bool {
	for ; d != nil; d = d.Parent {
		if d == n {
			return true
		}
	}
	return false
}

// invisible are elements whose text a reader does not see as content.
var invisible = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Head: true, atom.Button: true, atom.Select: true, atom.Option: true, atom.Textarea: true,
	atom.Input: true, atom.Iframe: true, atom.Form: true, atom.Object: true, atom.Canvas: true,
}

// blockBreak says how a block element separates its text: a line break or
// a paragraph break (a blank line).
var blockBreak = map[atom.Atom]int{
	atom.P: 2, atom.H1: 2, atom.H2: 2, atom.H3: 2, atom.H4: 2, atom.H5: 2, atom.H6: 2,
	atom.Blockquote: 2, atom.Pre: 2, atom.Ul: 2, atom.Ol: 2, atom.Dl: 2, atom.Table: 2, atom.Figure: 2,
	atom.Div: 1, atom.Li: 1, atom.Dt: 1, atom.Dd: 1, atom.Tr: 1, atom.Article: 1, atom.Section: 1,
	atom.Header: 1, atom.Footer: 1, atom.Aside: 1, atom.Figcaption: 1, atom.Address: 1, atom.Main: 1,
	atom.Nav: 1, atom.Hr: 1, atom.Details: 1, atom.Summary: 1, atom.Fieldset: 1, atom.Center: 1,
}

// textOf returns the text a reader sees in n: white space collapsed inside
// lines, a newline between block elements and for <br>, a blank line
// between paragraphs. Nodes for which skip is true are left out.
func textOf(n *html.Node, skip func(*html.Node) bool) string {
	var b strings.Builder
	pending := 0 // newlines owed before the next text
	space := false
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			for _, r := range n.Data {
				if unicode.IsSpace(r) {
					space = true
					continue
				}
				if b.Len() > 0 {
					switch {
					case pending > 0:
						b.WriteString(strings.Repeat("\n", pending))
					case space:
						b.WriteByte(' ')
					}
				}
				pending, space = 0, false
				b.WriteRune(r)
			}
			return
		case html.ElementNode:
			if invisible[n.DataAtom] || (skip != nil && skip(n)) {
				return
			}
			if n.DataAtom == atom.Br {
				pending = max(pending, 1)
				return
			}
			if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
				space = true
			}
		case html.CommentNode, html.DoctypeNode:
			return
		}
		brk := blockBreak[n.DataAtom]
		if n.Type != html.ElementNode {
			brk = 0
		}
		pending = max(pending, brk)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
		pending = max(pending, brk)
	}
	rec(n)
	return b.String()
}

// squash collapses all white space in s to single spaces.
func squash(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
