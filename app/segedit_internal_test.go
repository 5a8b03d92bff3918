package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// children returns the objects an object draws: a container's objects, a
// widget's renderer's objects.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case fyne.Widget:
		return test.WidgetRenderer(x).Objects()
	}
	return nil
}

// hasText reports whether o shows the text s (a label, a button, a menu
// item, a canvas text).
func hasText(o fyne.CanvasObject, s string) bool {
	switch x := o.(type) {
	case *canvas.Text:
		return x.Text == s
	case *widget.Label:
		return x.Text == s
	case *widget.Button:
		return x.Text == s
	}
	for _, c := range children(o) {
		if hasText(c, s) {
			return true
		}
	}
	return false
}

// findTappable returns the innermost tappable object under o that shows s.
func findTappable(o fyne.CanvasObject, s string) fyne.Tappable {
	for _, c := range children(o) {
		if t := findTappable(c, s); t != nil {
			return t
		}
	}
	if t, ok := o.(fyne.Tappable); ok && o.Visible() && hasText(o, s) {
		return t
	}
	return nil
}

// tapInOverlay taps what shows text s on the top overlay (a dialog or a
// pop-up menu) as a user's click would.
func tapInOverlay(t *testing.T, w *Window, s string) {
	t.Helper()
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog or menu is open to click %q in", s)
	}
	b := findTappable(top, s)
	if b == nil {
		t.Fatalf("the open dialog or menu has no %q", s)
	}
	test.Tap(b)
}

// findAll returns the objects of type T under o.
func findAll[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	if x, ok := o.(T); ok {
		out = append(out, x)
	}
	for _, c := range children(o) {
		out = append(out, findAll[T](c)...)
	}
	return out
}

// menuAction runs the action of a main menu item, found by its label.
func menuAction(t *testing.T, w *Window, menu, label string) {
	t.Helper()
	var find func(items []*fyne.MenuItem) *fyne.MenuItem
	find = func(items []*fyne.MenuItem) *fyne.MenuItem {
		for _, it := range items {
			if it.Label == label {
				return it
			}
			if it.ChildMenu != nil {
				if f := find(it.ChildMenu.Items); f != nil {
					return f
				}
			}
		}
		return nil
	}
	for _, m := range w.win.MainMenu().Items {
		if m.Label == menu {
			if it := find(m.Items); it != nil {
				it.Action()
				return
			}
		}
	}
	t.Fatalf("no menu item %s › %s", menu, label)
}

// showSegment scrolls a comment into view, so that its card exists.
func showSegment(t *testing.T, w *Window, seg string) {
	t.Helper()
	if w.views[seg] == nil {
		w.comments.reveal(seg)
	}
	if w.views[seg] == nil {
		t.Fatalf("segment %s has no view", seg)
	}
}

// putCaret clicks into a segment's text before s, as a user's click would.
func putCaret(t *testing.T, w *Window, seg, s string) {
	t.Helper()
	showSegment(t, w, seg)
	at := offsetOf(t, w, seg, s)
	v := w.views[seg]
	v.SetSelection(at, at)
	if w.caret.seg != seg || w.caret.at != at {
		t.Fatalf("caret = %+v, want %s at %d", w.caret, seg, at)
	}
}

func commentTexts(t *testing.T, s annotate.Store, doc string) []string {
	t.Helper()
	d, err := s.Document(doc)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range d.Comments() {
		out = append(out, c.Text)
	}
	return out
}

func TestSplitACommentAtTheCaretKeepsItsAnnotationsInPlace(t *testing.T) {
	w, store := newDesk(t)
	c := w.win.Canvas().(fyne.Shortcutable)
	doc := w.doc.ID
	selectText(t, w, "c1", "St. Anna hospital")
	w.Tag("LOC")
	selectText(t, w, "c1", "save me more than €1,000 a year")
	w.Tag("CLAIM")
	before := commentTexts(t, store, doc)

	putCaret(t, w, "c1", "This trial")
	c.TypedShortcut(shortcut(fyne.KeyReturn, fyne.KeyModifierShortcutDefault)) // as the menu's Ctrl+Enter
	menuAction(t, w, "Document", "Split here into a new comment")

	got := commentTexts(t, store, doc)
	if len(got) != len(before)+1 || got[0] != "I work shifts at St. Anna hospital and pay €25 for a taxi every Saturday." ||
		got[1] != "This trial will save me more than €1,000 a year. 🙌🏽" {
		t.Fatalf("comments after the split = %q", got[:2])
	}
	second := w.doc.Comments()[1].ID
	assertStored(t, store, doc, "c1 LOC St. Anna hospital anna", second+" CLAIM save me more than €1,000 a year anna")
	if v := w.views[second]; v == nil || len(v.Spans()) != 1 {
		t.Errorf("the new comment's view shows no highlight")
	}
	if !strings.Contains(w.status.Text, "Saved: split comment 1 into a new comment") {
		t.Errorf("status = %q", w.status.Text)
	}

	c.TypedShortcut(&fyne.ShortcutUndo{})
	if got := commentTexts(t, store, doc); strings.Join(got, "|") != strings.Join(before, "|") {
		t.Errorf("after undo: %q", got)
	}
	assertStored(t, store, doc, "c1 LOC St. Anna hospital anna", "c1 CLAIM save me more than €1,000 a year anna")
	c.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	assertStored(t, store, doc, "c1 LOC St. Anna hospital anna", second+" CLAIM save me more than €1,000 a year anna")
}

