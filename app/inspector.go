package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	content fyne.CanvasObject

	shown       string // id of the annotation shown
	shownKey    string // its label, attributes and note as shown
	note        *widget.Entry
	noteTimer   *time.Timer
	notePending bool
}

func newInspector(w *Window) *inspector {
	in := &inspector{w: w, box: container.NewVBox()}
	header := widget.NewLabelWithStyle("Annotation", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	in.content = container.NewBorder(header, nil, nil, nil, container.NewVScroll(in.box))
	in.show(nil)
	return in
}

// show fills the inspector with a (nil shows a hint).
func (in *inspector) show(a *annotate.Annotation) {
	if a != nil && a.ID == in.shown && inspectorKey(a) == in.shownKey {
		return // nothing shown changed; keep the focus where the user is typing
	}
	in.box.RemoveAll()
	in.note = nil
	if a == nil {
		in.shown = ""
		hint := widget.NewLabel("Select text and press a label's key, or click a highlight to see its annotation here.")
		hint.Wrapping = fyne.TextWrapWord
		in.box.Add(hint)
		return
	}
	in.shown, in.shownKey = a.ID, inspectorKey(a)
	ann := *a
	cb := in.w.codebook

	var names []string
	byName := map[string]string{}
	for _, l := range cb.Labels {
		names = append(names, l.Name)
		byName[l.Name] = l.ID
	}
	label := widget.NewSelect(names, nil)
	current, ok := cb.Label(ann.Label)
	if ok {
		label.Selected = current.Name
	} else {
		label.PlaceHolder = ann.Label
	}
	label.OnChanged = func(name string) {
		if id := byName[name]; id != "" && id != ann.Label {
			in.w.Tag(id)
		}
	}

	quote := widget.NewLabel(quoteShort(ann.Quote.Exact))
	quote.Wrapping = fyne.TextWrapWord
	where := widget.NewLabel(in.where(ann))
	where.Wrapping = fyne.TextWrapWord
	// Names above fields, not beside them: the pane is narrow.
	form := container.NewVBox()
	field := func(name string, o fyne.CanvasObject) {
		l := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.SizeName = theme.SizeNameCaptionText
		form.Add(container.NewVBox(l, o))
	}
	field("Label", label)
	field("Text", quote)
	field("Where", where)
	if ok {
		for _, def := range current.Attributes {
			field(strings.ReplaceAll(def.Name, "_", " "), in.attributeField(ann, def))
		}
	}
	in.note = widget.NewMultiLineEntry()
	in.note.SetPlaceHolder("Note")
	in.note.Wrapping = fyne.TextWrapWord
	in.note.SetMinRowsVisible(3)
	in.note.SetText(ann.Note)
	in.note.OnChanged = func(string) { in.scheduleNote() }
	field("Note", in.note)

	del := widget.NewButton("Delete", in.w.DeleteSelected)
	by := widget.NewLabel(fmt.Sprintf("by %s, %s", ann.Annotator, ann.Created.Local().Format("02.01.2006 15:04")))
	by.SizeName = theme.SizeNameCaptionText
	in.box.Add(form)
	in.box.Add(container.NewBorder(nil, nil, nil, del, by))
}

// where says briefly where an annotation is: "headline · 0–6" or
// "#3 joG · 12–30" (code points).
func (in *inspector) where(a annotate.Annotation) string {
	place := a.SegmentID
	if in.w.doc != nil {
		if seg, ok := in.w.doc.Segment(a.SegmentID); ok {
			place = string(seg.Kind)
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
		s := widget.NewSelect(append([]string{noValue}, def.Values...), nil)
		s.Selected = noValue
		if v := a.Attributes[def.Name]; v != "" {
			s.Selected = v
		}
		s.OnChanged = func(v string) {
			if v == noValue {
				v = ""
			}
			set(v)
		}
		return s
	}
	e := widget.NewEntry()
	e.SetText(a.Attributes[def.Name])
	e.OnSubmitted = set
	e.SetPlaceHolder("press Enter to save")
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
	in.shownKey = inspectorKey(&after)
	in.w.apply(&annotate.EditAnnotation{Before: *cur, After: after, What: "note"})
}

// inspectorKey is what the inspector shows of a, to tell whether it must be
// rebuilt.
func inspectorKey(a *annotate.Annotation) string {
	return fmt.Sprintf("%s\x00%v\x00%s", a.Label, a.Attributes, a.Note)
}
