package storage_test

import (
	"errors"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

func TestStatusesAreKeptPerDocumentAndCoderAndSurviveReopening(t *testing.T) {
	s, _ := openStore(t)
	a, b := testDocument(t, "Erste", 1), testDocument(t, "Zweite", 1)
	if err := s.AddDocuments(a, b); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		doc, coder string
		st         annotate.Status
	}{
		{b.ID, "anna", annotate.StatusDone},
		{a.ID, "ben", annotate.StatusInProgress},
		{a.ID, "anna", annotate.StatusInProgress},
		{a.ID, "anna", annotate.StatusDone},
		{b.ID, "ben", annotate.StatusInProgress},
		{b.ID, "ben", annotate.StatusNotStarted}, // removes it again
	}
	for _, st := range steps {
		if err := s.SetStatus(st.doc, st.coder, st.st); err != nil {
			t.Fatal(err)
		}
	}
	s = reopen(t, s)
	got, err := s.Statuses()
	if err != nil {
		t.Fatal(err)
	}
	want := []annotate.DocStatus{
		{DocumentID: a.ID, Annotator: "anna", Status: annotate.StatusDone},
		{DocumentID: a.ID, Annotator: "ben", Status: annotate.StatusInProgress},
		{DocumentID: b.ID, Annotator: "anna", Status: annotate.StatusDone},
	}
	if len(got) != len(want) {
		t.Fatalf("statuses = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].DocumentID != want[i].DocumentID || got[i].Annotator != want[i].Annotator || got[i].Status != want[i].Status || got[i].Modified.IsZero() {
			t.Errorf("status %d = %+v, want %+v with a time", i, got[i], want[i])
		}
	}
	// A deleted document takes its statuses with it.
	if err := s.DeleteDocument(a.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Statuses(); len(got) != 1 || got[0].DocumentID != b.ID {
		t.Errorf("statuses after deleting a document = %+v", got)
	}
}

func TestSetStatusRefusesUnknownDocumentsAndStatuses(t *testing.T) {
	s, _ := openStore(t)
	d := testDocument(t, "Eins", 0)
	if err := s.AddDocuments(d); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, doc, coder string
		st               annotate.Status
		want             error
	}{
		{"unknown document", "nope", "anna", annotate.StatusDone, annotate.ErrNotFound},
		{"unknown status", d.ID, "anna", "finished", annotate.ErrInvalid},
		{"no coder", d.ID, "", annotate.StatusDone, annotate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.SetStatus(tt.doc, tt.coder, tt.st); !errors.Is(err, tt.want) {
				t.Errorf("SetStatus = %v, want %v", err, tt.want)
			}
		})
	}
	if got, _ := s.Statuses(); len(got) != 0 {
		t.Errorf("refused statuses were stored: %+v", got)
	}
}

func TestSetStatusChangeUndoesToTheStatusBefore(t *testing.T) {
	s, _ := openStore(t)
	d := testDocument(t, "Eins", 0)
	if err := s.AddDocuments(d); err != nil {
		t.Fatal(err)
	}
	var h annotate.History
	if err := h.Do(s, annotate.NewSetStatus(d.ID, "anna", annotate.StatusNotStarted, annotate.StatusInProgress)); err != nil {
		t.Fatal(err)
	}
	if err := h.Do(s, annotate.NewSetStatus(d.ID, "anna", annotate.StatusInProgress, annotate.StatusDone)); err != nil {
		t.Fatal(err)
	}
	statusNow := func() annotate.Status {
		list, err := s.Statuses()
		if err != nil {
			t.Fatal(err)
		}
		return annotate.StatusOf(list, d.ID, "anna")
	}
	for _, want := range []annotate.Status{annotate.StatusInProgress, annotate.StatusNotStarted} {
		if _, err := h.Undo(s); err != nil {
			t.Fatal(err)
		}
		if got := statusNow(); got != want {
			t.Errorf("after undo: %s, want %s", got, want)
		}
	}
	if _, err := h.Redo(s); err != nil {
		t.Fatal(err)
	}
	if got := statusNow(); got != annotate.StatusInProgress {
		t.Errorf("after redo: %s", got)
	}
}

func TestProjectIdentityIsGivenOnceAndKept(t *testing.T) {
	s, path := openStore(t)
	id, err := s.ProjectID()
	if err != nil || len(id) != 28 {
		t.Fatalf("ProjectID = %q, %v; want a new id", id, err)
	}
	s = reopen(t, s)
	if again, _ := s.ProjectID(); again != id {
		t.Errorf("after reopening: %q, want %q", again, id)
	}
	s.Close()
	ro, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if again, _ := ro.ProjectID(); again != id {
		t.Errorf("read-only: %q, want %q", again, id)
	}
	other, _ := openStore(t)
	if oid, _ := other.ProjectID(); oid == id {
		t.Errorf("two projects share the id %s", id)
	}
	if p, err := ro.Package(); p != nil || err != nil {
		t.Errorf("Package() of a lead project = %v, %v; want nil", p, err)
	}
}

func TestUndoingTheRemovalOfADocumentBringsItsStatusesBack(t *testing.T) {
	s, _ := openStore(t)
	d := testDocument(t, "Eins", 0)
	if err := s.AddDocuments(d); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(d.ID, "anna", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	var h annotate.History
	if err := h.Do(s, &annotate.RemoveDocuments{IDs: []string{d.ID}, What: "remove"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Statuses(); len(got) != 0 {
		t.Fatalf("statuses of a removed document: %v", got)
	}
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Statuses(); len(got) != 1 || got[0].Status != annotate.StatusDone || got[0].Annotator != "anna" {
		t.Errorf("statuses after undo: %+v", got)
	}
}

func TestImportKeepsTheStatusACoderHasAlready(t *testing.T) {
	s, _ := openStore(t)
	d := testDocument(t, "Eins", 0)
	if err := s.AddDocuments(d); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(d.ID, "anna", annotate.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	_, err := s.Import(&annotate.Batch{Statuses: []annotate.DocStatus{
		{DocumentID: d.ID, Annotator: "anna", Status: annotate.StatusDone},
		{DocumentID: d.ID, Annotator: "ben", Status: annotate.StatusDone},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Statuses()
	if annotate.StatusOf(got, d.ID, "anna") != annotate.StatusInProgress || annotate.StatusOf(got, d.ID, "ben") != annotate.StatusDone {
		t.Errorf("statuses after the import: %+v", got)
	}
	if _, err := s.Import(&annotate.Batch{Statuses: []annotate.DocStatus{{DocumentID: d.ID, Annotator: "cem", Status: "finished"}}}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("import of an unknown status = %v", err)
	}
}
