package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// studyDesk is the desk's share of a coding study: the bar above the texts
// with the open document's status for the annotator and the chooser of the
// other coders whose annotations are shown (blind coding hides them), the
// document list's status filter, and the coder a package names.
type studyDesk struct {
	w *Window
	// shown holds the other coders whose annotations the desk shows.
	shown  map[string]bool
	coders *widget.Button
	status *widget.RadioGroup
	// statusLabel names the status control; both hide where the project
	// keeps no status.
	statusLabel *widget.Label
	filter      *widget.Select // the document list's status filter
	bar         *fyne.Container
	viewMenu    *fyne.Menu
	// menuKey is the coders and which are shown, as the View menu was
	// last built for.
	menuKey string

	// statuses are every coder's statuses, mine the annotator's by
	// document, read for loadedFor.
	statuses  []annotate.DocStatus
	mine      map[string]annotate.Status
	loadedFor string
	quiet     bool // set while the desk itself sets the status control

	// packageCoder is the coder a coder package was made for, "" for a
	// project that is not a package.
	packageCoder string

	// progress is the Progress view last shown, agreement the Agreement
	// window, for tests.
	progress  *progressView
	agreement *agreementView
	// adjudicate is the open Adjudicate window, nil if none.
	adjudicate *adjudicateView
	// packagesDir is the folder packages were last written to;
	// mergeReport the text of the last merge report, for tests.
	packagesDir string
	mergeReport string
	// gold is the final layer's annotator the lead picked, "" for
	// agreement.DefaultGold.
	gold string
}

func newStudyDesk(w *Window) *studyDesk {
	s := &studyDesk{w: w, shown: map[string]bool{}, mine: map[string]annotate.Status{}}
	s.coders = widget.NewButton(lang.L("Other coders: hidden"), nil)
	s.coders.OnTapped = func() { w.showCodersMenu(s.coders) }
	s.coders.Importance = widget.LowImportance
	s.status = s.newStatusChoice()
	s.status.Hidden = true
	s.statusLabel = widget.NewLabel(lang.L("Status:"))
	s.statusLabel.Hidden = true
	s.bar = container.NewHBox(s.statusLabel, s.status, layout.NewSpacer(), s.coders)
	s.filter = s.newStatusFilter()
	w.docs.extra.Add(s.filter)
	w.docs.keep = s.keepDocument
	w.docs.note = s.documentNote
	return s
}

// refresh shows the open document's status and the coders after the desk
// loaded a document's annotations.
func (s *studyDesk) refresh() {
	if s.loadedFor != s.w.annotator {
		s.loadedFor = s.w.annotator
		s.loadStatuses()
		s.w.docs.applyFilter()
		if s.w.doc != nil {
			s.w.docs.selectDocument(s.w.doc.ID)
		}
	}
	s.showStatus()
	s.refreshCoders()
}

// refreshCoders updates the coder chooser's text and, when the project's
// coders changed, the View menu.
func (s *studyDesk) refreshCoders() {
	w := s.w
	coders := w.otherCoders()
	s.coders.SetText(w.codersButtonText(coders))
	s.coders.Hidden = len(coders) == 0
	s.coders.Refresh()
	key := ""
	for _, c := range coders {
		key += fmt.Sprintf("%s=%t\x00", c, s.shown[c])
	}
	if s.viewMenu == nil || key == s.menuKey {
		return
	}
	s.menuKey = key
	s.viewMenu.Items = w.coderItems()
	if m := w.win.MainMenu(); m != nil {
		m.Refresh()
	}
}
