package interchange

import (
	"fmt"
	"slices"
	"strings"

	"github.com/newsmark/newsmark/annotate"
)

// The codebook in REFI-QDA terms (both in project.qde and in a .qdc file):
//
//   - each span label is a codable Code, nested under its group (Parent);
//   - each attribute of a label is a non-codable Code under the label's
//     Code, and each of its values a codable Code under that: a span with
//     stance=pro is coded with its label's Code and with "pro". Free-text
//     and number attributes have a value Code for each value the exported
//     spans use;
//   - each comment-label set is a non-codable top-level Code with its
//     labels as codable Codes; a label on a comment is a coding of the
//     comment's whole range, a label on a document a coding of the source;
//   - each group (a label with labels under it) is also a Set whose
//     MemberCodes are the labels under it, for programs that show code
//     groups rather than a code tree (ATLAS.ti).
//
// The GUIDs of attribute, value and comment-label-set Codes are derived
// from what they describe, so a reader recognises them from the file
// alone: an attribute Code's GUID is refiGUID("attribute", label GUID,
// name, type, required); a value's is refiGUID("value", label GUID,
// attribute, value); a set's refiGUID("segment-label-set", name).

// refiExamplesHead starts the examples of a label in a Code's Description.
const refiExamplesHead = "Examples:"

var attrTypes = []annotate.AttributeType{annotate.AttrChoice, annotate.AttrMulti, annotate.AttrText, annotate.AttrNumber, annotate.AttrScale}

// labelGUID returns the GUID a label is written with.
func labelGUID(l *annotate.Label) string { return guidOr(l.GUID, "label", l.ID) }

func attrGUID(lg string, a *annotate.AttributeDef) string {
	return refiGUID("attribute", normGUID(lg), a.Name, string(a.Kind()), fmt.Sprint(a.Required))
}

func valueGUID(lg, attr, value string) string {
	return refiGUID("value", normGUID(lg), attr, value)
}

// segSetGUID is derived from the name the set's Code is written with, so
// that a reader recognises the Code (readRefiCodes).
func segSetGUID(set *annotate.SegmentLabelSet) string {
	return refiGUID("segment-label-set", cmpOr(set.Name, set.ID))
}

func segLabelGUID(set *annotate.SegmentLabelSet, l *annotate.SegmentLabelDef) string {
	return guidOr(l.GUID, "segment-label", set.ID, l.ID)
}

func groupSetGUID(lg string) string { return refiGUID("group", normGUID(lg)) }

// describeLabel writes a label's definition and examples as one
// Description.
func describeLabel(l *annotate.Label) string {
	d := l.Description
	if len(l.Examples) > 0 {
		var b strings.Builder
		b.WriteString(d)
		if d != "" {
			b.WriteString("\n\n")
		}
		b.WriteString(refiExamplesHead)
		for _, e := range l.Examples {
			b.WriteString("\n- ")
			b.WriteString(strings.ReplaceAll(e, "\n", " "))
		}
		d = b.String()
	}
	return d
}

// splitDescription reads describeLabel's form back.
func splitDescription(d string) (string, []string) {
	i := strings.LastIndex(d, refiExamplesHead)
	if i < 0 || (i > 0 && !strings.HasSuffix(d[:i], "\n\n")) {
		return d, nil
	}
	var ex []string
	for _, line := range strings.Split(d[i+len(refiExamplesHead):], "\n")[1:] {
		e, ok := strings.CutPrefix(line, "- ")
		if !ok {
			return d, nil
		}
		ex = append(ex, e)
	}
	if len(ex) == 0 {
		return d, nil
	}
	return strings.TrimSuffix(d[:i], "\n\n"), ex
}

// refiCodebook is a codebook as Codes and Sets, with the GUIDs the
// writer uses for each entry.
type refiCodebook struct {
	codes  []qdeCode
	sets   []qdeSet
	label  map[string]string // label id → GUID
	value  map[string]string // label\x00attribute\x00value → GUID
	segLbl map[string]string // segment label id → GUID
}

