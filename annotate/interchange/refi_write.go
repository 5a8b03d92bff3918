package interchange

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// qdpxEncoder writes a REFI-QDA project (.qdpx): a zip archive with
// sources/GUID.txt per document (its segments joined by SegmentSeparator,
// UTF-8), newsmark/GUID.json (the carried record) beside it, and
// project.qde, written last since its codebook lists the free-text values
// the spans use. The TextSource elements are held until then.
type qdpxEncoder struct {
	w       io.Writer
	zw      *zip.Writer
	sel     *selection
	sources []qdeTextSource
	links   []qdeLink
	people  []string        // annotator ids in order of first use
	seen    map[string]bool // annotator ids used
	used    map[string][]string
	// codings holds, per source, the codings of each selection by label,
	// filled in end once the codebook's GUIDs are known.
	pending []pendingSource
}

type pendingSource struct {
	anns []annotate.Annotation
	sel  []int // index of each annotation's selection in the source
	segs []annotate.SegmentLabel
	ssel []int // index of each comment label's selection; -1 for the source
}

// zipTime is the modification time of every file Newsmark writes into an
// archive, so that exporting the same project twice gives the same bytes.
var zipTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func (e *qdpxEncoder) begin(sel *selection) error {
	e.sel = sel
	e.zw = zip.NewWriter(e.w)
	e.seen = map[string]bool{}
	e.used = map[string][]string{}
	return nil
}

func (e *qdpxEncoder) create(name string) (io.Writer, error) {
	return e.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
}

func (e *qdpxEncoder) person(id string) string {
	if !e.seen[id] {
		e.seen[id] = true
		e.people = append(e.people, id)
	}
	return userGUID(id)
}

func userGUID(id string) string { return refiGUID("user", id) }

func refiTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// segmentHeader describes a segment in a line a coder reads in the other
// program: its kind, and for a comment its number, author, time, title and
// the comment it answers.
func segmentHeader(d *annotate.Document, s *annotate.Segment) string {
	if s.Kind != annotate.KindComment {
		return string(s.Kind)
	}
	var b strings.Builder
	b.WriteString("comment")
	if s.Number > 0 {
		fmt.Fprintf(&b, " %d", s.Number)
	}
	if s.Author != "" {
		fmt.Fprintf(&b, " by %s", s.Author)
	}
	if t := whenText(s.Posted); t != "" {
		fmt.Fprintf(&b, ", %s", t)
	}
	if s.Title != "" {
		fmt.Fprintf(&b, ", title %q", s.Title)
	}
	if s.ReplyTo != "" {
		if p, ok := d.Segment(s.ReplyTo); ok && p.Number > 0 {
			fmt.Fprintf(&b, ", reply to comment %d", p.Number)
		} else {
			fmt.Fprintf(&b, ", reply to %s", s.ReplyTo)
		}
	}
	return b.String()
}

func whenText(w annotate.When) string {
	if w.Text != "" {
		return w.Text
	}
	if !w.IsZero() {
		return w.ISO()
	}
	return ""
}

// documentDescription is a TextSource's Description: the document's facts
// and its segments with their places in the text, for a reader.
func documentDescription(f *flatDoc) string {
	d := f.u.doc
	var b strings.Builder
	fmt.Fprintf(&b, "Newsmark document %s", d.ID)
	if d.Title != "" {
		fmt.Fprintf(&b, ": %s", d.Title)
	}
	for _, kv := range [][2]string{{"Source", d.Source}, {"Outlet", d.Outlet}, {"Published", whenText(d.Published)}, {"Language", d.Language}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "\n%s: %s", kv[0], kv[1])
		}
	}
	b.WriteString("\nSegments (characters from the start of the text, end exclusive):")
	for i := range d.Segments {
		s := &d.Segments[i]
		fmt.Fprintf(&b, "\n%d–%d %s", f.starts[i], f.starts[i]+annotate.RuneCount(s.Text), segmentHeader(d, s))
	}
	return b.String()
}

