package annotate

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// LabelKind groups span labels. Entity and claim are built in; a codebook may
// define other kinds (for example "frame" or "actor").
type LabelKind string

// The built-in label kinds.
const (
	KindEntity LabelKind = "entity"
	KindClaim  LabelKind = "claim"
)

// AttributeType says what values an attribute takes.
type AttributeType string

// The attribute types. An attribute without a type is a single choice when
// it has values and free text when it has none (the rule before types).
const (
	AttrChoice AttributeType = "choice" // one of Values
	AttrMulti  AttributeType = "multi"  // several of Values, joined by MultiValueSep
	AttrText   AttributeType = "text"   // free text
	AttrNumber AttributeType = "number" // a decimal number, "." as the decimal point
	AttrScale  AttributeType = "scale"  // one of Values, which are in order (ordinal)
)

// MultiValueSep joins the values of a multiple-choice attribute in
// Annotation.Attributes. Choice values may not contain it.
const MultiValueSep = "|"

// SplitMulti returns the values of a multiple-choice attribute value.
func SplitMulti(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, MultiValueSep)
}

// JoinMulti joins values of a multiple-choice attribute in the order the
// attribute lists them, each once.
func (a *AttributeDef) JoinMulti(values []string) string {
	var out []string
	for _, v := range a.Values {
		if slices.Contains(values, v) {
			out = append(out, v)
		}
	}
	return strings.Join(out, MultiValueSep)
}

// AttributeDef is one attribute in a label's schema.
type AttributeDef struct {
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	Type        AttributeType `json:"type,omitempty"`
	Values      []string      `json:"values,omitempty"` // the choices; for a scale, lowest first
	Required    bool          `json:"required,omitempty"`
}

// Kind returns the attribute's type, filling in the rule for attributes
// without one.
func (a *AttributeDef) Kind() AttributeType {
	if a.Type != "" {
		return a.Type
	}
	if len(a.Values) > 0 {
		return AttrChoice
	}
	return AttrText
}

// Check reports whether v is a value the attribute allows.
func (a *AttributeDef) Check(v string) error {
	switch a.Kind() {
	case AttrChoice, AttrScale:
		if !slices.Contains(a.Values, v) {
			return fmt.Errorf("%q is not one of %s: %w", v, strings.Join(a.Values, ", "), ErrAttributeValue)
		}
	case AttrMulti:
		for _, part := range SplitMulti(v) {
			if !slices.Contains(a.Values, part) {
				return fmt.Errorf("%q is not one of %s: %w", part, strings.Join(a.Values, ", "), ErrAttributeValue)
			}
		}
	case AttrNumber:
		if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
			return fmt.Errorf("%q is not a number: %w", v, ErrAttributeValue)
		}
	}
	return nil
}

// Label is a span label of the codebook.
type Label struct {
	ID          string         `json:"id"`   // stable, used in annotations and exports (e.g. "PER")
	Name        string         `json:"name"` // what the label bar shows
	Kind        LabelKind      `json:"kind"`
	Parent      string         `json:"parent,omitempty"`      // id of the parent label, "" at the top
	Color       string         `json:"color"`                 // "#rrggbb"
	Hotkey      string         `json:"hotkey,omitempty"`      // one letter or digit
	Description string         `json:"description,omitempty"` // the definition: when to use the label
	Examples    []string       `json:"examples,omitempty"`    // coding examples, each a short text
	Attributes  []AttributeDef `json:"attributes,omitempty"`
	// GUID names the label in REFI-QDA exchange; empty until a label is
	// exported or imported, then kept so that a codebook coming back merges
	// by it.
	GUID string `json:"guid,omitempty"`
}

// Attribute returns the schema of the named attribute.
func (l *Label) Attribute(name string) (*AttributeDef, bool) {
	for i := range l.Attributes {
		if l.Attributes[i].Name == name {
			return &l.Attributes[i], true
		}
	}
	return nil, false
}

// CheckAttributes checks attribute values against the label's schema: every
// name defined, every value allowed, every required attribute present.
func (l *Label) CheckAttributes(values map[string]string) error {
	for name, v := range values {
		def, ok := l.Attribute(name)
		if !ok {
			return fmt.Errorf("label %s has no attribute %q: %w", l.ID, name, ErrUnknownAttribute)
		}
		if v == "" {
			continue
		}
		if err := def.Check(v); err != nil {
			return fmt.Errorf("label %s attribute %s: %w", l.ID, name, err)
		}
	}
	for _, def := range l.Attributes {
		if def.Required && values[def.Name] == "" {
			return fmt.Errorf("label %s attribute %s needs a value: %w", l.ID, def.Name, ErrAttributeValue)
		}
	}
	return nil
}

