package app

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// This file holds the fixes a user makes to an import's split by hand:
// split at the caret, merge into the segment before, another kind, a
// comment's author, time and parent, a new title, deleting a document.
// Each is one undoable change, saved when it returns.

// caretAt is where the user last clicked or moved the caret in a text.
type caretAt struct {
	seg string
	at  int
}

// kindNames are the segment kinds as menus name them.
var kindNames = map[annotate.SegmentKind]string{
	annotate.KindHeadline:   "Headline",
	annotate.KindLead:       "Lead",
	annotate.KindBody:       "Article paragraph",
	annotate.KindSubheading: "Subheading",
	annotate.KindCaption:    "Caption",
	annotate.KindByline:     "Byline",
	annotate.KindComment:    "Comment",
}

// withArticle puts "a" or "an" before a kind's name; German sentences
// take the name alone (their articles follow the noun's gender).
func withArticle(name string) string {
	if Language() == LanguageGerman {
		return name
	}
	if strings.ContainsRune("aeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

func kindName(k annotate.SegmentKind) string {
	if n, ok := kindNames[k]; ok {
		return lang.X("kind.menu."+string(k), n)
	}
	return string(k)
}

// kindLower is a kind's name inside a sentence: lower case in English,
// a capitalised noun in German.
func kindLower(k annotate.SegmentKind) string {
	if Language() == LanguageGerman {
		return kindName(k)
	}
	return strings.ToLower(kindName(k))
}

// kindText is a segment's kind as the inspector shows it ("headline").
func kindText(k annotate.SegmentKind) string {
	return lang.X("kind."+string(k), string(k))
}

// segmentName names a segment for the status line and the undo menu:
// "comment 3", "the headline", "an article paragraph".
func (w *Window) segmentName(id string) string {
	n := 0
	for _, s := range w.doc.Segments {
		if s.Kind == annotate.KindComment {
			n++
		}
		if s.ID == id {
			if s.Kind == annotate.KindComment {
				return sprintf(lang.L("comment %d"), n)
			}
			return kindLower(s.Kind) + " " + quoteForStatus(s.Text)
		}
	}
	return id
}

func quoteForStatus(s string) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) > 24 {
		return "“" + string(r[:23]) + "…”"
	}
	return "“" + string(r) + "”"
}

// targetSegment is the segment the segment commands act on: the one with
// the selected text or the caret, else the one of the selected annotation.
func (w *Window) targetSegment() (string, bool) {
	if w.doc == nil {
		return "", false
	}
	if !w.sel.empty() {
		return w.sel.seg, true
	}
	if w.caret.seg != "" {
		if _, ok := w.doc.Segment(w.caret.seg); ok {
			return w.caret.seg, true
		}
	}
	if a := w.annotation(w.selected); a != nil {
		return a.SegmentID, true
	}
	w.setStatusNote(lang.L("Click into a text first: the command acts on the text with the caret"))
	return "", false
}

// SplitAtCaret splits the segment with the caret at the caret (or at the
// start of the selection): the text after it becomes a new segment of the
// given kind. If that cuts through annotations, it asks first.
func (w *Window) SplitAtCaret(kind annotate.SegmentKind) {
	if w.doc == nil {
		return
	}
	seg, at := w.caret.seg, w.caret.at
	if !w.sel.empty() {
		seg, at = w.sel.seg, w.sel.start
	}
	if _, ok := w.doc.Segment(seg); !ok {
		w.setStatusNote(lang.L("Click into a text where it should be split first"))
		return
	}
	w.inspector.flush()
	edit, cut, err := annotate.SplitSegment(w.doc, w.allAnns, w.segLabels, seg, at, kind)
	if err != nil {
		w.showError(lang.L("The text cannot be split there"), err)
		return
	}
	what := sprintf(lang.L("split %s into a new %s"), w.segmentName(seg), kindLower(kind))
	change := &annotate.EditSegments{Edit: edit, What: what}
	if len(cut) == 0 {
		w.apply(change)
		return
	}
	var names []string
	for _, a := range cut {
		names = append(names, quoteShort(a.Quote.Exact)+" ("+w.labelName(a.Label)+")")
	}
	msg := sprintf(lang.L("The caret is inside %s: %s.\n\nSplit anyway? %s shortened to the text before the caret and keep\nlabel, attributes, note and links. Undo (Ctrl+Z) gives back the whole text."),
		plural(len(cut), lang.L("annotation"), lang.L("annotations")), strings.Join(names, ", "),
		map[bool]string{true: lang.L("It is"), false: lang.L("They are")}[len(cut) == 1])
	d := dialog.NewConfirm(lang.L("Split through an annotation?"), msg, func(ok bool) {
		if ok {
			w.apply(change)
		}
	}, w.win)
	d.SetConfirmText(lang.L("Split anyway"))
	d.SetDismissText(lang.L("Cancel"))
	w.showModal(d, d.Confirm)
}

