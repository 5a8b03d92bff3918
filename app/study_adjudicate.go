package app

import (
	"errors"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/agreement"
)

// Study → Adjudicate builds the final layer (annotator "gold", or a name
// the lead picks) document by document. Each place where coders marked
// something shows their versions side by side; a key accepts one (1 … 9),
// X rejects them all, a label choice edits what was accepted, and one
// button accepts every place all coders agree on in one undoable step.
// Every decision is an ordinary change of the desk's history (Ctrl+Z).

// adjudicateView is the Adjudicate window.
type adjudicateView struct {
	w      *Window
	win    fyne.Window
	docs   []annotate.DocumentSummary
	docAt  int
	adj    *agreement.Adjudication
	doc    *annotate.Document
	cur    int // the place with the keyboard
	gold   *widget.Entry
	pick   *widget.Select
	left   *widget.Label
	places *fyne.Container
	scroll *container.Scroll
	// rows are the places' rows as built, keys what each shows, builtFor
	// the document and final layer they were built for.
	rows     []*placeRow
	keys     []string
	builtFor string
}

// placeRow is one place's row: its versions' accept buttons, the reject
// button and the final layer's spans with a label choice each.
type placeRow struct {
	content fyne.CanvasObject
	bg      *canvas.Rectangle // shows the place with the keyboard
	accept  []*widget.Button
	reject  *widget.Button
	labels  []*widget.Select
	state   *widget.Label
}

// ShowAdjudicate opens Study → Adjudicate on the open document.
func (w *Window) ShowAdjudicate() {
	if av := w.study.adjudicate; av != nil && av.win != nil {
		av.win.Show()
		av.win.RequestFocus()
		return
	}
	docs, err := w.store.Documents()
	if err != nil {
		w.showError(lang.L("The documents could not be read"), err)
		return
	}
	av := &adjudicateView{w: w, docs: docs}
	av.win = w.app.NewWindow(lang.L("Adjudicate") + " – Newsmark")
	av.gold = widget.NewEntry()
	av.gold.SetText(w.goldName())
	av.gold.OnSubmitted = func(name string) {
		name = strings.TrimSpace(name)
		if name == "" || name == w.goldName() {
			return
		}
		w.study.gold = name
		av.reload()
	}
	var titles []string
	for i, d := range docs {
		// Short titles keep the window narrow; the number keeps them apart.
		titles = append(titles, fmt.Sprintf("%d. %s", i+1, shorten(d.Title, 60)))
	}
	av.pick = widget.NewSelect(titles, func(string) {
		if i := av.pick.SelectedIndex(); i >= 0 && i != av.docAt {
			av.docAt = i
			av.cur = 0
			av.reload()
		}
	})
	acceptAgreed := widget.NewButtonWithIcon(lang.L("Accept everything all coders agree on"), theme.ConfirmIcon(), av.acceptAgreed)
	acceptAgreed.Importance = widget.HighImportance
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { av.step(-1) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { av.step(1) })
	av.left = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	keys := widget.NewLabel(lang.L("Keys: Up/Down choose a place · 1 … 9 accept that coder’s version · X reject · A accept all agreed · Alt+Left/Right move the accepted span’s start, Ctrl+Left/Right its end · Page Up/Down other document · Ctrl+Z undo"))
	keys.Wrapping = fyne.TextWrapWord
	keys.SizeName = theme.SizeNameCaptionText
	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(lang.L("Final layer:")), container.NewGridWrap(fyne.NewSize(160, av.gold.MinSize().Height), av.gold), widget.NewLabel(lang.L("Document:"))), container.NewHBox(prev, next, acceptAgreed), av.pick),
		av.left, keys)
	av.places = container.NewVBox()
	av.scroll = container.NewVScroll(av.places)
	av.win.SetContent(container.NewBorder(top, nil, nil, nil, av.scroll))
	av.win.Resize(fyne.NewSize(1300, 820))
	av.win.Canvas().SetOnTypedKey(av.onKey)
	av.win.Canvas().SetOnTypedRune(av.onRune)
	ctrl := fyne.KeyModifierShortcutDefault
	for _, m := range adjudicateMoves {
		av.win.Canvas().AddShortcut(shortcut(m.key, m.mod), func(fyne.Shortcut) { av.moveGold(m.ds, m.de) })
	}
	av.win.Canvas().AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { w.Undo() })
	av.win.Canvas().AddShortcut(shortcut(fyne.KeyZ, ctrl|fyne.KeyModifierShift), func(fyne.Shortcut) { w.Redo() })
	av.win.SetOnClosed(func() { w.study.adjudicate = nil })
	w.study.adjudicate = av
	// Start on the open document.
	for i, d := range docs {
		if w.doc != nil && d.ID == w.doc.ID {
			av.docAt = i
		}
	}
	if len(docs) > 0 {
		av.pick.SetSelectedIndex(av.docAt)
	}
	av.reload()
	av.win.Show()
}

