package annotate

import (
	"fmt"
	"maps"
	"slices"
)

// The changes in this file edit the codebook of a project that is in use:
// a label renamed, merged into another or deleted, an attribute value
// removed, any other edit of the codebook. Each is one transaction of a
// store that is a CodebookEditor, one undoable step, and one entry of the
// codebook's change list.

// CodebookEditor is implemented by a store that can change a codebook in
// use together with the annotations that use it, and keeps the codebook's
// change list and the documents' variables. Each method is one
// transaction. It is apart from Store so that test doubles of Store need
// not implement it; the changes that need it fail on a store without it.
type CodebookEditor interface {
	// EditCodebook applies e if the codebook is still e.From (any codebook
	// when e.From is nil): it moves, clears and removes the data e's rules
	// and e.Data name, stores e.To, and appends e.Log to the change list.
	// It fills in e.Done with what it did to the data, so that e.Inverse
	// undoes it. It refuses, with an error wrapping ErrInvalid and changing
	// nothing, an edit after which stored data would use a label, relation
	// type, segment label, attribute value or variable that e.To lacks.
	EditCodebook(e *CodebookEdit) error
	// CodebookLog returns the codebook's change list, oldest first.
	CodebookLog() ([]CodebookLogEntry, error)
	// CodebookUsage counts what stored data uses of the codebook.
	CodebookUsage() (Usage, error)
	// SetDocumentVariables replaces the variable values of a document
	// (variable id → value; "" or a missing id means no value), each
	// checked against the codebook's VariableDef.
	SetDocumentVariables(docID string, values map[string]string) error
}

// AttributeValue names one value of one attribute of a span label.
type AttributeValue struct {
	Label, Attribute, Value string
}

// Usage counts what stored data uses of the codebook: annotations per span
// label, relations per relation type, segment labels per segment label,
// annotations per attribute value (a multiple-choice value counts each of
// its parts) and documents per variable (those with a value).
type Usage struct {
	Labels        map[string]int
	RelationTypes map[string]int
	SegmentLabels map[string]int
	Values        map[AttributeValue]int
	Variables     map[string]int
}

// LabelMove is one annotation given another span label.
type LabelMove struct {
	DocumentID, AnnotationID string
	From, To                 string
}

// ValueChange is one attribute value of one annotation changed (To "":
// cleared).
type ValueChange struct {
	DocumentID, AnnotationID string
	Attribute                string
	From, To                 string
}

// CodebookData is what a codebook edit does to the data, each item
// exactly: the store applies it in the order of the fields, and its
// Inverse undoes it.
type CodebookData struct {
	Moves  []LabelMove
	Values []ValueChange
	// Removed annotations go with RemovedRelations; their other relations
	// must be in RemovedRelations too.
	RemovedRelations     []Relation
	Removed              []Annotation
	RemovedSegmentLabels []SegmentLabel
	Added                []Annotation // put back with their ids and times
	AddedRelations       []Relation
	AddedSegmentLabels   []SegmentLabel
}

// Empty reports whether d changes nothing.
func (d *CodebookData) Empty() bool {
	return d == nil || len(d.Moves)+len(d.Values)+len(d.RemovedRelations)+len(d.Removed)+
		len(d.RemovedSegmentLabels)+len(d.Added)+len(d.AddedRelations)+len(d.AddedSegmentLabels) == 0
}

// Inverse returns the data change that undoes d.
func (d *CodebookData) Inverse() *CodebookData {
	if d == nil {
		return nil
	}
	inv := &CodebookData{
		Removed:              slices.Clone(d.Added),
		RemovedRelations:     slices.Clone(d.AddedRelations),
		RemovedSegmentLabels: slices.Clone(d.AddedSegmentLabels),
		Added:                slices.Clone(d.Removed),
		AddedRelations:       slices.Clone(d.RemovedRelations),
		AddedSegmentLabels:   slices.Clone(d.RemovedSegmentLabels),
	}
	for _, m := range d.Moves {
		inv.Moves = append(inv.Moves, LabelMove{DocumentID: m.DocumentID, AnnotationID: m.AnnotationID, From: m.To, To: m.From})
	}
	for _, v := range d.Values {
		inv.Values = append(inv.Values, ValueChange{DocumentID: v.DocumentID, AnnotationID: v.AnnotationID, Attribute: v.Attribute, From: v.To, To: v.From})
	}
	return inv
}

