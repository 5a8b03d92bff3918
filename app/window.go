// Package app is Newsmark's desktop user interface: the annotation desk with
// the document list, the article and its reader comments side by side, the
// label bar, the inspector and the document's annotation list. It receives
// the project as an annotate.Store and never touches the database directly.
package app

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// Options are the choices a caller makes when opening the desk.
type Options struct {
	// Annotator is who codes in this window. Empty means the name saved in
	// the app's preferences, and on the very first start the window asks,
	// proposing the system user name.
	Annotator string
	// ReadOnly says that the project was opened read-only (its file cannot
	// be written here): the window says so in its title and above the
	// desk, and nothing done in it is saved.
	ReadOnly bool
	// ProjectPath is the project file's path. With it, the window
	// remembers which document was open and where it was scrolled, and
	// opens it there on the next start of the same project.
	ProjectPath string
	// Version is Newsmark's version, for Help → About.
	Version string
}

// textSelection is the text the user has selected, in one segment.
type textSelection struct {
	seg        string
	start, end int
}

func (s textSelection) empty() bool { return s.seg == "" || s.start >= s.end }

// Window is Newsmark's main window, the annotation desk.
type Window struct {
	app     fyne.App
	win     fyne.Window
	store   annotate.Store
	project string // the project file's name, for the title bar
	// projectPath is the project file's path, the key of the remembered
	// place; "" remembers nothing.
	projectPath string

	annotator string
	codebook  *annotate.Codebook
	history   annotate.History

	doc       *annotate.Document    // the open document, nil before one is chosen
	anns      []annotate.Annotation // the annotations the desk shows (see visibleAnnotations)
	allAnns   []annotate.Annotation // every annotation of the open document, other coders' hidden ones too
	rels      []annotate.Relation
	segLabels []annotate.SegmentLabel
	spans     map[string][]Span // segment id → highlights, annotations and find matches
	views     map[string]*SpanView
	sel       textSelection
	caret     caretAt        // where the user last put the caret, for split and merge
	selected  string         // id of the selected annotation, "" if none
	sticky    string         // label id that tags every new selection, "" if off
	quiet     bool           // set while the window itself changes selections
	exact     bool           // selections keep exact characters instead of snapping to words
	exactItem *fyne.MenuItem // Edit → Select exact characters, checked while exact

	docs      *documentList
	article   *articlePane
	comments  *commentPane
	labels    *labelBar
	inspector *inspector
	annList   *annotationList
	find      *findBar
	study     *studyDesk
	top       *fyne.Container  // label bar and find bar
	right     *collapsingSplit // the texts and, if there is room, the inspector side
	main      *container.Split // the document list | the desk
	who       *widget.Label
	status    *widget.Label
	saved     string // what the status line reports as last saved
	readOnly  bool   // the project is open read-only

	annotatorDialog *dialog.FormDialog // the last "Who is annotating?" dialog, for tests
	prefsDialog     *dialog.FormDialog // the last Preferences dialog, for tests
	version         string             // Newsmark's version, for Help → About
	preview         *importPreview     // the import waiting for the user's answer, nil if none
	modals          []*modal           // the open dialogs, top last
	// modalMu guards modals: a dialog's answer may start a goroutine that
	// shows the next dialog while Fyne is still closing the first.
	modalMu sync.Mutex
	// guideLayer holds the guideline card of the chip under the pointer,
	// above the desk; guideShown is its label id, "" if none.
	guideLayer *fyne.Container
	guideShown string
	guideTimer *time.Timer
	// editor is the open codebook editor, nil if none.
	editor *codebookEditor
	// variableFields are the fields of the last document variables dialog.
	variableFields []variableField
	// background counts the desk's goroutines whose results are not yet
	// shown (imports, the find field's focus timer), so that tests can
	// wait for them.
	background sync.WaitGroup
}

