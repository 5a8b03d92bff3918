package annotate

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// LabelKind groups span labels. Entity and claim are built in; a codebook may
// define other kinds (for example "frame" or "actor").
type LabelKind string

// The built-in label kinds.
const (
	KindEntity LabelKind = "entity"
	KindClaim  LabelKind = "claim"
)

// AttributeDef is one attribute in a label's schema. With Values set, an
// attribute value must be one of them; without, it is free text.
type AttributeDef struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Values      []string `json:"values,omitempty"`
	Required    bool     `json:"required,omitempty"`
}

// Label is a span label of the codebook.
type Label struct {
	ID          string         `json:"id"`   // stable, used in annotations and exports (e.g. "PER")
	Name        string         `json:"name"` // what the label bar shows
	Kind        LabelKind      `json:"kind"`
	Parent      string         `json:"parent,omitempty"` // id of the parent label, "" at the top
	Color       string         `json:"color"`            // "#rrggbb"
	Hotkey      string         `json:"hotkey,omitempty"` // one letter or digit
	Description string         `json:"description,omitempty"`
	Attributes  []AttributeDef `json:"attributes,omitempty"`
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
		if len(def.Values) > 0 && !slices.Contains(def.Values, v) {
			return fmt.Errorf("label %s attribute %s: %q is not one of %s: %w",
				l.ID, name, v, strings.Join(def.Values, ", "), ErrAttributeValue)
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
}

// SegmentLabelDef is one label of a segment-label set.
type SegmentLabelDef struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description,omitempty"`
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
}

// Codebook is a project's label set: span labels, relation types and
// segment-label sets.
type Codebook struct {
	Name             string            `json:"name"`
	Labels           []Label           `json:"labels"`
	RelationTypes    []RelationType    `json:"relation_types,omitempty"`
	SegmentLabelSets []SegmentLabelSet `json:"segment_label_sets,omitempty"`
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