// shorten cuts s to at most n characters, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// options are the adjudication's options: the final layer's name.
func (av *adjudicateView) options() agreement.AdjudicationOptions {
	return agreement.AdjudicationOptions{Gold: av.w.goldName()}
}

// reload reads the document's places again, after a decision or an undo.
func (av *adjudicateView) reload() {
	w := av.w
	if av.docAt >= len(av.docs) {
		av.places.RemoveAll()
		av.left.SetText(lang.L("The project has no documents"))
		return
	}
	id := av.docs[av.docAt].ID
	adj, err := agreement.Adjudicate(w.store, id, av.options())
	if err == nil {
		av.doc, err = w.store.Document(id)
	}
	if err != nil {
		fyne.LogError("adjudicate", err)
		dialog.ShowError(fmt.Errorf("%s: %w", lang.L("The document’s places could not be read"), err), av.win)
		return
	}
	av.adj = adj
	av.cur = min(max(av.cur, 0), max(len(adj.Places)-1, 0))
	av.build()
}

// build draws the places of the document. Rows whose place did not
// change since the last build are kept: a decision redraws one row, not
// the hundreds a long document has.
func (av *adjudicateView) build() {
	adj := av.adj
	left := adj.Left()
	coders := strings.Join(adj.Coders, ", ")
	if coders == "" {
		coders = lang.L("nobody")
	}
	av.left.SetText(fmt.Sprintf(lang.L("%s, %d left to decide · coders: %s · final layer: %s"), plural(len(adj.Places), lang.L("place"), lang.L("places")), left, coders, adj.Gold))
	if len(adj.Places) == 0 {
		av.rows, av.keys = nil, nil
		av.places.Objects = []fyne.CanvasObject{widget.NewLabel(lang.L("No coder marked anything in this document."))}
		av.places.Refresh()
		return
	}
	same := len(av.keys) == len(adj.Places) && av.builtFor == adj.DocumentID+"\x00"+adj.Gold
	objs := make([]fyne.CanvasObject, len(adj.Places))
	rows := make([]*placeRow, len(adj.Places))
	keys := make([]string, len(adj.Places))
	for i := range adj.Places {
		keys[i] = placeKey(&adj.Places[i])
		if same && keys[i] == av.keys[i] {
			objs[i], rows[i] = av.places.Objects[i], av.rows[i]
			continue
		}
		rows[i] = av.placeRow(i)
		objs[i] = rows[i].content
	}
	av.rows, av.keys, av.builtFor = rows, keys, adj.DocumentID+"\x00"+adj.Gold
	av.places.Objects = objs
	av.places.Refresh()
	av.showCursor(-1)
}

