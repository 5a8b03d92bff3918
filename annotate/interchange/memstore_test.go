package interchange

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// memStore is a TEST DOUBLE of annotate.Store: an in-memory project that
// follows the interface's documented rules (validation against the
// codebook, Import merging by id and content hash, skipping what exists,
// all or nothing). It lets these tests run without package storage, which
// is written separately; it is not a storage implementation.
type memStore struct {
	mu     sync.Mutex
	order  []string
	docs   map[string]*annotate.Document
	hashes map[string]string
	anns   map[string][]annotate.Annotation
	rels   map[string][]annotate.Relation
	labels map[string][]annotate.SegmentLabel
	cb     *annotate.Codebook
	people []annotate.Annotator
}

var _ annotate.Store = (*memStore)(nil)

func newMemStore(cb *annotate.Codebook) *memStore {
	if cb == nil {
		cb = &annotate.Codebook{Name: "empty"}
	}
	return &memStore{
		docs: map[string]*annotate.Document{}, hashes: map[string]string{},
		anns: map[string][]annotate.Annotation{}, rels: map[string][]annotate.Relation{},
		labels: map[string][]annotate.SegmentLabel{}, cb: cloneCodebook(cb),
	}
}

func cloneCodebook(c *annotate.Codebook) *annotate.Codebook {
	out := *c
	out.Labels = slices.Clone(c.Labels)
	for i := range out.Labels {
		out.Labels[i].Attributes = slices.Clone(out.Labels[i].Attributes)
	}
	out.RelationTypes = slices.Clone(c.RelationTypes)
	out.SegmentLabelSets = slices.Clone(c.SegmentLabelSets)
	for i := range out.SegmentLabelSets {
		out.SegmentLabelSets[i].Labels = slices.Clone(out.SegmentLabelSets[i].Labels)
	}
	return &out
}

func cloneDoc(d *annotate.Document) *annotate.Document {
	out := *d
	out.Segments = slices.Clone(d.Segments)
	return &out
}

func (s *memStore) AddDocuments(docs ...*annotate.Document) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range docs {
		if err := d.Validate(); err != nil {
			return err
		}
		if _, ok := s.hashes[d.Hash]; ok {
			return fmt.Errorf("document %s: %w", d.Title, annotate.ErrDuplicate)
		}
		if _, ok := s.docs[d.ID]; ok {
			return fmt.Errorf("document %s: %w", d.ID, annotate.ErrDuplicate)
		}
	}
	for _, d := range docs {
		s.putDoc(cloneDoc(d))
	}
	return nil
}

func (s *memStore) putDoc(d *annotate.Document) {
	s.docs[d.ID] = d
	s.hashes[d.Hash] = d.ID
	s.order = append(s.order, d.ID)
}

func (s *memStore) Document(id string) (*annotate.Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[id]
	if !ok {
		return nil, fmt.Errorf("document %s: %w", id, annotate.ErrNotFound)
	}
	return cloneDoc(d), nil
}

func (s *memStore) Documents() ([]annotate.DocumentSummary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]annotate.DocumentSummary, 0, len(s.order))
	for _, id := range s.order {
		d := s.docs[id]
		out = append(out, annotate.DocumentSummary{ID: d.ID, Title: d.Title, Source: d.Source, Outlet: d.Outlet,
			Published: d.Published, Imported: d.Imported, Hash: d.Hash, Segments: len(d.Segments),
			Comments: d.CommentCount(), Annotations: len(s.anns[id])})
	}
	return out, nil
}

func (s *memStore) DocumentByHash(hash string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.hashes[hash]; ok {
		return id, nil
	}
	return "", annotate.ErrNotFound
}

func (s *memStore) DeleteDocument(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[id]
	if !ok {
		return annotate.ErrNotFound
	}
	delete(s.docs, id)
	delete(s.hashes, d.Hash)
	delete(s.anns, id)
	delete(s.rels, id)
	delete(s.labels, id)
	s.order = slices.DeleteFunc(s.order, func(x string) bool { return x == id })
	return nil
}

func (s *memStore) sortAnns(docID string) {
	d := s.docs[docID]
	pos := map[string]int{}
	for i, sg := range d.Segments {
		pos[sg.ID] = i
	}
	as := s.anns[docID]
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		if pos[a.SegmentID] != pos[b.SegmentID] {
			return pos[a.SegmentID] < pos[b.SegmentID]
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
}

func (s *memStore) AddAnnotation(a *annotate.Annotation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[a.DocumentID]
	if !ok {
		return annotate.ErrNotFound
	}
	if a.ID == "" {
		a.ID = annotate.NewID()
	}
	seg, ok := d.Segment(a.SegmentID)
	if !ok {
		return annotate.ErrUnknownSegment
	}
	if err := a.Anchor(seg); err != nil {
		return err
	}
	if err := a.Validate(d, s.cb); err != nil {
		return err
	}
	if a.Created.IsZero() {
		a.Created = time.Now().UTC()
		a.Modified = a.Created
	}
	s.anns[d.ID] = append(s.anns[d.ID], *a)
	s.sortAnns(d.ID)
	return nil
}

func (s *memStore) UpdateAnnotation(a *annotate.Annotation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.anns[a.DocumentID] {
		if x.ID == a.ID {
			s.anns[a.DocumentID][i] = *a
			return nil
		}
	}
	return annotate.ErrNotFound
}

func (s *memStore) DeleteAnnotation(docID, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.anns[docID] = slices.DeleteFunc(s.anns[docID], func(a annotate.Annotation) bool { return a.ID == id })
	s.rels[docID] = slices.DeleteFunc(s.rels[docID], func(r annotate.Relation) bool { return r.From == id || r.To == id })
	return nil
}

func (s *memStore) Annotation(docID, id string) (*annotate.Annotation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.anns[docID] {
		if a.ID == id {
			return &a, nil
		}
	}
	return nil, annotate.ErrNotFound
}

func (s *memStore) Annotations(docID string) ([]annotate.Annotation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.anns[docID]), nil
}

