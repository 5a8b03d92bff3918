package interchange

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
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
// the spans use and its Users the coders they name. The TextSource
// elements wait in a temporary file meanwhile, so memory does not grow
// with the export.
type qdpxEncoder struct {
	w       io.Writer
	zw      *zip.Writer
	sel     *selection
	tmp     *os.File      // the TextSource elements, in order
	tmpBuf  *bufio.Writer // over tmp
	sources int
	links   []qdeLink
	people  []string        // annotator ids in order of first use
	seen    map[string]bool // annotator ids used
	used    map[string][]string
}

// zipTime is the modification time of every file Newsmark writes into an
// archive, so that exporting the same project twice gives the same bytes.
var zipTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func (e *qdpxEncoder) begin(sel *selection) error {
	e.sel = sel
	e.zw = zip.NewWriter(e.w)
	e.seen = map[string]bool{}
	e.used = map[string][]string{}
	tmp, err := os.CreateTemp("", "newsmark-qdpx-*.xml")
	if err != nil {
		return fmt.Errorf("a temporary file for the sources: %w", err)
	}
	os.Remove(tmp.Name()) // it lives while open (on Windows until closed, see close)
	e.tmp, e.tmpBuf = tmp, bufio.NewWriterSize(tmp, 256<<10)
	return nil
}

// close releases the temporary file.
func (e *qdpxEncoder) close() {
	if e.tmp != nil {
		name := e.tmp.Name()
		e.tmp.Close()
		os.Remove(name)
		e.tmp = nil
	}
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
	var annSelIdx []int
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
		sel.Codings = e.codings(&a, sel.GUID, user, sel.CreationDateTime, rep)
		annSelIdx = append(annSelIdx, len(src.Selections))
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
		set, def, ok := e.sel.codebook.SegmentLabel(l.Label)
		if !ok {
			return fmt.Errorf("comment label %q is not in the codebook", l.Label)
		}
		coding := qdeCoding{GUID: refiGUID("coding", "segment-label", l.Key()), CreatingUser: userGUID(l.Annotator), CreationDateTime: refiTime(l.Created), CodeRef: qdeRef{Target: segLabelGUID(set, def)}}
		if l.SegmentID == "" {
			src.Codings = append(src.Codings, coding)
			continue
		}
		i, ok := f.seg[l.SegmentID]
		if !ok {
			return fmt.Errorf("comment label %s: no segment %s", l.Label, l.SegmentID)
		}
		src.Selections = append(src.Selections, qdeSelection{
			GUID: refiGUID("segment-label", l.Key()), Name: l.Label,
			StartPosition: strconv.Itoa(f.starts[i]), EndPosition: strconv.Itoa(f.starts[i] + annotate.RuneCount(d.Segments[i].Text)),
			CreatingUser: userGUID(l.Annotator), CreationDateTime: refiTime(l.Created),
			Codings: []qdeCoding{coding},
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
		annSel[a.ID] = src.Selections[annSelIdx[i]].GUID
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
	c := f.carry(e.sel, func(i int) string { return src.Selections[annSelIdx[i]].GUID }, func(i int) string { return refiGUID("relation", d.ID, u.rels[i].ID) })
	cw, err := e.create(refiCarryDir + g + ".json")
	if err != nil {
		return err
	}
	if err := json.NewEncoder(cw).Encode(c); err != nil {
		return err
	}
	enc := xml.NewEncoder(e.tmpBuf)
	enc.Indent(" ", " ")
	if err := enc.EncodeElement(src, xml.StartElement{Name: xml.Name{Local: "TextSource"}}); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	e.sources++
	return nil
}

// codings returns the codings of a span: its label's Code and the Code of
// each attribute value, all by the span's annotator. Their GUIDs are
// derived (refi_codebook.go), so they are known before the codebook is
// written.
func (e *qdpxEncoder) codings(a *annotate.Annotation, selGUID, user, created string, rep *ExportReport) []qdeCoding {
	l, ok := e.sel.codebook.Label(a.Label)
	if !ok {
		rep.warnf("annotation %s: label %q is not in the codebook; left out of its codings", a.ID, a.Label)
		return nil
	}
	lg := labelGUID(l)
	out := []qdeCoding{{GUID: refiGUID("coding", selGUID, a.Label), CreatingUser: user, CreationDateTime: created, CodeRef: qdeRef{Target: lg}}}
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
			if k := ad.Kind(); k != annotate.AttrText && k != annotate.AttrNumber && !slices.Contains(ad.Values, one) {
				rep.warnf("annotation %s: attribute %s=%q is not a value of the codebook; left out of its codings", a.ID, ad.Name, one)
				continue
			}
			out = append(out, qdeCoding{GUID: refiGUID("coding", selGUID, a.Label, ad.Name, one), CreatingUser: user, CreationDateTime: created, CodeRef: qdeRef{Target: valueGUID(lg, ad.Name, one)}})
		}
	}
	return out
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
	defer e.close()
	cb := e.sel.codebook
	rc := buildRefiCodebook(cb, e.used)
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
	var links []qdeLink
	for _, l := range e.links {
		if l.Origin != "" && l.Target != "" {
			links = append(links, l)
		}
	}
	w, err = e.create(refiProjectFile)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	if _, err := io.WriteString(bw, xml.Header); err != nil {
		return err
	}
	// The Project element is written in parts: what comes before Sources,
	// the Sources from the temporary file, what comes after.
	enc := xml.NewEncoder(bw)
	enc.Indent("", " ")
	start := xml.StartElement{Name: xml.Name{Local: "Project"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "xmlns"}, Value: refiProjectNS}, {Name: xml.Name{Local: "name"}, Value: proj.Name}, {Name: xml.Name{Local: "origin"}, Value: proj.Origin}}}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	for _, part := range []struct {
		name string
		v    any
		ok   bool
	}{{"Users", proj.Users, proj.Users != nil}, {"CodeBook", proj.CodeBook, proj.CodeBook != nil}, {"Variables", proj.Variables, proj.Variables != nil}} {
		if part.ok {
			if err := enc.EncodeElement(part.v, xml.StartElement{Name: xml.Name{Local: part.name}}); err != nil {
				return err
			}
		}
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	if e.sources > 0 {
		if err := e.tmpBuf.Flush(); err != nil {
			return err
		}
		if _, err := e.tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.WriteString(bw, "\n <Sources>\n "); err != nil {
			return err
		}
		if _, err := io.Copy(bw, e.tmp); err != nil {
			return err
		}
		if _, err := io.WriteString(bw, "\n </Sources>"); err != nil {
			return err
		}
	}
	if len(links) > 0 {
		if err := enc.EncodeElement(qdeLinks{Links: links}, xml.StartElement{Name: xml.Name{Local: "Links"}}); err != nil {
			return err
		}
	}
	if len(rc.sets) > 0 {
		if err := enc.EncodeElement(qdeSets{Sets: rc.sets}, xml.StartElement{Name: xml.Name{Local: "Sets"}}); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
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