// CodebookEdit is one change of a codebook in use, applied by
// CodebookEditor.EditCodebook in one transaction.
//
// The rules (Relabel, RelabelSegment, Remove, RemoveSegment, ClearValues)
// say what happens to every item that uses an entry; the store turns them
// into the exact list Done. Data is such an exact list given by the caller:
// Inverse puts there what undoes Done. The store applies the rules first,
// then Data.
type CodebookEdit struct {
	From *Codebook // the codebook the edit was prepared on; nil: any
	To   *Codebook // the codebook after the edit

	// Relabel gives every annotation with a key's label the value's label
	// (a new id, a merge, a delete that moves). An annotation's attribute
	// values that the new label does not allow are cleared.
	Relabel map[string]string
	// RelabelSegment does the same for segment labels. A segment that would
	// have the new label twice by one annotator keeps it once.
	RelabelSegment map[string]string
	// Remove lists span labels whose annotations are removed with their
	// relations; RemoveSegment segment labels whose uses are taken off.
	Remove        []string
	RemoveSegment []string
	// ClearValues takes values out of the annotations holding them (of a
	// multiple choice, only that value).
	ClearValues []AttributeValue

	// Data is applied exactly, after the rules.
	Data *CodebookData

	// Log is the change list entry; the store sets its Time if zero.
	Log CodebookLogEntry

	// Done is filled in by EditCodebook: every item the edit changed,
	// Data's included.
	Done *CodebookData
}

// Inverse returns the edit that undoes e after it was applied.
func (e *CodebookEdit) Inverse() *CodebookEdit {
	inv := &CodebookEdit{
		From: e.To,
		To:   e.From,
		Data: e.Done.Inverse(),
		Log:  CodebookLogEntry{Annotator: e.Log.Annotator, What: "undo " + e.Log.What},
	}
	// Undoing a rename of ids renames them back; the undo of a merge or a
	// delete names no relabelling, since it splits a label.
	if len(e.Log.Relabel) > 0 {
		back := map[string]string{}
		for from, to := range e.Log.Relabel {
			if _, taken := back[to]; taken || e.From == nil || hasEntry(e.From, to) {
				back = nil
				break
			}
			back[to] = from
		}
		inv.Log.Relabel = back
	}
	return inv
}

// hasEntry reports whether cb has a span label or segment label id.
func hasEntry(cb *Codebook, id string) bool {
	if _, ok := cb.Label(id); ok {
		return true
	}
	_, _, ok := cb.SegmentLabel(id)
	return ok
}

// EditCodebook is an undoable codebook change (History.Do it).
type EditCodebook struct {
	Edit *CodebookEdit
	// undo is the inverse of the last Apply, for Revert.
	undo *CodebookEdit
}

// By sets the annotator the change list names, and returns c.
func (c *EditCodebook) By(annotator string) *EditCodebook {
	c.Edit.Log.Annotator = annotator
	return c
}

// codebookEditor returns s as a CodebookEditor.
func codebookEditor(s Store) (CodebookEditor, error) {
	e, ok := s.(CodebookEditor)
	if !ok {
		return nil, fmt.Errorf("this project cannot change its codebook in use: %w", ErrInvalid)
	}
	return e, nil
}

// Apply implements Change.
func (c *EditCodebook) Apply(s Store) error {
	ed, err := codebookEditor(s)
	if err != nil {
		return err
	}
	e := *c.Edit
	e.Done = nil
	e.Log.Time = c.Edit.Log.Time
	if err := ed.EditCodebook(&e); err != nil {
		return err
	}
	c.Edit.Done = e.Done
	c.undo = e.Inverse()
	return nil
}

