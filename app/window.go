// Package app is Newsmark's desktop user interface: the main window with the
// document list, the article and its reader comments side by side, and the
// dialogs around them. It receives the project as an annotate.Store and never
// touches the database directly.
package app

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// Window is Newsmark's main window: document list | article | comments.
type Window struct {
	app   fyne.App
	win   fyne.Window
	store annotate.Store
	// Project names the open project file in the title bar.
	project string

	docs     *documentList
	article  *articlePane
	comments *commentPane
	status   *widget.Label

	doc *annotate.Document // the open document, nil before one is chosen
}

// NewWindow builds the main window for the project in store. project is the
// name shown in the title bar (usually the database file's name).
func NewWindow(a fyne.App, store annotate.Store, project string) *Window {
	w := &Window{app: a, store: store, project: project}
	w.win = a.NewWindow(w.title())
	w.buildUI()
	w.win.Resize(fyne.NewSize(1280, 800))
	w.refreshDocuments()
	return w
}

// Window returns the Fyne window, for callers that show it or test it.
func (w *Window) Window() fyne.Window { return w.win }

// ShowAndRun shows the window and runs the application until it closes.
func (w *Window) ShowAndRun() { w.win.ShowAndRun() }

func (w *Window) title() string {
	if w.doc != nil {
		return fmt.Sprintf("%s – Newsmark (%s)", w.doc.Title, w.project)
	}
	return fmt.Sprintf("Newsmark (%s)", w.project)
}

func (w *Window) buildUI() {
	w.status = widget.NewLabel("")
	w.docs = newDocumentList(w.onDocumentSelected)
	w.article = newArticlePane()
	w.comments = newCommentPane()

	texts := container.NewHSplit(w.article.content, w.comments.content)
	texts.SetOffset(0.55)
	main := container.NewHSplit(w.docs.content, texts)
	main.SetOffset(0.2)
	w.win.SetContent(container.NewBorder(nil, w.status, nil, nil, main))
}

// refreshDocuments reloads the document list from the store and opens the
// first document if none is open.
func (w *Window) refreshDocuments() {
	docs, err := w.store.Documents()
	if err != nil {
		w.showError("The document list could not be read", err)
		return
	}
	w.docs.setDocuments(docs)
	if w.doc == nil && len(docs) > 0 {
		w.docs.selectDocument(docs[0].ID)
	}
	w.updateStatus()
}

func (w *Window) onDocumentSelected(id string) {
	if w.doc != nil && w.doc.ID == id {
		return
	}
	doc, err := w.store.Document(id)
	if err != nil {
		w.showError("The document could not be opened", err)
		return
	}
	w.doc = doc
	w.article.show(doc)
	w.comments.show(doc)
	w.win.SetTitle(w.title())
	w.updateStatus()
}

func (w *Window) updateStatus() {
	n := w.docs.count()
	switch {
	case n == 0:
		w.status.SetText("No documents yet. Everything you do is saved as you go.")
	case w.doc == nil:
		w.status.SetText(fmt.Sprintf("%d documents · all changes saved", n))
	default:
		w.status.SetText(fmt.Sprintf("%d documents · %q: %d article parts, %d comments · all changes saved",
			n, w.doc.Title, len(w.doc.Article()), w.doc.CommentCount()))
	}
}

// showError tells the user in plain words what failed, and logs the detail.
func (w *Window) showError(what string, err error) {
	fyne.LogError(what, err)
	msg := what + "."
	if errors.Is(err, annotate.ErrNotFound) {
		msg += "\nIt is no longer in the project."
	} else {
		msg += "\n" + err.Error()
	}
	dialog.ShowError(errors.New(msg), w.win)
}
