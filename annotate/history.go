package annotate

import (
	"errors"
	"fmt"
)

// Change is one undoable step on a project: it can be applied to a store and
// reverted again. Each Apply and Revert is saved by the store before it
// returns, so an undo is as durable as the change it undoes.
type Change interface {
	Apply(s Store) error
	Revert(s Store) error
	// Describe says what the change does, for menus and the status line
	// ("tag “Müller” as PER").
	Describe() string
}

// History keeps the changes made in a session so they can be undone and
// redone in order (Ctrl+Z, Ctrl+Shift+Z). A new change clears the redo list.
type History struct {
	done   []Change
	undone []Change
	// Limit is the number of changes kept for undo; 0 means 1000.
	Limit int
}

// ErrNothingToUndo and ErrNothingToRedo report an empty undo or redo list.
var (
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNothingToRedo = errors.New("nothing to redo")
)

// Do applies c and records it for undo. A change that fails is not
// recorded.
func (h *History) Do(s Store, c Change) error {
	if err := c.Apply(s); err != nil {
		return err
	}
	h.Record(c)
	return nil
}

// Record adds a change that has already been applied, such as an import
// that ran on its own, so that it can be undone. It clears the redo list as
// Do does.
func (h *History) Record(c Change) {
	h.done = append(h.done, c)
	limit := h.Limit
	if limit <= 0 {
		limit = 1000
	}
	if len(h.done) > limit {
		h.done = append(h.done[:0], h.done[len(h.done)-limit:]...)
	}
	h.undone = h.undone[:0]
}

// Undo reverts the latest change and returns it. If reverting fails (the
// data changed underneath, say), the change stays on the undo list.
func (h *History) Undo(s Store) (Change, error) {
	if len(h.done) == 0 {
		return nil, ErrNothingToUndo
	}
	c := h.done[len(h.done)-1]
	if err := c.Revert(s); err != nil {
		return c, fmt.Errorf("undo %s: %w", c.Describe(), err)
	}
	h.done = h.done[:len(h.done)-1]
	h.undone = append(h.undone, c)
	return c, nil
}

// Redo applies the latest undone change again and returns it.
func (h *History) Redo(s Store) (Change, error) {
	if len(h.undone) == 0 {
		return nil, ErrNothingToRedo
	}
	c := h.undone[len(h.undone)-1]
	if err := c.Apply(s); err != nil {
		return c, fmt.Errorf("redo %s: %w", c.Describe(), err)
	}
	h.undone = h.undone[:len(h.undone)-1]
	h.done = append(h.done, c)
	return c, nil
}

// CanUndo reports whether there is a change to undo, and which.
func (h *History) CanUndo() (Change, bool) {
	if len(h.done) == 0 {
		return nil, false
	}
	return h.done[len(h.done)-1], true
}

// CanRedo reports whether there is a change to redo, and which.
func (h *History) CanRedo() (Change, bool) {
	if len(h.undone) == 0 {
		return nil, false
	}
	return h.undone[len(h.undone)-1], true
}

// Clear forgets every change, for example when another project is opened.
func (h *History) Clear() { h.done, h.undone = nil, nil }

// CreateAnnotation adds an annotation; undo deletes it again. Apply fills in
// the annotation's id, quote and times the first time, and redo re-creates it
// with the same id.
type CreateAnnotation struct{ Annotation *Annotation }

// Apply implements Change.
func (c *CreateAnnotation) Apply(s Store) error { return s.AddAnnotation(c.Annotation) }

// Revert implements Change.
func (c *CreateAnnotation) Revert(s Store) error {
	return s.DeleteAnnotation(c.Annotation.DocumentID, c.Annotation.ID)
}

// Describe implements Change.
func (c *CreateAnnotation) Describe() string {
	return fmt.Sprintf("tag %s as %s", quoteForHumans(c.Annotation.Quote.Exact), c.Annotation.Label)
}

// DeleteAnnotation removes an annotation together with the relations that
// use it; undo restores both.
type DeleteAnnotation struct {
	Annotation Annotation
	Relations  []Relation // filled in by Apply
}

// Apply implements Change.
func (c *DeleteAnnotation) Apply(s Store) error {
	rels, err := s.Relations(c.Annotation.DocumentID)
	if err != nil {
		return err
	}
	c.Relations = c.Relations[:0]
	for _, r := range rels {
		if r.From == c.Annotation.ID || r.To == c.Annotation.ID {
			c.Relations = append(c.Relations, r)
		}
	}
	return s.DeleteAnnotation(c.Annotation.DocumentID, c.Annotation.ID)
}

// Revert implements Change.
func (c *DeleteAnnotation) Revert(s Store) error {
	a := c.Annotation
	if err := s.AddAnnotation(&a); err != nil {
		return err
	}
	for i := range c.Relations {
		r := c.Relations[i]
		if err := s.AddRelation(&r); err != nil {
			return err
		}
	}
	return nil
}

// Describe implements Change.
func (c *DeleteAnnotation) Describe() string {
	return fmt.Sprintf("delete %s %s", c.Annotation.Label, quoteForHumans(c.Annotation.Quote.Exact))
}