func (w *Window) labelName(id string) string {
	if l, ok := w.codebook.Label(id); ok {
		return w.labelText(l)
	}
	return id
}

// MergeWithPrevious merges the segment with the caret into the one before
// it: a comment into the comment before, an article segment into the
// article segment before.
func (w *Window) MergeWithPrevious() {
	seg, ok := w.targetSegment()
	if !ok {
		return
	}
	w.inspector.flush()
	edit, err := annotate.MergeSegment(w.doc, w.allAnns, w.segLabels, w.codebook, seg)
	if err != nil {
		w.showError(lang.L("This text cannot be merged"), err)
		return
	}
	prev, _ := annotate.MergeTarget(w.doc, seg)
	what := sprintf(lang.L("merge %s into %s"), w.segmentName(seg), w.segmentName(prev.ID))
	if w.apply(&annotate.EditSegments{Edit: edit, What: what}) {
		w.caret = caretAt{seg: prev.ID}
	}
}

// SetSegmentKind gives the segment with the caret another kind.
func (w *Window) SetSegmentKind(kind annotate.SegmentKind) {
	seg, ok := w.targetSegment()
	if !ok {
		return
	}
	s, _ := w.doc.Segment(seg)
	if s.Kind == kind {
		w.setStatusNote(lang.L("That text is already ") + withArticle(kindLower(kind)))
		return
	}
	edit, err := annotate.ChangeSegmentKind(w.doc, seg, kind)
	if err != nil {
		w.showError(lang.L("The kind could not be changed"), err)
		return
	}
	what := sprintf(lang.L("make %s %s"), w.segmentName(seg), withArticle(kindLower(kind)))
	w.apply(&annotate.EditSegments{Edit: edit, What: what})
}

// timeLayouts are the forms the comment dialog reads a time in, with the
// precision each gives; a time with a stated offset is zoned.
var timeLayouts = []struct {
	layout    string
	precision annotate.Precision
	zoned     bool
}{
	{time.RFC3339, annotate.PrecisionSecond, true},
	{"2006-01-02 15:04", annotate.PrecisionMinute, false},
	{"2006-01-02T15:04", annotate.PrecisionMinute, false},
	{"02.01.2006 15:04", annotate.PrecisionMinute, false},
	{"2006-01-02", annotate.PrecisionDay, false},
	{"02.01.2006", annotate.PrecisionDay, false},
}

// parseCommentTime reads a time as a user types it, to the precision typed:
// a date alone stays a date. A wall time stays a wall time unless the text
// names an offset. Empty text is no time.
func parseCommentTime(s string) (annotate.When, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return annotate.When{}, nil
	}
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l.layout, s, time.UTC); err == nil {
			return annotate.When{Time: t, Precision: l.precision, Zoned: l.zoned, Text: s}, nil
		}
	}
	return annotate.When{}, fmt.Errorf(lang.L("%q is not a time: write it as 2024-05-03 14:20 or 03.05.2024 14:20"), s)
}

