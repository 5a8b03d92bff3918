package annotate

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// The changes in this file edit documents rather than annotations: the
// segment edits made by hand (split, merge, kind, comment header), a new
// title, the removal of documents and the undo of an import. They need a
// store that is a DocumentEditor.

// editor returns s as a DocumentEditor.
func editor(s Store) (DocumentEditor, error) {
	e, ok := s.(DocumentEditor)
	if !ok {
		return nil, fmt.Errorf("this project cannot change documents by hand: %w", ErrInvalid)
	}
	return e, nil
}

// EditSegments applies a SegmentEdit; undo applies its inverse.
type EditSegments struct {
	Edit *SegmentEdit
	What string // for Describe: "split comment 3", ...
}

// Apply implements Change.
func (c *EditSegments) Apply(s Store) error {
	e, err := editor(s)
	if err != nil {
		return err
	}
	return e.EditSegments(c.Edit)
}

// Revert implements Change.
func (c *EditSegments) Revert(s Store) error {
	e, err := editor(s)
	if err != nil {
		return err
	}
	return e.EditSegments(c.Edit.Inverse())
}

// Describe implements Change.
func (c *EditSegments) Describe() string { return c.What }

// RenameDocument gives a document another title; undo gives back the old.
type RenameDocument struct {
	DocumentID    string
	Before, After string
}

// Apply implements Change.
func (c *RenameDocument) Apply(s Store) error {
	e, err := editor(s)
	if err != nil {
		return err
	}
	return e.SetDocumentTitle(c.DocumentID, c.After)
}

// Revert implements Change.
func (c *RenameDocument) Revert(s Store) error {
	e, err := editor(s)
	if err != nil {
		return err
	}
	return e.SetDocumentTitle(c.DocumentID, c.Before)
}

// Describe implements Change.
func (c *RenameDocument) Describe() string { return "rename document to " + quoteForHumans(c.After) }

// CleanTitle returns a title as a document keeps it: NFC, one line, no
// space at the ends.
func CleanTitle(title string) string {
	return norm.NFC.String(strings.Join(strings.Fields(title), " "))
}

// RemoveDocuments deletes documents with their annotations, relations and
// segment labels; undo brings them back with their ids, and everything
// that pointed into them.
type RemoveDocuments struct {
	IDs  []string
	What string // for Describe
	// Saved is what Apply removed, filled in by Apply.
	Saved *Batch
}

// Apply implements Change.
func (c *RemoveDocuments) Apply(s Store) error {
	e, err := editor(s)
	if err != nil {
		return err
	}
	saved, err := SaveDocuments(s, c.IDs)
	if err != nil {
		return err
	}
	if err := e.DeleteDocuments(c.IDs...); err != nil {
		return err
	}
	c.Saved = saved
	return nil
}

// Revert implements Change.
func (c *RemoveDocuments) Revert(s Store) error {
	if c.Saved == nil {
		return fmt.Errorf("%s was never done: %w", c.What, ErrInvalid)
	}
	_, err := s.Import(c.Saved)
	return err
}

// Describe implements Change.
func (c *RemoveDocuments) Describe() string { return c.What }

// ImportDocuments is an import that has happened (History.Record it):
// undo removes the documents it added, with whatever was added to them
// since, and redo brings them back with their ids.
type ImportDocuments struct{ removal RemoveDocuments }

// NewImportDocuments returns the change of an import that added the
// documents ids; what describes it ("import “Page”").
func NewImportDocuments(ids []string, what string) *ImportDocuments {
	return &ImportDocuments{removal: RemoveDocuments{IDs: ids, What: what}}
}

// IDs returns the ids of the imported documents.
func (c *ImportDocuments) IDs() []string { return c.removal.IDs }

// Apply implements Change: it imports the documents again.
func (c *ImportDocuments) Apply(s Store) error { return c.removal.Revert(s) }

// Revert implements Change: it removes the imported documents.
func (c *ImportDocuments) Revert(s Store) error { return c.removal.Apply(s) }

// Describe implements Change.
func (c *ImportDocuments) Describe() string { return c.removal.What }

// SaveDocuments reads documents with their annotations, relations,
// segment labels and (from a StatusStore) coders' statuses, and the
// codebook they use, into a batch that Store.Import restores exactly (ids,
// offsets, times).
func SaveDocuments(s Store, ids []string) (*Batch, error) {
	b := &Batch{}
	cb, err := s.Codebook()
	if err != nil {
		return nil, err
	}
	b.Codebook = cb
	for _, id := range ids {
		d, err := s.Document(id)
		if err != nil {
			return nil, err
		}
		anns, err := s.Annotations(id)
		if err != nil {
			return nil, err
		}
		rels, err := s.Relations(id)
		if err != nil {
			return nil, err
		}
		labels, err := s.SegmentLabels(id)
		if err != nil {
			return nil, err
		}
		b.Documents = append(b.Documents, d)
		b.Annotations = append(b.Annotations, anns...)
		b.Relations = append(b.Relations, rels...)
		b.SegmentLabels = append(b.SegmentLabels, labels...)
	}
	if ss, ok := s.(StatusStore); ok {
		all, err := ss.Statuses()
		if err != nil {
			return nil, err
		}
		want := make(map[string]bool, len(ids))
		for _, id := range ids {
			want[id] = true
		}
		for _, st := range all {
			if want[st.DocumentID] {
				b.Statuses = append(b.Statuses, st)
			}
		}
	}
	return b, nil
}