// RelationType is a kind of link between two spans.
type RelationType struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Directed    bool   `json:"directed"`
	// From and To list the span labels its ends may have; empty allows any.
	From []string `json:"from,omitempty"`
	To   []string `json:"to,omitempty"`
}

// Allows reports whether a relation of this type may link a span labelled
// from to a span labelled to.
func (r *RelationType) Allows(from, to string) bool {
	ok := func(ends []string, l string) bool { return len(ends) == 0 || slices.Contains(ends, l) }
	return ok(r.From, from) && ok(r.To, to)
}

// VariableType says what values a document variable takes.
type VariableType string

// The variable types (those of REFI-QDA's Variables).
const (
	VarText    VariableType = "text"
	VarNumber  VariableType = "number" // a decimal number, "." as the decimal point
	VarDate    VariableType = "date"   // an ISO 8601 date, 2006-01-02
	VarBoolean VariableType = "boolean"
	VarChoice  VariableType = "choice" // one of Values
)

// VariableDef is a project-wide document variable (outlet, topic, a yes/no).
// Each document holds at most one value of it in Document.Variables.
type VariableDef struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	Type        VariableType `json:"type"`
	Values      []string     `json:"values,omitempty"` // the choices of a VarChoice variable
	GUID        string       `json:"guid,omitempty"`   // as Label.GUID
}

// Check reports whether v is a value the variable allows; "" is always
// allowed and means no value.
func (d *VariableDef) Check(v string) error {
	if v == "" {
		return nil
	}
	var bad bool
	switch d.Type {
	case VarNumber:
		_, err := strconv.ParseFloat(v, 64)
		bad = err != nil
	case VarDate:
		_, err := time.Parse(time.DateOnly, v)
		bad = err != nil
	case VarBoolean:
		bad = v != "true" && v != "false"
	case VarChoice:
		bad = !slices.Contains(d.Values, v)
	}
	if bad {
		return fmt.Errorf("variable %s: %q is not a %s value: %w", d.ID, v, d.Type, ErrAttributeValue)
	}
	return nil
}

// SegmentLabelDef is one label of a segment-label set.
type SegmentLabelDef struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description,omitempty"`
	GUID        string `json:"guid,omitempty"` // as Label.GUID
}

// SegmentLabelSet is a group of labels given to whole comments (or whole
// documents): "relevance" with on-topic and off-topic, say. With Exclusive
// set, an annotator gives a segment at most one label of the set.
type SegmentLabelSet struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Exclusive   bool              `json:"exclusive,omitempty"`
	Labels      []SegmentLabelDef `json:"labels"`
	GUID        string            `json:"guid,omitempty"` // as Label.GUID
}

// Codebook is a project's label set: span labels, relation types and
// segment-label sets.
type Codebook struct {
	Name             string            `json:"name"`
	Labels           []Label           `json:"labels"`
	RelationTypes    []RelationType    `json:"relation_types,omitempty"`
	SegmentLabelSets []SegmentLabelSet `json:"segment_label_sets,omitempty"`
	Variables        []VariableDef     `json:"variables,omitempty"`
}

// Variable returns the document variable with the given id.
func (c *Codebook) Variable(id string) (*VariableDef, bool) {
	for i := range c.Variables {
		if c.Variables[i].ID == id {
			return &c.Variables[i], true
		}
	}
	return nil, false
}

// Label returns the span label with the given id.
func (c *Codebook) Label(id string) (*Label, bool) {
	for i := range c.Labels {
		if c.Labels[i].ID == id {
			return &c.Labels[i], true
		}
	}
	return nil, false
}

// LabelByHotkey returns the span label bound to key, compared without case.
func (c *Codebook) LabelByHotkey(key string) (*Label, bool) {
	for i := range c.Labels {
		if c.Labels[i].Hotkey != "" && strings.EqualFold(c.Labels[i].Hotkey, key) {
			return &c.Labels[i], true
		}
	}
	return nil, false
}

// RelationType returns the relation type with the given id.
func (c *Codebook) RelationType(id string) (*RelationType, bool) {
	for i := range c.RelationTypes {
		if c.RelationTypes[i].ID == id {
			return &c.RelationTypes[i], true
		}
	}
	return nil, false
}

// SegmentLabel returns the segment label with the given id and the set it
// belongs to.
func (c *Codebook) SegmentLabel(id string) (*SegmentLabelSet, *SegmentLabelDef, bool) {
	for i := range c.SegmentLabelSets {
		set := &c.SegmentLabelSets[i]
		for j := range set.Labels {
			if set.Labels[j].ID == id {
				return set, &set.Labels[j], true
			}
		}
	}
	return nil, nil, false
}

