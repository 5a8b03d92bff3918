package annotate

import "time"

// Status is how far an annotator has got with a document.
type Status string

// The statuses of a document for one annotator. A document nobody has
// touched is StatusNotStarted.
const (
	StatusNotStarted Status = "not_started"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
)

// DocStatus is one annotator's status of one document.
type DocStatus struct {
	DocumentID string
	Annotator  string
	Status     Status
	Modified   time.Time
}

// CodebookLogEntry records one change of the codebook: when, by whom, what
// (in words, for the editor's change list), and which label ids it moved
// into which (a merge, or a delete that moved its annotations), so that a
// coder package made before the change can follow it when it is merged.
type CodebookLogEntry struct {
	Time      time.Time
	Annotator string
	What      string
	Relabel   map[string]string // old label id → new label id
}