// Revert implements Change.
func (c *EditCodebook) Revert(s Store) error {
	ed, err := codebookEditor(s)
	if err != nil {
		return err
	}
	if c.undo == nil {
		return fmt.Errorf("%s was never done: %w", c.Describe(), ErrInvalid)
	}
	u := *c.undo
	u.Done = nil
	return ed.EditCodebook(&u)
}

// Describe implements Change.
func (c *EditCodebook) Describe() string { return c.Edit.Log.What }

// cloneCodebook returns a deep copy of cb, so that an edit can change it
// without touching the caller's.
func cloneCodebook(cb *Codebook) *Codebook {
	if cb == nil {
		return &Codebook{}
	}
	out := *cb
	out.Labels = slices.Clone(cb.Labels)
	for i := range out.Labels {
		l := &out.Labels[i]
		l.Examples = slices.Clone(l.Examples)
		l.Attributes = slices.Clone(l.Attributes)
		for j := range l.Attributes {
			l.Attributes[j].Values = slices.Clone(l.Attributes[j].Values)
		}
	}
	out.RelationTypes = slices.Clone(cb.RelationTypes)
	for i := range out.RelationTypes {
		t := &out.RelationTypes[i]
		t.From, t.To = slices.Clone(t.From), slices.Clone(t.To)
	}
	out.SegmentLabelSets = slices.Clone(cb.SegmentLabelSets)
	for i := range out.SegmentLabelSets {
		out.SegmentLabelSets[i].Labels = slices.Clone(out.SegmentLabelSets[i].Labels)
	}
	out.Variables = slices.Clone(cb.Variables)
	for i := range out.Variables {
		out.Variables[i].Values = slices.Clone(out.Variables[i].Values)
	}
	return &out
}

// CloneCodebook returns a deep copy of cb, for an editor to change.
func CloneCodebook(cb *Codebook) *Codebook { return cloneCodebook(cb) }