// formatCommentTime is the inverse of parseCommentTime for the dialog: the
// time to the precision it has.
func formatCommentTime(w annotate.When) string {
	switch {
	case w.IsZero():
		return ""
	case w.Precision == annotate.PrecisionDay:
		return w.Time.Format(entryDateLayout())
	}
	return w.Time.Format(entryDateLayout() + " 15:04")
}

// replyChoices lists the comments before seg, as the reply-to choice shows
// them, with their ids.
func (w *Window) replyChoices(seg string) (names, ids []string) {
	names, ids = []string{lang.L("(none: a comment on the article)")}, []string{""}
	n := 0
	for _, s := range w.doc.Segments {
		if s.ID == seg {
			break
		}
		if s.Kind != annotate.KindComment {
			continue
		}
		n++
		author := s.Author
		if author == "" {
			author = lang.L("(no name)")
		}
		names = append(names, fmt.Sprintf("%d. %s: %s", n, author, quoteForStatus(s.Text)))
		ids = append(ids, s.ID)
	}
	return names, ids
}

// AskCommentDetails lets the user set the author, time and parent of the
// comment with the caret.
func (w *Window) AskCommentDetails() {
	seg, ok := w.targetSegment()
	if !ok {
		return
	}
	s, _ := w.doc.Segment(seg)
	if s.Kind != annotate.KindComment {
		w.setStatusNote(lang.L("Author, time and replies belong to comments; this text is ") + withArticle(kindLower(s.Kind)))
		return
	}
	author := newDialogEntry(w)
	author.SetText(s.Author)
	when := newDialogEntry(w)
	when.SetText(formatCommentTime(s.Posted))
	when.SetPlaceHolder(lang.L("2024-05-03 14:20, or empty"))
	names, ids := w.replyChoices(seg)
	parent := widget.NewSelect(names, nil)
	parent.SetSelectedIndex(0)
	for i, id := range ids {
		if id == s.ReplyTo {
			parent.SetSelectedIndex(i)
		}
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Author"), author),
		widget.NewFormItem(lang.L("Time"), when),
		widget.NewFormItem(lang.L("Replies to"), parent),
	}
	d := dialog.NewForm(displayName(w.segmentName(seg)), lang.L("Save"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		t := s.Posted // as it was, to the second, unless the user changed it
		if when.Text != formatCommentTime(s.Posted) {
			var err error
			if t, err = parseCommentTime(when.Text); err != nil {
				w.showError(lang.L("The time was not changed"), err)
				return
			}
		}
		h := annotate.CommentHeader{Author: author.Text, Posted: t, ReplyTo: ids[max(parent.SelectedIndex(), 0)]}
		w.SetCommentHeader(seg, h)
	}, w.win)
	d.Resize(fyne.NewSize(560, 300))
	w.showModal(d, d.Submit) // Enter saves
	w.win.Canvas().Focus(author)
}

// SetCommentHeader gives a comment another author, time or parent.
func (w *Window) SetCommentHeader(seg string, h annotate.CommentHeader) {
	edit, err := annotate.EditCommentHeader(w.doc, seg, h)
	if err != nil {
		w.showError(lang.L("The comment could not be changed"), err)
		return
	}
	w.apply(&annotate.EditSegments{Edit: edit, What: lang.L("change author, time or reply of ") + w.segmentName(seg)})
}

// AskRename lets the user give the open document another title.
func (w *Window) AskRename() {
	if w.doc == nil {
		return
	}
	title := newDialogEntry(w)
	title.SetText(w.doc.Title)
	d := dialog.NewForm(lang.L("Rename document"), lang.L("Rename"), lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("Title"), title)}, func(ok bool) {
		if ok {
			w.RenameDocument(title.Text)
		}
	}, w.win)
	d.Resize(fyne.NewSize(640, 160))
	w.showModal(d, d.Submit) // Enter renames
	w.win.Canvas().Focus(title)
}

