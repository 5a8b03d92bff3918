package app

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// noValue is what an attribute's choice shows when it has no value.
const noValue = "—"

// noteDelay is how long the note field waits after the last key before it
// saves, so that typing a sentence is one change, not one per letter.
const noteDelay = 700 * time.Millisecond

// inspector shows the selected annotation and edits its label, attribute
// values and note. Every edit is saved at once and can be undone.
type inspector struct {
	w       *Window
	box     *fyne.Container
	scroll  *container.Scroll
	del     *widget.Button
	content fyne.CanvasObject

	shown       string // id of the annotation shown
	shownKey    string // its label, attributes and note as shown
	note        *widget.Entry
	noteTimer   *time.Timer
	notePending bool
}

func newInspector(w *Window) *inspector {
	in := &inspector{w: w, box: container.NewVBox()}
	header := widget.NewLabelWithStyle(lang.L("Annotation"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// Delete sits in the header, where it is always in reach.
	in.del = widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), w.DeleteSelected)
	in.scroll = container.NewVScroll(in.box)
	in.content = container.NewBorder(container.NewBorder(nil, nil, nil, in.del, header), nil, nil, nil, in.scroll)
	in.show(nil)
	return in
}

// show fills the inspector with a (nil shows a hint).
func (in *inspector) show(a *annotate.Annotation) {
	if a != nil && a.ID == in.shown && in.key(a) == in.shownKey {
		return // nothing shown changed; keep the focus where the user is typing
	}
	in.box.RemoveAll()
	in.note = nil
	in.del.Hidden = a == nil
	if in.w.othersWork(a) {
		in.del.Disable()
	} else {
		in.del.Enable()
	}
	in.del.Refresh()
	if a == nil {
		in.shown = ""
		hint := widget.NewLabel(lang.L("Select text and press a label's key, or click a highlight to see its annotation here."))
		hint.Wrapping = fyne.TextWrapWord
		in.box.Add(hint)
		return
	}
	in.shown, in.shownKey = a.ID, in.key(a)
	ann := *a
	cb := in.w.codebook

	var names []string
	byName := map[string]string{}
	for _, l := range cb.Labels {
		names = append(names, in.w.labelText(&l))
		byName[in.w.labelText(&l)] = l.ID
	}
	label := widget.NewSelect(names, nil)
	current, ok := cb.Label(ann.Label)
	if ok {
		label.Selected = in.w.labelText(current)
	} else {
		label.PlaceHolder = ann.Label
	}
	label.OnChanged = func(name string) {
		if id := byName[name]; id != "" && id != ann.Label {
			in.w.Tag(id)
		}
	}

	// The text and where it is share one field, and the links come before
	// the label's guideline, the attributes and the note, so that they are
	// in view without scrolling on a 1366×768 screen.
	quote := widget.NewLabel(quoteShort(ann.Quote.Exact) + " · " + in.where(ann))
	quote.Wrapping = fyne.TextWrapWord
	// Names above fields, not beside them: the pane is narrow.
	form := container.NewVBox()
	field := func(name string, o fyne.CanvasObject) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.SizeName = theme.SizeNameCaptionText
		f := container.NewVBox(l, o)
		form.Add(f)
		return f
	}
	field(lang.L("Label"), label)
	field(lang.L("Text"), quote)
	var links fyne.CanvasObject
	if len(cb.RelationTypes) > 0 {
		links = field(lang.L("Links"), in.links(ann))
	}
	if ok {
		form.Add(labelGuideline(*current))
		for _, def := range current.Attributes {
			field(attributeText(current.ID, def), in.attributeField(ann, def))
		}
	}
	in.note = widget.NewMultiLineEntry()
	in.note.SetPlaceHolder(lang.L("Note"))
	in.note.Wrapping = fyne.TextWrapWord
	in.note.SetMinRowsVisible(3)
	in.note.SetText(ann.Note)
	in.note.OnChanged = func(string) { in.scheduleNote() }
	field(lang.L("Note"), in.note)
	readOnly := in.w.othersWork(&ann)
	if readOnly {
		// Another coder's work: shown, never changed here.
		label.Disable()
		in.note.Disable()
		for _, o := range form.Objects {
			if o != links { // a link from another coder's annotation is one's own
				disableAll(o)
			}
		}
	}

	by := widget.NewLabel(sprintf(lang.L("by %s, %s"), ann.Annotator, formatDateTime(ann.Created.Local())))
	by.SizeName = theme.SizeNameCaptionText
	in.box.Add(by)
	if readOnly {
		lock := widget.NewLabel(sprintf(lang.L("Read-only: only %s can change it"), ann.Annotator))
		lock.Wrapping = fyne.TextWrapWord
		lock.Importance = widget.WarningImportance
		in.box.Add(lock)
	}
	in.box.Add(form)
	// Room below the last row, which the split's handle would cover.
	gap := canvas.NewRectangle(color.Transparent)
	gap.SetMinSize(fyne.NewSize(1, 4*theme.Padding()))
	in.box.Add(gap)
	// Wrapped labels know their height only once laid out at the pane's
	// width: lay out now so the scroll area covers everything.
	in.box.Resize(fyne.NewSize(in.scroll.Size().Width, in.box.MinSize().Height))
	in.scroll.Refresh()
}

