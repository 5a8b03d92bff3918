package storage

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/newsmark/newsmark/annotate"
)

// packageContent is what a coder package holds of one document: the
// coder's layer in it.
type packageContent struct {
	docID       string
	hash        string
	annotations []annotate.Annotation
	relations   []annotate.Relation
	labels      []annotate.SegmentLabel
	status      annotate.DocStatus // Status "" when the coder set none
	variables   map[string]string  // the document's variable values in the package
}

// MergePackage brings the coder's work in the package file at path into the
// project as that coder's layer, in one transaction. In each document of
// the package, the coder's annotations, relations, segment labels and
// status become what the package holds: new ones are added, changed ones
// replaced (same id), and those the package no longer has removed. Nothing
// of another annotator changes, and nothing outside the package's
// documents, so merging the same file twice changes nothing, and a later
// version of it updates the coder's layer.
//
// Labels that the project's codebook log (CodebookLog, when the store keeps
// one) merged or moved since the package was made are followed; the report
// lists how the codebook differs from the package's. The package is
// refused, with an error naming the file and the project left unchanged,
// when it is not a Newsmark project (ErrNotNewsmark), damaged (ErrDamaged),
// from a newer Newsmark (ErrNewerVersion, annotate.ErrNewerPackage), not a
// package (annotate.ErrNotPackage), made from another project
// (annotate.ErrOtherProject), or when its work does not fit the project: a
// document that is gone or whose text changed, a label the codebook no
// longer has, an id another annotator uses.
func (s *Store) MergePackage(ctx context.Context, path string) (*annotate.MergeReport, error) {
	rep, err := s.mergePackage(ctx, path)
	switch {
	case err == nil:
	case strings.Contains(err.Error(), path): // Open's errors name the file
		return nil, fmt.Errorf("merge: %w; the project was not changed", err)
	default:
		return nil, fmt.Errorf("merge %s: %w; the project was not changed", path, err)
	}
	return rep, nil
}

