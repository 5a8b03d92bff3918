package storage

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// This file holds the changes of a codebook in use (annotate.CodebookEditor):
// a label renamed, merged, deleted, an attribute value removed, each with
// the data that uses it, in one transaction.

var _ annotate.CodebookEditor = (*Store)(nil)

// EditCodebook applies a codebook edit in one transaction (see
// annotate.CodebookEditor) and fills in e.Done. A refused edit changes
// nothing, e.Done included.
func (s *Store) EditCodebook(e *annotate.CodebookEdit) error {
	if e == nil || e.To == nil {
		return fmt.Errorf("edit codebook: no codebook given: %w", annotate.ErrInvalid)
	}
	if err := e.To.Validate(); err != nil {
		return fmt.Errorf("edit codebook: %w", err)
	}
	var done *annotate.CodebookData
	err := s.update("edit codebook", func(c *change) error {
		var err error
		done, err = c.editCodebook(e)
		return err
	})
	if err != nil {
		return err
	}
	e.Done = done
	return nil
}

// sameCodebook reports whether two codebooks are equal in everything a
// codebook record stores.
func sameCodebook(a, b *annotate.Codebook) bool {
	ra, rb := codebookRecordOf(a), codebookRecordOf(b)
	return bytes.Equal(ra.encode(), rb.encode())
}

func (c *change) editCodebook(e *annotate.CodebookEdit) (*annotate.CodebookData, error) {
	cur, err := c.cb()
	if err != nil {
		return nil, err
	}
	if e.From != nil && !sameCodebook(cur, e.From) {
		return nil, fmt.Errorf("edit codebook: the codebook has changed since this edit was prepared: %w", annotate.ErrInvalid)
	}
	to := annotate.CloneCodebook(e.To)
	c.setCodebook(to)
	done := &annotate.CodebookData{}
	if len(e.Relabel)+len(e.Remove)+len(e.ClearValues)+len(e.RelabelSegment)+len(e.RemoveSegment) > 0 {
		if err := c.applyCodebookRules(e, to, done); err != nil {
			return nil, err
		}
	}
	if e.Data != nil {
		if err := c.applyCodebookData(e.Data, done); err != nil {
			return nil, err
		}
	}
	if err := c.checkInUse(cur, to); err != nil {
		return nil, err
	}
	if err := c.appendCodebookLog(e.Log); err != nil {
		return nil, err
	}
	return done, nil
}

// documentIDs returns the ids of every document of the project.
func (c *change) documentIDs() ([]string, error) {
	var ids []string
	err := c.tx.Bucket(bucketDocData).ForEach(func(k, _ []byte) error {
		ids = append(ids, string(k))
		return nil
	})
	return ids, err
}

// applyCodebookRules expands the rules of e over every document.
func (c *change) applyCodebookRules(e *annotate.CodebookEdit, to *annotate.Codebook, done *annotate.CodebookData) error {
	ids, err := c.documentIDs()
	if err != nil {
		return err
	}
	remove := map[string]bool{}
	for _, l := range e.Remove {
		remove[l] = true
	}
	removeSeg := map[string]bool{}
	for _, l := range e.RemoveSegment {
		removeSeg[l] = true
	}
	spans := len(e.Relabel)+len(e.Remove)+len(e.ClearValues) > 0
	segs := len(e.RelabelSegment)+len(e.RemoveSegment) > 0
	for _, id := range ids {
		d, err := c.doc(id)
		if err != nil {
			return err
		}
		if spans {
			if err := c.relabelAnnotations(d, e, remove, to, done); err != nil {
				return err
			}
		}
		if segs {
			if err := c.relabelSegmentLabels(d, e.RelabelSegment, removeSeg, done); err != nil {
				return err
			}
		}
	}
	return nil
}

