package main

import (
	"fmt"
	"testing"

	"github.com/newsmark/newsmark/app"
	"github.com/newsmark/newsmark/storage"
)

func TestTheWindowIsToldWhyAProjectDidNotOpen(t *testing.T) {
	for _, c := range []struct {
		err  error
		want app.StartupReason
	}{
		{&storage.InUseError{Path: "/tmp/p.db"}, app.ReasonInUse},
		{fmt.Errorf("open p.db: %w", storage.ErrNotNewsmark), app.ReasonNotNewsmark},
		{fmt.Errorf("open p.db: %w", storage.ErrDamaged), app.ReasonDamaged},
		{fmt.Errorf("open p.db: %w", storage.ErrNewerVersion), app.ReasonNewerVersion},
		{fmt.Errorf("open p.db: permission denied"), app.ReasonOther},
	} {
		if got := startupReason(c.err); got != c.want {
			t.Errorf("%v: reason %d, want %d", c.err, got, c.want)
		}
	}
}
