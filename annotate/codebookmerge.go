package annotate

import (
	"fmt"
	"slices"
	"strings"
)

// CodebookMergeReport says what merging a codebook into a project's
// changed, entry by entry, each named as "label PER" or "variable outlet".
type CodebookMergeReport struct {
	Added   []string
	Renamed []string // "label PER → PERSON" (an id matched by GUID) or a new name
	Changed []string // other fields taken from the incoming codebook
	Kept    []string // entries the incoming codebook lacks, kept as they are
	Notes   []string // what could not be taken as it came (a hotkey already bound, ...)
}

// Empty reports whether the merge changes nothing.
func (r *CodebookMergeReport) Empty() bool {
	return len(r.Added)+len(r.Renamed)+len(r.Changed) == 0
}

// Summary is the report in one line, for the change list.
func (r *CodebookMergeReport) Summary() string {
	return fmt.Sprintf("%d added, %d renamed, %d changed, %d kept", len(r.Added), len(r.Renamed), len(r.Changed), len(r.Kept))
}

// MergeCodebook merges the codebook in into cur and returns the result: an
// entry of in matches an entry of cur by GUID when both have one, else by
// id. A matched entry takes in's fields (a new id too, when matched by
// GUID: the returned relabel maps then say which labels' uses must
// follow); its attribute values and variable choices that in lacks are
// kept, so that no stored value loses its definition. An entry of in
// without a match is added; an entry of cur without one is kept. Nothing is
// dropped, so the merge never drops an annotation.
func MergeCodebook(cur, in *Codebook) (merged *Codebook, relabel, relabelSegment map[string]string, rep CodebookMergeReport, err error) {
	if in == nil {
		return nil, nil, nil, rep, fmt.Errorf("merge codebook: no codebook given: %w", ErrInvalid)
	}
	merged = cloneCodebook(cur)
	in = cloneCodebook(in)
	if merged.Name == "" {
		merged.Name = in.Name
	}
	relabel, relabelSegment = map[string]string{}, map[string]string{}

	// Span labels.
	matched := map[string]bool{}
	for _, l := range in.Labels {
		i := matchIndex(merged.Labels, l.GUID, l.ID, func(x Label) (string, string) { return x.GUID, x.ID })
		if i < 0 {
			continue
		}
		old := merged.Labels[i]
		matched[old.ID] = true
		if old.ID != l.ID {
			relabel[old.ID] = l.ID
		}
	}
	var labels []Label
	for _, l := range in.Labels {
		i := matchIndex(merged.Labels, l.GUID, l.ID, func(x Label) (string, string) { return x.GUID, x.ID })
		what := "label " + l.ID
		if i < 0 {
			labels = append(labels, l)
			rep.Added = append(rep.Added, what)
			continue
		}
		old := merged.Labels[i]
		if old.ID != l.ID {
			rep.Renamed = append(rep.Renamed, fmt.Sprintf("label %s → %s", old.ID, l.ID))
		} else if old.Name != l.Name {
			rep.Renamed = append(rep.Renamed, fmt.Sprintf("label %s %q → %q", l.ID, old.Name, l.Name))
		}
		if l.GUID == "" {
			l.GUID = old.GUID
		}
		l.Attributes = keepAttributeValues(old.Attributes, l.Attributes)
		cmp := l
		cmp.ID, cmp.Name = old.ID, old.Name
		if !sameLabel(&old, &cmp) && old.ID == l.ID {
			rep.Changed = append(rep.Changed, what)
		}
		labels = append(labels, l)
	}
	for _, old := range merged.Labels {
		if matched[old.ID] {
			continue
		}
		if _, taken := idOfTaken(labels, old.ID); taken {
			return nil, nil, nil, rep, fmt.Errorf("merge codebook: label %s of the project and a label of the file that is another (by its GUID) share the id: %w", old.ID, ErrDuplicate)
		}
		labels = append(labels, old)
		rep.Kept = append(rep.Kept, "label "+old.ID)
	}
	for i := range labels {
		if p, ok := relabel[labels[i].Parent]; ok {
			labels[i].Parent = p
		}
	}
	// Hotkeys: the first label (in the new order) keeps a key bound twice.
	keys := map[string]string{}
	for i := range labels {
		k := strings.ToUpper(labels[i].Hotkey)
		if k == "" {
			continue
		}
		if other, dup := keys[k]; dup {
			rep.Notes = append(rep.Notes, fmt.Sprintf("label %s loses hotkey %s, which label %s has", labels[i].ID, labels[i].Hotkey, other))
			labels[i].Hotkey = ""
			continue
		}
		keys[k] = labels[i].ID
	}
	merged.Labels = labels

	// Relation types, by id.
	var types []RelationType
	seenType := map[string]bool{}
	for _, t := range in.RelationTypes {
		seenType[t.ID] = true
		if old, ok := cur.RelationType(t.ID); ok {
			if !slices.Equal(old.From, t.From) || !slices.Equal(old.To, t.To) || old.Name != t.Name || old.Description != t.Description || old.Directed != t.Directed {
				rep.Changed = append(rep.Changed, "relation type "+t.ID)
			}
		} else {
			rep.Added = append(rep.Added, "relation type "+t.ID)
		}
		types = append(types, t)
	}
	for _, t := range merged.RelationTypes {
		if !seenType[t.ID] {
			types = append(types, t)
			rep.Kept = append(rep.Kept, "relation type "+t.ID)
		}
	}
	for i := range types {
		for j, l := range types[i].From {
			if p, ok := relabel[l]; ok {
				types[i].From[j] = p
			}
		}
		for j, l := range types[i].To {
			if p, ok := relabel[l]; ok {
				types[i].To[j] = p
			}
		}
	}
	merged.RelationTypes = types

	// Segment-label sets and their labels.
	var sets []SegmentLabelSet
	matchedSet := map[string]bool{}
	for _, s := range in.SegmentLabelSets {
		i := matchIndex(merged.SegmentLabelSets, s.GUID, s.ID, func(x SegmentLabelSet) (string, string) { return x.GUID, x.ID })
		if i < 0 {
			sets = append(sets, s)
			rep.Added = append(rep.Added, "segment label set "+s.ID)
			continue
		}
		old := merged.SegmentLabelSets[i]
		matchedSet[old.ID] = true
		if old.Name != s.Name || old.Exclusive != s.Exclusive || old.Description != s.Description || old.ID != s.ID {
			rep.Changed = append(rep.Changed, "segment label set "+s.ID)
		}
		if s.GUID == "" {
			s.GUID = old.GUID
		}
		var ls []SegmentLabelDef
		matchedLabel := map[string]bool{}
		for _, l := range s.Labels {
			j := matchIndex(old.Labels, l.GUID, l.ID, func(x SegmentLabelDef) (string, string) { return x.GUID, x.ID })
			if j < 0 {
				ls = append(ls, l)
				rep.Added = append(rep.Added, "segment label "+l.ID)
				continue
			}
			o := old.Labels[j]
			matchedLabel[o.ID] = true
			if o.ID != l.ID {
				relabelSegment[o.ID] = l.ID
				rep.Renamed = append(rep.Renamed, fmt.Sprintf("segment label %s → %s", o.ID, l.ID))
			} else if o.Name != l.Name {
				rep.Renamed = append(rep.Renamed, fmt.Sprintf("segment label %s %q → %q", l.ID, o.Name, l.Name))
			} else if o.Color != l.Color || o.Description != l.Description {
				rep.Changed = append(rep.Changed, "segment label "+l.ID)
			}
			if l.GUID == "" {
				l.GUID = o.GUID
			}
			ls = append(ls, l)
		}
		for _, o := range old.Labels {
			if !matchedLabel[o.ID] {
				ls = append(ls, o)
				rep.Kept = append(rep.Kept, "segment label "+o.ID)
			}
		}
		s.Labels = ls
		sets = append(sets, s)
	}
	for _, s := range merged.SegmentLabelSets {
		if !matchedSet[s.ID] {
			sets = append(sets, s)
			rep.Kept = append(rep.Kept, "segment label set "+s.ID)
		}
	}
	merged.SegmentLabelSets = sets

	// Variables.
	var vars []VariableDef
	matchedVar := map[string]bool{}
	for _, v := range in.Variables {
		i := matchIndex(merged.Variables, v.GUID, v.ID, func(x VariableDef) (string, string) { return x.GUID, x.ID })
		if i < 0 {
			vars = append(vars, v)
			rep.Added = append(rep.Added, "variable "+v.ID)
			continue
		}
		old := merged.Variables[i]
		matchedVar[old.ID] = true
		if old.ID != v.ID {
			// Documents keep values by variable id: a renamed id would
			// orphan them, so the project's id stays.
			rep.Notes = append(rep.Notes, fmt.Sprintf("variable %s keeps its id (the file calls it %s)", old.ID, v.ID))
			v.ID = old.ID
		}
		if v.GUID == "" {
			v.GUID = old.GUID
		}
		for _, x := range old.Values {
			if !slices.Contains(v.Values, x) {
				v.Values = append(v.Values, x)
			}
		}
		if old.Name != v.Name {
			rep.Renamed = append(rep.Renamed, fmt.Sprintf("variable %s %q → %q", v.ID, old.Name, v.Name))
		} else if old.Type != v.Type || old.Description != v.Description || !slices.Equal(old.Values, v.Values) {
			rep.Changed = append(rep.Changed, "variable "+v.ID)
		}
		vars = append(vars, v)
	}
	for _, v := range merged.Variables {
		if !matchedVar[v.ID] {
			vars = append(vars, v)
			rep.Kept = append(rep.Kept, "variable "+v.ID)
		}
	}
	merged.Variables = vars

	if len(relabel) == 0 {
		relabel = nil
	}
	if len(relabelSegment) == 0 {
		relabelSegment = nil
	}
	if err := merged.Validate(); err != nil {
		return nil, nil, nil, rep, fmt.Errorf("merge codebook: %w", err)
	}
	return merged, relabel, relabelSegment, rep, nil
}

