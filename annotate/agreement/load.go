package agreement

import (
	"fmt"
	"slices"

	"github.com/newsmark/newsmark/annotate"
)

// docData is one document's coding: who coded it, their spans and segment
// labels.
type docData struct {
	doc       *annotate.Document
	coders    []string                         // coders who coded it, sorted
	spans     map[string][]annotate.Annotation // coder → spans, in the store's order
	segLabels map[string][]annotate.SegmentLabel
	gold      []annotate.Annotation // spans of the excluded annotators (the final layer)
}

// coded reports whether coder coded the document.
func (d *docData) coded(coder string) bool {
	_, ok := slices.BinarySearch(d.coders, coder)
	return ok
}

// filter says which coders, documents and labels count.
type filter struct {
	coders, docs, labels, exclude map[string]bool
}

func set(ids []string) map[string]bool {
	if len(ids) == 0 {
		return nil
	}
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func (f filter) coder(id string) bool {
	return id != "" && !f.exclude[id] && (f.coders == nil || f.coders[id])
}

func (f filter) label(id string) bool { return f.labels == nil || f.labels[id] }

// statusesOf returns the statuses to use: those given, or the store's.
func statusesOf(src Source, given []annotate.DocStatus) ([]annotate.DocStatus, error) {
	if given != nil {
		return given, nil
	}
	if ss, ok := src.(StatusSource); ok {
		st, err := ss.Statuses()
		if err != nil {
			return nil, fmt.Errorf("agreement: read document statuses: %w", err)
		}
		return st, nil
	}
	return nil, nil
}

// loadDocument reads one document's coding. gold collects the spans of
// annotators in goldOf (the final layer), kept apart from the coders'.
func loadDocument(src Source, id string, f filter, started map[string]bool, goldOf map[string]bool) (*docData, error) {
	d := &docData{spans: map[string][]annotate.Annotation{}, segLabels: map[string][]annotate.SegmentLabel{}}
	anns, err := src.Annotations(id)
	if err != nil {
		return nil, fmt.Errorf("agreement: annotations of document %s: %w", id, err)
	}
	coders := map[string]bool{}
	for c := range started {
		if f.coder(c) {
			coders[c] = true
		}
	}
	for _, a := range anns {
		if goldOf[a.Annotator] {
			d.gold = append(d.gold, a)
			continue
		}
		if !f.coder(a.Annotator) {
			continue
		}
		coders[a.Annotator] = true
		d.spans[a.Annotator] = append(d.spans[a.Annotator], a)
	}
	labels, err := src.SegmentLabels(id)
	if err != nil {
		return nil, fmt.Errorf("agreement: segment labels of document %s: %w", id, err)
	}
	for _, l := range labels {
		if !f.coder(l.Annotator) {
			continue
		}
		coders[l.Annotator] = true
		d.segLabels[l.Annotator] = append(d.segLabels[l.Annotator], l)
	}
	for c := range coders {
		d.coders = append(d.coders, c)
	}
	slices.Sort(d.coders)
	return d, nil
}

// load reads the documents that two or more coders have coded.
func load(src Source, opts Options) (docs []*docData, coders []string, cb *annotate.Codebook, err error) {
	cb, err = src.Codebook()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("agreement: read the codebook: %w", err)
	}
	exclude := opts.Exclude
	if exclude == nil {
		exclude = []string{DefaultGold}
	}
	f := filter{coders: set(opts.Coders), docs: set(opts.Documents), labels: set(opts.Labels), exclude: set(exclude)}
	statuses, err := statusesOf(src, opts.Statuses)
	if err != nil {
		return nil, nil, nil, err
	}
	started := map[string]map[string]bool{}
	for _, s := range statuses {
		if s.Status == annotate.StatusInProgress || s.Status == annotate.StatusDone {
			if started[s.DocumentID] == nil {
				started[s.DocumentID] = map[string]bool{}
			}
			started[s.DocumentID][s.Annotator] = true
		}
	}
	list, err := src.Documents()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("agreement: list documents: %w", err)
	}
	all := map[string]bool{}
	for i, s := range list {
		if opts.Context != nil {
			if err := opts.Context.Err(); err != nil {
				return nil, nil, nil, fmt.Errorf("agreement: %w", err)
			}
		}
		if opts.Progress != nil {
			opts.Progress(i, len(list))
		}
		if f.docs != nil && !f.docs[s.ID] {
			continue
		}
		d, err := loadDocument(src, s.ID, f, started[s.ID], f.exclude)
		if err != nil {
			return nil, nil, nil, err
		}
		if len(d.coders) < 2 {
			continue
		}
		if d.doc, err = src.Document(s.ID); err != nil {
			return nil, nil, nil, fmt.Errorf("agreement: read document %s: %w", s.ID, err)
		}
		for _, c := range d.coders {
			all[c] = true
		}
		docs = append(docs, d)
	}
	if opts.Progress != nil {
		opts.Progress(len(list), len(list))
	}
	for c := range all {
		coders = append(coders, c)
	}
	slices.Sort(coders)
	return docs, coders, cb, nil
}