// disableAll disables every input in o, except the controls that make
// new links (a link from another coder's annotation is one's own).
func disableAll(o fyne.CanvasObject) {
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			disableAll(c)
		}
	case *widget.Select:
		o.Disable()
	case *widget.Entry:
		o.Disable()
	case *widget.Button:
		o.Disable()
	}
}

// where says briefly where an annotation is: "headline · 0–6" or
// "#3 joG · 12–30" (code points).
func (in *inspector) where(a annotate.Annotation) string {
	place := a.SegmentID
	if in.w.doc != nil {
		if seg, ok := in.w.doc.Segment(a.SegmentID); ok {
			place = kindText(seg.Kind)
			if seg.Kind == annotate.KindComment {
				place = strings.TrimSpace(fmt.Sprintf("#%d %s", seg.Number, seg.Author))
			}
		}
	}
	return fmt.Sprintf("%s · %d–%d", place, a.Start, a.End)
}

// attributeField is a choice for an attribute with allowed values, or a
// text field for a free one.
func (in *inspector) attributeField(a annotate.Annotation, def annotate.AttributeDef) fyne.CanvasObject {
	set := func(v string) {
		cur := in.w.annotation(a.ID)
		if cur == nil || cur.Attributes[def.Name] == v {
			return
		}
		after := *cur
		after.Attributes = map[string]string{}
		for k, x := range cur.Attributes {
			after.Attributes[k] = x
		}
		if v == "" {
			delete(after.Attributes, def.Name)
		} else {
			after.Attributes[def.Name] = v
		}
		in.w.apply(&annotate.EditAnnotation{Before: *cur, After: after, What: def.Name})
	}
	if len(def.Values) > 0 {
		// Values are shown by their display names and stored as the
		// codebook spells them.
		shown := []string{noValue}
		stored := map[string]string{noValue: ""}
		valueName := func(v string) string {
			if t := valueText(a.Label, def.Name, v); t != v {
				return t
			}
			return displayName(v)
		}
		for _, v := range def.Values {
			shown = append(shown, valueName(v))
			stored[valueName(v)] = v
		}
		s := widget.NewSelect(shown, nil)
		s.Selected = noValue
		if v := a.Attributes[def.Name]; v != "" {
			s.Selected = valueName(v)
			if _, known := stored[s.Selected]; !known {
				s.Selected = v // a value the codebook no longer lists
			}
		}
		s.OnChanged = func(v string) {
			if raw, ok := stored[v]; ok {
				v = raw
			}
			set(v)
		}
		return s
	}
	e := widget.NewEntry()
	e.SetText(a.Attributes[def.Name])
	e.OnSubmitted = set
	e.SetPlaceHolder(lang.L("press Enter to save"))
	return e
}