// buildRefiCodebook turns cb into Codes. used lists, per label and
// attribute ("label\x00attribute"), the values spans use, which become
// value Codes of free-text and number attributes.
func buildRefiCodebook(cb *annotate.Codebook, used map[string][]string) *refiCodebook {
	rc := &refiCodebook{label: map[string]string{}, value: map[string]string{}, segLbl: map[string]string{}}
	children := map[string][]int{}
	for i, l := range cb.Labels {
		p := l.Parent
		if _, ok := cb.Label(p); !ok {
			p = ""
		}
		children[p] = append(children[p], i)
	}
	var code func(i int, depth int) qdeCode
	code = func(i int, depth int) qdeCode {
		l := &cb.Labels[i]
		g := labelGUID(l)
		rc.label[l.ID] = g
		c := qdeCode{GUID: g, Name: l.Name, IsCodable: "true", Color: strings.ToUpper(l.Color), Description: describeLabel(l)}
		if c.Name == "" {
			c.Name = l.ID
		}
		for ai := range l.Attributes {
			a := &l.Attributes[ai]
			ac := qdeCode{GUID: attrGUID(g, a), Name: a.Name, IsCodable: "false", Description: a.Description}
			values := a.Values
			if k := a.Kind(); k == annotate.AttrText || k == annotate.AttrNumber {
				values = used[l.ID+"\x00"+a.Name]
			}
			for _, v := range values {
				vg := valueGUID(g, a.Name, v)
				rc.value[l.ID+"\x00"+a.Name+"\x00"+v] = vg
				ac.Codes = append(ac.Codes, qdeCode{GUID: vg, Name: v, IsCodable: "true"})
			}
			c.Codes = append(c.Codes, ac)
		}
		kids := children[l.ID]
		if depth < 64 { // Validate refuses cycles; the bound is for codebooks it never saw
			for _, k := range kids {
				c.Codes = append(c.Codes, code(k, depth+1))
			}
		}
		if len(kids) > 0 {
			set := qdeSet{GUID: groupSetGUID(g), Name: c.Name}
			for _, k := range kids {
				set.MemberCodes = append(set.MemberCodes, qdeMember{Target: labelGUID(&cb.Labels[k])})
			}
			rc.sets = append(rc.sets, set)
		}
		return c
	}
	for _, i := range children[""] {
		rc.codes = append(rc.codes, code(i, 0))
	}
	for si := range cb.SegmentLabelSets {
		set := &cb.SegmentLabelSets[si]
		sc := qdeCode{GUID: segSetGUID(set), Name: set.Name, IsCodable: "false", Description: set.Description}
		if sc.Name == "" {
			sc.Name = set.ID
		}
		for li := range set.Labels {
			l := &set.Labels[li]
			g := segLabelGUID(set, l)
			rc.segLbl[l.ID] = g
			name := l.Name
			if name == "" {
				name = l.ID
			}
			sc.Codes = append(sc.Codes, qdeCode{GUID: g, Name: name, IsCodable: "true", Color: strings.ToUpper(l.Color), Description: l.Description})
		}
		rc.codes = append(rc.codes, sc)
	}
	return rc
}

// codeRole says what a Code of a file stands for.
type codeRole struct {
	kind   string // "label", "value", "segment", "none" (an attribute or set Code)
	id     string // label or segment label id in the file's codebook
	attr   string // for a value: the attribute
	value  string
	name   string // the Code's name, for messages
	parent string // for a label: the file id of its parent label
}