// EditAnnotation replaces an annotation's label, attributes, note or offsets;
// undo puts the old values back.
type EditAnnotation struct {
	Before, After Annotation
	What          string // what changed, for Describe: "label", "note", ...
}

// Apply implements Change.
func (c *EditAnnotation) Apply(s Store) error {
	a := c.After
	if err := s.UpdateAnnotation(&a); err != nil {
		return err
	}
	c.After = a
	return nil
}

// Revert implements Change.
func (c *EditAnnotation) Revert(s Store) error {
	b := c.Before
	return s.UpdateAnnotation(&b)
}

// Describe implements Change.
func (c *EditAnnotation) Describe() string {
	what := c.What
	if what == "" {
		what = "annotation"
	}
	return fmt.Sprintf("change %s of %s", what, quoteForHumans(c.Before.Quote.Exact))
}

// SetSegmentLabel gives a comment (or the document) a label; undo takes it off
// and gives back any label of the same exclusive set that it replaced.
type SetSegmentLabel struct {
	Label    SegmentLabel
	Replaced []SegmentLabel // filled in by Apply
}

// Apply implements Change.
func (c *SetSegmentLabel) Apply(s Store) error {
	before, err := s.SegmentLabels(c.Label.DocumentID)
	if err != nil {
		return err
	}
	l := c.Label
	if err := s.SetSegmentLabel(&l); err != nil {
		return err
	}
	c.Label = l
	after, err := s.SegmentLabels(c.Label.DocumentID)
	if err != nil {
		return err
	}
	kept := make(map[string]bool, len(after))
	for _, x := range after {
		kept[x.Key()] = true
	}
	c.Replaced = c.Replaced[:0]
	for _, x := range before {
		if !kept[x.Key()] {
			c.Replaced = append(c.Replaced, x)
		}
	}
	return nil
}

// Revert implements Change.
func (c *SetSegmentLabel) Revert(s Store) error {
	if err := s.RemoveSegmentLabel(c.Label); err != nil {
		return err
	}
	for i := range c.Replaced {
		r := c.Replaced[i]
		if err := s.SetSegmentLabel(&r); err != nil {
			return err
		}
	}
	return nil
}

// Describe implements Change.
func (c *SetSegmentLabel) Describe() string { return "label comment as " + c.Label.Label }

// RemoveSegmentLabel takes a label off a comment or the document; undo gives
// it back.
type RemoveSegmentLabel struct{ Label SegmentLabel }

// Apply implements Change.
func (c *RemoveSegmentLabel) Apply(s Store) error { return s.RemoveSegmentLabel(c.Label) }

// Revert implements Change.
func (c *RemoveSegmentLabel) Revert(s Store) error {
	l := c.Label
	return s.SetSegmentLabel(&l)
}

// Describe implements Change.
func (c *RemoveSegmentLabel) Describe() string { return "remove comment label " + c.Label.Label }

// Group is several changes that undo and redo as one step, such as "tag all
// matches". If one of them fails, those already applied are reverted.
type Group struct {
	Changes     []Change
	Description string
}

// Apply implements Change.
func (g *Group) Apply(s Store) error {
	for i, c := range g.Changes {
		if err := c.Apply(s); err != nil {
			for j := i - 1; j >= 0; j-- {
				if rerr := g.Changes[j].Revert(s); rerr != nil {
					return errors.Join(err, fmt.Errorf("and could not take back %s: %w", g.Changes[j].Describe(), rerr))
				}
			}
			return err
		}
	}
	return nil
}

// Revert implements Change.
func (g *Group) Revert(s Store) error {
	for i := len(g.Changes) - 1; i >= 0; i-- {
		if err := g.Changes[i].Revert(s); err != nil {
			return err
		}
	}
	return nil
}

// Describe implements Change.
func (g *Group) Describe() string { return g.Description }

// quoteForHumans shortens a quote for a menu or status line.
func quoteForHumans(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return "“" + string(r[:39]) + "…”"
	}
	return "“" + s + "”"
}

// LinkAnnotations adds a relation between two annotations; undo removes it.
type LinkAnnotations struct{ Relation *Relation }

// Apply implements Change.
func (c *LinkAnnotations) Apply(s Store) error { return s.AddRelation(c.Relation) }

// Revert implements Change.
func (c *LinkAnnotations) Revert(s Store) error {
	return s.DeleteRelation(c.Relation.DocumentID, c.Relation.ID)
}

// Describe implements Change.
func (c *LinkAnnotations) Describe() string { return "link annotations (" + c.Relation.Type + ")" }

// Unlink removes a relation; undo puts it back.
type Unlink struct{ Relation Relation }

// Apply implements Change.
func (c *Unlink) Apply(s Store) error { return s.DeleteRelation(c.Relation.DocumentID, c.Relation.ID) }

// Revert implements Change.
func (c *Unlink) Revert(s Store) error {
	r := c.Relation
	return s.AddRelation(&r)
}

// Describe implements Change.
func (c *Unlink) Describe() string { return "remove link (" + c.Relation.Type + ")" }