// replaceLabelRefs points the codebook's references to span label from
// (parents, relation type ends) at to; to "" drops them (children move up
// to from's parent).
func replaceLabelRefs(cb *Codebook, from, to, fromParent string) {
	for i := range cb.Labels {
		if cb.Labels[i].Parent == from {
			if to == "" {
				cb.Labels[i].Parent = fromParent
			} else {
				cb.Labels[i].Parent = to
			}
		}
	}
	fix := func(ends []string) []string {
		var out []string
		for _, id := range ends {
			if id == from {
				id = to
			}
			if id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		return out
	}
	for i := range cb.RelationTypes {
		t := &cb.RelationTypes[i]
		t.From, t.To = fix(t.From), fix(t.To)
	}
}

// NewUpdateCodebook returns the change from codebook before to after that
// moves no data: labels, fields, keys, colours, groups, definitions,
// examples, attributes, relation types, segment-label sets and variables
// added, reordered or edited. The store refuses it if stored data uses
// something after lacks.
func NewUpdateCodebook(before, after *Codebook) (*EditCodebook, error) {
	if after == nil {
		return nil, fmt.Errorf("update codebook: no codebook given: %w", ErrInvalid)
	}
	if err := after.Validate(); err != nil {
		return nil, err
	}
	return &EditCodebook{Edit: &CodebookEdit{
		From: cloneCodebook(before),
		To:   cloneCodebook(after),
		Log:  CodebookLogEntry{What: "edit codebook"},
	}}, nil
}

// NewRenameLabel returns the change that gives the span label or segment
// label id of cb the short id newID and the name newName ("" keeps the
// name). A new id relabels every annotation (or segment label) and every
// reference of the codebook.
func NewRenameLabel(cb *Codebook, id, newID, newName string) (*EditCodebook, error) {
	after := cloneCodebook(cb)
	if newID == "" {
		newID = id
	}
	var oldName string
	span := true
	if l, ok := after.Label(id); ok {
		oldName = l.Name
		l.ID = newID
		if newName != "" {
			l.Name = newName
		}
	} else if _, sl, ok := after.SegmentLabel(id); ok {
		span = false
		oldName = sl.Name
		sl.ID = newID
		if newName != "" {
			sl.Name = newName
		}
	} else {
		return nil, fmt.Errorf("rename label %q: %w", id, ErrUnknownLabel)
	}
	if newID != id && hasEntry(cb, newID) {
		return nil, fmt.Errorf("rename label %s to %s: that id is taken: %w", id, newID, ErrDuplicate)
	}
	e := &CodebookEdit{From: cloneCodebook(cb), To: after}
	what := fmt.Sprintf("rename label %s", quoteForHumans(oldName))
	if newID != id {
		if span {
			replaceLabelRefs(after, id, newID, "")
			e.Relabel = map[string]string{id: newID}
		} else {
			e.RelabelSegment = map[string]string{id: newID}
		}
		e.Log.Relabel = map[string]string{id: newID}
		what += fmt.Sprintf(" (id %s → %s)", id, newID)
	}
	if newName != "" && newName != oldName {
		what += " to " + quoteForHumans(newName)
	}
	e.Log.What = what
	if err := after.Validate(); err != nil {
		return nil, fmt.Errorf("rename label %s: %w", id, err)
	}
	return &EditCodebook{Edit: e}, nil
}

// NewMergeLabels returns the change that merges the span label from into
// the span label into (or segment label into segment label): every
// annotation of from gets into, and from leaves the codebook (its children
// become into's, relation type ends follow).
func NewMergeLabels(cb *Codebook, from, into string) (*EditCodebook, error) {
	if from == into {
		return nil, fmt.Errorf("merge label %s into itself: %w", from, ErrInvalid)
	}
	after := cloneCodebook(cb)
	e := &CodebookEdit{From: cloneCodebook(cb), To: after}
	if l, ok := cb.Label(from); ok {
		target, ok := cb.Label(into)
		if !ok {
			return nil, fmt.Errorf("merge label %s into %q: %w", from, into, ErrUnknownLabel)
		}
		after.Labels = slices.DeleteFunc(after.Labels, func(x Label) bool { return x.ID == from })
		replaceLabelRefs(after, from, into, l.Parent)
		if p, _ := after.Label(into); p != nil && p.Parent == into {
			p.Parent = ""
		}
		e.Relabel = map[string]string{from: into}
		e.Log.What = fmt.Sprintf("merge label %s into %s", quoteForHumans(l.Name), quoteForHumans(target.Name))
	} else if _, sl, ok := cb.SegmentLabel(from); ok {
		_, target, ok := cb.SegmentLabel(into)
		if !ok {
			return nil, fmt.Errorf("merge segment label %s into %q: %w", from, into, ErrUnknownLabel)
		}
		removeSegmentLabelDef(after, from)
		e.RelabelSegment = map[string]string{from: into}
		e.Log.What = fmt.Sprintf("merge label %s into %s", quoteForHumans(sl.Name), quoteForHumans(target.Name))
	} else {
		return nil, fmt.Errorf("merge label %q: %w", from, ErrUnknownLabel)
	}
	e.Log.Relabel = map[string]string{from: into}
	if err := after.Validate(); err != nil {
		return nil, fmt.Errorf("merge label %s into %s: %w", from, into, err)
	}
	return &EditCodebook{Edit: e}, nil
}

// removeSegmentLabelDef takes segment label id out of its set.
func removeSegmentLabelDef(cb *Codebook, id string) {
	for i := range cb.SegmentLabelSets {
		set := &cb.SegmentLabelSets[i]
		set.Labels = slices.DeleteFunc(set.Labels, func(l SegmentLabelDef) bool { return l.ID == id })
	}
}

// NewDeleteLabel returns the change that deletes the span label or segment
// label id from cb. With moveTo, its annotations (segment labels) get that
// label, as in a merge; without, they are removed, span annotations with
// their relations. Children of a deleted span label move up to its parent.
func NewDeleteLabel(cb *Codebook, id, moveTo string) (*EditCodebook, error) {
	if moveTo != "" {
		c, err := NewMergeLabels(cb, id, moveTo)
		if err != nil {
			return nil, err
		}
		c.Edit.Log.What = "delete label " + c.Edit.Log.What[len("merge label "):]
		c.Edit.Log.What = replaceLast(c.Edit.Log.What, " into ", ", its uses moved to ")
		return c, nil
	}
	after := cloneCodebook(cb)
	e := &CodebookEdit{From: cloneCodebook(cb), To: after}
	if l, ok := cb.Label(id); ok {
		after.Labels = slices.DeleteFunc(after.Labels, func(x Label) bool { return x.ID == id })
		replaceLabelRefs(after, id, "", l.Parent)
		e.Remove = []string{id}
		e.Log.What = fmt.Sprintf("delete label %s and its annotations", quoteForHumans(l.Name))
	} else if _, sl, ok := cb.SegmentLabel(id); ok {
		removeSegmentLabelDef(after, id)
		e.RemoveSegment = []string{id}
		e.Log.What = fmt.Sprintf("delete label %s and its uses", quoteForHumans(sl.Name))
	} else {
		return nil, fmt.Errorf("delete label %q: %w", id, ErrUnknownLabel)
	}
	if err := after.Validate(); err != nil {
		return nil, fmt.Errorf("delete label %s: %w", id, err)
	}
	return &EditCodebook{Edit: e}, nil
}

// replaceLast replaces the last old in s with new.
func replaceLast(s, old, new string) string {
	for i := len(s) - len(old); i >= 0; i-- {
		if s[i:i+len(old)] == old {
			return s[:i] + new + s[i+len(old):]
		}
	}
	return s
}

// NewRemoveAttributeValue returns the change that removes value from the
// values of attribute attr of span label label, and clears it from the
// annotations that hold it (CodebookUsage counts them beforehand).
func NewRemoveAttributeValue(cb *Codebook, label, attr, value string) (*EditCodebook, error) {
	after := cloneCodebook(cb)
	l, ok := after.Label(label)
	if !ok {
		return nil, fmt.Errorf("remove attribute value of %q: %w", label, ErrUnknownLabel)
	}
	a, ok := l.Attribute(attr)
	if !ok {
		return nil, fmt.Errorf("label %s has no attribute %q: %w", label, attr, ErrUnknownAttribute)
	}
	i := slices.Index(a.Values, value)
	if i < 0 {
		return nil, fmt.Errorf("label %s attribute %s has no value %q: %w", label, attr, value, ErrAttributeValue)
	}
	a.Values = slices.Delete(a.Values, i, i+1)
	if err := after.Validate(); err != nil {
		return nil, fmt.Errorf("remove value %q of %s.%s: %w", value, label, attr, err)
	}
	return &EditCodebook{Edit: &CodebookEdit{
		From:        cloneCodebook(cb),
		To:          after,
		ClearValues: []AttributeValue{{Label: label, Attribute: attr, Value: value}},
		Log:         CodebookLogEntry{What: fmt.Sprintf("remove value %s of %s %s", quoteForHumans(value), label, attr)},
	}}, nil
}

// SetDocumentVariables gives a document other variable values; undo gives
// back the values it had.
type SetDocumentVariables struct {
	DocumentID    string
	Before, After map[string]string
}

// NewSetDocumentVariables returns the change of a document's variable
// values from before (as the document has them) to after (all of them).
func NewSetDocumentVariables(docID string, before, after map[string]string) *SetDocumentVariables {
	return &SetDocumentVariables{DocumentID: docID, Before: maps.Clone(before), After: maps.Clone(after)}
}

// Apply implements Change.
func (c *SetDocumentVariables) Apply(s Store) error {
	e, err := codebookEditor(s)
	if err != nil {
		return err
	}
	return e.SetDocumentVariables(c.DocumentID, c.After)
}

// Revert implements Change.
func (c *SetDocumentVariables) Revert(s Store) error {
	e, err := codebookEditor(s)
	if err != nil {
		return err
	}
	return e.SetDocumentVariables(c.DocumentID, c.Before)
}

// Describe implements Change.
func (c *SetDocumentVariables) Describe() string { return "set document variables" }