// NewWindow builds the desk for the project in store. project is the name
// shown in the title bar (usually the database file's name).
func NewWindow(a fyne.App, store annotate.Store, project string, opts Options) *Window {
	w := &Window{app: a, store: store, project: project, projectPath: opts.ProjectPath, readOnly: opts.ReadOnly, spans: map[string][]Span{}, views: map[string]*SpanView{}}
	w.version = opts.Version
	applyStartPreferences(a)
	w.exact = !wordSnapping(a)
	w.win = a.NewWindow(w.title())
	cb, err := store.Codebook()
	if err != nil {
		fyne.LogError("read codebook", err)
		cb = &annotate.Codebook{}
	}
	w.codebook = cb
	w.buildUI()
	w.win.Resize(fyne.NewSize(1400, 860))
	w.refreshDocuments()
	w.setupAnnotator(opts.Annotator)
	return w
}

// Window returns the Fyne window, for callers that show it or test it.
func (w *Window) Window() fyne.Window { return w.win }

// ShowAndRun shows the window and runs the application until it closes.
func (w *Window) ShowAndRun() { w.win.ShowAndRun() }

// Annotator returns the id of the annotator who codes in this window.
func (w *Window) Annotator() string { return w.annotator }

func (w *Window) title() string {
	project := w.project
	if w.readOnly {
		project += lang.L(", read-only")
	}
	if w.doc != nil {
		return fmt.Sprintf("%s – Newsmark (%s)", w.doc.Title, project)
	}
	return fmt.Sprintf("Newsmark (%s)", project)
}

// readOnlyNotice is the line above the desk of a project opened read-only.
func readOnlyNotice() string {
	return lang.L("Read-only: this project file cannot be changed here, so you can read and export it but nothing you do is saved. Make the file writable and open it again to annotate.")
}

func (w *Window) buildUI() {
	w.status = widget.NewLabel("")
	w.status.Truncation = fyne.TextTruncateEllipsis
	w.who = widget.NewLabel("")
	w.docs = newDocumentList(w.onDocumentSelected)
	w.docs.onMenu = w.showDocumentMenu
	w.article = newArticlePane(w)
	w.comments = newCommentPane(w)
	w.labels = newLabelBar(w)
	w.inspector = newInspector(w)
	w.annList = newAnnotationList(w)
	w.find = newFindBar(w)
	w.study = newStudyDesk(w)

	texts := container.NewHSplit(withMinWidth(w.article.content, minArticleWidth), withMinWidth(w.comments.content, minCommentsWidth))
	texts.SetOffset(0.5)
	side := container.NewVSplit(w.inspector.content, w.annList.content)
	side.SetOffset(0.58)
	w.right = newCollapsingSplit(texts, withMinWidth(side, minSideWidth))
	w.right.split.SetOffset(0.76)
	right := w.right
	w.top = container.NewVBox(w.labels.content, w.find.content, w.study.bar)
	if w.readOnly {
		notice := widget.NewLabelWithStyle(readOnlyNotice(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		notice.Wrapping = fyne.TextWrapWord
		notice.Importance = widget.WarningImportance
		w.top.Add(notice)
	}
	desk := container.NewBorder(w.top, nil, nil, nil, right)
	main := container.NewHSplit(w.docs.content, desk)
	main.SetOffset(0.16)
	w.main = main
	changeWho := widget.NewButton(lang.L("Change…"), w.askAnnotator)
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(w.who, changeWho), w.status)
	w.guideLayer = newGuideLayer()
	w.win.SetContent(container.NewStack(container.NewBorder(nil, bottom, nil, nil, main), w.guideLayer))
	w.bindKeys()
	// A note still waiting to be saved is saved when the window closes.
	// The open document and its scroll place are remembered for the next
	// start; then the window lets go of its views.
	w.win.SetOnClosed(func() {
		w.inspector.flush()
		w.rememberPlace()
		w.release()
	})
	// Files dropped on the window are imported, several at once.
	w.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		var paths []string
		for _, u := range uris {
			if u.Scheme() == "file" {
				paths = append(paths, u.Path())
			}
		}
		w.ImportFiles(paths)
	})
}

// release lets go of the open document's data and views when the window
// closes: Fyne's cache of renderers keeps widgets, and through their
// callbacks the window, alive after it has gone.
func (w *Window) release() {
	w.article.release()
	w.comments.release()
	w.doc, w.anns, w.allAnns, w.rels, w.segLabels = nil, nil, nil, nil, nil
	w.spans, w.views = map[string][]Span{}, map[string]*SpanView{}
}