// placeKey is what a place's row shows, to tell whether it must be drawn
// again.
func placeKey(p *agreement.Place) string {
	k := fmt.Sprintf("%s %d %d %t %t", p.SegmentID, p.Start, p.End, p.Rejected, p.Agreed)
	for _, v := range p.Versions {
		for _, a := range v.Spans {
			k += " " + a.ID + a.Label
		}
	}
	for _, g := range p.Gold {
		k += fmt.Sprintf(" g%s%s %d %d", g.ID, g.Label, g.Start, g.End)
	}
	return k
}

// showCursor marks the place with the keyboard, unmarks the one before
// (-1 for none) and scrolls the place into view.
func (av *adjudicateView) showCursor(before int) {
	for _, i := range []int{before, av.cur} {
		if i < 0 || i >= len(av.rows) {
			continue
		}
		bg := av.rows[i].bg
		if i == av.cur {
			bg.FillColor = theme.Color(theme.ColorNameSelection)
		} else {
			bg.FillColor = color.Transparent
		}
		bg.Refresh()
	}
	if av.cur < len(av.rows) {
		o := av.rows[av.cur].content
		y, h := o.Position().Y, o.Size().Height
		view := av.scroll.Size().Height
		if y < av.scroll.Offset.Y || y+h > av.scroll.Offset.Y+view {
			av.scroll.Offset.Y = max(0, min(y-view/4, av.places.MinSize().Height-view))
			av.scroll.Refresh()
		}
	}
}

// segmentName says where a segment is: "article" part or "comment 3 (joG)".
func (av *adjudicateView) segmentName(id string) string {
	if av.doc == nil {
		return id
	}
	seg, ok := av.doc.Segment(id)
	if !ok {
		return id
	}
	if seg.Kind == annotate.KindComment {
		return strings.TrimSpace(fmt.Sprintf(lang.L("comment %d %s"), seg.Number, seg.Author))
	}
	return kindName(seg.Kind)
}

// placeText is the text of a place with a few words around it.
func (av *adjudicateView) placeText(p *agreement.Place) string {
	if av.doc == nil {
		return ""
	}
	seg, ok := av.doc.Segment(p.SegmentID)
	if !ok {
		return ""
	}
	r := []rune(seg.Text)
	from, to := max(p.Start-30, 0), min(p.End+30, len(r))
	if p.Start > len(r) || p.End > len(r) || p.Start > p.End {
		return ""
	}
	s := "…" + string(r[from:p.Start]) + "[" + string(r[p.Start:p.End]) + "]" + string(r[p.End:to]) + "…"
	return strings.ReplaceAll(s, "\n", " ")
}