func (s *Store) mergePackage(ctx context.Context, path string) (*annotate.MergeReport, error) {
	if p, err := s.Package(); err != nil {
		return nil, err
	} else if p != nil {
		return nil, fmt.Errorf("%w: %s is %s's package; merge into the lead project", annotate.ErrIsPackage, s.path, p.Coder)
	}
	if a, err := os.Stat(path); err == nil {
		if b, err := os.Stat(s.path); err == nil && os.SameFile(a, b) {
			return nil, fmt.Errorf("%w (it is this project itself)", annotate.ErrNotPackage)
		}
	}
	pkg, err := Open(path, Options{ReadOnly: true, Holder: "merge"})
	if err != nil {
		return nil, err
	}
	defer pkg.Close()
	if err := pkg.Check(); err != nil {
		return nil, err
	}
	info, err := pkg.Package()
	if err != nil {
		return nil, err
	}
	if info == nil {
		return nil, fmt.Errorf("%w (it is a project file without a package record; make packages with newsmark package)", annotate.ErrNotPackage)
	}
	if info.Format > annotate.PackageFormat {
		return nil, fmt.Errorf("%w (package format %d; this version reads up to %d)", annotate.ErrNewerPackage, info.Format, annotate.PackageFormat)
	}
	if info.Coder == "" || info.PackageID == "" || info.ProjectID == "" {
		return nil, fmt.Errorf("%w (its package record names no coder, package or project)", ErrDamaged)
	}
	leadID, err := s.ProjectID()
	if err != nil {
		return nil, err
	}
	if info.ProjectID != leadID {
		return nil, fmt.Errorf("%w: it is %s's package of project %s, and this project is %s", annotate.ErrOtherProject, info.Coder, info.ProjectID, leadID)
	}
	content, err := readPackageContent(pkg, info)
	if err != nil {
		return nil, err
	}
	cb, err := s.Codebook()
	if err != nil {
		return nil, err
	}
	relabel, err := s.relabelSince(info.CodebookLog)
	if err != nil {
		return nil, err
	}
	rep := &annotate.MergeReport{File: path, PackageID: info.PackageID, Coder: info.Coder, Documents: len(content)}
	var deleted map[string]bool
	if info.Codebook != nil {
		rep.CodebookChanges = describeCodebookChanges(info.Codebook, cb, relabel)
		deleted = deletedLabels(info.Codebook, cb, relabel)
	}
	err = s.update("merge package", func(c *change) error {
		c.bulk = true
		if _, err := c.addAnnotator(&annotate.Annotator{ID: info.Coder, Name: info.Coder}); err != nil {
			return err
		}
		for i := range content {
			if err := ctx.Err(); err != nil {
				return err
			}
			leaveOutDeleted(&content[i], deleted, rep)
			if err := c.mergeDocument(info.Coder, &content[i], relabel, rep); err != nil {
				if len(rep.CodebookChanges) > 0 {
					return fmt.Errorf("%w (the codebook changed since the package was made: %s)", err, joinChanges(rep.CodebookChanges))
				}
				return err
			}
			c.releaseIndexes()
		}
		b, err := c.tx.CreateBucketIfNotExists(bucketPackages)
		if err != nil {
			return err
		}
		if b.Get([]byte(info.PackageID)) == nil {
			r := packageRecordOf(info)
			return b.Put([]byte(info.PackageID), r.encode())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// readPackageContent reads the coder's layer of every document the package
// record lists.
func readPackageContent(pkg *Store, info *annotate.PackageInfo) ([]packageContent, error) {
	docs, err := pkg.Documents()
	if err != nil {
		return nil, err
	}
	hashes := make(map[string]string, len(docs))
	for _, d := range docs {
		hashes[d.ID] = d.Hash
	}
	statuses, err := pkg.Statuses()
	if err != nil {
		return nil, err
	}
	out := make([]packageContent, 0, len(info.Documents))
	for _, id := range info.Documents {
		h, ok := hashes[id]
		if !ok {
			return nil, fmt.Errorf("%w (its package record lists document %s, which the file lacks)", ErrDamaged, id)
		}
		pc := packageContent{docID: id, hash: h}
		if pc.annotations, err = pkg.Annotations(id); err != nil {
			return nil, err
		}
		if pc.relations, err = pkg.Relations(id); err != nil {
			return nil, err
		}
		if pc.labels, err = pkg.SegmentLabels(id); err != nil {
			return nil, err
		}
		for _, st := range statuses {
			if st.DocumentID == id && st.Annotator == info.Coder {
				pc.status = st
			}
		}
		if pc.variables, err = pkg.documentVariables(id); err != nil {
			return nil, err
		}
		out = append(out, pc)
	}
	return out, nil
}

// relabelSince returns where the codebook log's entries from position from
// on moved labels: old id → the id it ends at.
func (s *Store) relabelSince(from int) (map[string]string, error) {
	l, ok := any(s).(codebookLogger)
	if !ok {
		return nil, nil
	}
	log, err := l.CodebookLog()
	if err != nil {
		return nil, fmt.Errorf("codebook log: %w", err)
	}
	if from > len(log) {
		from = len(log)
	}
	out := map[string]string{}
	for _, e := range log[from:] {
		for old, new := range e.Relabel {
			for k, v := range out {
				if v == old {
					out[k] = new
				}
			}
			if _, ok := out[old]; !ok {
				out[old] = new
			}
		}
	}
	for k, v := range out {
		if k == v {
			delete(out, k)
		}
	}
	return out, nil
}

// deletedLabels returns the span and comment labels that the package's
// codebook had and the project's has no more, without a relabelling that
// moved them: the lead deleted them with their uses.
func deletedLabels(then, now *annotate.Codebook, relabel map[string]string) map[string]bool {
	out := map[string]bool{}
	for _, l := range then.Labels {
		if _, ok := now.Label(l.ID); !ok && relabel[l.ID] == "" {
			out[l.ID] = true
		}
	}
	for _, set := range then.SegmentLabelSets {
		for _, l := range set.Labels {
			if _, _, ok := now.SegmentLabel(l.ID); !ok && relabel[l.ID] == "" {
				out[l.ID] = true
			}
		}
	}
	return out
}

// leaveOutDeleted takes the annotations and comment labels of deleted
// labels out of pc, with the relations that link those annotations, and
// counts them in rep.LeftOut: the lead deleted the label with its uses,
// and the coder's uses follow.
func leaveOutDeleted(pc *packageContent, deleted map[string]bool, rep *annotate.MergeReport) {
	if len(deleted) == 0 {
		return
	}
	gone := map[string]bool{}
	pc.annotations = slices.DeleteFunc(pc.annotations, func(a annotate.Annotation) bool {
		if deleted[a.Label] {
			gone[a.ID] = true
			rep.LeftOut++
			return true
		}
		return false
	})
	pc.relations = slices.DeleteFunc(pc.relations, func(r annotate.Relation) bool {
		if gone[r.From] || gone[r.To] {
			rep.LeftOut++
			return true
		}
		return false
	})
	pc.labels = slices.DeleteFunc(pc.labels, func(l annotate.SegmentLabel) bool {
		if deleted[l.Label] {
			rep.LeftOut++
			return true
		}
		return false
	})
}

// mergeDocument makes coder's layer in one document what pc holds.
func (c *change) mergeDocument(coder string, pc *packageContent, relabel map[string]string, rep *annotate.MergeReport) error {
	d, err := c.doc(pc.docID)
	if err != nil {
		return fmt.Errorf("document %s of the package is no longer in this project: %w", pc.docID, err)
	}
	if d.rec.Hash != pc.hash {
		return fmt.Errorf("document %s (%q) was edited since the package was made, so the coder's offsets may no longer fit it: %w", pc.docID, d.rec.Title, annotate.ErrInvalid)
	}

	// What the project holds of the coder, and which annotations other
	// annotators' relations use.
	leadAnns := map[string][]byte{}
	if err := d.annotations.ForEach(func(k, v []byte) error {
		r, err := decodeAnnotationRecord(v)
		if err != nil {
			return fmt.Errorf("annotation %q of document %s: %w", k, d.id, err)
		}
		if r.Annotator == coder {
			leadAnns[string(k)] = bytes.Clone(v)
		}
		return nil
	}); err != nil {
		return err
	}
	leadRels := map[string]relationRecord{}
	usedByOthers := map[string]string{} // annotation id → a relation of another annotator
	if err := d.relations.ForEach(func(k, v []byte) error {
		r, err := decodeRelationRecord(v)
		if err != nil {
			return fmt.Errorf("relation %q of document %s: %w", k, d.id, err)
		}
		if r.Annotator == coder {
			leadRels[string(k)] = r
		} else {
			usedByOthers[r.From], usedByOthers[r.To] = string(k), string(k)
		}
		return nil
	}); err != nil {
		return err
	}
	leadLabels := map[string]segmentLabelRecord{}
	if err := d.segLabels.ForEach(func(k, v []byte) error {
		r, err := decodeSegmentLabelRecord(v)
		if err != nil {
			return fmt.Errorf("segment label %q of document %s: %w", k, d.id, err)
		}
		if r.Annotator == coder {
			leadLabels[string(k)] = r
		}
		return nil
	}); err != nil {
		return err
	}

	mapLabel := func(id string) string {
		if to, ok := relabel[id]; ok {
			rep.Relabelled++
			return to
		}
		return id
	}

	// Relations first out: those gone or changed.
	pkgRels := make(map[string]*annotate.Relation, len(pc.relations))
	for i := range pc.relations {
		r := &pc.relations[i]
		r.Annotator = coder
		pkgRels[r.ID] = r
	}
	for id, old := range leadRels {
		if r, ok := pkgRels[id]; ok && sameRelation(old, r) {
			continue
		}
		if err := d.relations.Delete([]byte(id)); err != nil {
			return err
		}
		c.use(usageRelationType, old.Type, -1)
		if _, ok := pkgRels[id]; !ok {
			rep.Relations.Removed++
		}
	}

	// Annotations the package no longer has.
	pkgAnns := make(map[string]bool, len(pc.annotations))
	for _, a := range pc.annotations {
		pkgAnns[a.ID] = true
	}
	for id, v := range leadAnns {
		if pkgAnns[id] {
			continue
		}
		if rel, ok := usedByOthers[id]; ok {
			return fmt.Errorf("%s removed annotation %s of document %s, which relation %s of another annotator links: %w", coder, id, d.id, rel, annotate.ErrInvalid)
		}
		r, err := decodeAnnotationRecord(v)
		if err != nil {
			return err
		}
		if err := d.annotations.Delete([]byte(id)); err != nil {
			return err
		}
		d.rec.Annotations--
		d.dirty = true
		c.use(usageLabel, r.Label, -1)
		rep.Annotations.Removed++
	}

	// The package's annotations: new, changed or the same.
	for i := range pc.annotations {
		a := pc.annotations[i]
		a.Annotator = coder
		a.Label = mapLabel(a.Label)
		old, mine := leadAnns[a.ID]
		if !mine {
			if err := c.addAnnotation(&a, true); err != nil {
				return fmt.Errorf("document %s: %w", d.id, err)
			}
			rep.Annotations.Added++
			continue
		}
		if err := c.validateImported(d, &a); err != nil {
			return fmt.Errorf("document %s: %w", d.id, err)
		}
		r := annotationRecordOf(&a)
		v := r.encode()
		if bytes.Equal(v, old) {
			rep.Annotations.Unchanged++
			continue
		}
		oldRec, err := decodeAnnotationRecord(old)
		if err != nil {
			return err
		}
		if err := d.annotations.Put([]byte(a.ID), v); err != nil {
			return err
		}
		c.use(usageLabel, oldRec.Label, -1)
		c.use(usageLabel, a.Label, 1)
		rep.Annotations.Changed++
	}

	// Relations in: new and changed ones.
	for i := range pc.relations {
		r := pc.relations[i]
		old, mine := leadRels[r.ID]
		if mine && sameRelation(old, &r) {
			rep.Relations.Unchanged++
			continue
		}
		if err := c.addRelation(&r); err != nil {
			return fmt.Errorf("document %s: %w", d.id, err)
		}
		if mine {
			rep.Relations.Changed++
		} else {
			rep.Relations.Added++
		}
	}

	// Segment labels: a label is there or not.
	want := map[string]*annotate.SegmentLabel{}
	for i := range pc.labels {
		l := &pc.labels[i]
		l.Annotator = coder
		l.Label = mapLabel(l.Label)
		_, pos, err := c.segmentLabelTarget(l)
		if err != nil {
			return fmt.Errorf("document %s: %w", d.id, err)
		}
		want[string(segmentLabelKey(pos, l.Label, coder))] = l
	}
	for _, k := range slices.Sorted(maps.Keys(leadLabels)) {
		if _, ok := want[k]; ok {
			continue
		}
		if err := d.segLabels.Delete([]byte(k)); err != nil {
			return err
		}
		c.use(usageSegmentLabel, leadLabels[k].Label, -1)
		rep.SegmentLabels.Removed++
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if _, ok := leadLabels[k]; ok {
			rep.SegmentLabels.Unchanged++
			continue
		}
		if _, err := c.setSegmentLabel(want[k], false); err != nil {
			return fmt.Errorf("document %s: %w", d.id, err)
		}
		rep.SegmentLabels.Added++
	}

	// The status.
	before := annotate.StatusNotStarted
	if b := d.root.Bucket(bucketStatus); b != nil {
		if v := b.Get([]byte(coder)); v != nil {
			r, err := decodeStatusRecord(v)
			if err != nil {
				return fmt.Errorf("status of %s in document %s: %w", coder, d.id, err)
			}
			before = annotate.Status(r.Status)
		}
	}
	after := pc.status.Status
	if after == "" {
		after = annotate.StatusNotStarted
	}
	if _, err := c.setStatus(d.id, coder, after, pc.status.Modified); err != nil {
		return err
	}
	if err := c.mergeCoderVariables(d, coder, pc.variables, rep); err != nil {
		return err
	}
	switch {
	case before == after && after != annotate.StatusNotStarted:
		rep.Statuses.Unchanged++
	case before == after:
	case before == annotate.StatusNotStarted:
		rep.Statuses.Added++
	case after == annotate.StatusNotStarted:
		rep.Statuses.Removed++
	default:
		rep.Statuses.Changed++
	}
	return nil
}

// sameRelation reports whether a stored relation is r.
func sameRelation(old relationRecord, r *annotate.Relation) bool {
	return old.Type == r.Type && old.From == r.From && old.To == r.To && old.Note == r.Note &&
		old.Annotator == r.Annotator && old.Created.Equal(r.Created)
}

// describeCodebookChanges says in words how the codebook now differs from
// the one a package was made with.
func describeCodebookChanges(then, now *annotate.Codebook, relabel map[string]string) []string {
	var out []string
	for _, l := range then.Labels {
		cur, ok := now.Label(l.ID)
		switch {
		case !ok && relabel[l.ID] != "":
			out = append(out, fmt.Sprintf("label %s became %s (merged or given a new id)", l.ID, relabel[l.ID]))
		case !ok:
			out = append(out, fmt.Sprintf("label %s (%s) was deleted", l.ID, l.Name))
		case cur.Name != l.Name:
			out = append(out, fmt.Sprintf("label %s was renamed from %q to %q", l.ID, l.Name, cur.Name))
		case !slices.EqualFunc(cur.Attributes, l.Attributes, sameAttribute):
			out = append(out, fmt.Sprintf("the attributes of label %s changed", l.ID))
		}
	}
	for _, l := range now.Labels {
		if _, ok := then.Label(l.ID); !ok {
			out = append(out, fmt.Sprintf("label %s (%s) was added", l.ID, l.Name))
		}
	}
	for _, t := range then.RelationTypes {
		if _, ok := now.RelationType(t.ID); !ok {
			out = append(out, fmt.Sprintf("relation type %s was removed", t.ID))
		}
	}
	for _, set := range then.SegmentLabelSets {
		for _, l := range set.Labels {
			if _, _, ok := now.SegmentLabel(l.ID); !ok {
				if to := relabel[l.ID]; to != "" {
					out = append(out, fmt.Sprintf("comment label %s was merged into %s", l.ID, to))
				} else {
					out = append(out, fmt.Sprintf("comment label %s was deleted", l.ID))
				}
			}
		}
	}
	return out
}

func sameAttribute(a, b annotate.AttributeDef) bool {
	return a.Name == b.Name && a.Kind() == b.Kind() && a.Required == b.Required && slices.Equal(a.Values, b.Values)
}

// joinChanges joins the first few codebook changes for an error message.
func joinChanges(list []string) string {
	const shown = 3
	s := ""
	for i, c := range list {
		if i == shown {
			return s + fmt.Sprintf("; and %d more", len(list)-shown)
		}
		if i > 0 {
			s += "; "
		}
		s += c
	}
	return s
}
