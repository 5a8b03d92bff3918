package storage

import "errors"

// Sentinel errors of Open and of a read-only Store. Callers branch on them
// with errors.Is; the wrapping error names the file and says more.
//
// Methods of Store also return the sentinel errors of package annotate
// (annotate.ErrNotFound, annotate.ErrDuplicate, the validation errors).
var (
	// ErrAlreadyOpen reports a project file that another process holds open
	// (another Newsmark window; or readers, when this Open wants to write):
	// Open waited for the file's lock until its timeout. Open returns it
	// inside an *InUseError, which names the process when it can.
	ErrAlreadyOpen = errors.New("this project is in use by another Newsmark window or process")
	// ErrNotNewsmark reports a file that is not a Newsmark project: empty,
	// the file of another program, or random bytes. Open leaves it unchanged.
	ErrNotNewsmark = errors.New("not a Newsmark project")
	// ErrDamaged reports a Newsmark project file whose structure or records
	// are broken, for example a file cut off by an interrupted copy. Open
	// leaves it unchanged.
	ErrDamaged = errors.New("the project file is damaged")
	// ErrNewerVersion reports a project file written by a newer version of
	// Newsmark, with a schema this version cannot read. Open leaves it
	// unchanged.
	ErrNewerVersion = errors.New("the project was saved by a newer version of Newsmark")
	// ErrReadOnly reports a change asked of a Store opened with
	// Options.ReadOnly.
	ErrReadOnly = errors.New("the project is open read-only")
)