func (s *memStore) findAnn(docID, id string) *annotate.Annotation {
	for i := range s.anns[docID] {
		if s.anns[docID][i].ID == id {
			return &s.anns[docID][i]
		}
	}
	return nil
}

func (s *memStore) AddRelation(r *annotate.Relation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	from, to := s.findAnn(r.DocumentID, r.From), s.findAnn(r.DocumentID, r.To)
	if from == nil || to == nil {
		return annotate.ErrNotFound
	}
	if r.ID == "" {
		r.ID = annotate.NewID()
	}
	if err := r.Validate(from, to, s.cb); err != nil {
		return err
	}
	s.rels[r.DocumentID] = append(s.rels[r.DocumentID], *r)
	return nil
}

func (s *memStore) DeleteRelation(docID, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rels[docID] = slices.DeleteFunc(s.rels[docID], func(r annotate.Relation) bool { return r.ID == id })
	return nil
}

func (s *memStore) Relations(docID string) ([]annotate.Relation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rels[docID]), nil
}

func (s *memStore) SetSegmentLabel(l *annotate.SegmentLabel) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[l.DocumentID]
	if !ok {
		return annotate.ErrNotFound
	}
	if err := l.Validate(d, s.cb); err != nil {
		return err
	}
	for _, x := range s.labels[l.DocumentID] {
		if x.Key() == l.Key() {
			return nil
		}
	}
	s.labels[l.DocumentID] = append(s.labels[l.DocumentID], *l)
	return nil
}

func (s *memStore) RemoveSegmentLabel(l annotate.SegmentLabel) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.labels[l.DocumentID] = slices.DeleteFunc(s.labels[l.DocumentID], func(x annotate.SegmentLabel) bool { return x.Key() == l.Key() })
	return nil
}

func (s *memStore) SegmentLabels(docID string) ([]annotate.SegmentLabel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.labels[docID]), nil
}

func (s *memStore) Codebook() (*annotate.Codebook, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneCodebook(s.cb), nil
}

func (s *memStore) SetCodebook(c *annotate.Codebook) error {
	if err := c.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cb = cloneCodebook(c)
	return nil
}

func (s *memStore) Annotators() ([]annotate.Annotator, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.people)
	slices.SortFunc(out, func(a, b annotate.Annotator) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	return out, nil
}

func (s *memStore) AddAnnotator(a *annotate.Annotator) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.people {
		if p.ID == a.ID {
			return nil
		}
	}
	s.people = append(s.people, *a)
	return nil
}

