package app

import (
	"runtime"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

var (
	_ fyne.Widget         = (*SpanView)(nil)
	_ fyne.Draggable      = (*SpanView)(nil)
	_ fyne.Tappable       = (*SpanView)(nil)
	_ fyne.DoubleTappable = (*SpanView)(nil)
	_ fyne.Focusable      = (*SpanView)(nil)
	_ fyne.Shortcutable   = (*SpanView)(nil)
	_ desktop.Mouseable   = (*SpanView)(nil)
	_ desktop.Hoverable   = (*SpanView)(nil)
	_ desktop.Keyable     = (*SpanView)(nil)
	_ desktop.Cursorable  = (*SpanView)(nil)
)

// SpanView shows the text of one segment, wrapped to its width, with
// highlighted spans, and lets the user select text with the mouse or the
// keyboard.
//
// All offsets are code points from the start of the text, end exclusive, the
// unit of annotate.Annotation. A selection always covers whole grapheme
// clusters: an emoji with a skin tone, a letter with a combining accent or a
// CR LF pair is never split.
//
// Mouse: drag to select, double-click selects a word, triple-click a
// paragraph, shift+click extends the selection. A drag snaps outwards to
// whole words and drops white space at its ends; holding Alt while dragging
// (or setting ExactSelection) selects exact grapheme clusters instead.
// Keyboard (when focused): shift+Left/Right extend by a grapheme cluster,
// shift+ctrl+Left/Right (alt on macOS) by a word, shift+Up/Down/Home/End by
// line, ctrl+A selects all, ctrl+C copies, Escape clears. Arrow keys move in
// logical (reading) order. Keys, runes and shortcuts it does not use are
// passed on to the window's canvas, so window hotkeys keep working while the
// span view has the focus.
//
// Overlapping and nested spans each get a lane: a coloured bar under the text
// at a lane-specific depth, so every span stays visible. Behind the text each
// stretch gets a band in the colour of the innermost span covering it, light
// enough for the theme's text colour to keep a 4.5:1 contrast.
//
// Right-to-left text: Fyne 2.7 draws each bidi run on its own, mirrored,
// and places runs left to right in logical order (it does not reorder runs
// as UAX #9 would). SpanView hit-tests and draws highlights the same way, so
// dragging over right-to-left words selects the code points under the
// pointer, and offsets are always logical.
type SpanView struct {
	widget.BaseWidget

	// TextStyle is the style of the whole text (bold for a lead, italic for a
	// caption). Call Refresh after changing it.
	TextStyle fyne.TextStyle

	// SizeName is the theme size of the text; empty is theme.SizeNameText.
	// Call Refresh after changing it.
	SizeName fyne.ThemeSizeName

	// ExactSelection turns off snapping mouse selections to whole words.
	// Holding Alt during a drag inverts it for that drag.
	ExactSelection bool

	// OnSelectionChanged is called when the selection changes, by the user or
	// by SetSelection or SetText, and when a click puts the caret where it
	// already was. start == end means nothing is selected (the offset is
	// where keyboard selection would start: the caret).
	OnSelectionChanged func(start, end int) `json:"-"`

	// OnSelectionDone is called when the user has finished making a
	// selection: at the end of a drag, after a double or triple click, when
	// the mouse is released after a shift+click, after select all, and when
	// shift is released after extending the selection with the keyboard.
	// SetSelection does not call it. start == end is possible (a drag over
	// white space only).
	OnSelectionDone func(start, end int) `json:"-"`

	// OnSpanTapped is called when the user clicks (without dragging) on
	// highlighted text, with the ids of all spans under the pointer, innermost
	// first, so a caller can cycle through overlapping spans.
	OnSpanTapped func(ids []string) `json:"-"`

	// OnContextMenu is called on a right click (secondary tap) with the
	// offset under the pointer and the pointer's absolute position, for a
	// context menu. A right click outside the selection moves the caret
	// there first.
	OnContextMenu func(offset int, at fyne.Position) `json:"-"`

	// OnHover is called when the set of spans under the mouse pointer
	// changes, innermost first; nil or empty when it leaves them. A tooltip
	// naming their labels is shown as well.
	OnHover func(ids []string) `json:"-"`

	text   *svText
	spans  []svSpan
	lanes  int
	active string

	// anchor is where the selection started and caret the end that moves; the
	// selection is [selStart, selEnd), which word snapping may widen.
	anchor, caret    int
	selStart, selEnd int

	measure svMeasurer
	lay     *svLayout
	metrics svMetrics
	gen     int // changes when lines, spans or metrics change; the renderer rebuilds then

	focused, shiftDown            bool
	pressed, dragging, extendDrag bool
	altAtPress, skipTap           bool
	keySelecting                  bool // shift is held and the keyboard extended the selection
	doubleTappedAt                time.Time
	hoverPos                      fyne.Position
	hoverIDs                      []string
	hoverTip                      string
	renderer                      *spanViewRenderer
	scratchIdx                    []int

	// The part of the view in sight, set by SetViewport.
	hasViewport         bool
	viewTop, viewBottom float32
}

// svReservedLanes is the number of lanes the room under every line holds
// at full bar height, spans or not: two overlapping or nested spans, the
// common case of annotating. Three lanes would set plain text very loosely
// (a pitch of 1.7 lines instead of 1.5).
const svReservedLanes = 2

// laneStep returns the distance between two lanes' bars and a bar's height
// for a text with the given number of lanes: the full bar height up to
// svReservedLanes, then the reserved room shared out, so the line pitch never
// depends on the spans.
func (m *svMetrics) laneStep(lanes int) (step, barH float32) {
	step = m.barH + m.barGap
	if lanes <= svReservedLanes {
		return step, m.barH
	}
	step = (m.laneRoom - m.barGap) / float32(lanes)
	if step-m.barGap >= 1 {
		return step, step - m.barGap
	}
	return step, step // bars touch rather than vanish
}

// svMetrics are the theme-dependent sizes of the layout.
type svMetrics struct {
	textSize float32
	pad      float32 // inner padding around the text
	textH    float32 // height of one line of text
	pitch    float32 // distance from one line's top to the next
	barH     float32 // height of a span's underline bar
	barGap   float32 // space between text and bars and between lanes
	laneRoom float32 // height under each line kept for the lanes' bars
	minWidth float32
}

// NewSpanView returns a span view showing text, with no spans and nothing
// selected.
func NewSpanView(text string) *SpanView {
	v := &SpanView{text: newSVText(text)}
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer is a private method to Fyne which links this widget to its
// renderer.
func (v *SpanView) CreateRenderer() fyne.WidgetRenderer {
	v.ExtendBaseWidget(v)
	v.txt()
	r := &spanViewRenderer{v: v}
	r.init()
	v.renderer = r
	v.lay = nil // the theme may have changed while no renderer existed
	r.Refresh()
	return r
}

// Cursor returns the text cursor: the whole widget is selectable text.
func (v *SpanView) Cursor() desktop.Cursor {
	return desktop.TextCursor
}

// Text returns the text shown.
func (v *SpanView) Text() string {
	return v.txt().s
}

// SetText replaces the text. It removes the spans (they point into the old
// text) and clears the selection.
func (v *SpanView) SetText(text string) {
	v.text = newSVText(text)
	v.spans, v.lanes, v.active = nil, 0, ""
	v.hoverIDs, v.hoverTip = nil, ""
	v.lay = nil
	v.anchor, v.caret = 0, 0
	changed := v.selStart != 0 || v.selEnd != 0
	v.selStart, v.selEnd = 0, 0
	v.Refresh()
	if changed && v.OnSelectionChanged != nil {
		v.OnSelectionChanged(0, 0)
	}
}

// Spans returns the spans shown, clamped to the text, in the order given to
// SetSpans (empty spans are left out).
func (v *SpanView) Spans() []Span {
	out := make([]Span, len(v.spans))
	for i := range v.spans {
		out[i] = v.spans[i].Span
	}
	return out
}

// SetSpans replaces the highlighted spans. Offsets outside the text are
// clamped; empty spans are not shown.
func (v *SpanView) SetSpans(spans []Span) {
	v.spans, v.lanes = prepareSpans(spans, v.txt().n)
	v.hoverIDs, v.hoverTip = nil, ""
	v.Refresh()
}

// SetActiveSpan outlines the span with the given id (the one the inspector
// shows), or none if id is empty or unknown.
func (v *SpanView) SetActiveSpan(id string) {
	if id == v.active {
		return
	}
	v.active = id
	v.Refresh()
}

// Selection returns the selected range in code points, start <= end; start
// == end means nothing is selected.
func (v *SpanView) Selection() (start, end int) {
	return v.selStart, v.selEnd
}

// SetSelection selects code points [start, end), in either order, clamped to
// the text and widened to whole grapheme clusters. start == end clears the
// selection and puts the keyboard caret there.
func (v *SpanView) SetSelection(start, end int) {
	t := v.txt()
	s, e := t.snapGraphemes(t.clamp(start), t.clamp(end))
	if start == end {
		e = s
	}
	v.anchor, v.caret = s, e
	v.setSelection(s, e)
}

// SelectedText returns the text of the selection, or "" if none.
func (v *SpanView) SelectedText() string {
	return v.txt().slice(v.selStart, v.selEnd)
}

// PositionOf returns where offset lies in the widget: the top left of the
// caret before that code point. Use it to scroll a span into view.
func (v *SpanView) PositionOf(offset int) fyne.Position {
	l := v.ensureLayout()
	offset = v.txt().clamp(offset)
	k := l.lineOf(offset)
	m := v.metrics
	return fyne.NewPos(m.pad+l.xOf(k, offset), m.pad+float32(k)*m.pitch)
}

// MinSize returns the size the widget needs: its height follows the number
// of lines the text wraps to at the current width.
func (v *SpanView) MinSize() fyne.Size {
	v.ExtendBaseWidget(v)
	return v.BaseWidget.MinSize()
}

func (v *SpanView) txt() *svText {
	if v.text == nil {
		v.text = newSVText("")
	}
	return v.text
}

// ensureLayout wraps the text for the current width and theme if that was not
// done yet, and returns the lines.
func (v *SpanView) ensureLayout() *svLayout {
	th := v.Theme()
	sizeName := v.SizeName
	if sizeName == "" {
		sizeName = theme.SizeNameText
	}
	size := th.Size(sizeName)
	if v.measure.words == nil || v.measure.size != size || v.measure.style != v.TextStyle {
		v.measure.reset(size, v.TextStyle)
		v.lay = nil
	}
	pad := th.Size(theme.SizeNameInnerPadding)
	avail := float32(0) // unknown width: lines break at newlines only
	if w := v.Size().Width; w > 0 {
		avail = max(1, w-2*pad)
	}
	if v.lay == nil || v.lay.avail != avail || v.lay.t != v.txt() {
		v.lay = newSVLayout(v.txt(), &v.measure, avail)
		v.metrics.textSize = 0
	}
	if v.metrics.textSize != size || v.metrics.pad != pad {
		v.updateMetrics(th, size, pad)
	}
	return v.lay
}

func (v *SpanView) updateMetrics(th fyne.Theme, size, pad float32) {
	m := &v.metrics
	m.textSize, m.pad = size, pad
	m.textH = fyne.MeasureText("M", size, v.TextStyle).Height
	m.barH, m.barGap, m.laneRoom, m.pitch = svLineMetrics(th, size, m.textH)
	m.minWidth = 2*pad + v.measure.width("MM")
	v.gen++
}

// svLineMetrics returns a span view's bar height, the gap between lanes, the
// room under each line and the distance between lines, for text of the given
// size whose lines are textH high. The room under a line is the same
// whatever spans the text has, so tagging a span never moves the lines (or
// the views below) while the user annotates; more lanes than fit at full
// height are drawn thinner (svMetrics.laneStep).
func svLineMetrics(th fyne.Theme, size, textH float32) (barH, barGap, laneRoom, pitch float32) {
	barH = max(2, float32(int(size/5+0.5)))
	barGap = 1
	laneRoom = svReservedLanes*(barH+barGap) + barGap
	return barH, barGap, laneRoom, textH + max(th.Size(theme.SizeNameLineSpacing), laneRoom)
}

// height returns the height the text needs at the current layout.
func (v *SpanView) height() float32 {
	return 2*v.metrics.pad + float32(len(v.lay.lines))*v.metrics.pitch
}

// offsetAt returns the grapheme boundary nearest to pos, where a selection
// end or caret goes. Above the widget is the start of the text, below the
// last line its end.
func (v *SpanView) offsetAt(pos fyne.Position) int {
	l := v.ensureLayout()
	m := v.metrics
	if pos.Y < 0 {
		return 0
	}
	k := max(0, int((pos.Y-m.pad)/m.pitch))
	if k >= len(l.lines) {
		return v.txt().n
	}
	near, _ := l.hit(k, pos.X-m.pad)
	return near
}

// clusterAt returns the code point starting the grapheme cluster drawn under
// pos, or -1 if pos is not over text (or its bars).
func (v *SpanView) clusterAt(pos fyne.Position) int {
	l := v.ensureLayout()
	m := v.metrics
	y := pos.Y - m.pad
	if y < 0 {
		return -1
	}
	k := int(y / m.pitch)
	if k >= len(l.lines) || y-float32(k)*m.pitch > m.pitch-m.barGap {
		return -1
	}
	_, under := l.hit(k, pos.X-m.pad)
	return under
}

// spansAt returns the indices of the spans covering code point c, innermost
// first.
func (v *SpanView) spansAt(c int) []int {
	idx := v.scratchIdx[:0]
	if c >= 0 {
		for i := range v.spans {
			if v.spans[i].Start <= c && c < v.spans[i].End {
				idx = append(idx, i)
			}
		}
	}
	innermostFirst(v.spans, idx)
	v.scratchIdx = idx
	return idx
}

func (v *SpanView) spanIDsAt(pos fyne.Position) []string {
	idx := v.spansAt(v.clusterAt(pos))
	if len(idx) == 0 {
		return nil
	}
	ids := make([]string, len(idx))
	for i, k := range idx {
		ids[i] = v.spans[k].ID
	}
	return ids
}

// setSelection sets the selection, redraws it and tells OnSelectionChanged.
func (v *SpanView) setSelection(s, e int) {
	changed := s != v.selStart || e != v.selEnd
	v.selStart, v.selEnd = s, e
	if r := v.renderer; r != nil {
		r.layoutSelection(true)
	}
	if changed && v.OnSelectionChanged != nil {
		v.OnSelectionChanged(s, e)
	}
}

// selectRange selects from anchor to caret, snapped to words unless exact.
func (v *SpanView) selectRange(anchor, caret int, exact bool) {
	v.anchor, v.caret = anchor, caret
	s, e := min(anchor, caret), max(anchor, caret)
	if !exact {
		s, e = v.txt().snapWords(s, e)
	}
	v.setSelection(s, e)
}

// settle makes the snapped selection the new anchor and caret, keeping the
// direction, so keyboard extension continues from what is shown.
func (v *SpanView) settle() {
	if v.caret >= v.anchor {
		v.anchor, v.caret = v.selStart, v.selEnd
	} else {
		v.anchor, v.caret = v.selEnd, v.selStart
	}
}

func (v *SpanView) requestFocus() {
	c := fyne.CurrentApp().Driver().CanvasForObject(v)
	if c != nil && c.Focused() != v {
		c.Focus(v)
	}
}

// modifiers returns the keyboard modifiers held now, if the driver knows.
func modifiers() fyne.KeyModifier {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}

// selectionDone tells OnSelectionDone that the user finished a selection.
func (v *SpanView) selectionDone() {
	if v.OnSelectionDone != nil {
		v.OnSelectionDone(v.selStart, v.selEnd)
	}
}

// MouseDown starts a selection gesture: shift+click extends the selection,
// a plain click collapses it (a drag will then select from here).
func (v *SpanView) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	v.requestFocus()
	if !v.doubleTappedAt.IsZero() &&
		time.Since(v.doubleTappedAt) <= fyne.CurrentApp().Driver().DoubleTapDelay() {
		v.doubleTappedAt = time.Time{}
		s, e := v.txt().paragraphAt(v.offsetAt(ev.Position))
		v.anchor, v.caret = s, e
		v.setSelection(s, e)
		v.skipTap = true
		v.selectionDone()
		return
	}
	v.pressed = true
	v.altAtPress = ev.Modifier&fyne.KeyModifierAlt != 0
	v.extendDrag = ev.Modifier&fyne.KeyModifierShift != 0 || v.shiftDown
	v.skipTap = v.extendDrag
	p := v.offsetAt(ev.Position)
	if v.extendDrag {
		v.selectRange(v.anchor, p, v.exact())
		return
	}
	v.placeCaret(p)
}

// placeCaret collapses the selection at p and tells OnSelectionChanged
// even if the caret was there already, so that a caller always learns
// where the user clicked.
func (v *SpanView) placeCaret(p int) {
	v.anchor, v.caret = p, p
	if v.selStart == p && v.selEnd == p {
		if v.OnSelectionChanged != nil {
			v.OnSelectionChanged(p, p)
		}
		return
	}
	v.setSelection(p, p)
}

// MouseUp ends a press; a shift+click without a drag is done then.
func (v *SpanView) MouseUp(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary || !v.pressed {
		return
	}
	v.pressed = false
	if v.extendDrag && !v.dragging {
		v.extendDrag = false
		v.settle()
		v.selectionDone()
	}
}

func (v *SpanView) exact() bool {
	return v.ExactSelection != (v.altAtPress || modifiers()&fyne.KeyModifierAlt != 0)
}

// Dragged extends the selection to the pointer. A drag without a MouseDown
// before it (touch, or the test driver) starts where the drag started.
func (v *SpanView) Dragged(ev *fyne.DragEvent) {
	if !v.dragging {
		v.dragging = true
		v.hideTooltip()
		if !v.pressed {
			v.altAtPress, v.extendDrag = false, false
		}
		if !v.extendDrag {
			v.anchor = v.offsetAt(ev.Position.Subtract(ev.Dragged))
		}
		v.requestFocus()
	}
	v.selectRange(v.anchor, v.offsetAt(ev.Position), v.exact())
}

// DragEnd finishes a drag selection.
func (v *SpanView) DragEnd() {
	v.dragging, v.pressed, v.extendDrag = false, false, false
	v.settle()
	v.selectionDone()
}

// Tapped collapses the selection at the pointer and reports the spans under
// it to OnSpanTapped.
func (v *SpanView) Tapped(ev *fyne.PointEvent) {
	v.requestFocus()
	v.doubleTappedAt = time.Time{} // a single click in between: no triple click
	if v.skipTap {
		v.skipTap = false
		return
	}
	p := v.offsetAt(ev.Position)
	v.placeCaret(p)
	if ids := v.spanIDsAt(ev.Position); len(ids) > 0 && v.OnSpanTapped != nil {
		v.OnSpanTapped(ids)
	}
}

// TappedSecondary moves the caret to the pointer, unless it is inside the
// selection, and asks OnContextMenu for a menu.
func (v *SpanView) TappedSecondary(ev *fyne.PointEvent) {
	v.requestFocus()
	p := v.offsetAt(ev.Position)
	if v.selStart == v.selEnd || p < v.selStart || p > v.selEnd {
		v.placeCaret(p)
	}
	if v.OnContextMenu != nil {
		v.OnContextMenu(p, ev.AbsolutePosition)
	}
}

// DoubleTapped selects the word under the pointer.
func (v *SpanView) DoubleTapped(ev *fyne.PointEvent) {
	v.requestFocus()
	v.doubleTappedAt = time.Now()
	v.skipTap = false
	t := v.txt()
	c := v.clusterAt(ev.Position)
	if c < 0 {
		p := v.offsetAt(ev.Position)
		if p >= t.n {
			v.SetSelection(p, p)
			return
		}
		c = p
	}
	s, e := t.wordAt(c)
	if t.isSpace(s) {
		s, e = c, c
	}
	v.anchor, v.caret = s, e
	v.setSelection(s, e)
	v.selectionDone()
}

// MouseIn shows the labels under the pointer.
func (v *SpanView) MouseIn(ev *desktop.MouseEvent) {
	v.MouseMoved(ev)
}

// MouseMoved updates the tooltip and OnHover when the spans under the
// pointer change.
func (v *SpanView) MouseMoved(ev *desktop.MouseEvent) {
	if v.dragging {
		return
	}
	ids := v.spanIDsAt(ev.Position)
	if slices.Equal(ids, v.hoverIDs) {
		return
	}
	v.hoverIDs, v.hoverPos = ids, ev.Position
	v.hoverTip = v.labelsOf(ids)
	if r := v.renderer; r != nil {
		r.layoutTooltip(true)
	}
	if v.OnHover != nil {
		v.OnHover(ids)
	}
}

// MouseOut hides the tooltip.
func (v *SpanView) MouseOut() {
	had := len(v.hoverIDs) > 0
	v.hideTooltip()
	if had && v.OnHover != nil {
		v.OnHover(nil)
	}
}

func (v *SpanView) hideTooltip() {
	if v.hoverIDs == nil && v.hoverTip == "" {
		return
	}
	v.hoverIDs, v.hoverTip = nil, ""
	if r := v.renderer; r != nil {
		r.layoutTooltip(true)
	}
}

// labelsOf names the spans for the tooltip, innermost first, each label once.
func (v *SpanView) labelsOf(ids []string) string {
	var names []string
	for _, k := range v.spansAt(v.clusterAt(v.hoverPos)) {
		name := v.spans[k].Label
		if name == "" {
			name = v.spans[k].ID
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 && len(ids) > 0 {
		names = ids
	}
	return strings.Join(names, " · ")
}

// FocusGained shows the keyboard caret.
func (v *SpanView) FocusGained() {
	v.focused = true
	if r := v.renderer; r != nil {
		r.layoutSelection(true)
	}
}

// FocusLost hides the keyboard caret; the selection stays, so a label can be
// applied to it from elsewhere in the window.
func (v *SpanView) FocusLost() {
	if v.keySelecting {
		v.keySelecting = false
		v.selectionDone()
	}
	v.focused, v.shiftDown = false, false
	if r := v.renderer; r != nil {
		r.layoutSelection(true)
	}
}

// KeyDown tracks the shift key for keyboard and shift+click selection.
func (v *SpanView) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		v.shiftDown = true
	}
}

// KeyUp tracks the shift key for keyboard and shift+click selection; a
// keyboard selection is done when shift is released.
func (v *SpanView) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		v.shiftDown = false
		if v.keySelecting {
			v.keySelecting = false
			v.selectionDone()
		}
	}
}