// readRefiCodes turns a file's Codes into a codebook and the role of
// every Code by its normalised GUID. It refuses a Code without a GUID or
// name, and a GUID used twice, naming the Code. Ids are made from names
// (unique in the file); GUIDs are kept.
func readRefiCodes(codes []qdeCode, sets []qdeSet, where string) (*annotate.Codebook, map[string]codeRole, error) {
	cb := &annotate.Codebook{Name: "imported"}
	roles := map[string]codeRole{}
	taken := map[string]bool{}
	freshID := func(name string) string {
		base := sanitizeID(name)
		id := base
		for i := 2; taken[id]; i++ {
			id = fmt.Sprintf("%s_%d", base, i)
		}
		taken[id] = true
		return id
	}
	claim := func(c *qdeCode, path string) (string, error) {
		if !guidPattern.MatchString(strings.TrimSpace(c.GUID)) {
			return "", fmt.Errorf("%s: Code %q (%s) has no valid guid attribute (%q); expected a GUID such as 3F2504E0-4F89-11D3-9A0C-0305E82C3301", where, c.Name, path, c.GUID)
		}
		g := normGUID(c.GUID)
		if prev, dup := roles[g]; dup {
			return "", fmt.Errorf("%s: duplicate code: Code %q (%s) has guid %s, which Code %q has already", where, c.Name, path, c.GUID, prev.name)
		}
		if strings.TrimSpace(c.Name) == "" {
			return "", fmt.Errorf("%s: Code with guid %s (%s) has no name", where, c.GUID, path)
		}
		return g, nil
	}
	var walk func(c *qdeCode, parent, path string, depth int) error
	walk = func(c *qdeCode, parent, path string, depth int) error {
		if depth > 256 {
			return fmt.Errorf("%s: Code %q (%s) is nested more than 256 levels deep", where, c.Name, path)
		}
		path = strings.TrimPrefix(path+"/"+c.Name, "/")
		g, err := claim(c, path)
		if err != nil {
			return err
		}
		// A set of comment labels: a top-level Code whose GUID Newsmark
		// derived from its name.
		if parent == "" && g == normGUID(refiGUID("segment-label-set", c.Name)) {
			roles[g] = codeRole{kind: "none", name: c.Name}
			set := annotate.SegmentLabelSet{ID: freshID(c.Name), Name: c.Name, Description: c.Description}
			for i := range c.Codes {
				k := &c.Codes[i]
				kg, err := claim(k, path+"/"+k.Name)
				if err != nil {
					return err
				}
				if len(k.Codes) > 0 {
					return fmt.Errorf("%s: Code %q (%s/%s) is a comment label and cannot have Codes under it", where, k.Name, path, k.Name)
				}
				id := freshID(k.Name)
				roles[kg] = codeRole{kind: "segment", id: id, name: k.Name}
				color := strings.ToLower(k.Color)
				if !validColor(color) {
					color = colorFor(id)
				}
				set.Labels = append(set.Labels, annotate.SegmentLabelDef{ID: id, Name: k.Name, Color: color, Description: k.Description, GUID: strings.TrimSpace(k.GUID)})
			}
			cb.SegmentLabelSets = append(cb.SegmentLabelSets, set)
			return nil
		}
		id := freshID(c.Name)
		roles[g] = codeRole{kind: "label", id: id, name: c.Name, parent: parent}
		desc, examples := splitDescription(c.Description)
		l := annotate.Label{ID: id, Name: c.Name, Kind: annotate.KindEntity, Parent: parent, Color: refiColor(c.Color, id),
			Description: desc, Examples: examples, GUID: strings.TrimSpace(c.GUID)}
		idx := len(cb.Labels)
		cb.Labels = append(cb.Labels, l)
		for i := range c.Codes {
			k := &c.Codes[i]
			if a, ok := attributeCode(g, k); ok {
				kg, err := claim(k, path+"/"+k.Name)
				if err != nil {
					return err
				}
				roles[kg] = codeRole{kind: "none", name: k.Name}
				for j := range k.Codes {
					v := &k.Codes[j]
					vg, err := claim(v, path+"/"+k.Name+"/"+v.Name)
					if err != nil {
						return err
					}
					if vg != normGUID(valueGUID(g, a.Name, v.Name)) || strings.Contains(v.Name, annotate.MultiValueSep) {
						return fmt.Errorf("%s: Code %q (%s/%s/%s) under attribute %q is not one of its values", where, v.Name, path, k.Name, v.Name, a.Name)
					}
					roles[vg] = codeRole{kind: "value", id: id, attr: a.Name, value: v.Name, name: v.Name}
					if k := a.Kind(); k != annotate.AttrText && k != annotate.AttrNumber {
						a.Values = append(a.Values, v.Name)
					}
				}
				cb.Labels[idx].Attributes = append(cb.Labels[idx].Attributes, a)
				continue
			}
			if err := walk(k, id, path, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	for i := range codes {
		if err := walk(&codes[i], "", "", 0); err != nil {
			return nil, nil, err
		}
	}
	// A Set of codes that are all at the top stands for a group (ATLAS.ti
	// code groups): a new label holds them, unless Newsmark wrote the Set
	// for a group the code tree already shows.
	for _, s := range sets {
		if len(s.MemberCodes) == 0 {
			continue
		}
		var members []int
		ok := true
		for _, m := range s.MemberCodes {
			r, known := roles[normGUID(m.ref())]
			if !known {
				return nil, nil, fmt.Errorf("%s: Set %q has MemberCode %s, which is no Code of the codebook (unknown guid)", where, s.Name, m.ref())
			}
			i := slices.IndexFunc(cb.Labels, func(l annotate.Label) bool { return l.ID == r.id })
			if r.kind != "label" || i < 0 || cb.Labels[i].Parent != "" {
				ok = false
				continue
			}
			members = append(members, i)
		}
		if !ok || len(members) == 0 || strings.TrimSpace(s.Name) == "" {
			continue
		}
		if g := normGUID(s.GUID); roles[g].kind != "" {
			continue
		}
		gid := freshID(s.Name)
		roles[normGUID(s.GUID)] = codeRole{kind: "label", id: gid, name: s.Name}
		cb.Labels = append(cb.Labels, annotate.Label{ID: gid, Name: s.Name, Kind: annotate.KindEntity, Color: colorFor(gid), Description: s.Description, GUID: strings.TrimSpace(s.GUID)})
		for _, i := range members {
			cb.Labels[i].Parent = gid
		}
	}
	return cb, roles, nil
}

// attributeCode reports whether k, a Code under the label Code with GUID
// lg, is one of the label's attributes as Newsmark writes them.
func attributeCode(lg string, k *qdeCode) (annotate.AttributeDef, bool) {
	if k.IsCodable != "false" && k.IsCodable != "0" {
		return annotate.AttributeDef{}, false
	}
	for _, t := range attrTypes {
		for _, req := range []bool{false, true} {
			a := annotate.AttributeDef{Name: k.Name, Type: t, Required: req, Description: k.Description}
			if normGUID(attrGUID(lg, &a)) == normGUID(k.GUID) {
				return a, true
			}
		}
	}
	return annotate.AttributeDef{}, false
}

// refiColor returns a REFI colour (#rgb or #rrggbb) as Newsmark's
// #rrggbb, or a colour of the palette.
func refiColor(c, id string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	if len(c) == 4 && c[0] == '#' {
		c = "#" + strings.Repeat(c[1:2], 2) + strings.Repeat(c[2:3], 2) + strings.Repeat(c[3:4], 2)
	}
	if validColor(c) {
		return c
	}
	return colorFor(id)
}