// RenameDocument gives the open document another title.
func (w *Window) RenameDocument(title string) {
	if w.doc == nil {
		return
	}
	title = annotate.CleanTitle(title)
	switch {
	case title == "":
		w.showError(lang.L("The document was not renamed"), errors.New(lang.L("a document needs a title")))
		return
	case title == w.doc.Title:
		return
	}
	w.apply(&annotate.RenameDocument{DocumentID: w.doc.ID, Before: w.doc.Title, After: title})
}

// AskDeleteDocument asks before deleting the open document.
func (w *Window) AskDeleteDocument() {
	if w.doc == nil {
		return
	}
	msg := sprintf(lang.L("“%s” will be removed from the project with its %s.\nUndo (Ctrl+Z) brings it back."),
		w.doc.Title, plural(len(w.allAnns), lang.L("annotation"), lang.L("annotations")))
	d := dialog.NewConfirm(lang.L("Delete document?"), msg, func(ok bool) {
		if ok {
			w.DeleteDocument()
		}
	}, w.win)
	d.SetConfirmText(lang.L("Delete"))
	d.SetDismissText(lang.L("Cancel"))
	w.showModal(d, d.Confirm)
}

// DeleteDocument removes the open document, undoably.
func (w *Window) DeleteDocument() {
	if w.doc == nil {
		return
	}
	w.inspector.flush()
	w.apply(&annotate.RemoveDocuments{IDs: []string{w.doc.ID}, What: lang.L("delete document ") + quoteShort(w.doc.Title)})
}

// showSegmentMenu is the context menu of a text.
func (w *Window) showSegmentMenu(seg string, at fyne.Position) {
	if w.doc == nil {
		return
	}
	s, ok := w.doc.Segment(seg)
	if !ok {
		return
	}
	w.caret.seg = seg
	var kinds []*fyne.MenuItem
	for _, k := range annotate.SegmentKinds {
		item := fyne.NewMenuItem(kindName(k), func() { w.SetSegmentKind(k) })
		item.Checked = k == s.Kind
		kinds = append(kinds, item)
	}
	kindItem := fyne.NewMenuItem(lang.L("Kind"), nil)
	kindItem.ChildMenu = fyne.NewMenu("", kinds...)
	merge := fyne.NewMenuItem(lang.L("Merge into the one before"), w.MergeWithPrevious)
	_, hasPrev := annotate.MergeTarget(w.doc, seg)
	merge.Disabled = !hasPrev
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(lang.L("Split here into a new comment"), func() { w.SplitAtCaret(annotate.KindComment) }),
		fyne.NewMenuItem(lang.L("Split here into a new article paragraph"), func() { w.SplitAtCaret(annotate.KindBody) }),
		merge,
		fyne.NewMenuItemSeparator(),
		kindItem,
	}
	if s.Kind == annotate.KindComment {
		items = append(items, fyne.NewMenuItem(lang.L("Author, time and reply…"), w.AskCommentDetails))
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), w.win.Canvas(), at)
}

// showDocumentMenu is the context menu of a document in the list.
func (w *Window) showDocumentMenu(id string, at fyne.Position) {
	if w.doc == nil || w.doc.ID != id {
		return
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("",
		fyne.NewMenuItem(lang.L("Rename…"), w.AskRename),
		fyne.NewMenuItem(lang.L("Delete…"), w.AskDeleteDocument),
		fyne.NewMenuItem(lang.L("Document variables…"), w.AskDocumentVariables),
	), w.win.Canvas(), at)
}

// documentChange reports whether a change alters documents themselves
// (their segments, title or presence) rather than what is annotated in
// them, so that the desk must read the document again.
func documentChange(c annotate.Change) bool {
	switch c.(type) {
	case *annotate.EditSegments, *annotate.RenameDocument, *annotate.RemoveDocuments, *annotate.ImportDocuments:
		return true
	}
	return false
}

