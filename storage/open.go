package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/newsmark/newsmark/annotate"
)

// DefaultTimeout is how long Open waits for a project file that another
// process holds open before it returns ErrAlreadyOpen.
const DefaultTimeout = time.Second

// Options configures Open. The zero value is the default.
type Options struct {
	// Timeout is how long Open waits for the file's lock; zero or less means
	// DefaultTimeout. Open never waits forever.
	Timeout time.Duration
	// ReadOnly opens an existing project without the right to change it:
	// methods that would change it return ErrReadOnly. Several read-only
	// openers may share a file; none may share it with a writer. A
	// read-only Open does not create a missing file and does not upgrade an
	// older schema.
	ReadOnly bool
	// Holder says what opens the project (HolderWindow, or the name of a
	// command such as "export"), so that another process that finds the
	// file locked can say who holds it.
	Holder string
}

// Open opens the project file at path, or creates it if nothing exists
// there (with mode 0600, and its directory with mode 0700). It waits at most
// opts.Timeout in all for the file's lock and then fails with an
// *InUseError (wrapping ErrAlreadyOpen) that says which process holds it;
// when a window holds it, Open does not wait at all, since a window holds
// its project until it is closed.
//
// An existing file is checked before it is opened for writing: an empty
// file, a file that is not a bbolt database, a bbolt database of another
// program (ErrNotNewsmark), a damaged or truncated file (ErrDamaged) and a
// file of a newer schema version (ErrNewerVersion) are refused and left
// byte-for-byte unchanged. Opening for writing also runs bbolt's
// consistency check over every page (Check), so that nothing is written to
// a project with a broken page: Open waits up to checkWait for it and fails
// with ErrDamaged if it found damage by then; on a larger project (it takes
// about 4 s for 500 MB) the check goes on while the store is already read,
// and the first change waits for it. A read-only Open skips the check;
// reads that meet damage report ErrDamaged, and after that the store
// refuses every change too. A file of an older schema version is upgraded
// in one transaction.
//
// At most one Options may be given.
func Open(path string, opts ...Options) (*Store, error) {
	if len(opts) > 1 {
		return nil, fmt.Errorf("open %s: %d sets of options given, want at most one: %w", path, len(opts), annotate.ErrInvalid)
	}
	var o Options
	if len(opts) == 1 {
		o = opts[0]
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	deadline := time.Now().Add(o.Timeout)
	wait := func() time.Duration {
		if _, holder, ok := readOwner(path); ok && holder == HolderWindow {
			return time.Millisecond // one try: a window does not let go soon
		}
		return max(time.Until(deadline), time.Millisecond)
	}

	_, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !o.ReadOnly:
		if err := create(path); err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := inspectFile(path); err != nil {
		return nil, err
	}

	// Look inside read-only first: bbolt does not write to a file it opens
	// read-only, so a file that is not ours is refused untouched.
	probe, err := openBolt(path, true, wait())
	if err != nil {
		return nil, err
	}
	version, err := inspectSchema(probe, path)
	if err != nil {
		probe.Close()
		return nil, err
	}
	if o.ReadOnly {
		if version < readableVersion {
			probe.Close()
			return nil, fmt.Errorf("open %s: the project uses schema version %d and needs an upgrade to version %d, which a read-only open cannot do: %w",
				path, version, SchemaVersion, ErrReadOnly)
		}
		s := &Store{db: probe, path: path, readOnly: true}
		s.owner = writeOwner(path, o.Holder)
		return s, nil
	}
	if err := probe.Close(); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}

	db, err := openBolt(path, false, wait())
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path}
	if err := s.startCheck(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w; it was not opened for writing and nothing in it was changed (newsmark export can still save what is readable)", err)
	}
	if version < SchemaVersion {
		<-s.checked
		if err := s.Damaged(); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: not upgraded from schema version %d: %w", path, version, err)
		}
		err = guard(path, func() error {
			return db.Update(func(tx *bbolt.Tx) error {
				growStep(tx)
				return migrate(tx)
			})
		})
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: upgrade from schema version %d: %w", path, version, err)
		}
	}
	if err := s.cleanStaging(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.owner = writeOwner(path, o.Holder)
	return s, nil
}

