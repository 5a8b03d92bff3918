package storage

import (
	"errors"
	"fmt"

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
}

var _ annotate.Store = (*Store)(nil)

// Path returns the file name the store was opened with.
func (s *Store) Path() string { return s.path }

// Close releases the project file and its lock. It waits for transactions
// in progress to finish.
func (s *Store) Close() error {
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
func (s *Store) Check() error {
	var problems []error
	err := guard(s.path, func() error {
		tx, err := s.db.Begin(!s.readOnly)
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
		return fmt.Errorf("check %s: %w", s.path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check %s: %w: %w", s.path, ErrDamaged, errors.Join(problems...))
	}
	return nil
}

// view runs fn in a read transaction.
func (s *Store) view(fn func(tx *bbolt.Tx) error) error {
	return guard(s.path, func() error { return s.db.View(fn) })
}

// update runs fn in a write transaction and commits it, unless fn fails.
// op names the change for error messages.
func (s *Store) update(op string, fn func(c *change) error) error {
	if s.readOnly {
		return fmt.Errorf("%s: %w", op, ErrReadOnly)
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
	switch {
	case err == nil:
		return nil
	case errors.Is(err, bolterrors.ErrDatabaseReadOnly):
		return fmt.Errorf("%s: %w", op, ErrReadOnly)
	default:
		return fmt.Errorf("%s: %w", op, err)
	}
}
