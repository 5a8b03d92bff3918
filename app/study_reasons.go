package app

import "fyne.io/fyne/v2/lang"

// reasonText is the window's words for why an agreement figure could not be
// computed. The agreement package gives its reasons in English (they also go
// into the command line's reports); a reason it does not know is shown as
// given.
func reasonText(reason string) string {
	switch reason {
	case "fewer than two coders":
		return lang.L("fewer than two coders")
	case "no unit has values of two coders":
		return lang.L("no unit has values of two coders")
	case "every value is the same: one category only, agreement is not defined":
		return lang.L("every value is the same: one category only, agreement is not defined")
	case "a value is not a number":
		return lang.L("a value is not a number")
	case "no unit has a value of every coder":
		return lang.L("no unit has a value of every coder")
	case "no coder marked a span":
		return lang.L("no coder marked a span")
	case "the coders have no document in common":
		return lang.L("the coders have no document in common")
	}
	return reason
}
