package interchange

import (
	"errors"
	"fmt"
	"strings"
)

// ErrBadItems reports an annotation set that holds items which cannot be
// imported (offsets outside the text, a quote that does not match, a
// target that is not found). It is wrapped in a *BadItemsError that names
// every bad item; DecodeOptions.SkipBad imports the rest instead.
var ErrBadItems = errors.New("the annotation set has bad items")

// BadItemsError refuses an annotation set whole because some of its items
// are bad. Items names each one with its place and what is wrong, in file
// order.
type BadItemsError struct {
	File  string
	Items []string
}

// maxBadListed bounds how many bad items Error spells out; Items has them
// all.
const maxBadListed = 50

// Error returns "FILE: N bad items, nothing imported (...)" followed by one
// line per bad item.
func (e *BadItemsError) Error() string {
	var b strings.Builder
	noun := "items"
	if len(e.Items) == 1 {
		noun = "item"
	}
	fmt.Fprintf(&b, "%s: %d bad %s, nothing imported (--skip-bad imports the others and lists these as skipped):", e.File, len(e.Items), noun)
	for i, it := range e.Items {
		if i == maxBadListed {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Items)-maxBadListed)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(it)
	}
	return b.String()
}

// Unwrap returns ErrBadItems and ErrSyntax.
func (e *BadItemsError) Unwrap() []error { return []error{ErrBadItems, ErrSyntax} }

// badf records a bad item: the batch leaves it out, and finish refuses the
// whole set unless the options say to skip bad items.
func (d *decoder) badf(format string, args ...any) {
	d.bad = append(d.bad, fmt.Sprintf(format, args...))
}

// checkBad returns the error that refuses the set, or moves the bad items
// into the report when they are to be skipped.
func (d *decoder) checkBad() error {
	if len(d.bad) == 0 {
		return nil
	}
	if !d.opts.SkipBad {
		return &BadItemsError{File: d.name, Items: d.bad}
	}
	d.rep.Bad = append(d.rep.Bad, d.bad...)
	return nil
}