// relabelAnnotations applies the span rules of e to document d.
func (c *change) relabelAnnotations(d *docState, e *annotate.CodebookEdit, remove map[string]bool, to *annotate.Codebook, done *annotate.CodebookData) error {
	type put struct {
		key, val []byte
	}
	var puts []put
	var removed []annotate.Annotation
	err := d.annotations.ForEach(func(k, v []byte) error {
		r, err := decodeAnnotationRecord(v)
		if err != nil {
			return fmt.Errorf("annotation %q of document %s: %w", k, d.id, err)
		}
		id := string(k)
		if remove[r.Label] {
			removed = append(removed, r.annotation(d.id, id))
			return nil
		}
		changed := false
		if target, ok := e.Relabel[r.Label]; ok && target != r.Label {
			label, ok := to.Label(target)
			if !ok {
				return fmt.Errorf("annotations of %s would get label %q: %w", r.Label, target, annotate.ErrUnknownLabel)
			}
			done.Moves = append(done.Moves, annotate.LabelMove{DocumentID: d.id, AnnotationID: id, From: r.Label, To: target})
			c.use(usageLabel, r.Label, -1)
			c.use(usageLabel, target, 1)
			r.Label = target
			changed = true
			for _, name := range slices.Sorted(maps.Keys(r.Attributes)) {
				val := r.Attributes[name]
				if def, ok := label.Attribute(name); ok && (val == "" || def.Check(val) == nil) {
					continue
				}
				done.Values = append(done.Values, annotate.ValueChange{DocumentID: d.id, AnnotationID: id, Attribute: name, From: val})
				r.Attributes = withValue(r.Attributes, name, "")
			}
		}
		for _, cv := range e.ClearValues {
			if cv.Label != r.Label {
				continue
			}
			val, ok := r.Attributes[cv.Attribute]
			if !ok {
				continue
			}
			var next string
			if parts := annotate.SplitMulti(val); len(parts) > 1 {
				next = strings.Join(slices.DeleteFunc(parts, func(p string) bool { return p == cv.Value }), annotate.MultiValueSep)
			} else if val != cv.Value {
				next = val
			}
			if next == val {
				continue
			}
			done.Values = append(done.Values, annotate.ValueChange{DocumentID: d.id, AnnotationID: id, Attribute: cv.Attribute, From: val, To: next})
			r.Attributes = withValue(r.Attributes, cv.Attribute, next)
			changed = true
		}
		if changed {
			puts = append(puts, put{bytes.Clone(k), r.encode()})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range puts {
		if err := d.annotations.Put(p.key, p.val); err != nil {
			return fmt.Errorf("annotation %s: %w", p.key, err)
		}
	}
	if len(removed) == 0 {
		return nil
	}
	gone := make(map[string]bool, len(removed))
	for _, a := range removed {
		gone[a.ID] = true
	}
	rels, err := c.takeRelations(d, func(r *relationRecord) bool { return gone[r.From] || gone[r.To] })
	if err != nil {
		return err
	}
	done.RemovedRelations = append(done.RemovedRelations, rels...)
	for _, a := range removed {
		if err := c.deleteAnnotationRecord(d, a.ID, a.Label); err != nil {
			return err
		}
	}
	done.Removed = append(done.Removed, removed...)
	return nil
}

// withValue returns attrs with name set to v ("" deletes it), copied so
// that the map a caller passed in is not changed.
func withValue(attrs map[string]string, name, v string) map[string]string {
	out := maps.Clone(attrs)
	if v == "" {
		delete(out, name)
		if len(out) == 0 {
			return nil
		}
		return out
	}
	if out == nil {
		out = map[string]string{}
	}
	out[name] = v
	return out
}

// takeRelations deletes the relations of d that match, and returns them in
// the order they were added.
func (c *change) takeRelations(d *docState, match func(*relationRecord) bool) ([]annotate.Relation, error) {
	type entry struct {
		seq uint64
		rel annotate.Relation
	}
	var list []entry
	err := d.relations.ForEach(func(k, v []byte) error {
		r, err := decodeRelationRecord(v)
		if err != nil {
			return fmt.Errorf("relation %q of document %s: %w", k, d.id, err)
		}
		if match(&r) {
			list = append(list, entry{r.Seq, r.relation(d.id, string(k))})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b entry) int { return cmp.Compare(a.seq, b.seq) })
	out := make([]annotate.Relation, 0, len(list))
	for _, e := range list {
		if err := d.relations.Delete([]byte(e.rel.ID)); err != nil {
			return nil, err
		}
		c.use(usageRelationType, e.rel.Type, -1)
		out = append(out, e.rel)
	}
	return out, nil
}

// deleteAnnotationRecord deletes an annotation of d and counts it gone; the
// caller has taken its relations.
func (c *change) deleteAnnotationRecord(d *docState, id, label string) error {
	if err := d.annotations.Delete([]byte(id)); err != nil {
		return fmt.Errorf("annotation %s: %w", id, err)
	}
	d.rec.Annotations--
	d.dirty = true
	c.use(usageLabel, label, -1)
	return nil
}

// relabelSegmentLabels applies the segment-label rules to document d. A
// segment that would have a label twice by one annotator keeps one.
func (c *change) relabelSegmentLabels(d *docState, relabel map[string]string, remove map[string]bool, done *annotate.CodebookData) error {
	type put struct {
		key, val []byte
		l        annotate.SegmentLabel
	}
	var dels [][]byte
	var puts []put
	err := d.segLabels.ForEach(func(k, v []byte) error {
		r, err := decodeSegmentLabelRecord(v)
		if err != nil {
			return fmt.Errorf("segment label %q of document %s: %w", k, d.id, err)
		}
		target, move := relabel[r.Label]
		if !move && !remove[r.Label] {
			return nil
		}
		dels = append(dels, bytes.Clone(k))
		done.RemovedSegmentLabels = append(done.RemovedSegmentLabels, r.segmentLabel(d.id))
		c.use(usageSegmentLabel, r.Label, -1)
		if move {
			r.Label = target
			key := segmentLabelKey(be64(k[:8]), target, r.Annotator)
			puts = append(puts, put{key, r.encode(), r.segmentLabel(d.id)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range dels {
		if err := d.segLabels.Delete(k); err != nil {
			return err
		}
	}
	for _, p := range puts {
		if d.segLabels.Get(p.key) != nil {
			continue
		}
		if err := d.segLabels.Put(p.key, p.val); err != nil {
			return err
		}
		c.use(usageSegmentLabel, p.l.Label, 1)
		done.AddedSegmentLabels = append(done.AddedSegmentLabels, p.l)
	}
	return nil
}

// applyCodebookData applies an exact data change, each item checked
// against what is stored.
func (c *change) applyCodebookData(data *annotate.CodebookData, done *annotate.CodebookData) error {
	for _, m := range data.Moves {
		d, r, err := c.annotationRecord(m.DocumentID, m.AnnotationID)
		if err != nil {
			return err
		}
		if r.Label != m.From {
			return fmt.Errorf("annotation %s has label %s, not %s: %w", m.AnnotationID, r.Label, m.From, annotate.ErrInvalid)
		}
		r.Label = m.To
		if err := d.annotations.Put([]byte(m.AnnotationID), r.encode()); err != nil {
			return err
		}
		c.use(usageLabel, m.From, -1)
		c.use(usageLabel, m.To, 1)
		done.Moves = append(done.Moves, m)
	}
	for _, v := range data.Values {
		d, r, err := c.annotationRecord(v.DocumentID, v.AnnotationID)
		if err != nil {
			return err
		}
		if r.Attributes[v.Attribute] != v.From {
			return fmt.Errorf("annotation %s attribute %s is %q, not %q: %w", v.AnnotationID, v.Attribute, r.Attributes[v.Attribute], v.From, annotate.ErrInvalid)
		}
		r.Attributes = withValue(r.Attributes, v.Attribute, v.To)
		if err := d.annotations.Put([]byte(v.AnnotationID), r.encode()); err != nil {
			return err
		}
		done.Values = append(done.Values, v)
	}
	for _, rel := range data.RemovedRelations {
		d, err := c.doc(rel.DocumentID)
		if err != nil {
			return err
		}
		v := d.relations.Get([]byte(rel.ID))
		if v == nil {
			return fmt.Errorf("relation %q of document %s: %w", rel.ID, rel.DocumentID, annotate.ErrNotFound)
		}
		r, err := decodeRelationRecord(v)
		if err != nil {
			return fmt.Errorf("relation %q: %w", rel.ID, err)
		}
		if err := d.relations.Delete([]byte(rel.ID)); err != nil {
			return err
		}
		c.use(usageRelationType, r.Type, -1)
		done.RemovedRelations = append(done.RemovedRelations, r.relation(d.id, rel.ID))
	}
	touched := map[*docState]map[string]bool{}
	for _, a := range data.Removed {
		d, r, err := c.annotationRecord(a.DocumentID, a.ID)
		if err != nil {
			return err
		}
		if err := c.deleteAnnotationRecord(d, a.ID, r.Label); err != nil {
			return err
		}
		if touched[d] == nil {
			touched[d] = map[string]bool{}
		}
		touched[d][a.ID] = true
		done.Removed = append(done.Removed, r.annotation(d.id, a.ID))
	}
	for d, gone := range touched {
		linked, err := c.takeRelations(d, func(r *relationRecord) bool { return gone[r.From] || gone[r.To] })
		if err != nil {
			return err
		}
		if len(linked) > 0 {
			return fmt.Errorf("annotation of document %s that this edit removes has relation %s, which it keeps: %w", d.id, linked[0].ID, annotate.ErrInvalid)
		}
	}
	for _, l := range data.RemovedSegmentLabels {
		d, pos, err := c.segmentLabelTarget(&l)
		if err != nil {
			return err
		}
		key := segmentLabelKey(pos, l.Label, l.Annotator)
		if d.segLabels.Get(key) == nil {
			return fmt.Errorf("segment label %s by %s on segment %q of document %s: %w", l.Label, l.Annotator, l.SegmentID, d.id, annotate.ErrNotFound)
		}
		if err := d.segLabels.Delete(key); err != nil {
			return err
		}
		c.use(usageSegmentLabel, l.Label, -1)
		done.RemovedSegmentLabels = append(done.RemovedSegmentLabels, l)
	}
	for i := range data.Added {
		a := data.Added[i]
		if err := c.addAnnotation(&a, true); err != nil {
			return fmt.Errorf("put back annotation %s: %w", a.ID, err)
		}
		done.Added = append(done.Added, a)
	}
	for i := range data.AddedRelations {
		r := data.AddedRelations[i]
		if err := c.addRelation(&r); err != nil {
			return fmt.Errorf("put back relation %s: %w", r.ID, err)
		}
		done.AddedRelations = append(done.AddedRelations, r)
	}
	for i := range data.AddedSegmentLabels {
		l := data.AddedSegmentLabels[i]
		if _, err := c.setSegmentLabel(&l, false); err != nil {
			return fmt.Errorf("put back segment label %s: %w", l.Label, err)
		}
		done.AddedSegmentLabels = append(done.AddedSegmentLabels, l)
	}
	return nil
}

// annotationRecord returns a stored annotation's document and record.
func (c *change) annotationRecord(docID, id string) (*docState, annotationRecord, error) {
	d, err := c.doc(docID)
	if err != nil {
		return nil, annotationRecord{}, err
	}
	v := d.annotations.Get([]byte(id))
	if v == nil {
		return nil, annotationRecord{}, fmt.Errorf("annotation %q of document %s: %w", id, docID, annotate.ErrNotFound)
	}
	r, err := decodeAnnotationRecord(v)
	if err != nil {
		return nil, annotationRecord{}, fmt.Errorf("annotation %q of document %s: %w", id, docID, err)
	}
	return d, r, nil
}

// checkInUse refuses a new codebook to that lacks what stored data uses:
// labels, relation types and segment labels (by the usage counts and this
// transaction's changes of them), attribute values of labels whose schema
// changed from cur, and variable values if the variables changed.
func (c *change) checkInUse(cur, to *annotate.Codebook) error {
	counts := map[usageRef]int64{}
	err := c.tx.Bucket(bucketUsage).ForEach(func(k, v []byte) error {
		if len(k) < 2 || len(v) != 8 {
			return fmt.Errorf("usage count %q: %w", k, ErrDamaged)
		}
		counts[usageRef{k[0], string(k[1:])}] = int64(be64(v))
		return nil
	})
	if err != nil {
		return err
	}
	for ref, delta := range c.usage {
		counts[ref] += delta
	}
	for _, ref := range slices.SortedFunc(maps.Keys(counts), compareUsage) {
		n := counts[ref]
		if n <= 0 {
			continue
		}
		var kept bool
		var what string
		switch ref.kind {
		case usageLabel:
			_, kept = to.Label(ref.id)
			what = "label %q, which %d annotations still use"
		case usageRelationType:
			_, kept = to.RelationType(ref.id)
			what = "relation type %q, which %d relations still use"
		case usageSegmentLabel:
			_, _, kept = to.SegmentLabel(ref.id)
			what = "segment label %q, which %d segment labels still use"
		default:
			return fmt.Errorf("usage count %q: %w", ref.id, ErrDamaged)
		}
		if !kept {
			return fmt.Errorf("the new codebook drops the "+what+": %w", ref.id, n, annotate.ErrInvalid)
		}
	}
	if err := c.checkValuesInUse(cur, to); err != nil {
		return err
	}
	return c.checkVariablesInUse(cur, to)
}

// checkValuesInUse scans the annotations of labels whose attribute schema
// changed and refuses values the new schema does not allow.
func (c *change) checkValuesInUse(cur, to *annotate.Codebook) error {
	changed := map[string]*annotate.Label{}
	for i := range to.Labels {
		l := &to.Labels[i]
		old, ok := cur.Label(l.ID)
		if ok && !reflect.DeepEqual(old.Attributes, l.Attributes) {
			changed[l.ID] = l
		}
	}
	if len(changed) == 0 {
		return nil
	}
	bad := map[annotate.AttributeValue]int{}
	ids, err := c.documentIDs()
	if err != nil {
		return err
	}
	for _, id := range ids {
		b, err := openDocBuckets(c.tx, id)
		if err != nil {
			return err
		}
		err = b.annotations.ForEach(func(k, v []byte) error {
			r, err := decodeAnnotationRecord(v)
			if err != nil {
				return fmt.Errorf("annotation %q of document %s: %w", k, id, err)
			}
			l := changed[r.Label]
			if l == nil {
				return nil
			}
			for name, val := range r.Attributes {
				if val == "" {
					continue
				}
				def, ok := l.Attribute(name)
				if !ok {
					bad[annotate.AttributeValue{Label: l.ID, Attribute: name}]++
					continue
				}
				if def.Kind() == annotate.AttrMulti {
					for _, p := range annotate.SplitMulti(val) {
						if def.Check(p) != nil {
							bad[annotate.AttributeValue{Label: l.ID, Attribute: name, Value: p}]++
						}
					}
				} else if def.Check(val) != nil {
					bad[annotate.AttributeValue{Label: l.ID, Attribute: name, Value: val}]++
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if len(bad) == 0 {
		return nil
	}
	keys := slices.SortedFunc(maps.Keys(bad), func(a, b annotate.AttributeValue) int {
		return cmp.Or(cmp.Compare(a.Label, b.Label), cmp.Compare(a.Attribute, b.Attribute), cmp.Compare(a.Value, b.Value))
	})
	k := keys[0]
	if k.Value == "" {
		return fmt.Errorf("the new codebook drops attribute %s of label %s, which %d annotations hold: %w", k.Attribute, k.Label, bad[k], annotate.ErrInvalid)
	}
	return fmt.Errorf("the new codebook does not allow value %q of label %s attribute %s, which %d annotations hold: %w", k.Value, k.Label, k.Attribute, bad[k], annotate.ErrInvalid)
}

// checkVariablesInUse refuses, if the variables changed, a codebook that
// lacks a variable a document has a value of or does not allow the value.
func (c *change) checkVariablesInUse(cur, to *annotate.Codebook) error {
	if reflect.DeepEqual(cur.Variables, to.Variables) {
		return nil
	}
	docs := c.tx.Bucket(bucketDocuments)
	return docs.ForEach(func(k, v []byte) error {
		vars := map[string]string(nil)
		if d, ok := c.docs[string(k)]; ok {
			vars = d.rec.Variables
		} else {
			r, err := decodeDocumentRecord(v, false)
			if err != nil {
				return fmt.Errorf("document %q: %w", k, err)
			}
			vars = r.Variables
		}
		if err := checkVariables(to, string(k), vars, "the new codebook"); err != nil {
			return fmt.Errorf("%w (a codebook change cannot drop it: %w)", err, annotate.ErrInvalid)
		}
		return nil
	})
}

// CodebookUsage counts what stored data uses of the codebook (see
// annotate.Usage). Labels, relation types and segment labels come from the
// usage counts; attribute values and variables from a scan of the
// annotations and document records.
func (s *Store) CodebookUsage() (annotate.Usage, error) {
	u := annotate.Usage{
		Labels:        map[string]int{},
		RelationTypes: map[string]int{},
		SegmentLabels: map[string]int{},
		Values:        map[annotate.AttributeValue]int{},
		Variables:     map[string]int{},
	}
	err := s.view(func(tx *bbolt.Tx) error {
		err := tx.Bucket(bucketUsage).ForEach(func(k, v []byte) error {
			if len(k) < 2 || len(v) != 8 {
				return fmt.Errorf("usage count %q: %w", k, ErrDamaged)
			}
			n, id := int(be64(v)), string(k[1:])
			switch k[0] {
			case usageLabel:
				u.Labels[id] = n
			case usageRelationType:
				u.RelationTypes[id] = n
			case usageSegmentLabel:
				u.SegmentLabels[id] = n
			}
			return nil
		})
		if err != nil {
			return err
		}
		cb, err := getCodebook(tx)
		if err != nil {
			return err
		}
		multi := map[[2]string]bool{} // label, attribute
		for _, l := range cb.Labels {
			for _, a := range l.Attributes {
				if a.Kind() == annotate.AttrMulti {
					multi[[2]string{l.ID, a.Name}] = true
				}
			}
		}
		err = tx.Bucket(bucketDocuments).ForEach(func(k, v []byte) error {
			r, err := decodeDocumentRecord(v, false)
			if err != nil {
				return fmt.Errorf("document %q: %w", k, err)
			}
			for id, val := range r.Variables {
				if val != "" {
					u.Variables[id]++
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketDocData).ForEach(func(k, _ []byte) error {
			b, err := openDocBuckets(tx, string(k))
			if err != nil {
				return err
			}
			return b.annotations.ForEach(func(ak, v []byte) error {
				r, err := decodeAnnotationRecord(v)
				if err != nil {
					return fmt.Errorf("annotation %q of document %s: %w", ak, k, err)
				}
				for name, val := range r.Attributes {
					if val == "" {
						continue
					}
					if multi[[2]string{r.Label, name}] {
						for _, p := range annotate.SplitMulti(val) {
							u.Values[annotate.AttributeValue{Label: r.Label, Attribute: name, Value: p}]++
						}
						continue
					}
					u.Values[annotate.AttributeValue{Label: r.Label, Attribute: name, Value: val}]++
				}
				return nil
			})
		})
	})
	return u, err
}