// TypedRune passes typed characters on to the window (label hotkeys).
func (v *SpanView) TypedRune(r rune) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		if f := c.OnTypedRune(); f != nil {
			f(r)
		}
	}
}

// TypedKey moves the caret or extends the selection (with shift); Escape
// clears the selection. Other keys go on to the window.
func (v *SpanView) TypedKey(ev *fyne.KeyEvent) {
	extend := v.shiftDown || modifiers()&fyne.KeyModifierShift != 0
	switch ev.Name {
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd:
		v.move(ev.Name, extend, false)
		return
	case fyne.KeyEscape:
		if v.selStart != v.selEnd {
			v.anchor = v.caret
			v.setSelection(v.caret, v.caret)
			return
		}
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		if f := c.OnTypedKey(); f != nil {
			f(ev)
		}
	}
}

// wordModifier is the modifier that moves by words, as in widget.Entry.
func wordModifier() fyne.KeyModifier {
	if runtime.GOOS == "darwin" {
		return fyne.KeyModifierAlt
	}
	return fyne.KeyModifierShortcutDefault
}

// TypedShortcut handles copy, select all and moving by words; other
// shortcuts (undo, redo, ...) go on to the window's canvas.
func (v *SpanView) TypedShortcut(s fyne.Shortcut) {
	switch sh := s.(type) {
	case *fyne.ShortcutCopy:
		if text := v.SelectedText(); text != "" {
			fyne.CurrentApp().Clipboard().SetContent(text)
		}
		return
	case *fyne.ShortcutSelectAll:
		v.anchor, v.caret = 0, v.txt().n
		v.setSelection(0, v.txt().n)
		v.selectionDone()
		return
	case *desktop.CustomShortcut:
		word := sh.Modifier&wordModifier() != 0
		rest := sh.Modifier &^ (wordModifier() | fyne.KeyModifierShift)
		if word && rest == 0 {
			switch sh.KeyName {
			case fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd:
				v.move(sh.KeyName, sh.Modifier&fyne.KeyModifierShift != 0, true)
				return
			}
		}
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		if h, ok := c.(fyne.Shortcutable); ok {
			h.TypedShortcut(s)
		}
	}
}