var (
	colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	idPattern    = regexp.MustCompile(`^[\p{L}\p{N}_.:-]+$`)
)

// Validate checks that ids are well-formed and unique across span labels and
// segment labels, relation type ids unique, colours "#rrggbb", hotkeys single
// characters bound once, parents defined, and the hierarchy free of cycles.
func (c *Codebook) Validate() error {
	ids := map[string]string{}
	claim := func(id, what string) error {
		if !idPattern.MatchString(id) {
			return fmt.Errorf("codebook: %s id %q must be letters, digits, '_', '.', ':' or '-': %w", what, id, ErrInvalid)
		}
		if prev, dup := ids[id]; dup {
			return fmt.Errorf("codebook: id %q is used by a %s and a %s: %w", id, prev, what, ErrDuplicate)
		}
		ids[id] = what
		return nil
	}
	hotkeys := map[string]string{}
	for _, l := range c.Labels {
		if err := claim(l.ID, "label"); err != nil {
			return err
		}
		if !colorPattern.MatchString(l.Color) {
			return fmt.Errorf("codebook: label %s colour %q is not #rrggbb: %w", l.ID, l.Color, ErrInvalid)
		}
		if l.Hotkey != "" {
			if len([]rune(l.Hotkey)) != 1 {
				return fmt.Errorf("codebook: label %s hotkey %q must be one character: %w", l.ID, l.Hotkey, ErrInvalid)
			}
			k := strings.ToUpper(l.Hotkey)
			if other, dup := hotkeys[k]; dup {
				return fmt.Errorf("codebook: hotkey %s is bound to %s and %s: %w", k, other, l.ID, ErrDuplicate)
			}
			hotkeys[k] = l.ID
		}
		for i, a := range l.Attributes {
			if a.Name == "" {
				return fmt.Errorf("codebook: label %s attribute %d has no name: %w", l.ID, i+1, ErrInvalid)
			}
			switch a.Kind() {
			case AttrChoice, AttrMulti, AttrScale:
				if len(a.Values) == 0 {
					return fmt.Errorf("codebook: label %s attribute %s is a %s without values: %w", l.ID, a.Name, a.Kind(), ErrInvalid)
				}
			case AttrText, AttrNumber:
			default:
				return fmt.Errorf("codebook: label %s attribute %s has unknown type %q: %w", l.ID, a.Name, a.Type, ErrInvalid)
			}
			for _, v := range a.Values {
				if v == "" || strings.Contains(v, MultiValueSep) {
					return fmt.Errorf("codebook: label %s attribute %s value %q must be non-empty and without %q: %w", l.ID, a.Name, v, MultiValueSep, ErrInvalid)
				}
			}
		}
	}
	for _, l := range c.Labels {
		seen := map[string]bool{l.ID: true}
		for p := l.Parent; p != ""; {
			parent, ok := c.Label(p)
			if !ok {
				return fmt.Errorf("codebook: label %s has parent %q, which is not a label: %w", l.ID, p, ErrUnknownLabel)
			}
			if seen[p] {
				return fmt.Errorf("codebook: label %s is its own ancestor: %w", l.ID, ErrInvalid)
			}
			seen[p] = true
			p = parent.Parent
		}
	}
	for _, r := range c.RelationTypes {
		if err := claim(r.ID, "relation type"); err != nil {
			return err
		}
		for _, l := range append(slices.Clip(r.From), r.To...) {
			if _, ok := c.Label(l); !ok {
				return fmt.Errorf("codebook: relation type %s allows label %q at an end, which is not a label: %w", r.ID, l, ErrUnknownLabel)
			}
		}
	}
	for _, v := range c.Variables {
		if err := claim(v.ID, "variable"); err != nil {
			return err
		}
		switch v.Type {
		case VarText, VarNumber, VarDate, VarBoolean:
		case VarChoice:
			if len(v.Values) == 0 {
				return fmt.Errorf("codebook: variable %s is a choice without values: %w", v.ID, ErrInvalid)
			}
		default:
			return fmt.Errorf("codebook: variable %s has unknown type %q: %w", v.ID, v.Type, ErrInvalid)
		}
	}
	for _, set := range c.SegmentLabelSets {
		if err := claim(set.ID, "segment label set"); err != nil {
			return err
		}
		for _, l := range set.Labels {
			if err := claim(l.ID, "segment label"); err != nil {
				return err
			}
			if !colorPattern.MatchString(l.Color) {
				return fmt.Errorf("codebook: segment label %s colour %q is not #rrggbb: %w", l.ID, l.Color, ErrInvalid)
			}
		}
	}
	return nil
}

// DecodeCodebook reads a codebook in its JSON form and validates it.
func DecodeCodebook(r io.Reader) (*Codebook, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var c Codebook
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("codebook: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}
