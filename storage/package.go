package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/newsmark/newsmark/annotate"
)

var _ annotate.StudyStore = (*Store)(nil)

// codebookLogger is the part of a store that keeps the codebook's change
// list. A merge follows the relabellings logged since a package was made.
type codebookLogger interface {
	CodebookLog() ([]annotate.CodebookLogEntry, error)
}

// codebookLogLen returns the number of entries of s's codebook log, 0 for a
// store that keeps none.
func codebookLogLen(s any) (int, error) {
	l, ok := s.(codebookLogger)
	if !ok {
		return 0, nil
	}
	log, err := l.CodebookLog()
	return len(log), err
}

// PackageFileName returns the name of coder's package file: the coder's
// name with every character that is not a letter, a digit, '-', '_' or '.'
// replaced by '_', and ".newsmark.db".
func PackageFileName(coder string) string {
	name := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, coder)
	name = strings.TrimLeft(name, ".")
	if name == "" {
		name = "coder"
	}
	return name + ".newsmark.db"
}

// MakePackages writes one package file per coder of plan into dir, which it
// creates if needed, and records the packages in the project. Each file
// holds the project's codebook, the coder's documents with the coder's own
// annotations, relations, segment labels and statuses in them (so a second
// round goes on from the first), nothing of any other annotator, and the
// package record. A file is built under a temporary name and linked into
// place when complete; MakePackages refuses to overwrite a file and, on an
// error, removes every package it wrote.
func (s *Store) MakePackages(ctx context.Context, plan *annotate.PackagePlan, dir string) ([]annotate.PackageFile, error) {
	if plan == nil || len(plan.Coders) == 0 {
		return nil, fmt.Errorf("make packages: no coders: %w", annotate.ErrInvalid)
	}
	if p, err := s.Package(); err != nil {
		return nil, fmt.Errorf("make packages: %w", err)
	} else if p != nil {
		return nil, fmt.Errorf("make packages from %s: %w (it is %s's package; make packages in the lead project)", s.path, annotate.ErrIsPackage, p.Coder)
	}
	projectID, err := s.ProjectID()
	if err != nil {
		return nil, fmt.Errorf("make packages: %w", err)
	}
	cb, err := s.Codebook()
	if err != nil {
		return nil, fmt.Errorf("make packages: %w", err)
	}
	logLen, err := codebookLogLen(s)
	if err != nil {
		return nil, fmt.Errorf("make packages: codebook log: %w", err)
	}
	sample := map[string]bool{}
	for _, id := range plan.Sample {
		sample[id] = true
	}
	var files []annotate.PackageFile
	names := map[string]string{}
	now := time.Now().UTC()
	for _, coder := range plan.Coders {
		path := filepath.Join(dir, PackageFileName(coder))
		if other, ok := names[path]; ok {
			return nil, fmt.Errorf("make packages: coders %q and %q would get the same file %s: %w", other, coder, path, annotate.ErrInvalid)
		}
		names[path] = coder
		if _, err := os.Lstat(path); err == nil {
			return nil, fmt.Errorf("make packages: %s already exists; choose another directory or remove it: %w", path, annotate.ErrDuplicate)
		}
		docs := plan.Assignments[coder]
		if len(docs) == 0 {
			return nil, fmt.Errorf("make packages: coder %s has no documents: %w", coder, annotate.ErrInvalid)
		}
		var inSample []string
		for _, id := range docs {
			if sample[id] {
				inSample = append(inSample, id)
			}
		}
		files = append(files, annotate.PackageFile{Path: path, Info: annotate.PackageInfo{
			Format: annotate.PackageFormat, ProjectID: projectID, PackageID: annotate.NewID(), Coder: coder,
			Seed: plan.Seed, Created: now, Documents: slices.Clone(docs), Sample: inSample,
			Codebook: cb, CodebookLog: logLen,
		}})
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("make packages: %w", err)
	}

	var written []string
	undo := func() {
		for _, p := range written {
			os.Remove(p)
		}
	}
	for i := range files {
		if err := ctx.Err(); err != nil {
			undo()
			return nil, fmt.Errorf("make packages: %w", err)
		}
		if err := s.writePackage(&files[i]); err != nil {
			undo()
			return nil, fmt.Errorf("make package of %s: %w", files[i].Info.Coder, err)
		}
		written = append(written, files[i].Path)
	}
	err = s.update("record packages", func(c *change) error {
		b, err := c.tx.CreateBucketIfNotExists(bucketPackages)
		if err != nil {
			return err
		}
		for i := range files {
			r := packageRecordOf(&files[i].Info)
			if err := b.Put([]byte(files[i].Info.PackageID), r.encode()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		undo()
		return nil, fmt.Errorf("make packages: %w", err)
	}
	return files, nil
}

// writePackage builds the package file f.
func (s *Store) writePackage(f *annotate.PackageFile) error {
	info := &f.Info
	tmp := filepath.Join(filepath.Dir(f.Path), fmt.Sprintf(".%s.%s.part", filepath.Base(f.Path), info.PackageID))
	batch, err := annotate.SaveDocuments(s, info.Documents)
	if err != nil {
		return err
	}
	own := func(annotator string) bool { return annotator == info.Coder }
	batch.Annotations = slices.DeleteFunc(batch.Annotations, func(a annotate.Annotation) bool { return !own(a.Annotator) })
	batch.Relations = slices.DeleteFunc(batch.Relations, func(r annotate.Relation) bool { return !own(r.Annotator) })
	batch.SegmentLabels = slices.DeleteFunc(batch.SegmentLabels, func(l annotate.SegmentLabel) bool { return !own(l.Annotator) })
	batch.Statuses = slices.DeleteFunc(batch.Statuses, func(st annotate.DocStatus) bool { return !own(st.Annotator) })
	batch.Codebook = nil
	batch.Annotators = []annotate.Annotator{{ID: info.Coder, Name: info.Coder, Created: info.Created}}

	pkg, err := Open(tmp, Options{Holder: "package"})
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			pkg.Close()
		}
		os.Remove(tmp)
		os.Remove(ownerPath(tmp))
	}()
	if err := pkg.SetCodebook(info.Codebook); err != nil {
		return err
	}
	if _, err := pkg.Import(batch); err != nil {
		return err
	}
	err = pkg.update("mark as coder package", func(c *change) error {
		meta := c.tx.Bucket(bucketMeta)
		if err := meta.Put(keyProject, []byte(info.ProjectID)); err != nil {
			return err
		}
		r := packageRecordOf(info)
		return meta.Put(keyPackage, r.encode())
	})
	if err != nil {
		return err
	}
	closed = true
	if err := pkg.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp, f.Path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s appeared while the package was made: %w", f.Path, annotate.ErrDuplicate)
		}
		if _, statErr := os.Lstat(f.Path); !errors.Is(statErr, fs.ErrNotExist) {
			return fmt.Errorf("%s appeared while the package was made: %w", f.Path, annotate.ErrDuplicate)
		}
		if err := os.Rename(tmp, f.Path); err != nil {
			return err
		}
	}
	syncDir(filepath.Dir(f.Path))
	return nil
}