func (e *qdpxEncoder) document(u *docUnit, rep *ExportReport) error {
	f := flatten(u)
	d := u.doc
	g := refiGUID("document", d.ID)
	w, err := e.create(refiSourcesDir + g + ".txt")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, f.text); err != nil {
		return err
	}
	src := qdeTextSource{
		GUID: g, Name: d.Title, PlainTextPath: "internal://" + g + ".txt",
		CreationDateTime: refiTime(d.Imported), Description: documentDescription(f),
	}
	if src.Name == "" {
		src.Name = d.ID
	}
	// One selection per segment, without a coding: its Description names
	// the segment's kind, author and time (QualCoder and MAXQDA show such
	// a selection as a memo on the text).
	for i := range d.Segments {
		s := &d.Segments[i]
		h := segmentHeader(d, s)
		src.Selections = append(src.Selections, qdeSelection{
			GUID: refiGUID("segment", d.ID, s.ID), Name: h,
			StartPosition: strconv.Itoa(f.starts[i]), EndPosition: strconv.Itoa(f.starts[i] + annotate.RuneCount(s.Text)),
			Description: h,
		})
	}
	p := pendingSource{}
	for _, a := range u.anns {
		start, end := f.span(&a)
		user := e.person(a.Annotator)
		sel := qdeSelection{
			GUID: refiGUID("annotation", d.ID, a.ID), Name: a.Quote.Exact,
			StartPosition: strconv.Itoa(start), EndPosition: strconv.Itoa(end),
			CreatingUser: user, CreationDateTime: refiTime(a.Created), Description: a.Note,
		}
		if !a.Modified.IsZero() {
			sel.ModifyingUser, sel.ModifiedDateTime = user, refiTime(a.Modified)
		}
		p.sel = append(p.sel, len(src.Selections))
		p.anns = append(p.anns, a)
		src.Selections = append(src.Selections, sel)
		if l, ok := e.sel.codebook.Label(a.Label); ok {
			for name, v := range a.Attributes {
				if def, ok := l.Attribute(name); ok && (def.Kind() == annotate.AttrText || def.Kind() == annotate.AttrNumber) {
					k := a.Label + "\x00" + name
					if v != "" && !slices.Contains(e.used[k], v) {
						e.used[k] = append(e.used[k], v)
					}
				}
			}
		}
	}
	for _, l := range u.labels {
		e.person(l.Annotator)
		p.segs = append(p.segs, l)
		if l.SegmentID == "" {
			p.ssel = append(p.ssel, -1)
			continue
		}
		i, ok := f.seg[l.SegmentID]
		if !ok {
			return fmt.Errorf("comment label %s: no segment %s", l.Label, l.SegmentID)
		}
		p.ssel = append(p.ssel, len(src.Selections))
		src.Selections = append(src.Selections, qdeSelection{
			GUID: refiGUID("segment-label", l.Key()), Name: l.Label,
			StartPosition: strconv.Itoa(f.starts[i]), EndPosition: strconv.Itoa(f.starts[i] + annotate.RuneCount(d.Segments[i].Text)),
			CreatingUser: userGUID(l.Annotator), CreationDateTime: refiTime(l.Created),
		})
	}
	for _, v := range e.sel.codebook.Variables {
		val := d.Variables[v.ID]
		if val == "" {
			continue
		}
		vv, err := variableValue(&v, val)
		if err != nil {
			rep.warnf("document %s: variable %s: %v; left out", d.ID, v.ID, err)
			continue
		}
		src.VariableValues = append(src.VariableValues, vv)
	}
	annSel := map[string]string{}
	for i, a := range u.anns {
		annSel[a.ID] = src.Selections[p.sel[i]].GUID
	}
	for _, r := range u.rels {
		e.person(r.Annotator)
		link := qdeLink{GUID: refiGUID("relation", d.ID, r.ID), Name: r.Type, Direction: "Associative",
			Origin: annSel[r.From], Target: annSel[r.To]}
		if rt, ok := e.sel.codebook.RelationType(r.Type); ok {
			if rt.Name != "" {
				link.Name = rt.Name
			}
			if rt.Directed {
				link.Direction = "OneWay"
			}
		}
		e.links = append(e.links, link)
	}
	c := f.carry(e.sel, func(i int) string { return src.Selections[p.sel[i]].GUID }, func(i int) string { return refiGUID("relation", d.ID, u.rels[i].ID) })
	cw, err := e.create(refiCarryDir + g + ".json")
	if err != nil {
		return err
	}
	if err := json.NewEncoder(cw).Encode(c); err != nil {
		return err
	}
	e.sources = append(e.sources, src)
	e.pending = append(e.pending, p)
	return nil
}

// variableValue writes a document's value of v in the element REFI-QDA
// has for its type.
func variableValue(v *annotate.VariableDef, val string) (qdeVariableValue, error) {
	vv := qdeVariableValue{VariableRef: qdeRef{Target: variableGUID(v)}}
	switch v.Type {
	case annotate.VarNumber:
		x, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			return vv, fmt.Errorf("%q is not a number", val)
		}
		s := strconv.FormatFloat(x, 'f', -1, 64) // xsd:decimal has no exponent
		vv.FloatValue = &s
	case annotate.VarDate:
		if _, err := time.Parse(time.DateOnly, val); err != nil {
			return vv, fmt.Errorf("%q is not a date (2006-01-02)", val)
		}
		vv.DateValue = &val
	case annotate.VarBoolean:
		if val != "true" && val != "false" {
			return vv, fmt.Errorf("%q is not true or false", val)
		}
		vv.BooleanValue = &val
	default:
		vv.TextValue = &val
	}
	return vv, nil
}

func variableGUID(v *annotate.VariableDef) string { return guidOr(v.GUID, "variable", v.ID) }

