package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// Each coder has a status per document: not started, in progress or done.
// The bar above the texts sets the open document's status for the
// annotator (so does the Document menu, with keys), the document list
// shows it on every row and filters by it, and Study → Progress counts it
// per coder.

// statusOrder are the statuses in the order the desk offers them.
var statusOrder = []annotate.Status{annotate.StatusNotStarted, annotate.StatusInProgress, annotate.StatusDone}

// statusName is a status as the desk says it.
func statusName(s annotate.Status) string {
	switch s {
	case annotate.StatusDone:
		return lang.L("Done")
	case annotate.StatusInProgress:
		return lang.L("In progress")
	}
	return lang.L("Not started")
}

// statusStore returns the project as a store of document statuses, nil if
// it keeps none.
func (w *Window) statusStore() annotate.StatusStore {
	ss, _ := w.store.(annotate.StatusStore)
	return ss
}

// loadStatuses reads every coder's statuses and keeps the annotator's.
func (s *studyDesk) loadStatuses() {
	s.mine = map[string]annotate.Status{}
	s.statuses = nil
	ss := s.w.statusStore()
	if ss == nil {
		return
	}
	list, err := ss.Statuses()
	if err != nil {
		fyne.LogError("read document statuses", err)
		return
	}
	s.statuses = list
	for _, st := range list {
		if st.Annotator == s.w.annotator {
			s.mine[st.DocumentID] = st.Status
		}
	}
}

// docStatus returns the annotator's status of a document.
func (w *Window) docStatus(id string) annotate.Status {
	if st, ok := w.study.mine[id]; ok {
		return st
	}
	return annotate.StatusNotStarted
}

// SetDocumentStatus sets the annotator's status of the open document; it
// is saved at once and can be undone.
func (w *Window) SetDocumentStatus(st annotate.Status) {
	if w.doc == nil {
		return
	}
	if w.statusStore() == nil {
		w.setStatusNote(lang.L("This project keeps no document status"))
		return
	}
	if w.annotator == "" {
		w.setStatusNote(lang.L("Say who is annotating first"))
		w.askAnnotatorProposing(systemUserName())
		return
	}
	before := w.docStatus(w.doc.ID)
	if before == st {
		w.study.showStatus()
		return
	}
	w.apply(annotate.NewSetStatus(w.doc.ID, w.annotator, before, st))
}

// afterStatusChange reads the statuses again and shows them, after a
// status change, its undo or its redo.
func (s *studyDesk) afterStatusChange() {
	s.loadStatuses()
	s.showStatus()
	s.w.docs.applyFilter()
	if s.w.doc != nil {
		s.w.docs.selectDocument(s.w.doc.ID)
	}
}

// afterHistory reacts to a change done, undone or redone in the desk.
func (s *studyDesk) afterHistory(c annotate.Change) {
	if _, ok := c.(*annotate.SetStatus); ok {
		s.afterStatusChange()
	}
	if s.adjudicate != nil {
		s.adjudicate.reload()
	}
}

// showStatus shows the open document's status in the bar.
func (s *studyDesk) showStatus() {
	w := s.w
	s.status.Hidden = w.doc == nil || w.statusStore() == nil
	s.statusLabel.Hidden = s.status.Hidden
	if w.doc != nil {
		s.quiet = true
		s.status.SetSelected(statusName(w.docStatus(w.doc.ID)))
		s.quiet = false
	}
	s.status.Refresh()
	s.statusLabel.Refresh()
}

// newStatusChoice is the status control of the bar: three options side by
// side.
func (s *studyDesk) newStatusChoice() *widget.RadioGroup {
	var names []string
	byName := map[string]annotate.Status{}
	for _, st := range statusOrder {
		names = append(names, statusName(st))
		byName[statusName(st)] = st
	}
	r := widget.NewRadioGroup(names, nil)
	r.Horizontal = true
	r.Required = true
	r.OnChanged = func(name string) {
		if s.quiet || name == "" {
			return
		}
		s.w.SetDocumentStatus(byName[name])
	}
	return r
}

// statusMenuItems are the Document menu's status commands.
func (w *Window) statusMenuItems() []*fyne.MenuItem {
	ctrl := fyne.KeyModifierShortcutDefault
	done := fyne.NewMenuItem(lang.L("Mark document done"), func() { w.SetDocumentStatus(annotate.StatusDone) })
	done.Shortcut = shortcut(fyne.KeyD, ctrl)
	inProgress := fyne.NewMenuItem(lang.L("Mark document in progress"), func() { w.SetDocumentStatus(annotate.StatusInProgress) })
	inProgress.Shortcut = shortcut(fyne.KeyD, ctrl|fyne.KeyModifierShift)
	notStarted := fyne.NewMenuItem(lang.L("Mark document not started"), func() { w.SetDocumentStatus(annotate.StatusNotStarted) })
	return []*fyne.MenuItem{done, inProgress, notStarted}
}

// withStatusItems adds the status commands to the Document menu.
func (w *Window) withStatusItems(m *fyne.Menu) *fyne.Menu {
	m.Items = append(m.Items, fyne.NewMenuItemSeparator())
	m.Items = append(m.Items, w.statusMenuItems()...)
	return m
}

// statusFilterAll is the document list's status filter that keeps every
// document.
func statusFilterAll() string { return lang.L("Any status") }

// newStatusFilter is the document list's choice of status.
func (s *studyDesk) newStatusFilter() *widget.Select {
	opts := []string{statusFilterAll()}
	for _, st := range statusOrder {
		opts = append(opts, statusName(st))
	}
	f := widget.NewSelect(opts, func(string) { s.w.docs.applyFilter() })
	f.SetSelectedIndex(0)
	return f
}

// keepDocument is the document list's status filter: it keeps the
// documents whose status for the annotator is the one chosen.
func (s *studyDesk) keepDocument(d annotate.DocumentSummary) bool {
	if s.filter == nil || s.filter.SelectedIndex() <= 0 {
		return true
	}
	return statusName(s.w.docStatus(d.ID)) == s.filter.Selected
}

// documentNote is what the document list says of a document's status on
// its row ("" for not started, to keep the list quiet).
func (s *studyDesk) documentNote(id string) string {
	switch s.w.docStatus(id) {
	case annotate.StatusDone:
		return "✓ " + lang.L("done")
	case annotate.StatusInProgress:
		return "… " + lang.L("in progress")
	}
	return ""
}