func TestASplitThroughAnAnnotationAsksFirst(t *testing.T) {
	w, store := newDesk(t)
	doc := w.doc.ID
	selectText(t, w, "c1", "Saturday. This trial")
	w.Tag("CLAIM")
	putCaret(t, w, "c1", "This trial")
	w.SplitAtCaret(annotate.KindComment)
	if n := len(commentTexts(t, store, doc)); n != 6 {
		t.Fatalf("the split happened before the user answered: %d comments", n)
	}
	top := w.win.Canvas().Overlays().Top()
	if top == nil || !hasText(top, "Split anyway") {
		t.Fatal("no question before splitting through the annotation")
	}
	tapInOverlay(t, w, "Cancel")
	if n := len(commentTexts(t, store, doc)); n != 6 {
		t.Fatalf("Cancel split the comment: %d comments", n)
	}

	w.SplitAtCaret(annotate.KindComment)
	tapInOverlay(t, w, "Split anyway")
	if n := len(commentTexts(t, store, doc)); n != 7 {
		t.Fatalf("%d comments after Split anyway, want 7", n)
	}
	assertStored(t, store, doc, "c1 CLAIM Saturday. anna")
	w.Undo()
	assertStored(t, store, doc, "c1 CLAIM Saturday. This trial anna")
}

func TestMergeACommentIntoTheOneBeforeAndBack(t *testing.T) {
	w, store := newDesk(t)
	doc := w.doc.ID
	selectText(t, w, "c2", "Herr Brandt")
	w.Tag("PER")
	putCaret(t, w, "c2", "Herr")
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcut(fyne.KeyJ, fyne.KeyModifierShortcutDefault))
	menuAction(t, w, "Document", "Merge into the one before")

	got := commentTexts(t, store, doc)
	if len(got) != 5 || !strings.HasSuffix(got[0], "🙌🏽\n1,8 Millionen für leere Busse um zwei Uhr nachts? Herr Brandt hat recht: erst die Tagesbusse pünktlich machen.") {
		t.Fatalf("comments after the merge = %q", got)
	}
	assertStored(t, store, doc, "c1 PER Herr Brandt anna")
	// The inspector still shows the annotation, now in comment 1.
	where := false
	for _, l := range findAll[*widget.Label](w.inspector.content) {
		where = where || strings.Contains(l.Text, " · #1 night_nurse_ana · ")
	}
	if !where {
		t.Error("the inspector does not say the annotation is in comment 1 now")
	}
	d, _ := store.Document(doc)
	if c3, _ := d.Segment("c3"); c3.ReplyTo != "c1" {
		t.Errorf("the reply to c2 replies to %q, want c1", c3.ReplyTo)
	}
	w.Undo()
	assertStored(t, store, doc, "c2 PER Herr Brandt anna")
	if n := len(commentTexts(t, store, doc)); n != 6 {
		t.Errorf("%d comments after undo", n)
	}
}

func TestChangeAKindMovesTheTextBetweenThePanes(t *testing.T) {
	w, store := newDesk(t)
	doc := w.doc.ID
	putCaret(t, w, "c5", "correction")
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcut(fyne.Key4, fyne.KeyModifierShortcutDefault))
	menuAction(t, w, "Document", "Subheading")
	d, _ := store.Document(doc)
	if s, _ := d.Segment("c5"); s.Kind != annotate.KindSubheading {
		t.Fatalf("c5 is a %s", s.Kind)
	}
	if w.article.views["c5"] == nil || len(w.comments.comments) != 5 {
		t.Error("the subheading is not shown in the article")
	}
	w.Undo()
	if w.article.views["c5"] != nil || len(w.comments.comments) != 6 {
		t.Error("undo did not put the comment back")
	}
}

