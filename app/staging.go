package app

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/newsmark/newsmark/annotate"
)

// errDryRun is what a staged store answers to a write other than Import:
// nothing is written before the user says so.
var errDryRun = errors.New("nothing is written before the import is confirmed")

// stagedStore lets an import run its own parsers against the project
// without writing to it: reads go to the project, and each Import batch is
// kept, with a report of what it would add, until the user confirms. Then
// commit stores the kept batches in the project, each in its own
// transaction as the import would have. The parsing is done once.
type stagedStore struct {
	annotate.Store // the project, for reads

	mu      sync.Mutex
	batches []*annotate.Batch
	known   map[string]bool // ids and content hashes of the project's documents, read once
	hashes  map[string]string
	staged  stagedCounts
}

// stagedCounts is what the staged batches would add to the project.
type stagedCounts struct {
	documents, comments                   int
	annotations, relations, segmentLabels int
	documentsThere                        int
}

func newStagedStore(project annotate.Store) *stagedStore {
	return &stagedStore{Store: project, hashes: map[string]string{}}
}

// DocumentByHash finds a document in the project or in a batch kept
// earlier in the same import.
func (s *stagedStore) DocumentByHash(hash string) (string, error) {
	s.mu.Lock()
	id, ok := s.hashes[hash]
	s.mu.Unlock()
	if ok {
		return id, nil
	}
	return s.Store.DocumentByHash(hash)
}

// Import keeps b and reports what storing it would do: documents already in
// the project (by id or content hash) or in an earlier batch are skipped;
// annotations, relations and segment labels are counted as they come (the
// project skips those it already holds when the batch is stored).
func (s *stagedStore) Import(b *annotate.Batch) (annotate.ImportReport, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.known == nil {
		s.known = map[string]bool{}
		sums, err := s.Store.Documents()
		if err != nil {
			return annotate.ImportReport{}, fmt.Errorf("read the project's documents: %w", err)
		}
		for _, d := range sums {
			s.known[d.ID] = true
		}
	}
	var rep annotate.ImportReport
	for _, d := range b.Documents {
		there := s.known[d.ID]
		if !there && d.Hash != "" {
			if _, ok := s.hashes[d.Hash]; ok {
				there = true
			} else if _, err := s.Store.DocumentByHash(d.Hash); err == nil {
				there = true
			}
		}
		if there {
			name := d.Title
			if name == "" {
				name = d.ID
			}
			rep.DocumentsSkipped = append(rep.DocumentsSkipped, name)
			s.staged.documentsThere++
			continue
		}
		rep.DocumentsAdded++
		s.known[d.ID] = true
		if d.Hash != "" {
			s.hashes[d.Hash] = d.ID
		}
		s.staged.documents++
		s.staged.comments += d.CommentCount()
	}
	rep.AnnotationsAdded = len(b.Annotations)
	rep.RelationsAdded = len(b.Relations)
	rep.SegmentLabelsAdded = len(b.SegmentLabels)
	s.staged.annotations += len(b.Annotations)
	s.staged.relations += len(b.Relations)
	s.staged.segmentLabels += len(b.SegmentLabels)
	s.batches = append(s.batches, b)
	return rep, nil
}

// The writes an import does not use are refused.

func (s *stagedStore) AddDocuments(...*annotate.Document) error       { return errDryRun }
func (s *stagedStore) DeleteDocument(string) error                    { return errDryRun }
func (s *stagedStore) AddAnnotation(*annotate.Annotation) error       { return errDryRun }
func (s *stagedStore) UpdateAnnotation(*annotate.Annotation) error    { return errDryRun }
func (s *stagedStore) DeleteAnnotation(string, string) error          { return errDryRun }
func (s *stagedStore) AddRelation(*annotate.Relation) error           { return errDryRun }
func (s *stagedStore) DeleteRelation(string, string) error            { return errDryRun }
func (s *stagedStore) SetSegmentLabel(*annotate.SegmentLabel) error   { return errDryRun }
func (s *stagedStore) RemoveSegmentLabel(annotate.SegmentLabel) error { return errDryRun }
func (s *stagedStore) SetCodebook(*annotate.Codebook) error           { return errDryRun }
func (s *stagedStore) AddAnnotator(*annotate.Annotator) error         { return errDryRun }
func (s *stagedStore) Close() error                                   { return nil }

// stagedID reports whether id is a document this import brings.
func (s *stagedStore) stagedID(id string) bool {
	if id == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range s.hashes {
		if v == id {
			return true
		}
	}
	return false
}

// empty reports whether the import would add nothing at all.
func (s *stagedStore) empty() bool {
	c := s.counts()
	return c.documents == 0 && c.annotations == 0 && c.relations == 0 && c.segmentLabels == 0
}

func (s *stagedStore) counts() stagedCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.staged
}

// commit stores the kept batches in project, in the order the import made
// them, each in one transaction. A cancelled ctx stops between batches.
// It returns the sum of the project's reports.
func (s *stagedStore) commit(ctx context.Context, project annotate.Store, progress func(done, total int)) (annotate.ImportReport, error) {
	var sum annotate.ImportReport
	for i, b := range s.batches {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		if progress != nil {
			progress(i, len(s.batches))
		}
		rep, err := project.Import(b)
		if err != nil {
			return sum, err
		}
		sum.DocumentsAdded += rep.DocumentsAdded
		sum.DocumentsSkipped = append(sum.DocumentsSkipped, rep.DocumentsSkipped...)
		sum.AnnotationsAdded += rep.AnnotationsAdded
		sum.AnnotationsSkipped += rep.AnnotationsSkipped
		sum.RelationsAdded += rep.RelationsAdded
		sum.RelationsSkipped += rep.RelationsSkipped
		sum.SegmentLabelsAdded += rep.SegmentLabelsAdded
		sum.SegmentLabelsSkipped += rep.SegmentLabelsSkipped
		sum.LabelsAdded = append(sum.LabelsAdded, rep.LabelsAdded...)
		s.batches[i] = nil // stored: let it go
	}
	if progress != nil {
		progress(len(s.batches), len(s.batches))
	}
	return sum, nil
}