// reloadCodebook reads the codebook again (an import may have added
// labels) and rebuilds the label bar.
func (w *Window) reloadCodebook() {
	cb, err := w.store.Codebook()
	if err != nil {
		fyne.LogError("read codebook", err)
		return
	}
	w.codebook = cb
	w.labels = newLabelBar(w)
	w.top.Objects[0] = w.labels.content
	w.top.Refresh()
	if w.editor != nil {
		w.editor.refresh()
	}
}

// refreshDocuments reloads the document list from the store and opens the
// first document if none is open.
func (w *Window) refreshDocuments() {
	docs, err := w.store.Documents()
	if err != nil {
		w.showError(lang.L("The document list could not be read"), err)
		return
	}
	w.study.loadStatuses()
	w.docs.setDocuments(docs)
	if w.doc == nil && len(docs) > 0 && !w.reopenLastPlace() {
		w.docs.selectDocument(docs[0].ID)
	} else if w.doc != nil {
		w.docs.selectDocument(w.doc.ID)
	}
	w.updateStatus()
}

// OpenDocument shows the document with the given id.
func (w *Window) OpenDocument(id string) { w.docs.selectDocument(id) }

func (w *Window) onDocumentSelected(id string) {
	if w.doc != nil && w.doc.ID == id {
		return
	}
	doc, err := w.store.Document(id)
	if err != nil {
		w.showError(lang.L("The document could not be opened"), err)
		return
	}
	w.inspector.flush()
	w.doc = doc
	w.sel = textSelection{}
	w.selected = ""
	w.caret = caretAt{}
	// The undo history spans documents: undo opens the document of the
	// change it takes back, and an import can be undone after its
	// document was opened.
	w.find.reset()
	if !w.loadAnnotations() {
		return
	}
	w.article.show(doc)
	w.comments.show(doc)
	w.inspector.show(nil)
	w.annList.refresh()
	w.win.SetTitle(w.title())
	w.saved = ""
	w.updateStatus()
	w.rememberPlace()
	returnMemorySoon()
}

// loadAnnotations reads the open document's annotations and comment labels
// from the store and rebuilds the highlights.
func (w *Window) loadAnnotations() bool {
	anns, err := w.store.Annotations(w.doc.ID)
	if err != nil {
		w.showError(lang.L("The annotations could not be read"), err)
		return false
	}
	labels, err := w.store.SegmentLabels(w.doc.ID)
	if err != nil {
		w.showError(lang.L("The comment labels could not be read"), err)
		return false
	}
	rels, err := w.store.Relations(w.doc.ID)
	if err != nil {
		w.showError(lang.L("The links between annotations could not be read"), err)
		return false
	}
	w.allAnns, w.segLabels, w.rels = anns, labels, rels
	w.anns = w.visibleAnnotations(anns)
	w.rebuildSpans()
	w.study.refresh()
	return true
}

// rebuildSpans turns annotations and find matches into highlights per
// segment.
func (w *Window) rebuildSpans() {
	spans := make(map[string][]Span, len(w.spans))
	for _, a := range w.anns {
		label, ok := w.codebook.Label(a.Label)
		name, col := a.Label, parseHex("")
		if ok {
			name, col = w.labelText(label), parseHex(label.Color)
		}
		if a.Annotator != w.annotator && a.Annotator != "" {
			name += " (" + a.Annotator + ")"
		}
		spans[a.SegmentID] = append(spans[a.SegmentID], Span{ID: a.ID, Start: a.Start, End: a.End, Color: col, Label: name})
	}
	for _, m := range w.find.matches {
		spans[m.seg] = append(spans[m.seg], Span{ID: findSpanID, Start: m.start, End: m.end, Color: findColourFor(w.codebook), Label: lang.L("match")})
	}
	w.spans = spans
}