// versionText is one coder's version: labels and quotes.
func (av *adjudicateView) versionText(spans []annotate.Annotation) string {
	var parts []string
	for _, a := range spans {
		s := av.w.labelName(a.Label) + " " + "“" + shorten(a.Quote.Exact, 32) + "”"
		if len(a.Attributes) > 0 {
			var kv []string
			for k, v := range a.Attributes {
				kv = append(kv, k+"="+v)
			}
			s += " (" + strings.Join(kv, ", ") + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// placeState says how a place stands.
func placeState(p *agreement.Place) string {
	switch {
	case p.Rejected:
		return lang.L("rejected")
	case len(p.Gold) > 0:
		return lang.L("decided")
	case p.Agreed:
		return lang.L("all coders agree")
	}
	return lang.L("open")
}

// placeRow builds the row of place i.
func (av *adjudicateView) placeRow(i int) *placeRow {
	p := &av.adj.Places[i]
	row := &placeRow{}
	head := widget.NewLabelWithStyle(fmt.Sprintf(lang.L("%d. %s · %d–%d"), i+1, av.segmentName(p.SegmentID), p.Start, p.End), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	row.state = widget.NewLabel(placeState(p))
	if !p.Settled() {
		row.state.Importance = widget.WarningImportance
	} else {
		row.state.Importance = widget.SuccessImportance
	}
	text := widget.NewLabel(av.placeText(p))
	text.Wrapping = fyne.TextWrapWord
	// Three versions side by side at most, so that a study of many coders
	// still fits the screen: more go on the next line.
	versions := container.NewGridWithColumns(min(max(len(p.Versions)+len(p.Silent), 1), 3))
	for k, v := range p.Versions {
		coder := v.Coder
		b := widget.NewButton(fmt.Sprintf(lang.L("[%d] %s: %s"), k+1, coder, av.versionText(v.Spans)), func() { av.accept(i, coder) })
		b.Alignment = widget.ButtonAlignLeading
		row.accept = append(row.accept, b)
		versions.Add(b)
	}
	for _, c := range p.Silent {
		l := widget.NewLabel(fmt.Sprintf(lang.L("%s: nothing here"), c))
		l.Importance = widget.LowImportance
		versions.Add(l)
	}
	row.reject = widget.NewButtonWithIcon(lang.L("Reject (X)"), theme.CancelIcon(), func() { av.reject(i) })
	gold := container.NewHBox(widget.NewLabelWithStyle(av.adj.Gold+":", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	if len(p.Gold) == 0 && !p.Rejected {
		gold.Add(widget.NewLabel(lang.L("nothing yet")))
	}
	for _, g := range p.Gold {
		gold.Add(widget.NewLabel(quoteShort(g.Quote.Exact)))
		gold.Add(av.labelChoice(row, g))
	}
	box := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(row.state, row.reject), head), text, versions, gold)
	row.bg = canvas.NewRectangle(color.Transparent)
	row.content = container.NewStack(row.bg, container.NewPadded(box))
	return row
}

// labelChoice edits the label of a span of the final layer.
func (av *adjudicateView) labelChoice(row *placeRow, g annotate.Annotation) *widget.Select {
	cb := av.w.codebook
	var names []string
	ids := map[string]string{}
	for _, l := range cb.Labels {
		names = append(names, l.Name)
		ids[l.Name] = l.ID
	}
	s := widget.NewSelect(names, nil)
	s.Selected = av.w.labelName(g.Label)
	s.OnChanged = func(name string) {
		id := ids[name]
		if id == "" || id == g.Label {
			return
		}
		after := g
		after.Label = id
		if l, ok := cb.Label(id); ok {
			after.Attributes = keepAllowed(l, g.Attributes)
		}
		av.apply(&annotate.EditAnnotation{Before: g, After: after, What: "label"})
	}
	row.labels = append(row.labels, s)
	return s
}

// apply runs a decision through the desk's history and shows the result.
func (av *adjudicateView) apply(c annotate.Change) {
	if err := av.w.history.Do(av.w.store, c); err != nil {
		fyne.LogError("adjudicate", err)
		msg := err.Error()
		if errors.Is(err, agreement.ErrNoRejections) {
			msg = lang.L("This project cannot record rejections yet.")
		}
		dialog.ShowError(errors.New(lang.L("That decision could not be saved")+".\n"+msg), av.win)
		return
	}
	// The desk redraws, and reloads this view (studyDesk.afterHistory).
	av.w.afterHistory(c, lang.L("Saved: "), false)
}

// accept makes one coder's version of place i the final layer's.
func (av *adjudicateView) accept(i int, coder string) {
	if av.adj == nil || i >= len(av.adj.Places) {
		return
	}
	av.cur = i
	c, err := agreement.NewAccept(&av.adj.Places[i], coder, av.adj.Gold)
	if err != nil {
		dialog.ShowError(err, av.win)
		return
	}
	av.apply(c)
}

// reject rejects every version of place i.
func (av *adjudicateView) reject(i int) {
	if av.adj == nil || i >= len(av.adj.Places) {
		return
	}
	av.cur = i
	av.apply(agreement.NewReject(&av.adj.Places[i], av.adj.Gold))
}

// acceptAgreed accepts, in every document, each place all coders agree on,
// as one change.
func (av *adjudicateView) acceptAgreed() {
	var ids []string
	for _, d := range av.docs {
		ids = append(ids, d.ID)
	}
	c, n, err := agreement.NewAcceptAgreed(av.w.store, ids, av.options())
	if err != nil {
		dialog.ShowError(err, av.win)
		return
	}
	if c == nil {
		av.w.setStatusNote(lang.L("No place left where all coders agree"))
		av.left.SetText(av.left.Text + " · " + lang.L("no agreed place left to accept"))
		return
	}
	av.apply(c)
	av.w.setStatusNote(fmt.Sprintf(lang.L("Accepted %s all coders agree on (Ctrl+Z takes them back)"), plural(n, lang.L("place"), lang.L("places"))))
}

// adjudicateMoves are the keys that move the accepted span's start (ds) and
// end (de). Fyne's desktop driver never sends a key with Shift alone as a
// shortcut (glfw window.triggersShortcut), so none may use Shift alone.
var adjudicateMoves = []struct {
	key    fyne.KeyName
	mod    fyne.KeyModifier
	ds, de int
}{
	{fyne.KeyLeft, fyne.KeyModifierAlt, -1, 0}, {fyne.KeyRight, fyne.KeyModifierAlt, 1, 0},
	{fyne.KeyLeft, fyne.KeyModifierShortcutDefault, 0, -1}, {fyne.KeyRight, fyne.KeyModifierShortcutDefault, 0, 1},
}

// moveGold moves the start (ds) or the end (de) of the final layer's span
// at the chosen place by one character, as one undoable step. A span never
// becomes empty or leaves its segment.
func (av *adjudicateView) moveGold(ds, de int) {
	if av.adj == nil || av.doc == nil || av.cur >= len(av.adj.Places) {
		return
	}
	p := &av.adj.Places[av.cur]
	if len(p.Gold) == 0 {
		av.w.setStatusNote(lang.L("Accept a version first (1 … 9); then Alt+Left/Right move its start and Ctrl+Left/Right its end"))
		return
	}
	g := p.Gold[0]
	seg, ok := av.doc.Segment(g.SegmentID)
	if !ok {
		return
	}
	after := g
	after.Start += ds
	after.End += de
	if after.Start < 0 || after.End > annotate.RuneCount(seg.Text) || after.Start >= after.End {
		return
	}
	av.apply(&annotate.EditAnnotation{Before: g, After: after, What: "ends"})
}

// step moves to the document before (-1) or after (1).
func (av *adjudicateView) step(dir int) {
	i := av.docAt + dir
	if i < 0 || i >= len(av.docs) {
		return
	}
	av.pick.SetSelectedIndex(i)
}

// onKey: Up/Down choose a place, Page Up/Down a document, X or Delete
// reject, Escape closes.
func (av *adjudicateView) onKey(ev *fyne.KeyEvent) {
	if av.adj == nil {
		return
	}
	switch ev.Name {
	case fyne.KeyDown:
		if av.cur < len(av.adj.Places)-1 {
			av.cur++
			av.showCursor(av.cur - 1)
		}
	case fyne.KeyUp:
		if av.cur > 0 {
			av.cur--
			av.showCursor(av.cur + 1)
		}
	case fyne.KeyPageDown:
		av.step(1)
	case fyne.KeyPageUp:
		av.step(-1)
	case fyne.KeyDelete:
		av.reject(av.cur)
	case fyne.KeyEscape:
		av.win.Close()
	}
}

// onRune: 1 … 9 accept that version of the chosen place, x rejects, a
// accepts every place all coders agree on.
func (av *adjudicateView) onRune(r rune) {
	if av.adj == nil {
		return
	}
	if r == 'a' || r == 'A' {
		av.acceptAgreed()
		return
	}
	if av.cur >= len(av.adj.Places) {
		return
	}
	switch {
	case r >= '1' && r <= '9':
		p := &av.adj.Places[av.cur]
		if k := int(r - '1'); k < len(p.Versions) {
			av.accept(av.cur, p.Versions[k].Coder)
		}
	case r == 'x' || r == 'X':
		av.reject(av.cur)
	}
}