// move moves the caret by one step in the direction of key: a grapheme
// cluster, a word (byWord), a line (Up, Down) or to the line's ends (Home,
// End; with byWord the text's ends). With extend the anchor stays and the
// selection grows or shrinks; without, the selection collapses.
func (v *SpanView) move(key fyne.KeyName, extend, byWord bool) {
	t := v.txt()
	if !extend && v.selStart != v.selEnd && !byWord {
		switch key {
		case fyne.KeyLeft:
			v.anchor, v.caret = v.selStart, v.selStart
			v.setSelection(v.selStart, v.selStart)
			return
		case fyne.KeyRight:
			v.anchor, v.caret = v.selEnd, v.selEnd
			v.setSelection(v.selEnd, v.selEnd)
			return
		}
	}
	c := v.caret
	switch key {
	case fyne.KeyLeft:
		if byWord {
			c = t.prevWordStart(c)
		} else {
			c = t.prevGrapheme(c)
		}
	case fyne.KeyRight:
		if byWord {
			c = t.nextWordEnd(c)
		} else {
			c = t.nextGrapheme(c)
		}
	case fyne.KeyHome, fyne.KeyEnd:
		l := v.ensureLayout()
		k := l.lineOf(c)
		switch {
		case byWord && key == fyne.KeyHome:
			c = 0
		case byWord:
			c = t.n
		case key == fyne.KeyHome:
			c = l.lines[k].start
		default:
			c = l.lines[k].textEnd
		}
	case fyne.KeyUp, fyne.KeyDown:
		l := v.ensureLayout()
		k := l.lineOf(c)
		x := l.xOf(k, c)
		if key == fyne.KeyUp {
			k--
		} else {
			k++
		}
		switch {
		case k < 0:
			c = 0
		case k >= len(l.lines):
			c = t.n
		default:
			c, _ = l.hit(k, x)
		}
	}
	if extend {
		v.caret = c
		v.keySelecting = true
	} else {
		v.anchor, v.caret = c, c
	}
	v.setSelection(min(v.anchor, v.caret), max(v.anchor, v.caret))
}