// afterChange reloads what a change touched and redraws it.
func (w *Window) afterChange(saved string) {
	if w.doc == nil {
		return
	}
	if !w.loadAnnotations() {
		return
	}
	if w.selected != "" && w.annotation(w.selected) == nil {
		w.selected = ""
	}
	w.article.refreshSpans()
	w.comments.refreshSpans()
	w.annList.refresh()
	w.inspector.show(w.annotation(w.selected))
	w.saved = saved
	w.docs.updateCounts(w.doc.ID, len(w.allAnns))
	w.updateStatus()
}

// annotation returns the open document's annotation with the given id.
func (w *Window) annotation(id string) *annotate.Annotation {
	if id == "" {
		return nil
	}
	for i := range w.anns {
		if w.anns[i].ID == id {
			return &w.anns[i]
		}
	}
	return nil
}

// apply runs a change through the undo history. The store has committed it
// when apply returns, so the status line may say it is saved.
func (w *Window) apply(c annotate.Change) bool {
	if err := w.history.Do(w.store, c); err != nil {
		w.showError(lang.L("That change could not be saved"), err)
		return false
	}
	w.afterHistory(c, lang.L("Saved: "), false)
	return true
}

// afterHistory redraws what a change, its undo (undone) or its redo
// touched, and says so in the status line.
func (w *Window) afterHistory(c annotate.Change, prefix string, undone bool) {
	if isCodebookChange(c) {
		w.codebookChanged()
	}
	if v, ok := c.(*annotate.SetDocumentVariables); ok {
		w.afterVariables(v, undone)
	}
	if w.editor != nil && !isCodebookChange(c) {
		w.editor.usageChanged() // the editor counts the uses of each label
	}
	w.study.afterHistory(c)
	if documentChange(c) {
		w.reloadDocument(focusOf(c, undone))
		w.setStatusNote(prefix + describeChange(c))
		return
	}
	w.afterChange(prefix + describeChange(c))
}

// Undo takes back the latest change.
func (w *Window) Undo() {
	if c, ok := w.history.CanUndo(); ok {
		w.showChangeDocument(c)
	}
	c, err := w.history.Undo(w.store)
	switch {
	case errors.Is(err, annotate.ErrNothingToUndo):
		w.setStatusNote(lang.L("Nothing to undo"))
	case err != nil:
		w.showError(lang.L("The change could not be undone"), err)
	default:
		w.afterHistory(c, lang.L("Undone and saved: "), true)
		w.selectAnnotation(changedAnnotation(c), true)
	}
}

// Redo applies the latest undone change again.
func (w *Window) Redo() {
	if c, ok := w.history.CanRedo(); ok {
		w.showChangeDocument(c)
	}
	c, err := w.history.Redo(w.store)
	switch {
	case errors.Is(err, annotate.ErrNothingToRedo):
		w.setStatusNote(lang.L("Nothing to redo"))
	case err != nil:
		w.showError(lang.L("The change could not be redone"), err)
	default:
		w.afterHistory(c, lang.L("Redone and saved: "), false)
		w.selectAnnotation(changedAnnotation(c), true)
	}
}

// changedAnnotation returns the id of the annotation a change is about, so
// that undo and redo can show it; "" for other changes.
func changedAnnotation(c annotate.Change) string {
	switch c := c.(type) {
	case *annotate.CreateAnnotation:
		return c.Annotation.ID
	case *annotate.EditAnnotation:
		return c.After.ID
	case *annotate.DeleteAnnotation:
		return c.Annotation.ID
	}
	return ""
}

// Tag gives the selected text the label with the given id; with no text
// selected, it relabels the selected annotation.
func (w *Window) Tag(labelID string) {
	if w.doc == nil {
		return
	}
	label, ok := w.codebook.Label(labelID)
	if !ok {
		return
	}
	if w.annotator == "" {
		w.setStatusNote(lang.L("Say who is annotating first"))
		w.askAnnotatorProposing(systemUserName())
		return
	}
	if w.sel.empty() {
		if a := w.annotation(w.selected); a != nil && a.Label != label.ID {
			if w.othersWork(a) {
				w.setStatusNote(readOnlyNote(a))
				return
			}
			after := *a
			after.Label = label.ID
			after.Attributes = keepAllowed(label, a.Attributes)
			w.apply(&annotate.EditAnnotation{Before: *a, After: after, What: "label"})
			return
		}
		w.setStatusNote(sprintf(lang.L("Select some text first, then press %s to tag it as %s"), label.Hotkey, w.labelText(label)))
		return
	}
	a := &annotate.Annotation{
		DocumentID: w.doc.ID, SegmentID: w.sel.seg, Start: w.sel.start, End: w.sel.end,
		Label: label.ID, Annotator: w.annotator,
	}
	if w.apply(&annotate.CreateAnnotation{Annotation: a}) {
		w.clearSelection()
		w.selectAnnotation(a.ID, false)
	}
}

