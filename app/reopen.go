package app

import (
	"fmt"
	"strconv"
	"strings"
)

// The window remembers, per project file, which document was open last and
// how far its article and its comments were scrolled, and opens it there on
// the next start. The place is kept in the app's preferences, not in the
// project: it belongs to this machine's user, and a read-only project can
// have one too.

// prefLastPlace is the preference key prefix; the project file's path
// follows it.
const prefLastPlace = "last-place:"

// place is where a user was in a project: a document and its scroll
// offsets.
type place struct {
	doc              string
	article, comment float32
}

func (p place) String() string {
	return fmt.Sprintf("%s\t%g\t%g", p.doc, p.article, p.comment)
}

// parsePlace reads a place written by place.String; ok is false for
// anything else.
func parsePlace(s string) (p place, ok bool) {
	parts := strings.Split(s, "\t")
	if len(parts) != 3 || parts[0] == "" {
		return place{}, false
	}
	a, err1 := strconv.ParseFloat(parts[1], 32)
	c, err2 := strconv.ParseFloat(parts[2], 32)
	if err1 != nil || err2 != nil || a < 0 || c < 0 {
		return place{}, false
	}
	return place{doc: parts[0], article: float32(a), comment: float32(c)}, true
}

// rememberPlace records the open document and its scroll offsets for the
// next start.
func (w *Window) rememberPlace() {
	if w.projectPath == "" || w.doc == nil {
		return
	}
	p := place{doc: w.doc.ID, article: w.article.scroll.Offset.Y, comment: w.comments.list.GetScrollOffset()}
	// An offset still waiting to be restored is the place, not the top.
	if w.article.pendingY > 0 {
		p.article = w.article.pendingY
	}
	if w.comments.pendingY > 0 {
		p.comment = w.comments.pendingY
	}
	w.app.Preferences().SetString(prefLastPlace+w.projectPath, p.String())
}

// lastPlace returns the place remembered for this project, if any.
func (w *Window) lastPlace() (place, bool) {
	if w.projectPath == "" {
		return place{}, false
	}
	return parsePlace(w.app.Preferences().String(prefLastPlace + w.projectPath))
}

// reopenLastPlace opens the document open at the end of the last session,
// if it is still in the project, and scrolls it back to where it was once
// its panes are laid out. It reports whether it opened one.
func (w *Window) reopenLastPlace() bool {
	p, ok := w.lastPlace()
	if !ok || !w.docs.has(p.doc) {
		return false
	}
	w.docs.selectDocument(p.doc)
	if w.doc == nil || w.doc.ID != p.doc {
		return false
	}
	w.article.restoreOffset(p.article)
	w.comments.restoreOffset(p.comment)
	return true
}

// restoreOffset scrolls the article to y now, or, before the pane is laid
// out, as soon as it is.
func (p *articlePane) restoreOffset(y float32) {
	p.pendingY = y
	p.applyPending()
}

// applyPending scrolls to the offset waiting to be restored once the
// article is tall enough to be scrolled there.
func (p *articlePane) applyPending() {
	if p.pendingY <= 0 {
		return
	}
	full := p.box.MinSize().Height
	if p.scroll.Size().Height <= 0 || full < p.pendingY+p.scroll.Size().Height/2 || p.box.Size().Height < full-1 {
		return // not laid out yet: the scroll would clamp the offset to the old size
	}
	y := p.pendingY
	p.pendingY = 0
	p.scrollTo(y) // and draws the lines there
}

// restoreOffset scrolls the comment list to y now, or once it is laid out.
func (p *commentPane) restoreOffset(y float32) {
	p.pendingY = y
	p.applyPending()
}

func (p *commentPane) applyPending() {
	if p.pendingY <= 0 || p.list.Size().Height <= 0 {
		return
	}
	p.list.ScrollToOffset(p.pendingY)
	p.pendingY = 0
}