// matchIndex returns the index of the entry of list that matches guid (if
// both have one) or else id, or -1.
func matchIndex[T any](list []T, guid, id string, key func(T) (string, string)) int {
	if guid != "" {
		for i, x := range list {
			if g, _ := key(x); g != "" && strings.EqualFold(g, guid) {
				return i
			}
		}
	}
	for i, x := range list {
		if g, xid := key(x); xid == id && (g == "" || guid == "" || strings.EqualFold(g, guid)) {
			return i
		}
	}
	return -1
}

// idOfTaken reports whether labels has a label with id.
func idOfTaken(labels []Label, id string) (int, bool) {
	i := slices.IndexFunc(labels, func(l Label) bool { return l.ID == id })
	return i, i >= 0
}

// keepAttributeValues returns next with the attributes and values of prev
// that it lacks appended, so that values held by annotations stay defined.
func keepAttributeValues(prev, next []AttributeDef) []AttributeDef {
	for _, p := range prev {
		i := slices.IndexFunc(next, func(a AttributeDef) bool { return a.Name == p.Name })
		if i < 0 {
			next = append(next, p)
			continue
		}
		for _, v := range p.Values {
			if len(next[i].Values) > 0 && !slices.Contains(next[i].Values, v) {
				next[i].Values = append(next[i].Values, v)
			}
		}
	}
	return next
}