// keepAllowed keeps the attribute values the new label's schema allows.
func keepAllowed(label *annotate.Label, attrs map[string]string) map[string]string {
	var out map[string]string
	for k, v := range attrs {
		if label.CheckAttributes(map[string]string{k: v}) == nil {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = v
		}
	}
	return out
}

// othersWork reports whether a was made by another coder: it is read-only
// in this window (adjudication is a separate step).
func (w *Window) othersWork(a *annotate.Annotation) bool {
	return a != nil && a.Annotator != "" && a.Annotator != w.annotator
}

// readOnlyNote says why another coder's annotation cannot be changed.
func readOnlyNote(a *annotate.Annotation) string {
	return sprintf(lang.L("%[1]s’s annotation %[2]s is read-only: only %[1]s can change or delete it"), a.Annotator, quoteShort(a.Quote.Exact))
}

// DeleteSelected removes the selected annotation, if it is the
// annotator's own.
func (w *Window) DeleteSelected() {
	a := w.annotation(w.selected)
	if a == nil {
		return
	}
	if w.othersWork(a) {
		w.setStatusNote(readOnlyNote(a))
		return
	}
	w.apply(&annotate.DeleteAnnotation{Annotation: *a})
}

// onSelectionChanged is called by a segment's span view when the user
// selects text in it.
func (w *Window) onSelectionChanged(seg string, start, end int) {
	if w.quiet {
		return
	}
	w.caret = caretAt{seg: seg, at: start}
	if start >= end {
		if w.sel.seg == seg {
			w.sel = textSelection{}
			w.updateStatus()
		}
		return
	}
	if w.sel.seg != "" && w.sel.seg != seg {
		w.clearSelection()
	}
	w.sel = textSelection{seg: seg, start: start, end: end}
	if w.sticky != "" {
		return // tagged when the selection is finished
	}
	w.updateStatus()
}

// onSelectionDone is called when the user finishes a selection (releases the
// mouse): in sticky mode it tags the selection at once.
func (w *Window) onSelectionDone(seg string, start, end int) {
	if w.sticky != "" && start < end && w.sel.seg == seg {
		w.Tag(w.sticky)
	}
}

// clearSelection removes the text selection from every span view.
func (w *Window) clearSelection() {
	if v := w.views[w.sel.seg]; v != nil {
		w.quiet = true
		_, e := v.Selection()
		v.SetSelection(e, e)
		w.quiet = false
	}
	w.sel = textSelection{}
}

// onSpanTapped selects the annotation under a click; clicking again where
// spans overlap cycles through them, innermost first.
func (w *Window) onSpanTapped(ids []string) {
	var anns []string
	for _, id := range ids {
		if id != findSpanID {
			anns = append(anns, id)
		}
	}
	if len(anns) == 0 {
		return
	}
	next := anns[0]
	for i, id := range anns {
		if id == w.selected {
			next = anns[(i+1)%len(anns)]
			break
		}
	}
	w.selectAnnotation(next, false)
}

// selectAnnotation makes an annotation the selected one: highlighted in its
// text, shown in the inspector and the list. With reveal, its text is
// scrolled into view.
func (w *Window) selectAnnotation(id string, reveal bool) {
	w.inspector.flush()
	prev := w.annotation(w.selected)
	w.selected = id
	a := w.annotation(id)
	if prev != nil {
		if v := w.views[prev.SegmentID]; v != nil {
			v.SetActiveSpan("")
		}
	}
	if a != nil {
		if v := w.views[a.SegmentID]; v != nil {
			v.SetActiveSpan(a.ID)
		}
		if reveal {
			w.reveal(a.SegmentID, a.Start)
		}
	}
	w.inspector.show(a)
	w.annList.selectID(id)
	w.updateStatus()
}

