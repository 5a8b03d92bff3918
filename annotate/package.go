package annotate

import (
	"context"
	"errors"
	"time"
)

// Errors of coder packages, for callers that branch with errors.Is. The
// wrapping error names the file and says more.
var (
	// ErrNotPackage reports a file given to a merge that is a project but
	// not a coder package.
	ErrNotPackage = errors.New("not a coder package")
	// ErrOtherProject reports a package made from another project than the
	// one it is merged into.
	ErrOtherProject = errors.New("the package was made from another project")
	// ErrNewerPackage reports a package made by a newer version of Newsmark.
	ErrNewerPackage = errors.New("the package was made by a newer version of Newsmark")
	// ErrIsPackage reports a lead's job (making packages, merging them)
	// asked of a coder package.
	ErrIsPackage = errors.New("this is a coder package, not the lead project")
)

// A coding study hands documents to coders in coder packages: each is an
// ordinary project file holding the codebook, the coder's documents and
// nothing of other coders' work, plus a PackageInfo that says which project
// and coder it belongs to. The lead merges the packages back, each as its
// coder's layer (MergePackage).

// PackageFormat is the version of the package record this Newsmark writes.
// A package whose record has a higher version was made by a newer Newsmark
// and is refused with ErrNewerPackage.
const PackageFormat = 1

// PackageInfo describes a coder package: it is stored in the package file,
// and the lead project keeps one for every package made from it (the
// coder's assigned documents, for progress).
type PackageInfo struct {
	Format    int    // PackageFormat of the Newsmark that made it
	ProjectID string // the lead project's identity (StudyStore.ProjectID)
	PackageID string // this package's identity, new for every package made
	Coder     string // the annotator of everything done in the package
	Seed      int64  // the seed that drew the reliability sample
	Created   time.Time
	// Documents are the ids of the coder's documents, Sample those of them
	// that every coder of the round got (the reliability sample).
	Documents []string
	Sample    []string
	// Codebook is the codebook as it was when the package was made, and
	// CodebookLog the number of entries the project's codebook log had
	// then, so that a merge can tell what changed since and follow the
	// log's relabellings.
	Codebook    *Codebook
	CodebookLog int
}

// PackageFile is one package MakePackages wrote.
type PackageFile struct {
	Path string
	Info PackageInfo
}

// MergeCounts counts what a merge did to one kind of item of a coder's
// layer.
type MergeCounts struct {
	Added, Changed, Removed, Unchanged int
}

// Add returns the sum of c and o.
func (c MergeCounts) Add(o MergeCounts) MergeCounts {
	return MergeCounts{c.Added + o.Added, c.Changed + o.Changed, c.Removed + o.Removed, c.Unchanged + o.Unchanged}
}

// MergeReport says what merging one package did.
type MergeReport struct {
	File      string
	PackageID string
	Coder     string
	Documents int // documents of the package merged

	Annotations   MergeCounts
	Relations     MergeCounts
	SegmentLabels MergeCounts
	Statuses      MergeCounts
	// Variables counts the documents whose variable values by the coder
	// were added, changed, removed or kept.
	Variables MergeCounts

	// CodebookChanges lists, in words, how the project's codebook differs
	// from the one the package was made with (empty: unchanged).
	CodebookChanges []string
	// Relabelled counts the package's annotations and segment labels whose
	// label was merged into or moved to another since the package was made,
	// and were merged under the new label.
	Relabelled int
	// LeftOut counts the package's annotations, relations and comment
	// labels not merged because the project's codebook deleted their label
	// (with its uses) since the package was made.
	LeftOut int
}

// Total returns the counts of every kind added up.
func (r *MergeReport) Total() MergeCounts {
	return r.Annotations.Add(r.Relations).Add(r.SegmentLabels).Add(r.Statuses).Add(r.Variables)
}

// StudyStore is implemented by a store that can take part in a coding
// study: it has an identity, makes coder packages and merges them back. It
// is apart from Store so that test doubles of Store need not implement it.
type StudyStore interface {
	// ProjectID returns the project's identity: a random id given once,
	// when the project was created or first opened by a Newsmark that knows
	// identities. A package file returns its lead project's id.
	ProjectID() (string, error)
	// Package returns the record of a coder package, or nil (and no error)
	// for a project that is not one.
	Package() (*PackageInfo, error)
	// Packages lists the packages made from this project, oldest first.
	Packages() ([]PackageInfo, error)
	// MakePackages writes one package file per coder of plan into dir
	// (which it creates) and records them in the project. It refuses to
	// overwrite a file; on an error no package file is left behind.
	MakePackages(ctx context.Context, plan *PackagePlan, dir string) ([]PackageFile, error)
	// MergePackage brings the coder's work in the package file at path into
	// the project as that coder's layer, in one transaction: the coder's
	// annotations, relations, segment labels and statuses in the package's
	// documents become what the package holds. Nothing else changes. A file
	// that is not a package of this project, is damaged, or comes from a
	// newer Newsmark is refused with an error naming it, and the project is
	// left unchanged.
	MergePackage(ctx context.Context, path string) (*MergeReport, error)
}