// sameLabel reports whether two labels are equal in every field.
func sameLabel(a, b *Label) bool {
	if a.ID != b.ID || a.Name != b.Name || a.Kind != b.Kind || a.Parent != b.Parent || a.Color != b.Color ||
		a.Hotkey != b.Hotkey || a.Description != b.Description || a.GUID != b.GUID ||
		!slices.Equal(a.Examples, b.Examples) || len(a.Attributes) != len(b.Attributes) {
		return false
	}
	for i := range a.Attributes {
		x, y := a.Attributes[i], b.Attributes[i]
		if x.Name != y.Name || x.Description != y.Description || x.Type != y.Type || x.Required != y.Required || !slices.Equal(x.Values, y.Values) {
			return false
		}
	}
	return true
}

// NewImportCodebook returns the change that merges the codebook in (from
// the file named source) into the project's codebook cur, as
// MergeCodebook does, and what it changes. Labels matched by GUID under
// another id take the file's id, and their annotations follow.
func NewImportCodebook(cur, in *Codebook, source string) (*EditCodebook, CodebookMergeReport, error) {
	merged, relabel, relabelSeg, rep, err := MergeCodebook(cur, in)
	if err != nil {
		return nil, rep, err
	}
	e := &CodebookEdit{
		From:           cloneCodebook(cur),
		To:             merged,
		Relabel:        relabel,
		RelabelSegment: relabelSeg,
		Log:            CodebookLogEntry{What: fmt.Sprintf("import codebook %s (%s)", source, rep.Summary())},
	}
	if len(relabel)+len(relabelSeg) > 0 {
		e.Log.Relabel = map[string]string{}
		for k, v := range relabel {
			e.Log.Relabel[k] = v
		}
		for k, v := range relabelSeg {
			e.Log.Relabel[k] = v
		}
	}
	return &EditCodebook{Edit: e}, rep, nil
}