// reveal scrolls the article or the comment list so that the given offset of
// a segment is on screen.
func (w *Window) reveal(seg string, offset int) {
	if w.article.reveal(seg, offset) {
		return
	}
	w.comments.reveal(seg)
}

// bindView wires a span view to a segment: selections, clicks on highlights,
// the segment's highlights and, if it holds them, the current selection and
// the selected annotation.
func (w *Window) bindView(v *SpanView, seg string) {
	for id, old := range w.views {
		if old == v && id != seg {
			delete(w.views, id)
		}
	}
	w.views[seg] = v
	v.OnSelectionChanged = func(s, e int) { w.onSelectionChanged(seg, s, e) }
	v.OnSelectionDone = func(s, e int) { w.onSelectionDone(seg, s, e) }
	v.OnSpanTapped = w.onSpanTapped
	v.OnContextMenu = func(_ int, at fyne.Position) { w.showSegmentMenu(seg, at) }
	v.ExactSelection = w.exact
	w.quiet = true
	v.SetSpans(w.spans[seg])
	if w.sel.seg == seg {
		v.SetSelection(w.sel.start, w.sel.end)
	} else if s, e := v.Selection(); s != e {
		v.SetSelection(e, e)
	}
	active := ""
	if a := w.annotation(w.selected); a != nil && a.SegmentID == seg {
		active = a.ID
	}
	v.SetActiveSpan(active)
	w.quiet = false
}

func (w *Window) setStatusNote(note string) {
	w.saved = note
	w.updateStatus()
}

// updateStatus shows one message: the selection's hint while text is
// selected, else what was last done, else what is open and how much of it
// is coded.
func (w *Window) updateStatus() {
	n := w.docs.count()
	var s string
	switch {
	case n == 0:
		s = lang.L("No documents yet. Everything you do is saved as you go.")
	case w.doc == nil:
		s = plural(n, lang.L("document"), lang.L("documents")) + lang.L(" · all changes saved")
	default:
		mine := 0
		for _, a := range w.anns {
			if a.Annotator == w.annotator {
				mine++
			}
		}
		s = sprintf(lang.L("%s, %s (%d yours)")+lang.L(" · all changes saved"),
			plural(w.doc.CommentCount(), lang.L("comment"), lang.L("comments")), plural(len(w.anns), lang.L("annotation"), lang.L("annotations")), mine)
	}
	if w.saved != "" {
		s = w.saved
	}
	if w.doc != nil && !w.sel.empty() {
		if q, ok := w.selectionQuote(); ok {
			s = sprintf(lang.L("Selected %s: press a label's key or click its chip"), quoteShort(q))
		}
	}
	if w.readOnly {
		s = strings.Replace(s, lang.L(" · all changes saved"), lang.L(" · read-only, nothing is saved"), 1)
		s = strings.Replace(s, lang.L("No documents yet. Everything you do is saved as you go."), lang.L("No documents yet. The project is read-only."), 1)
	}
	w.status.SetText(s)
}

// selectionQuote returns the selected text.
func (w *Window) selectionQuote() (string, bool) {
	if w.doc == nil {
		return "", false
	}
	seg, ok := w.doc.Segment(w.sel.seg)
	if !ok {
		return "", false
	}
	return annotate.Slice(seg.Text, w.sel.start, w.sel.end)
}

// quoteShort quotes text for the status line, shortened.
func quoteShort(s string) string {
	r := []rune(s)
	if len(r) > 48 {
		s = string(r[:47]) + "…"
	}
	return "“" + s + "”"
}

// showError tells the user in plain words what failed, and logs the detail.
func (w *Window) showError(what string, err error) {
	fyne.LogError(what, err)
	msg := what + "."
	if errors.Is(err, annotate.ErrNotFound) {
		msg += "\n" + lang.L("It is no longer in the project.")
	} else {
		msg += "\n" + err.Error()
	}
	w.showModal(dialog.NewError(errors.New(msg), w.win), nil)
}
