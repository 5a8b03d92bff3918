package annotate

import "fmt"

// StatusStore is implemented by a store that keeps each coder's status of
// each document (not started, in progress, done). It is apart from Store so
// that test doubles of Store need not implement it; SetStatus (the Change)
// fails on a store without it.
type StatusStore interface {
	// SetStatus records annotator's status of a document, in one
	// transaction. StatusNotStarted removes the record: a document nobody
	// has touched has no status stored. An unknown document is an error
	// wrapping ErrNotFound; an unknown status one wrapping ErrInvalid.
	SetStatus(docID, annotator string, s Status) error
	// Statuses lists every stored status (none is StatusNotStarted), by
	// document in import order, then by annotator.
	Statuses() ([]DocStatus, error)
}

// Valid reports whether s is one of the three statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusNotStarted, StatusInProgress, StatusDone:
		return true
	}
	return false
}

// ParseStatus reads a status as a user types it: "done", "in_progress"
// (or "in-progress", "progress"), "not_started" (or "not-started", "none").
func ParseStatus(s string) (Status, error) {
	switch s {
	case "done":
		return StatusDone, nil
	case "in_progress", "in-progress", "progress":
		return StatusInProgress, nil
	case "not_started", "not-started", "none", "":
		return StatusNotStarted, nil
	}
	return "", fmt.Errorf("status %q: want done, in_progress or not_started: %w", s, ErrInvalid)
}

// StatusOf returns annotator's status of a document in list, or
// StatusNotStarted.
func StatusOf(list []DocStatus, docID, annotator string) Status {
	for _, s := range list {
		if s.DocumentID == docID && s.Annotator == annotator {
			return s.Status
		}
	}
	return StatusNotStarted
}

// SetStatus is the Change that sets one coder's status of one document;
// undo gives back the status it had before.
type SetStatus struct {
	DocumentID string
	Annotator  string
	Before     Status
	After      Status
}

// NewSetStatus returns the change of annotator's status of a document from
// before (what the desk shows now) to after.
func NewSetStatus(docID, annotator string, before, after Status) *SetStatus {
	return &SetStatus{DocumentID: docID, Annotator: annotator, Before: before, After: after}
}

// statusStore returns s as a StatusStore.
func statusStore(s Store) (StatusStore, error) {
	ss, ok := s.(StatusStore)
	if !ok {
		return nil, fmt.Errorf("this project keeps no document status: %w", ErrInvalid)
	}
	return ss, nil
}

// Apply implements Change.
func (c *SetStatus) Apply(s Store) error {
	ss, err := statusStore(s)
	if err != nil {
		return err
	}
	return ss.SetStatus(c.DocumentID, c.Annotator, c.After)
}

// Revert implements Change.
func (c *SetStatus) Revert(s Store) error {
	ss, err := statusStore(s)
	if err != nil {
		return err
	}
	return ss.SetStatus(c.DocumentID, c.Annotator, c.Before)
}

// Describe implements Change.
func (c *SetStatus) Describe() string {
	return "mark document " + c.After.Words()
}

// Words returns the status as the CLI and the desk say it: "done", "in
// progress", "not started".
func (s Status) Words() string {
	switch s {
	case StatusDone:
		return "done"
	case StatusInProgress:
		return "in progress"
	}
	return "not started"
}
