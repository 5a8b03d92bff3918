package interchange

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"unicode"

	"github.com/newsmark/newsmark/annotate"
)

// labelAliases maps label names other tools use to the ids of Newsmark's
// default codebook (the CoNLL/GermEval convention). An alias applies only
// when the codebook has the target label.
var labelAliases = map[string]string{
	"person": "PER", "pers": "PER",
	"location":     "LOC",
	"organization": "ORG", "organisation": "ORG",
	"miscellaneous": "MISC", "oth": "MISC",
}

// palette colours the labels an import adds (the codebook requires one).
var palette = []string{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"}

func colorFor(id string) string {
	h := fnv.New32a()
	h.Write([]byte(id))
	return palette[h.Sum32()%uint32(len(palette))]
}

// importedSetID is the segment-label set that holds the segment labels an
// import adds without a set of their own.
const importedSetID = "imported"

// labelMapper maps foreign label names onto codebook ids: an id of the
// project's codebook when one matches (by id, then by name without case,
// then by alias), else a new id that the batch's codebook adds.
type labelMapper struct {
	project *annotate.Codebook // nil when the project is not known
	added   annotate.Codebook
	taken   map[string]bool // ids used by the project or added
	hotkeys map[string]bool
	memo    map[string]int // kind\x00foreign → index in maps
	sets    map[string]int // set id asked for → index in added.SegmentLabelSets
	maps    []LabelMapping
	// dropped records attributes that could not be kept, for the report.
	dropped []string
}

func newLabelMapper(project *annotate.Codebook) *labelMapper {
	m := &labelMapper{project: project, taken: map[string]bool{}, hotkeys: map[string]bool{}, memo: map[string]int{}, sets: map[string]int{}}
	if project != nil {
		for _, l := range project.Labels {
			m.taken[l.ID] = true
			if l.Hotkey != "" {
				m.hotkeys[strings.ToUpper(l.Hotkey)] = true
			}
		}
		for _, r := range project.RelationTypes {
			m.taken[r.ID] = true
		}
		for _, s := range project.SegmentLabelSets {
			m.taken[s.ID] = true
			for _, l := range s.Labels {
				m.taken[l.ID] = true
			}
		}
	}
	return m
}

// sanitizeID turns a foreign name into a valid codebook id.
func sanitizeID(name string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_.:-", r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "label"
	}
	return b.String()
}

func (m *labelMapper) freshID(name string) string {
	base := sanitizeID(name)
	id := base
	for i := 2; m.taken[id]; i++ {
		id = fmt.Sprintf("%s_%d", base, i)
	}
	m.taken[id] = true
	return id
}

func (m *labelMapper) record(kind, foreign, id, how string, added bool) string {
	key := kind + "\x00" + foreign
	m.memo[key] = len(m.maps)
	m.maps = append(m.maps, LabelMapping{Foreign: foreign, Kind: kind, Label: id, Added: added, How: how, Count: 1})
	return id
}

func (m *labelMapper) hit(kind, foreign string) (string, bool) {
	if i, ok := m.memo[kind+"\x00"+foreign]; ok {
		m.maps[i].Count++
		return m.maps[i].Label, true
	}
	return "", false
}

