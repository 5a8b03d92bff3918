package main

import (
	"errors"

	"github.com/newsmark/newsmark/app"
	"github.com/newsmark/newsmark/storage"
)

// startupReason tells the window why the project did not open, so that it
// can say so in the user's language; the error itself stays English, as on
// the command line.
func startupReason(err error) app.StartupReason {
	switch {
	case errors.Is(err, storage.ErrAlreadyOpen):
		return app.ReasonInUse
	case errors.Is(err, storage.ErrNotNewsmark):
		return app.ReasonNotNewsmark
	case errors.Is(err, storage.ErrDamaged):
		return app.ReasonDamaged
	case errors.Is(err, storage.ErrNewerVersion):
		return app.ReasonNewerVersion
	}
	return app.ReasonOther
}
