package app

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

var (
	_ fyne.Focusable    = (*keyField)(nil)
	_ fyne.Shortcutable = (*keyField)(nil)
)

// keyField takes a label's key as the coder presses it: click it, then
// press the key. A letter or digit becomes the key; any other key, or a
// key with Ctrl or Alt, is refused with the reason (the desk's own
// meaning of it, when it has one). Delete or Backspace are refused too,
// since they delete annotations; the clear button beside the field takes
// the key away.
type keyField struct {
	widget.Button
	key string
	// check says why a key cannot be taken, "" if it can.
	check func(key string) string
	// desk names what the desk does on a key, "" if nothing.
	desk func(name fyne.KeyName, mods fyne.KeyModifier) string
	// onRefused shows why a pressed key was not taken.
	onRefused func(why string)
	// onChanged is called when the key changes.
	onChanged func(key string)
	// undo and redo run on Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y), which
	// can never be label keys, so that they work in the field as anywhere
	// else in the editor.
	undo, redo func()
}

func newKeyField() *keyField {
	k := &keyField{}
	k.ExtendBaseWidget(k)
	k.OnTapped = func() {
		if c := fyne.CurrentApp().Driver().CanvasForObject(k); c != nil {
			c.Focus(k)
		}
	}
	k.show()
	return k
}

// setKey shows a key without checking it (the label's stored key).
func (k *keyField) setKey(key string) {
	k.key = strings.ToUpper(key)
	k.show()
}

func (k *keyField) show() {
	switch {
	case k.focusedNow() && k.key == "":
		k.SetText(lang.L("press a key…"))
	case k.key == "":
		k.SetText(lang.L("none (click, then press a key)"))
	default:
		k.SetText(k.key)
	}
}

func (k *keyField) focusedNow() bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(k)
	return c != nil && c.Focused() == k
}

// FocusGained implements fyne.Focusable.
func (k *keyField) FocusGained() {
	k.Button.FocusGained()
	k.show()
}

// FocusLost implements fyne.Focusable.
func (k *keyField) FocusLost() {
	k.Button.FocusLost()
	k.show()
}

// TypedRune takes a typed character as the key, if it may be one.
func (k *keyField) TypedRune(r rune) {
	key := strings.ToUpper(string(r))
	if r == ' ' || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
		k.refuse(deskKeyProblem(""))
		return
	}
	if why := k.check(key); why != "" {
		k.refuse(why)
		return
	}
	k.key = key
	k.show()
	if k.onChanged != nil {
		k.onChanged(key)
	}
}

// TypedKey refuses keys without a character; their runes, if any, come
// through TypedRune.
func (k *keyField) TypedKey(ev *fyne.KeyEvent) {
	if len(ev.Name) == 1 || ev.Name == fyne.KeySpace {
		return // a letter, digit or space: TypedRune decides
	}
	k.refuse(deskKeyProblem(k.deskMeaning(ev.Name, 0)))
}

// TypedShortcut refuses keys pressed with Ctrl or Alt.
func (k *keyField) TypedShortcut(s fyne.Shortcut) {
	var what string
	switch s := s.(type) {
	case *desktop.CustomShortcut:
		if s.KeyName == fyne.KeyZ && s.Modifier == fyne.KeyModifierShortcutDefault|fyne.KeyModifierShift && k.redo != nil {
			k.redo()
			return
		}
		what = k.deskMeaning(s.KeyName, s.Modifier)
	case *fyne.ShortcutUndo:
		if k.undo != nil {
			k.undo()
		}
		return
	case *fyne.ShortcutRedo:
		if k.redo != nil {
			k.redo()
		}
		return
	}
	k.refuse(deskKeyProblem(what))
}

func (k *keyField) deskMeaning(name fyne.KeyName, mods fyne.KeyModifier) string {
	if k.desk == nil {
		return ""
	}
	return k.desk(name, mods)
}

func (k *keyField) refuse(why string) {
	if k.onRefused != nil {
		k.onRefused(why)
	}
}
