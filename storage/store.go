package storage

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/newsmark/newsmark/annotate"
)

// Store is a Newsmark project file. It implements annotate.Store: every
// method that changes data is one bbolt transaction, committed to disk
// before the method returns. A Store is safe for concurrent use; every
// method that reads sees one consistent state of the project.
type Store struct {
	db       *bbolt.DB
	path     string
	readOnly bool
	owner    bool                  // this store wrote the owner note beside the file
	damage   atomic.Pointer[error] // the first damage a read found; no write follows it
	checked  chan struct{}         // closed when the check of a store opened for writing is done
}

// checkWait is how long Open waits for the check of a project it opens for
// writing before it returns the store with the check still running.
var checkWait = 300 * time.Millisecond

// startCheck checks every page of the file on another goroutine, in a read
// transaction (nothing writes before it is done: update waits for it). It
// returns the damage found if the check ends within checkWait.
func (s *Store) startCheck() error {
	s.checked = make(chan struct{})
	go func() {
		defer close(s.checked)
		_ = s.check(false) // noted in s.damage
	}()
	select {
	case <-s.checked:
		return s.Damaged()
	case <-time.After(checkWait):
		return nil
	}
}

var _ annotate.Store = (*Store)(nil)

// Path returns the file name the store was opened with.
func (s *Store) Path() string { return s.path }

// Close releases the project file and its lock. It waits for transactions
// in progress to finish.
func (s *Store) Close() error {
	if s.owner {
		removeOwner(s.path)
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close %s: %w", s.path, err)
	}
	return nil
}

// Check runs bbolt's consistency check over the whole file: every page
// reachable once, none both used and free. It returns nil or an error
// wrapping ErrDamaged that lists what it found. It reads every page, so it
// takes a while on a large project, and changes wait until it is done:
// bbolt's check is only safe beside writers when it runs in a write
// transaction (which Check rolls back).
func (s *Store) Check() error { return s.check(!s.readOnly) }

// check is Check in a write transaction (write) or a read one, which is
// enough while nothing else can write (Open, before it returns the store).
func (s *Store) check(write bool) error {
	var problems []error
	err := guard(s.path, func() error {
		tx, err := s.db.Begin(write)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for err := range tx.Check() {
			problems = append(problems, err)
		}
		return nil
	})
	if err != nil {
		err = fmt.Errorf("check %s: %w", s.path, err)
	} else if len(problems) > 0 {
		const shown = 5
		more := ""
		if len(problems) > shown {
			more = fmt.Sprintf(" (and %d more problems)", len(problems)-shown)
			problems = problems[:shown]
		}
		err = fmt.Errorf("check %s: %w: %w%s", s.path, ErrDamaged, errors.Join(problems...), more)
	}
	s.noteDamage(err)
	return err
}

// noteDamage remembers the first error that found the file damaged: from
// then on the store refuses every change, so that nothing is written into
// a file whose pages no longer make sense.
func (s *Store) noteDamage(err error) {
	if err != nil && errors.Is(err, ErrDamaged) {
		s.damage.CompareAndSwap(nil, &err)
	}
}

// Damaged returns the first damage a read of this store met, or nil. Once
// it is set, every change fails with an error wrapping ErrDamaged.
func (s *Store) Damaged() error {
	if p := s.damage.Load(); p != nil {
		return *p
	}
	return nil
}

// view runs fn in a read transaction.
func (s *Store) view(fn func(tx *bbolt.Tx) error) error {
	err := guard(s.path, func() error { return s.db.View(fn) })
	s.noteDamage(err)
	return err
}

// update runs fn in a write transaction and commits it, unless fn fails.
// op names the change for error messages.
func (s *Store) update(op string, fn func(c *change) error) error {
	if s.readOnly {
		return fmt.Errorf("%s: %w", op, ErrReadOnly)
	}
	if s.checked != nil {
		<-s.checked
	}
	if d := s.Damaged(); d != nil {
		return fmt.Errorf("%s: nothing is written to a damaged project: %w", op, d)
	}
	err := guard(s.path, func() error {
		return s.db.Update(func(tx *bbolt.Tx) error {
			c := newChange(tx)
			if err := fn(c); err != nil {
				return err
			}
			growStep(tx)
			return c.flush()
		})
	})
	s.noteDamage(err)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, bolterrors.ErrDatabaseReadOnly):
		return fmt.Errorf("%s: %w", op, ErrReadOnly)
	default:
		return fmt.Errorf("%s: %w", op, err)
	}
}