func TestTheCommentDialogSetsAuthorTimeAndParent(t *testing.T) {
	w, store := newDesk(t)
	doc := w.doc.ID
	putCaret(t, w, "c5", "correction")
	w.AskCommentDetails()
	top := w.win.Canvas().Overlays().Top()
	entries := findAll[*dialogEntry](top)
	selects := findAll[*widget.Select](top)
	if len(entries) != 2 || len(selects) != 1 {
		t.Fatalf("dialog has %d entries and %d choices", len(entries), len(selects))
	}
	entries[0].SetText("Lena W.")
	entries[1].SetText("2019-04-08 11:38")
	selects[0].SetSelectedIndex(4) // comment 4
	tapInOverlay(t, w, "Save")

	d, _ := store.Document(doc)
	s, _ := d.Segment("c5")
	if s.Author != "Lena W." || s.ReplyTo != "c4" || s.Posted.ISO() != "2019-04-08T11:38" {
		t.Errorf("c5 = author %q, reply to %q, posted %v", s.Author, s.ReplyTo, s.Posted)
	}
	w.Undo()
	d, _ = store.Document(doc)
	if s, _ := d.Segment("c5"); s.Author != "lena_w" || s.ReplyTo != "" {
		t.Errorf("after undo c5 = %+v", s)
	}
}