// Import follows the rules of annotate.Store.Import: it stages every change
// and validates it, then applies all of it, or nothing on the first error.
func (s *memStore) Import(b *annotate.Batch) (annotate.ImportReport, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var rep annotate.ImportReport
	cb := cloneCodebook(s.cb)
	if b.Codebook != nil {
		for _, l := range b.Codebook.Labels {
			if _, ok := cb.Label(l.ID); !ok {
				cb.Labels = append(cb.Labels, l)
				rep.LabelsAdded = append(rep.LabelsAdded, l.ID)
			}
		}
		for _, r := range b.Codebook.RelationTypes {
			if _, ok := cb.RelationType(r.ID); !ok {
				cb.RelationTypes = append(cb.RelationTypes, r)
				rep.LabelsAdded = append(rep.LabelsAdded, r.ID)
			}
		}
		for _, set := range b.Codebook.SegmentLabelSets {
			i := slices.IndexFunc(cb.SegmentLabelSets, func(x annotate.SegmentLabelSet) bool { return x.ID == set.ID })
			if i < 0 {
				cb.SegmentLabelSets = append(cb.SegmentLabelSets, annotate.SegmentLabelSet{ID: set.ID, Name: set.Name, Description: set.Description, Exclusive: set.Exclusive})
				i = len(cb.SegmentLabelSets) - 1
			}
			for _, l := range set.Labels {
				if _, _, ok := cb.SegmentLabel(l.ID); !ok {
					cb.SegmentLabelSets[i].Labels = append(cb.SegmentLabelSets[i].Labels, l)
					rep.LabelsAdded = append(rep.LabelsAdded, l.ID)
				}
			}
		}
		if err := cb.Validate(); err != nil {
			return annotate.ImportReport{}, err
		}
	}
	docMap := map[string]string{} // batch document id → stored id
	newDocs := map[string]*annotate.Document{}
	newHashes := map[string]string{}
	var addDocs []*annotate.Document
	for _, d := range b.Documents {
		if id, ok := s.docs[d.ID]; ok {
			docMap[d.ID] = id.ID
			rep.DocumentsSkipped = append(rep.DocumentsSkipped, d.Title)
			continue
		}
		if id, ok := s.hashes[d.Hash]; ok {
			docMap[d.ID] = id
			rep.DocumentsSkipped = append(rep.DocumentsSkipped, d.Title)
			continue
		}
		if id, ok := newHashes[d.Hash]; ok {
			docMap[d.ID] = id
			continue
		}
		if err := d.Validate(); err != nil {
			return annotate.ImportReport{}, err
		}
		if annotate.ContentHash(d.Segments) != d.Hash {
			return annotate.ImportReport{}, fmt.Errorf("document %s: hash does not match: %w", d.ID, annotate.ErrInvalid)
		}
		docMap[d.ID] = d.ID
		newDocs[d.ID] = cloneDoc(d)
		newHashes[d.Hash] = d.ID
		addDocs = append(addDocs, newDocs[d.ID])
		rep.DocumentsAdded++
	}
	doc := func(id string) (*annotate.Document, string, error) {
		if m, ok := docMap[id]; ok {
			id = m
		}
		if d, ok := newDocs[id]; ok {
			return d, id, nil
		}
		if d, ok := s.docs[id]; ok {
			return d, id, nil
		}
		return nil, "", fmt.Errorf("document %s: %w", id, annotate.ErrNotFound)
	}
	staged := map[string][]annotate.Annotation{}
	have := func(docID, id string) *annotate.Annotation {
		if a := s.findAnn(docID, id); a != nil {
			return a
		}
		for i := range staged[docID] {
			if staged[docID][i].ID == id {
				return &staged[docID][i]
			}
		}
		return nil
	}
	for _, a := range b.Annotations {
		d, id, err := doc(a.DocumentID)
		if err != nil {
			return annotate.ImportReport{}, err
		}
		a.DocumentID = id
		if have(id, a.ID) != nil {
			rep.AnnotationsSkipped++
			continue
		}
		if err := a.Validate(d, cb); err != nil {
			return annotate.ImportReport{}, err
		}
		seg, _ := d.Segment(a.SegmentID)
		if err := a.Anchor(seg); err != nil {
			return annotate.ImportReport{}, err
		}
		staged[id] = append(staged[id], a)
		rep.AnnotationsAdded++
	}
	stagedRels := map[string][]annotate.Relation{}
	for _, r := range b.Relations {
		_, id, err := doc(r.DocumentID)
		if err != nil {
			return annotate.ImportReport{}, err
		}
		r.DocumentID = id
		if slices.ContainsFunc(s.rels[id], func(x annotate.Relation) bool { return x.ID == r.ID }) ||
			slices.ContainsFunc(stagedRels[id], func(x annotate.Relation) bool { return x.ID == r.ID }) {
			rep.RelationsSkipped++
			continue
		}
		from, to := have(id, r.From), have(id, r.To)
		if from == nil || to == nil {
			return annotate.ImportReport{}, fmt.Errorf("relation %s: %w", r.ID, annotate.ErrNotFound)
		}
		if err := r.Validate(from, to, cb); err != nil {
			return annotate.ImportReport{}, err
		}
		stagedRels[id] = append(stagedRels[id], r)
		rep.RelationsAdded++
	}
	stagedLabels := map[string][]annotate.SegmentLabel{}
	for _, l := range b.SegmentLabels {
		d, id, err := doc(l.DocumentID)
		if err != nil {
			return annotate.ImportReport{}, err
		}
		l.DocumentID = id
		key := l.Key()
		if slices.ContainsFunc(s.labels[id], func(x annotate.SegmentLabel) bool { return x.Key() == key }) ||
			slices.ContainsFunc(stagedLabels[id], func(x annotate.SegmentLabel) bool { return x.Key() == key }) {
			rep.SegmentLabelsSkipped++
			continue
		}
		if err := l.Validate(d, cb); err != nil {
			return annotate.ImportReport{}, err
		}
		stagedLabels[id] = append(stagedLabels[id], l)
		rep.SegmentLabelsAdded++
	}
	// Everything is valid: apply.
	s.cb = cb
	for _, d := range addDocs {
		s.putDoc(d)
	}
	for id, as := range staged {
		s.anns[id] = append(s.anns[id], as...)
		s.sortAnns(id)
	}
	for id, rs := range stagedRels {
		s.rels[id] = append(s.rels[id], rs...)
	}
	for id, ls := range stagedLabels {
		s.labels[id] = append(s.labels[id], ls...)
	}
	for _, p := range b.Annotators {
		if !slices.ContainsFunc(s.people, func(x annotate.Annotator) bool { return x.ID == p.ID }) {
			s.people = append(s.people, p)
		}
	}
	return rep, nil
}

func (s *memStore) Close() error { return nil }