// span maps a span label. hint, if not nil, is the label's definition from
// a Newsmark record carried in the file, used when the label is added.
func (m *labelMapper) span(foreign string, hint *annotate.Label) string {
	if id, ok := m.hit("span", foreign); ok {
		return id
	}
	if m.project != nil {
		if _, ok := m.project.Label(foreign); ok {
			return m.record("span", foreign, foreign, "same id", false)
		}
		for _, l := range m.project.Labels {
			if strings.EqualFold(l.ID, foreign) || strings.EqualFold(l.Name, foreign) {
				return m.record("span", foreign, l.ID, "same name", false)
			}
		}
		if target, ok := labelAliases[strings.ToLower(foreign)]; ok {
			if _, ok := m.project.Label(target); ok {
				return m.record("span", foreign, target, "alias", false)
			}
		}
	}
	if _, ok := m.added.Label(foreign); ok {
		return m.record("span", foreign, foreign, "same id", true)
	}
	var def annotate.Label
	if hint != nil {
		def = *hint
		def.Attributes = nil
		for _, a := range hint.Attributes {
			// A carried record is input like any other: keep only
			// attributes the codebook can hold.
			if a.Name = strings.TrimSpace(a.Name); a.Name != "" && !slices.ContainsFunc(def.Attributes, func(x annotate.AttributeDef) bool { return x.Name == a.Name }) {
				a.Values = slices.Clone(a.Values)
				def.Attributes = append(def.Attributes, a)
			}
		}
		if m.taken[def.ID] || sanitizeID(def.ID) != def.ID {
			def.ID = m.freshID(foreign)
		} else {
			m.taken[def.ID] = true
		}
	} else {
		def = annotate.Label{ID: m.freshID(foreign), Name: foreign, Kind: annotate.KindEntity}
	}
	if def.Name == "" {
		def.Name = foreign
	}
	if def.Kind == "" {
		def.Kind = annotate.KindEntity
	}
	if def.Color == "" || !validColor(def.Color) {
		def.Color = colorFor(def.ID)
	}
	if def.Hotkey != "" {
		k := strings.ToUpper(def.Hotkey)
		if m.hotkeys[k] || len([]rune(def.Hotkey)) != 1 {
			def.Hotkey = ""
		} else {
			m.hotkeys[k] = true
		}
	}
	m.added.Labels = append(m.added.Labels, def)
	return m.record("span", foreign, def.ID, "new", true)
}