func TestParseCommentTimeReadsTheFormsTheDialogOffersToTheirPrecision(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-05-03 14:20", "2024-05-03T14:20"},
		{"03.05.2024 14:20", "2024-05-03T14:20"},
		{"2024-05-03", "2024-05-03"}, // a date stays a date, not midnight
		{"03.05.2024", "2024-05-03"},
		{"2024-05-03T14:20:00+02:00", "2024-05-03T14:20:00+02:00"},
	}
	for _, tt := range tests {
		got, err := parseCommentTime(tt.in)
		if err != nil || got.ISO() != tt.want {
			t.Errorf("parseCommentTime(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
		if back, _ := parseCommentTime(formatCommentTime(got)); !got.Zoned && back.ISO() != got.ISO() {
			t.Errorf("format then parse %q gives %s", tt.in, back.ISO())
		}
	}
	if _, err := parseCommentTime("gestern"); err == nil {
		t.Error("a word was read as a time")
	}
}

func TestRenameAndDeleteTheDocumentAndUndo(t *testing.T) {
	w, store := newDesk(t)
	doc := w.doc.ID
	selectText(t, w, "s1", "Lindenfeld")
	w.Tag("LOC")

	w.AskRename()
	entries := findAll[*dialogEntry](w.win.Canvas().Overlays().Top())
	entries[0].SetText("Night buses in Lindenfeld")
	entries[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter renames
	if !strings.HasPrefix(w.win.Title(), "Night buses in Lindenfeld") || w.docs.all[0].Title != "Night buses in Lindenfeld" {
		t.Errorf("title bar %q, list %q", w.win.Title(), w.docs.all[0].Title)
	}

	menuAction(t, w, "Document", "Delete document…")
	tapInOverlay(t, w, "Delete")
	if sums, _ := store.Documents(); len(sums) != 0 || w.doc != nil {
		t.Fatalf("%d documents after delete", len(sums))
	}
	w.Undo()
	if w.doc == nil || w.doc.ID != doc {
		t.Fatal("undo did not bring the document back and open it")
	}
	assertStored(t, store, doc, "s1 LOC Lindenfeld anna")
	w.Undo()
	if d, _ := store.Document(doc); d.Title == "Night buses in Lindenfeld" {
		t.Error("the second undo did not take the new title back")
	}
}

func TestAPasteIsUndoneAndAWordAsksFirst(t *testing.T) {
	w, store := newDesk(t)
	count := func() int {
		sums, err := store.Documents()
		if err != nil {
			t.Fatal(err)
		}
		return len(sums)
	}
	w.app.Clipboard().SetContent("Wort")
	w.ImportClipboard()
	if count() != 1 {
		t.Fatal("a single word became a document without asking")
	}
	tapInOverlay(t, w, "Cancel")
	if count() != 1 {
		t.Fatal("Cancel made a document")
	}
	w.ImportClipboard()
	tapInOverlay(t, w, "Create document")
	if count() != 2 {
		t.Fatal("Create document made no document")
	}
	pasted := w.doc.ID
	w.Undo()
	if count() != 1 || w.doc == nil || w.doc.ID == pasted {
		t.Fatal("undo did not take the pasted document away")
	}
	w.Redo()
	if count() != 2 || w.doc.ID != pasted {
		t.Fatalf("redo did not bring the pasted document back with its id")
	}
}

func TestLooksLikePage(t *testing.T) {
	page := "Lindenfeld Courier\nNight buses approved\n" + strings.Repeat("The council voted for the trial. ", 10) + "\nComments\nanna: good"
	tests := []struct {
		text string
		want bool
	}{
		{"Wort", false},
		{"Der Rat hat am Dienstag den Nachtbus beschlossen.", false},
		{page, true},
	}
	for _, tt := range tests {
		if got := looksLikePage(tt.text); got != tt.want {
			t.Errorf("looksLikePage(%.30q) = %v", tt.text, got)
		}
	}
}

func TestTheContextMenuOfATextSplitsThere(t *testing.T) {
	w, store := newDesk(t)
	showSegment(t, w, "c4")
	v := w.views["c4"]
	at := offsetOf(t, w, "c4", "The association")
	test.TapSecondaryAt(v, v.PositionOf(at).Add(fyne.NewPos(1, 4)))
	if w.caret.seg != "c4" || w.caret.at < at-1 || w.caret.at > at+1 {
		t.Fatalf("caret = %+v after the right click, want c4 near %d", w.caret, at)
	}
	w.caret.at = at // the pixel may land on either side of the space
	tapInOverlay(t, w, "Split here into a new comment")
	got := commentTexts(t, store, w.doc.ID)
	if len(got) != 7 || !strings.HasPrefix(got[4], "The association") {
		t.Fatalf("comments = %q", got)
	}
}

func TestAClickWhereTheCaretAlreadyIsStillPutsTheDesksCaretThere(t *testing.T) {
	w, _ := newDesk(t)
	v := w.views["s3"]
	putCaret(t, w, "s1", "council") // the caret is in another text now
	test.TapAt(v, v.PositionOf(0).Add(fyne.NewPos(1, 4)))
	if w.caret.seg != "s3" || w.caret.at != 0 {
		t.Errorf("caret = %+v after a click at the start of s3", w.caret)
	}
}

func TestAFoundMatchIsWhereSplitAndMergeAct(t *testing.T) {
	w, store := newDesk(t)
	w.find.open()
	w.find.query.SetText("This trial")
	w.find.next()
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcut(fyne.KeyReturn, fyne.KeyModifierShortcutDefault))
	menuAction(t, w, "Document", "Split here into a new comment")
	if got := commentTexts(t, store, w.doc.ID); len(got) != 7 || !strings.HasPrefix(got[1], "This trial") {
		t.Fatalf("comments after splitting at the match = %q", got)
	}
	w.find.query.SetText("This trial")
	w.find.next()
	menuAction(t, w, "Document", "Merge into the one before")
	if got := commentTexts(t, store, w.doc.ID); len(got) != 6 || !strings.Contains(got[0], "Saturday.\nThis trial") {
		t.Fatalf("comments after merging at the match = %q", got)
	}
}

func TestAnImportOfFilesIsUndoneAndRedone(t *testing.T) {
	w, store := newDesk(t)
	before := w.documentIDs()
	// What ImportFiles does off the UI goroutine: documents arrive in the store.
	var added []*annotate.Document
	for _, title := range []string{"Erste Seite", "Zweite Seite"} {
		d := &annotate.Document{Title: title, Segments: []annotate.Segment{{Kind: annotate.KindBody, Text: title + " mit Text."}}}
		if err := d.Prepare(time.Now()); err != nil {
			t.Fatal(err)
		}
		added = append(added, d)
	}
	if err := store.AddDocuments(added...); err != nil {
		t.Fatal(err)
	}
	w.recordImport(before, importName([]string{"/tmp/a.html", "/tmp/b.html"}))
	w.afterImport(added[0].ID)
	if c, ok := w.history.CanUndo(); !ok || c.Describe() != "import of 2 files (2 documents)" {
		t.Fatalf("undo list holds %v", c)
	}
	w.Undo()
	if sums, _ := store.Documents(); len(sums) != 1 || w.doc == nil || w.doc.ID == added[0].ID {
		t.Fatalf("after undo %d documents, open %v", len(sums), w.doc)
	}
	w.Redo()
	if sums, _ := store.Documents(); len(sums) != 3 || w.doc.ID != added[0].ID {
		t.Fatalf("after redo %d documents, open %s", len(sums), w.doc.ID)
	}
}

func TestUndoOpensTheDocumentOfTheChangeItTakesBack(t *testing.T) {
	w, store := newDesk(t)
	first := w.doc.ID
	selectText(t, w, "s1", "Lindenfeld")
	w.Tag("LOC")
	other := &annotate.Document{Title: "Andere", Segments: []annotate.Segment{{Kind: annotate.KindBody, Text: "Ein anderer Text."}}}
	if err := other.Prepare(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := store.AddDocuments(other); err != nil {
		t.Fatal(err)
	}
	w.refreshDocuments()
	w.OpenDocument(other.ID)
	if w.doc.ID != other.ID {
		t.Fatal("the other document did not open")
	}
	w.Undo()
	if w.doc.ID != first {
		t.Errorf("undo left %s open, want the document whose annotation it took back", w.doc.ID)
	}
	assertStored(t, store, first)
}

func TestTheCommentDialogKeepsATimeTheUserDidNotTouch(t *testing.T) {
	w, store := newDesk(t)
	showSegment(t, w, "c5")
	exact := annotate.When{Time: time.Date(2026, 3, 12, 11, 47, 33, 0, time.FixedZone("", 3600)), Precision: annotate.PrecisionSecond, Zoned: true}
	w.SetCommentHeader("c5", annotate.CommentHeader{Author: "lena_w", Posted: exact})
	putCaret(t, w, "c5", "correction")
	w.AskCommentDetails()
	findAll[*dialogEntry](w.win.Canvas().Overlays().Top())[0].SetText("Lena W.")
	tapInOverlay(t, w, "Save")
	d, _ := store.Document(w.doc.ID)
	if s, _ := d.Segment("c5"); s.Author != "Lena W." || !s.Posted.Equal(exact) {
		t.Errorf("c5 = author %q, posted %v; want Lena W. at %v", s.Author, s.Posted, exact)
	}
}

func TestARightClickOnADocumentOffersRenameAndDelete(t *testing.T) {
	w, store := newDesk(t)
	items := findAll[*documentItem](w.docs.content)
	if len(items) == 0 {
		t.Fatal("the document list shows no documents")
	}
	test.TapSecondary(items[0])
	tapInOverlay(t, w, "Delete…")
	tapInOverlay(t, w, "Delete")
	if sums, _ := store.Documents(); len(sums) != 0 {
		t.Fatalf("%d documents after Delete from the list's menu", len(sums))
	}
}

func TestAClickOnADocumentInTheListOpensIt(t *testing.T) {
	w, store := newDesk(t)
	first := w.doc.ID
	other := &annotate.Document{Title: "Andere", Segments: []annotate.Segment{{Kind: annotate.KindBody, Text: "Ein anderer Text."}}}
	if err := other.Prepare(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := store.AddDocuments(other); err != nil {
		t.Fatal(err)
	}
	w.refreshDocuments()
	for _, id := range []string{other.ID, first} {
		var row *documentItem
		for _, it := range findAll[*documentItem](w.docs.content) {
			if it.id == id {
				row = it
			}
		}
		if row == nil {
			t.Fatalf("no row for %s", id)
		}
		// The desktop driver gives a click to the innermost object that
		// takes any tap, the row itself now that it takes right clicks
		// (the test driver's TapCanvas looks for Tappable only).
		test.Tap(row)
		if w.doc.ID != id {
			t.Errorf("a click on the row of %s left %s open", id, w.doc.ID)
		}
	}
}

// A page that announces more comments than it holds says so when pasted:
// the split is never silent about what it could not find.
func TestAPastedPageSaysWhenItHoldsFewerCommentsThanItAnnounces(t *testing.T) {
	w, _ := newDesk(t)
	page := "Nachtbusse in Lindenfeld\n\n" + strings.Repeat("Der Rat hat am Dienstag beschlossen, die Nachtbusse ein Jahr lang zu erproben. ", 4) +
		"\n\n12 Kommentare\n\nanna_k 15.10.2014 um 14:32 Uhr\nEndlich, das wurde Zeit.\n\nbert 15.10.2014 um 15:01 Uhr\nUnd wer bezahlt das?\n"
	w.app.Clipboard().SetContent(page)
	w.ImportClipboard()
	if w.preview == nil || !strings.Contains(strings.Join(w.preview.lines, "\n"), "found 2 of the 12 comments the page announces") {
		t.Fatal("the paste does not ask first, with the split's note")
	}
	if docs, _ := w.store.Documents(); len(docs) != 1 {
		t.Fatalf("%d documents before the paste was confirmed, want 1", len(docs))
	}
	tapInOverlay(t, w, "Create document")
	if !strings.Contains(w.status.Text, "found 2 of the 12 comments the page announces") {
		t.Errorf("status = %q, want the split's note", w.status.Text)
	}
	if got := w.doc.Meta["split_note"]; got != "found 2 of the 12 comments the page announces" {
		t.Errorf("document note = %q", got)
	}
}