// scheduleNote saves the note once typing pauses.
func (in *inspector) scheduleNote() {
	in.notePending = true
	if in.noteTimer != nil {
		in.noteTimer.Stop()
	}
	in.noteTimer = time.AfterFunc(noteDelay, func() { fyne.Do(in.flush) })
}

// flush saves a note that is still waiting to be saved.
func (in *inspector) flush() {
	if in.noteTimer != nil {
		in.noteTimer.Stop()
	}
	if !in.notePending || in.note == nil {
		return
	}
	in.notePending = false
	cur := in.w.annotation(in.shown)
	if cur == nil || cur.Note == in.note.Text {
		return
	}
	after := *cur
	after.Note = in.note.Text
	in.shownKey = in.key(&after)
	in.w.apply(&annotate.EditAnnotation{Before: *cur, After: after, What: "note"})
}

// links lists the relations of a, each with a button that removes it, and
// offers to link a to another annotation of the document.
func (in *inspector) links(a annotate.Annotation) fyne.CanvasObject {
	w := in.w
	box := container.NewVBox()
	typeName := func(id string) string {
		if rt, ok := w.codebook.RelationType(id); ok {
			return relationText(rt)
		}
		return id
	}
	describe := func(id string) string {
		if o := w.annotation(id); o != nil {
			return o.Label + " " + quoteShort(o.Quote.Exact) + " · " + w.annList.place(*o)
		}
		return id
	}
	for _, r := range w.rels {
		var text string
		switch a.ID {
		case r.From:
			text = typeName(r.Type) + " → " + describe(r.To)
		case r.To:
			text = "← " + typeName(r.Type) + " " + describe(r.From)
		default:
			continue
		}
		rel := r
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { w.apply(&annotate.Unlink{Relation: rel}) })
		box.Add(container.NewBorder(nil, nil, nil, remove, l))
	}
	var typeNames []string
	typeIDs := map[string]string{}
	for _, rt := range w.codebook.RelationTypes {
		if len(rt.From) > 0 && !slices.Contains(rt.From, a.Label) {
			continue // the codebook does not let this type start at a's label
		}
		typeNames = append(typeNames, relationText(&rt))
		typeIDs[relationText(&rt)] = rt.ID
	}
	var targets []string
	targetIDs := map[string]string{}
	for _, o := range w.anns {
		if o.ID != a.ID {
			d := describe(o.ID)
			targets = append(targets, d)
			targetIDs[d] = o.ID
		}
	}
	kind := widget.NewSelect(typeNames, nil)
	kind.PlaceHolder = lang.L("Link type")
	target := widget.NewSelect(targets, nil)
	target.PlaceHolder = lang.L("to annotation…")
	link := widget.NewButton(lang.L("Link"), func() {
		if kind.Selected == "" || target.Selected == "" {
			w.setStatusNote(lang.L("Choose a link type and the annotation to link to"))
			return
		}
		rt, _ := w.codebook.RelationType(typeIDs[kind.Selected])
		if to := w.annotation(targetIDs[target.Selected]); rt != nil && to != nil && !rt.Allows(a.Label, to.Label) {
			w.setStatusNote(lang.L("The codebook does not allow the link “{{.Type}}” from {{.From}} to {{.To}}", map[string]any{"Type": rt.Name, "From": w.labelName(a.Label), "To": w.labelName(to.Label)}))
			return
		}
		w.apply(&annotate.LinkAnnotations{Relation: &annotate.Relation{
			DocumentID: a.DocumentID, Type: typeIDs[kind.Selected], From: a.ID, To: targetIDs[target.Selected], Annotator: w.annotator,
		}})
	})
	if len(targets) == 0 {
		link.Disable()
	}
	box.Add(container.NewBorder(nil, nil, nil, link, kind))
	box.Add(target)
	return box
}

// key is what the inspector shows of a (label, attributes, note, links),
// to tell whether it must be rebuilt.
func (in *inspector) key(a *annotate.Annotation) string {
	k := fmt.Sprintf("%s\x00%v\x00%s", a.Label, a.Attributes, a.Note)
	for _, r := range in.w.rels {
		if r.From == a.ID || r.To == a.ID {
			k += "\x00" + r.ID
		}
	}
	return k
}
