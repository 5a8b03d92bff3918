package interchange

import (
	"context"
	"fmt"
	"slices"

	"github.com/newsmark/newsmark/annotate"
)

// docUnit is one document with the annotations, relations and segment
// labels an export writes for it: the unit every exporter streams.
type docUnit struct {
	doc      *annotate.Document
	anns     []annotate.Annotation
	rels     []annotate.Relation
	labels   []annotate.SegmentLabel
	statuses []annotate.DocStatus // the coders' statuses, when the store keeps them
}

// selection is what an export reads from the store: the documents to write,
// in order, and a filter on annotators.
type selection struct {
	store      annotate.Store
	ids        []string
	annotators map[string]bool // nil keeps everyone
	codebook   *annotate.Codebook
	people     []annotate.Annotator
	// log is the codebook's change list, when the store keeps one.
	log []annotate.CodebookLogEntry
	// statuses are the coders' document statuses by document id, when
	// the store keeps them.
	statuses map[string][]annotate.DocStatus
}

func newSelection(store annotate.Store, opts ExportOptions) (*selection, error) {
	s := &selection{store: store}
	cb, err := store.Codebook()
	if err != nil {
		return nil, fmt.Errorf("export: read codebook: %w", err)
	}
	s.codebook = cb
	if ed, ok := store.(annotate.CodebookEditor); ok {
		if s.log, err = ed.CodebookLog(); err != nil {
			return nil, fmt.Errorf("export: read the codebook's change list: %w", err)
		}
	}
	if ss, ok := store.(annotate.StatusStore); ok {
		all, err := ss.Statuses()
		if err != nil {
			return nil, fmt.Errorf("export: read document statuses: %w", err)
		}
		s.statuses = map[string][]annotate.DocStatus{}
		for _, st := range all {
			s.statuses[st.DocumentID] = append(s.statuses[st.DocumentID], st)
		}
	}
	people, err := store.Annotators()
	if err != nil {
		return nil, fmt.Errorf("export: read annotators: %w", err)
	}
	if len(opts.Annotators) > 0 {
		s.annotators = make(map[string]bool, len(opts.Annotators))
		for _, a := range opts.Annotators {
			if !slices.ContainsFunc(people, func(p annotate.Annotator) bool { return p.ID == a }) {
				return nil, fmt.Errorf("export: annotator %q: %w", a, annotate.ErrNotFound)
			}
			s.annotators[a] = true
		}
		people = slices.DeleteFunc(people, func(p annotate.Annotator) bool { return !s.annotators[p.ID] })
	}
	s.people = people
	if len(opts.Documents) > 0 {
		sums, err := store.Documents()
		if err != nil {
			return nil, fmt.Errorf("export: list documents: %w", err)
		}
		known := make(map[string]bool, len(sums))
		for _, d := range sums {
			known[d.ID] = true
		}
		seen := map[string]bool{}
		for _, id := range opts.Documents {
			if !known[id] {
				return nil, fmt.Errorf("export: document %q: %w", id, annotate.ErrNotFound)
			}
			if !seen[id] {
				seen[id] = true
				s.ids = append(s.ids, id)
			}
		}
		return s, nil
	}
	sums, err := store.Documents()
	if err != nil {
		return nil, fmt.Errorf("export: list documents: %w", err)
	}
	s.ids = make([]string, len(sums))
	for i, d := range sums {
		s.ids[i] = d.ID
	}
	return s, nil
}

func (s *selection) keep(annotator string) bool {
	return s.annotators == nil || s.annotators[annotator]
}

// load reads one document and what the filter keeps of its data. A relation
// is kept when its annotator is selected and both its spans are.
func (s *selection) load(id string) (*docUnit, error) {
	doc, err := s.store.Document(id)
	if err != nil {
		return nil, fmt.Errorf("export: document %s: %w", id, err)
	}
	anns, err := s.store.Annotations(id)
	if err != nil {
		return nil, fmt.Errorf("export: annotations of %s: %w", id, err)
	}
	rels, err := s.store.Relations(id)
	if err != nil {
		return nil, fmt.Errorf("export: relations of %s: %w", id, err)
	}
	labels, err := s.store.SegmentLabels(id)
	if err != nil {
		return nil, fmt.Errorf("export: segment labels of %s: %w", id, err)
	}
	if s.annotators != nil {
		anns = slices.DeleteFunc(anns, func(a annotate.Annotation) bool { return !s.keep(a.Annotator) })
		kept := make(map[string]bool, len(anns))
		for _, a := range anns {
			kept[a.ID] = true
		}
		rels = slices.DeleteFunc(rels, func(r annotate.Relation) bool {
			return !s.keep(r.Annotator) || !kept[r.From] || !kept[r.To]
		})
		labels = slices.DeleteFunc(labels, func(l annotate.SegmentLabel) bool { return !s.keep(l.Annotator) })
	}
	var statuses []annotate.DocStatus
	for _, st := range s.statuses[id] {
		if s.keep(st.Annotator) {
			statuses = append(statuses, st)
		}
	}
	return &docUnit{doc: doc, anns: anns, rels: rels, labels: labels, statuses: statuses}, nil
}

// each calls fn for every selected document in order, reporting progress
// after each and stopping when ctx is cancelled.
func (s *selection) each(ctx context.Context, progress func(done, total int), fn func(*docUnit) error) error {
	total := len(s.ids)
	if progress != nil {
		progress(0, total)
	}
	for i, id := range s.ids {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("export cancelled after %d of %d documents: %w", i, total, err)
		}
		u, err := s.load(id)
		if err != nil {
			return err
		}
		if err := fn(u); err != nil {
			return err
		}
		if progress != nil {
			progress(i+1, total)
		}
	}
	return nil
}