// openBolt opens path with bbolt, turning a lock timeout into
// ErrAlreadyOpen and bbolt's complaints about the file into ErrDamaged.
func openBolt(path string, readOnly bool, timeout time.Duration) (*bbolt.DB, error) {
	var db *bbolt.DB
	err := guard(path, func() error {
		var err error
		opts := &bbolt.Options{
			Timeout:      timeout,
			ReadOnly:     readOnly,
			FreelistType: bbolt.FreelistMapType,
		}
		if !readOnly {
			opts.InitialMmapSize = initialMmapSize
		}
		db, err = bbolt.Open(path, 0o600, opts)
		return err
	})
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, inUse(path)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
		errors.Is(err, bolterrors.ErrVersionMismatch):
		return nil, fmt.Errorf("open %s: %w (%v)", path, ErrDamaged, err)
	case errors.Is(err, ErrDamaged):
		return nil, fmt.Errorf("open %s: %w", path, err)
	case errors.As(err, new(*fs.PathError)):
		return nil, err // names the file already
	default:
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
}

// inspectSchema checks that db is a Newsmark project whose schema this
// version can read, and returns its schema version.
func inspectSchema(db *bbolt.DB, path string) (uint64, error) {
	var version uint64
	err := guard(path, func() error {
		return db.View(func(tx *bbolt.Tx) error {
			v, err := readVersion(tx)
			if err != nil {
				return err
			}
			version = v
			if v >= readableVersion && v <= SchemaVersion {
				return checkLayoutOf(tx, v)
			}
			return nil
		})
	})
	switch {
	case err != nil:
		return 0, fmt.Errorf("open %s: %w", path, err)
	case version > SchemaVersion:
		return 0, fmt.Errorf("open %s: %w (file schema version %d; this version of Newsmark reads versions up to %d)",
			path, ErrNewerVersion, version, SchemaVersion)
	case version < firstSchemaVersion:
		return 0, fmt.Errorf("open %s: %w (unknown schema version %d)", path, ErrDamaged, version)
	}
	return version, nil
}

// guard runs fn, turning a panic into ErrDamaged. bbolt panics when it
// meets a page that makes no sense, and memory faults from reading a mapped
// file become panics here too instead of killing the program.
func guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w (%s: %v)", ErrDamaged, filepath.Base(path), r)
		}
	}()
	return fn()
}

// create makes a new, empty project at path. It builds the file under a
// temporary name in the same directory and links it into place only when it
// is complete, so that a crash never leaves a half-made project at path, and
// a file that appeared at path meanwhile is never replaced.
func create(path string) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".newsmark-*.tmp") // mode 0600
	if err != nil {
		return err
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)

	db, err := bbolt.Open(tmp, 0o600, &bbolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return err
	}
	err = db.Update(initialize)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}

	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil // someone else created it first: open theirs
		}
		// Some file systems (FAT on a USB stick) have no hard links.
		if _, statErr := os.Lstat(path); !errors.Is(statErr, fs.ErrNotExist) {
			return nil
		}
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
	}
	syncDir(dir)
	return nil
}

// syncDir makes a new directory entry durable. Some systems (Windows)
// cannot sync a directory; there the entry is durable soon enough and the
// error is of no use to the caller.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}

// initialize creates the buckets of the current layout with an empty
// codebook.
func initialize(tx *bbolt.Tx) error {
	for _, name := range topBuckets {
		if _, err := tx.CreateBucket(name); err != nil {
			return err
		}
	}
	meta := tx.Bucket(bucketMeta)
	if err := meta.Put(keyMagic, magic); err != nil {
		return err
	}
	if err := meta.Put(keyVersion, u64(SchemaVersion)); err != nil {
		return err
	}
	if err := meta.Put(keyProject, []byte(annotate.NewID())); err != nil {
		return err
	}
	empty := codebookRecordOf(&annotate.Codebook{})
	return tx.Bucket(bucketCodebook).Put(keyCodebook, empty.encode())
}