func validColor(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for _, r := range c[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// relation maps a relation type.
func (m *labelMapper) relation(foreign string, hint *annotate.RelationType) string {
	if id, ok := m.hit("relation", foreign); ok {
		return id
	}
	if m.project != nil {
		if _, ok := m.project.RelationType(foreign); ok {
			return m.record("relation", foreign, foreign, "same id", false)
		}
		for _, r := range m.project.RelationTypes {
			if strings.EqualFold(r.ID, foreign) || strings.EqualFold(r.Name, foreign) {
				return m.record("relation", foreign, r.ID, "same name", false)
			}
		}
	}
	def := annotate.RelationType{Name: foreign, Directed: true}
	if hint != nil {
		def = *hint
	}
	if m.taken[def.ID] || def.ID == "" || sanitizeID(def.ID) != def.ID {
		def.ID = m.freshID(foreign)
	} else {
		m.taken[def.ID] = true
	}
	m.added.RelationTypes = append(m.added.RelationTypes, def)
	return m.record("relation", foreign, def.ID, "new", true)
}

// segmentLabel maps a label on a whole segment or document. setHint, if
// not nil, is the set the label belongs to in a carried Newsmark record.
func (m *labelMapper) segmentLabel(foreign string, setHint *annotate.SegmentLabelSet) string {
	if id, ok := m.hit("segment", foreign); ok {
		return id
	}
	if m.project != nil {
		if _, _, ok := m.project.SegmentLabel(foreign); ok {
			return m.record("segment", foreign, foreign, "same id", false)
		}
		for _, s := range m.project.SegmentLabelSets {
			for _, l := range s.Labels {
				if strings.EqualFold(l.ID, foreign) || strings.EqualFold(l.Name, foreign) {
					return m.record("segment", foreign, l.ID, "same name", false)
				}
			}
		}
	}
	def := annotate.SegmentLabelDef{Name: foreign}
	var setID, setName string
	exclusive := false
	if setHint != nil {
		setID, setName, exclusive = setHint.ID, setHint.Name, setHint.Exclusive
		for _, l := range setHint.Labels {
			if l.ID == foreign {
				def = l
			}
		}
	}
	if m.taken[def.ID] || def.ID == "" || sanitizeID(def.ID) != def.ID {
		def.ID = m.freshID(foreign)
	} else {
		m.taken[def.ID] = true
	}
	if def.Name == "" {
		def.Name = foreign
	}
	if !validColor(def.Color) {
		def.Color = colorFor(def.ID)
	}
	set := m.addedSet(setID, setName, exclusive)
	set.Labels = append(set.Labels, def)
	return m.record("segment", foreign, def.ID, "new", true)
}

// addedSet returns the added segment-label set with the given id, creating
// it (under a free id) if needed.
func (m *labelMapper) addedSet(id, name string, exclusive bool) *annotate.SegmentLabelSet {
	if id == "" {
		id, name = importedSetID, "Imported labels"
	}
	if i, ok := m.sets[id]; ok {
		return &m.added.SegmentLabelSets[i]
	}
	realID := sanitizeID(id)
	if m.taken[realID] {
		realID = m.freshID(id)
	} else {
		m.taken[realID] = true
	}
	if name == "" {
		name = id
	}
	m.sets[id] = len(m.added.SegmentLabelSets)
	m.added.SegmentLabelSets = append(m.added.SegmentLabelSets, annotate.SegmentLabelSet{
		ID: realID, Name: name, Exclusive: exclusive, Description: "Added by an import.",
	})
	return &m.added.SegmentLabelSets[len(m.added.SegmentLabelSets)-1]
}

// keepAttribute reports whether attribute name=value can be stored on a
// span of label id, extending the schema of a label the import adds.
func (m *labelMapper) keepAttribute(labelID, name, value string) bool {
	if l, ok := m.added.Label(labelID); ok {
		def, ok := l.Attribute(name)
		if !ok {
			l.Attributes = append(l.Attributes, annotate.AttributeDef{Name: name})
			return true
		}
		if len(def.Values) > 0 && !slices.Contains(def.Values, value) {
			def.Values = append(def.Values, value)
		}
		return true
	}
	if m.project != nil {
		if l, ok := m.project.Label(labelID); ok {
			// One attribute alone: a label with a required attribute
			// would refuse a map that lacks it (the span's other
			// attributes are checked together later, in checkAttributes).
			def, ok := l.Attribute(name)
			return ok && (value == "" || def.Check(value) == nil)
		}
	}
	return true // the project is not known: the store decides
}

// definition returns the definition a span label id has after the import:
// the one being added, or the project's.
func (m *labelMapper) definition(id string) *annotate.Label {
	if l, ok := m.added.Label(id); ok {
		return l
	}
	if m.project != nil {
		if l, ok := m.project.Label(id); ok {
			return l
		}
	}
	return nil
}

// codebook returns what the batch adds to the project's codebook, or nil.
// A parent that neither the project nor the import defines is dropped, and
// so is one that would make a label its own ancestor.
func (m *labelMapper) codebook() *annotate.Codebook {
	if len(m.added.Labels)+len(m.added.RelationTypes)+len(m.added.SegmentLabelSets) == 0 {
		return nil
	}
	cb := m.added
	cb.Name = "imported"
	cb.Labels = slices.Clone(m.added.Labels)
	for i := range cb.Labels {
		if p := cb.Labels[i].Parent; p != "" && m.definition(p) == nil {
			cb.Labels[i].Parent = ""
		}
	}
	parentOf := func(id string) string {
		if l, ok := cb.Label(id); ok {
			return l.Parent
		}
		if m.project != nil {
			if l, ok := m.project.Label(id); ok {
				return l.Parent
			}
		}
		return ""
	}
	for i := range cb.Labels {
		seen := map[string]bool{cb.Labels[i].ID: true}
		for p := cb.Labels[i].Parent; p != ""; p = parentOf(p) {
			if seen[p] {
				cb.Labels[i].Parent = ""
				break
			}
			seen[p] = true
		}
	}
	return &cb
}