// refiVariableType is the typeOfVariable of a Newsmark variable type.
func refiVariableType(t annotate.VariableType) string {
	switch t {
	case annotate.VarNumber:
		return "Float"
	case annotate.VarDate:
		return "Date"
	case annotate.VarBoolean:
		return "Boolean"
	}
	return "Text" // text, and choice: REFI-QDA has no choice type
}

func (e *qdpxEncoder) end(rep *ExportReport) error {
	cb := e.sel.codebook
	rc := buildRefiCodebook(cb, e.used)
	for si := range e.sources {
		src := &e.sources[si]
		p := &e.pending[si]
		for i, a := range p.anns {
			sel := &src.Selections[p.sel[i]]
			user := sel.CreatingUser
			lg, ok := rc.label[a.Label]
			if !ok {
				return fmt.Errorf("annotation %s: label %q is not in the codebook", a.ID, a.Label)
			}
			sel.Codings = append(sel.Codings, qdeCoding{GUID: refiGUID("coding", sel.GUID, a.Label), CreatingUser: user, CreationDateTime: sel.CreationDateTime, CodeRef: qdeRef{Target: lg}})
			l, _ := cb.Label(a.Label)
			for _, ad := range l.Attributes {
				v := a.Attributes[ad.Name]
				if v == "" {
					continue
				}
				vals := []string{v}
				if ad.Kind() == annotate.AttrMulti {
					vals = annotate.SplitMulti(v)
				}
				for _, one := range vals {
					vg, ok := rc.value[a.Label+"\x00"+ad.Name+"\x00"+one]
					if !ok {
						rep.warnf("annotation %s: attribute %s=%q is not a value of the codebook; left out of its codings", a.ID, ad.Name, one)
						continue
					}
					sel.Codings = append(sel.Codings, qdeCoding{GUID: refiGUID("coding", sel.GUID, a.Label, ad.Name, one), CreatingUser: user, CreationDateTime: sel.CreationDateTime, CodeRef: qdeRef{Target: vg}})
				}
			}
		}
		for i, l := range p.segs {
			g, ok := rc.segLbl[l.Label]
			if !ok {
				return fmt.Errorf("comment label %q is not in the codebook", l.Label)
			}
			coding := qdeCoding{GUID: refiGUID("coding", "segment-label", l.Key()), CreatingUser: userGUID(l.Annotator), CreationDateTime: refiTime(l.Created), CodeRef: qdeRef{Target: g}}
			if p.ssel[i] < 0 {
				src.Codings = append(src.Codings, coding)
			} else {
				src.Selections[p.ssel[i]].Codings = append(src.Selections[p.ssel[i]].Codings, coding)
			}
		}
	}
	w, err := e.create(refiCarryDir + "codebook.json")
	if err != nil {
		return err
	}
	if err := json.NewEncoder(w).Encode(cb); err != nil {
		return err
	}
	proj := qdeProject{XMLName: xml.Name{Space: refiProjectNS, Local: "Project"}, Name: cb.Name, Origin: refiOrigin}
	if proj.Name == "" {
		proj.Name = "Newsmark project"
	}
	names := map[string]string{}
	for _, p := range e.sel.people {
		names[p.ID] = p.Name
	}
	if len(e.people) > 0 {
		proj.Users = &qdeUsers{}
		for _, id := range e.people {
			proj.Users.Users = append(proj.Users.Users, qdeUser{GUID: userGUID(id), ID: id, Name: cmpOr(names[id], id)})
		}
	}
	if len(rc.codes) > 0 {
		proj.CodeBook = &qdeCodeBook{Codes: qdeCodes{Codes: rc.codes}}
	}
	if len(cb.Variables) > 0 {
		proj.Variables = &qdeVariables{}
		for _, v := range cb.Variables {
			desc := v.Description
			if v.Type == annotate.VarChoice {
				desc = strings.TrimSpace(desc + "\n\nValues: " + strings.Join(v.Values, ", "))
			}
			proj.Variables.Variables = append(proj.Variables.Variables, qdeVariable{GUID: variableGUID(&v), Name: cmpOr(v.Name, v.ID), Type: refiVariableType(v.Type), Description: desc})
		}
	}
	if len(e.sources) > 0 {
		proj.Sources = &qdeSources{Text: e.sources}
	}
	var links []qdeLink
	for _, l := range e.links {
		if l.Origin != "" && l.Target != "" {
			links = append(links, l)
		}
	}
	if len(links) > 0 {
		proj.Links = &qdeLinks{Links: links}
	}
	if len(rc.sets) > 0 {
		proj.Sets = &qdeSets{Sets: rc.sets}
	}
	w, err = e.create(refiProjectFile)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := io.WriteString(bw, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(bw)
	enc.Indent("", " ")
	if err := enc.Encode(proj); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if _, err := io.WriteString(bw, "\n"); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return e.zw.Close()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
