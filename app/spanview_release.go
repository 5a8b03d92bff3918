package app

// Fyne keeps a widget's renderer in a cache until it has not been drawn for a
// while (a minute in the GL driver; for ever in the test driver), and the
// renderer keeps its widget. A span view that left the screen (the article of
// the document shown before, a comment card of a list that was replaced)
// would so keep its text, layout, lines and highlights, and through its
// callbacks the window's data, alive: switching between two large documents
// held both, and a closed window stayed in memory. Release lets that go.

// release empties a view that will not be shown again: its text, spans,
// layout, drawn lines and callbacks. The empty widget itself may stay in
// Fyne's cache a while.
func (v *SpanView) release() {
	v.text = newSVText("")
	v.spans, v.lanes, v.active = nil, 0, ""
	v.hoverIDs, v.hoverTip = nil, ""
	v.lay = nil
	v.measure = svMeasurer{}
	v.scratchIdx = nil
	v.OnSelectionChanged, v.OnSelectionDone, v.OnSpanTapped, v.OnContextMenu, v.OnHover = nil, nil, nil, nil, nil
	v.anchor, v.caret, v.selStart, v.selEnd = 0, 0, 0, 0
	if r := v.renderer; r != nil {
		r.texts, r.nTexts = nil, 0
		r.bands, r.sels, r.bars, r.outlines = svRects{}, svRects{}, svRects{}, svRects{}
		r.selBox.Objects = nil
		r.objects = nil
		r.objectCounts = [6]int{}
		r.pieces, r.ranges, r.covering = nil, nil, nil
		r.bandColors, r.barColors = nil, nil
		r.colorCache = nil
	}
}
