package app

import (
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
)

// Fyne 2.7 has no tooltips, and a widget.PopUp takes the pointer away from
// the chip under it (which would then hide it again). So a label's
// coding guideline is drawn on a layer of its own above the desk: the layer
// implements no input interface, so clicks and hovers pass through it to
// the chips and texts below.

// guideDelay is how long the pointer rests on a chip before its guideline
// shows, so that moving across the bar does not flash every definition.
const guideDelay = 450 * time.Millisecond

// guideWidth is the width of a guideline card.
const guideWidth = 380

// guideBody returns the words of a label's guideline: its definition and
// examples, or a note that it has none.
func guideBody(l annotate.Label) (definition string, examples []string) {
	definition = labelDescription(&l)
	if definition == "" {
		definition = lang.L("No definition yet: add one in Project → Codebook….")
	}
	return definition, l.Examples
}

// guideCard builds the card that shows a label's guideline.
func guideCard(l annotate.Label, width float32) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(labelName(&l), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if l.Hotkey != "" {
		title.SetText(labelName(&l) + "  (" + l.Hotkey + ")")
	}
	def, examples := guideBody(l)
	body := widget.NewLabel(def)
	body.Wrapping = fyne.TextWrapWord
	box := container.New(layout.NewCustomPaddedVBoxLayout(0), title, body)
	if len(examples) > 0 {
		head := widget.NewLabelWithStyle(lang.L("Examples"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		head.SizeName = theme.SizeNameCaptionText
		box.Add(head)
		e := widget.NewLabel("• " + strings.Join(examples, "\n• "))
		e.Wrapping = fyne.TextWrapWord
		box.Add(e)
	}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = parseHex(l.Color)
	bg.StrokeWidth = 2
	bg.CornerRadius = theme.InputRadiusSize()
	card := container.NewStack(bg, container.NewPadded(box))
	card.Resize(fyne.NewSize(width, 10))
	box.Resize(fyne.NewSize(width-2*theme.Padding(), 10))
	card.Resize(fyne.NewSize(width, card.MinSize().Height))
	return card
}

// showGuideSoon shows l's guideline under the chip c once the pointer has
// rested there for guideDelay.
func (w *Window) showGuideSoon(c fyne.CanvasObject, l annotate.Label) {
	if w.guideTimer != nil {
		w.guideTimer.Stop()
	}
	w.guideTimer = time.AfterFunc(guideDelay, func() { fyne.Do(func() { w.showGuide(c, l) }) })
}

// showGuide shows l's guideline under the object c at once.
func (w *Window) showGuide(c fyne.CanvasObject, l annotate.Label) {
	if w.guideLayer == nil {
		return
	}
	card := guideCard(l, guideWidth)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c).AddXY(0, c.Size().Height+2)
	if max := w.win.Canvas().Size().Width - guideWidth - theme.Padding(); pos.X > max {
		pos.X = max
	}
	card.Move(pos)
	w.guideLayer.Objects = []fyne.CanvasObject{card}
	w.guideLayer.Refresh()
	w.guideShown = l.ID
}

// hideGuide takes a guideline away, and one waiting to show.
func (w *Window) hideGuide() {
	if w.guideTimer != nil {
		w.guideTimer.Stop()
	}
	if w.guideLayer == nil || w.guideShown == "" {
		return
	}
	w.guideShown = ""
	w.guideLayer.Objects = nil
	w.guideLayer.Refresh()
}

// newGuideLayer is the empty layer the guidelines are drawn on.
func newGuideLayer() *fyne.Container {
	return container.NewWithoutLayout()
}

// newGroupFrame draws a faint outline in the group's colour around a group
// of chips, so that a group reads as one in the label bar.
func newGroupFrame(box fyne.CanvasObject, c color.Color) fyne.CanvasObject {
	frame := canvas.NewRectangle(color.Transparent)
	frame.StrokeColor = withAlpha(c, 0x70)
	frame.StrokeWidth = 1
	frame.CornerRadius = theme.InputRadiusSize() * 2
	return container.NewStack(frame, box)
}