// changeDocument returns the id of the document a change is about, "" for
// changes of several documents.
func changeDocument(c annotate.Change) string {
	switch c := c.(type) {
	case *annotate.CreateAnnotation:
		return c.Annotation.DocumentID
	case *annotate.EditAnnotation:
		return c.After.DocumentID
	case *annotate.DeleteAnnotation:
		return c.Annotation.DocumentID
	case *annotate.SetSegmentLabel:
		return c.Label.DocumentID
	case *annotate.RemoveSegmentLabel:
		return c.Label.DocumentID
	case *annotate.LinkAnnotations:
		return c.Relation.DocumentID
	case *annotate.Unlink:
		return c.Relation.DocumentID
	case *annotate.EditSegments:
		return c.Edit.DocumentID
	case *annotate.RenameDocument:
		return c.DocumentID
	case *annotate.SetDocumentVariables:
		return c.DocumentID
	case *annotate.Group:
		if len(c.Changes) > 0 {
			return changeDocument(c.Changes[0])
		}
	}
	return ""
}

// showChangeDocument opens the document a change is about before it is
// undone or redone, so that the user sees what happens.
func (w *Window) showChangeDocument(c annotate.Change) {
	id := changeDocument(c)
	if id == "" || (w.doc != nil && w.doc.ID == id) {
		return
	}
	w.OpenDocument(id)
}

// reloadDocument reads the document list and the open document again
// after a change of documents, keeping the scroll positions; open, if not
// empty, is the document to show. If the open document is gone, the first
// one is opened.
func (w *Window) reloadDocument(open string) {
	docs, err := w.store.Documents()
	if err != nil {
		w.showError(lang.L("The document list could not be read"), err)
		return
	}
	w.docs.setDocuments(docs)
	id := open
	if id == "" && w.doc != nil {
		id = w.doc.ID
	}
	var doc *annotate.Document
	for _, d := range docs {
		if d.ID == id {
			if doc, err = w.store.Document(id); err != nil {
				w.showError(lang.L("The document could not be read"), err)
				return
			}
		}
	}
	if doc == nil {
		w.find.matches, w.find.at = nil, -1
		w.doc = nil
		w.sel, w.caret, w.selected = textSelection{}, caretAt{}, ""
		empty := &annotate.Document{}
		w.anns, w.allAnns, w.rels, w.segLabels = nil, nil, nil, nil
		w.article.show(empty)
		w.comments.show(empty)
		w.inspector.show(nil)
		w.annList.refresh()
		if len(docs) > 0 {
			w.docs.selectDocument(docs[0].ID)
		}
		w.win.SetTitle(w.title())
		w.updateStatus()
		return
	}
	same := w.doc != nil && w.doc.ID == doc.ID
	w.doc = doc
	w.sel = textSelection{}
	if w.find.visible() && same {
		// The matches point into the texts as they were.
		w.find.matches, w.find.at = findMatches(doc, w.find.query.Text), -1
	} else {
		w.find.reset()
	}
	if !w.loadAnnotations() {
		return
	}
	if w.annotation(w.selected) == nil {
		w.selected = ""
	}
	articleY, commentsY := w.article.scroll.Offset.Y, w.comments.list.GetScrollOffset()
	w.article.show(doc)
	w.comments.show(doc)
	if same {
		w.article.scrollTo(articleY)
		w.comments.list.ScrollToOffset(commentsY)
	}
	w.inspector.shown = "" // where it is (comment number, offsets) may have changed
	w.inspector.show(w.annotation(w.selected))
	w.annList.refresh()
	w.docs.selectDocument(doc.ID)
	w.win.SetTitle(w.title())
	w.updateStatus()
}

// focusOf returns the document a document change should show afterwards.
func focusOf(c annotate.Change, undone bool) string {
	switch c := c.(type) {
	case *annotate.RemoveDocuments:
		if undone && len(c.IDs) > 0 {
			return c.IDs[0]
		}
	case *annotate.ImportDocuments:
		if !undone && len(c.IDs()) > 0 {
			return c.IDs()[0]
		}
	}
	return ""
}
