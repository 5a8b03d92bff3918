package interchange

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

// qdpx reads a REFI-QDA project archive: the codebook of project.qde
// merged into the project's (by GUID, then id), its text sources as
// documents (one segment each, or the segments of the Newsmark record a
// Newsmark export keeps beside them), its codings as spans by their users,
// its variable values as document variables. Anything that cannot be read
// (not a zip, no project.qde, XML that is not well-formed, a GUID that
// names nothing, the same code GUID twice, a source outside the archive)
// stops the import with an error naming the file and the element; a
// selection outside its text is a bad item (see baditems.go).
func (d *decoder) qdpx(r io.Reader) error {
	zr, err := d.readQDPXZip(r)
	if err != nil {
		return err
	}
	files := map[string]*zip.File{}
	var qde []*zip.File
	for _, f := range zr.File {
		files[strings.ToLower(f.Name)] = f
		if isQDE(f.Name) {
			qde = append(qde, f)
		}
	}
	pf := files[refiProjectFile]
	if pf == nil && len(qde) == 1 {
		pf = qde[0]
	}
	if pf == nil {
		return d.errAt(d.name, 0, -1, nil, "the archive holds no project.qde; expected a REFI-QDA project (.qdpx) with project.qde at its top")
	}
	qdeName := d.name + ":" + pf.Name
	data, err := readQDE(d.name, pf)
	if err != nil {
		return err
	}
	var proj qdeProject
	if err := decodeXML(qdeName, bytes.NewReader(data), &proj); err != nil {
		return err
	}
	if proj.XMLName.Local != "Project" {
		return &InputError{File: qdeName, Offset: -1, Msg: fmt.Sprintf("the root element is <%s>; expected <Project> (REFI-QDA project)", proj.XMLName.Local)}
	}
	rd := &refiReader{d: d, file: qdeName, zip: files, zr: zr, origin: proj.Origin}
	if err := rd.read(&proj); err != nil {
		return err
	}
	return nil
}

// readQDPXZip reads a .qdpx archive as readZip does, except that
// project.qde may unpack to importer.MaxJSONSetSize (the XML of a large
// coded corpus outgrows the limit of one file in an archive); every other
// file is held to importer.MaxZipEntrySize, all together to
// importer.MaxArchiveSize, by their stated sizes first.
func (d *decoder) readQDPXZip(r io.Reader) (*zip.Reader, error) {
	data, err := io.ReadAll(importer.LimitReader(r, importer.MaxArchiveSize, d.name, "a .qdpx archive"))
	if err != nil {
		if errors.Is(err, importer.ErrTooLarge) {
			return nil, err
		}
		return nil, fmt.Errorf("import %s: %w", d.name, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, d.errAt(d.name, 0, -1, err, "not a zip archive; a .qdpx file is a zip archive holding project.qde and a sources folder")
	}
	var total uint64
	for _, f := range zr.File {
		limit, what := uint64(importer.MaxZipEntrySize), "one file in a .zip archive"
		if isQDE(f.Name) {
			limit, what = importer.MaxJSONSetSize, "project.qde"
		}
		if f.UncompressedSize64 > limit {
			return nil, importer.TooLarge(d.name+":"+f.Name, what, int64(limit))
		}
		total += f.UncompressedSize64
		if total > importer.MaxArchiveSize {
			return nil, importer.TooLarge(d.name, "what all files of a .zip archive unpack to", importer.MaxArchiveSize)
		}
	}
	return zr, nil
}

func isQDE(name string) bool {
	return strings.EqualFold(path.Ext(name), ".qde") && !strings.Contains(strings.Trim(name, "/"), "/")
}

// readQDE reads project.qde whole, refusing more than it said it holds
// (archive/zip fails a file that gives more than its stated size).
func readQDE(archive string, f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("import %s:%s: %w", archive, f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(importer.LimitReader(rc, importer.MaxJSONSetSize, archive+":"+f.Name, "project.qde"))
	if err != nil {
		if errors.Is(err, importer.ErrTooLarge) {
			return nil, err
		}
		return nil, fmt.Errorf("import %s:%s: %w", archive, f.Name, err)
	}
	return data, nil
}

// refiReader holds what one project.qde defines while its sources are read.
type refiReader struct {
	d      *decoder
	file   string               // archive:project.qde, for messages
	zip    map[string]*zip.File // by lower-case name
	zr     *zip.Reader
	origin string
	users  map[string]string // normalised GUID → annotator id
	roles  map[string]codeRole
	remap  map[string]string // file label / segment label id → project id
	vars   map[string]string // normalised GUID → variable id in the project
	varDef map[string]*annotate.VariableDef
	links  map[string][]qdeLink // normalised source GUID → the Links within it
}

func (rd *refiReader) errf(format string, args ...any) error {
	return &InputError{File: rd.file, Offset: -1, Msg: fmt.Sprintf(format, args...)}
}

func (rd *refiReader) read(p *qdeProject) error {
	d := rd.d
	rd.users = map[string]string{}
	if p.Users != nil {
		ids := map[string]bool{}
		for _, u := range p.Users.Users {
			if !guidPattern.MatchString(strings.TrimSpace(u.GUID)) {
				return rd.errf("User %q has no valid guid (%q)", cmpOr(u.Name, u.ID), u.GUID)
			}
			g := normGUID(u.GUID)
			if _, dup := rd.users[g]; dup {
				return rd.errf("User %q: guid %s is used twice", cmpOr(u.Name, u.ID), u.GUID)
			}
			id := strings.TrimSpace(cmpOr(u.ID, u.Name))
			if id == "" {
				id = "user-" + g[:8]
			}
			for base, i := id, 2; ids[id]; i++ {
				id = fmt.Sprintf("%s_%d", base, i)
			}
			ids[id] = true
			rd.users[g] = id
			d.person(annotate.Annotator{ID: id, Name: strings.TrimSpace(cmpOr(u.Name, id))})
		}
	}
	var fileCB *annotate.Codebook
	rd.roles = map[string]codeRole{}
	if p.CodeBook != nil {
		var sets []qdeSet
		if p.Sets != nil {
			sets = p.Sets.Sets
		}
		cb, roles, err := readRefiCodes(p.CodeBook.Codes.Codes, sets, rd.file)
		if err != nil {
			return &InputError{File: rd.file, Offset: -1, Msg: strings.TrimPrefix(err.Error(), rd.file+": ")}
		}
		fileCB, rd.roles = cb, roles
	} else {
		fileCB = &annotate.Codebook{}
	}
	fileCB.Variables = nil
	rd.varDef = map[string]*annotate.VariableDef{}
	fileVars := map[string]string{} // normalised GUID → file variable id
	if p.Variables != nil {
		taken := map[string]bool{}
		for _, v := range p.Variables.Variables {
			if !guidPattern.MatchString(strings.TrimSpace(v.GUID)) {
				return rd.errf("Variable %q has no valid guid (%q)", v.Name, v.GUID)
			}
			g := normGUID(v.GUID)
			if _, dup := fileVars[g]; dup {
				return rd.errf("Variable %q: guid %s is used twice", v.Name, v.GUID)
			}
			if _, dup := rd.roles[g]; dup {
				return rd.errf("Variable %q: guid %s is also a Code's", v.Name, v.GUID)
			}
			id := sanitizeID(v.Name)
			for base, i := id, 2; taken[id]; i++ {
				id = fmt.Sprintf("%s_%d", base, i)
			}
			taken[id] = true
			fileVars[g] = id
			fileCB.Variables = append(fileCB.Variables, annotate.VariableDef{ID: id, Name: v.Name, Description: v.Description, Type: varTypeOf(v.Type), GUID: strings.TrimSpace(v.GUID)})
		}
	}
	// A Newsmark export keeps its codebook as Newsmark holds it; its
	// entries replace the ones read from the Codes (matched by GUID).
	if f := rd.zip[refiCarryDir+"codebook.json"]; f != nil {
		data, err := rd.d.readEntry(rd.zipFS(), f.Name)
		if err != nil {
			return err
		}
		carriedCB, err := annotate.DecodeCodebook(bytes.NewReader(data))
		if err != nil {
			return &InputError{File: d.name + ":" + f.Name, Offset: -1, Msg: "the Newsmark codebook beside project.qde is not valid", Err: err}
		}
		rd.adoptCarried(fileCB, carriedCB, fileVars)
	}
	add, remap, maps := mergeCodebook(d.project, fileCB)
	rd.remap = remap
	d.rep.Labels = append(d.rep.Labels, maps...)
	d.nativeCB = add
	merged := &annotate.Codebook{}
	if d.project != nil {
		merged = cloneCB(d.project)
	}
	merged.Labels = append(merged.Labels, add.Labels...)
	merged.RelationTypes = append(merged.RelationTypes, add.RelationTypes...)
	merged.SegmentLabelSets = append(merged.SegmentLabelSets, add.SegmentLabelSets...)
	merged.Variables = append(merged.Variables, add.Variables...)
	d.labels = newLabelMapper(merged)
	rd.vars = map[string]string{}
	for g, id := range fileVars {
		rd.vars[g] = remap["var\x00"+id]
	}
	for i := range merged.Variables {
		rd.varDef[merged.Variables[i].ID] = &merged.Variables[i]
	}
	rd.links = rd.linksBySource(p)
	if p.Sources != nil {
		for _, o := range p.Sources.Other {
			d.rep.skipf("%s: %s %q: only text sources are imported", rd.file, o.XMLName.Local, o.Name)
		}
		seen := map[string]bool{}
		for i := range p.Sources.Text {
			s := &p.Sources.Text[i]
			g := normGUID(s.GUID)
			if !guidPattern.MatchString(strings.TrimSpace(s.GUID)) {
				return rd.errf("TextSource %q has no valid guid (%q)", s.Name, s.GUID)
			}
			if seen[g] || rd.roles[g].kind != "" {
				return rd.errf("TextSource %q: guid %s is used twice", s.Name, s.GUID)
			}
			seen[g] = true
			if err := rd.source(s); err != nil {
				return err
			}
		}
	}
	return nil
}

func (rd *refiReader) zipFS() *zip.Reader { return rd.zr }

// adoptCarried puts the definitions of Newsmark's own codebook in place
// of the ones read from the Codes, entry by entry, where the GUIDs match:
// kinds, hotkeys, ids, attribute types, relation types and variable types
// come back as they were.
func (rd *refiReader) adoptCarried(fileCB, c *annotate.Codebook, fileVars map[string]string) {
	ren := map[string]string{} // id read from the Codes → carried id
	byGUID := map[string]*annotate.Label{}
	for i := range c.Labels {
		byGUID[normGUID(labelGUID(&c.Labels[i]))] = &c.Labels[i]
	}
	taken := map[string]bool{}
	for _, l := range c.Labels {
		taken[l.ID] = true
	}
	for _, s := range c.SegmentLabelSets {
		taken[s.ID] = true
		for _, l := range s.Labels {
			taken[l.ID] = true
		}
	}
	var labels []annotate.Label
	for _, l := range fileCB.Labels {
		if cl, ok := byGUID[normGUID(l.GUID)]; ok {
			ren[l.ID] = cl.ID
			continue
		}
		// A code added in the other program.
		id := l.ID
		for base, i := id, 2; taken[id]; i++ {
			id = fmt.Sprintf("%s_%d", base, i)
		}
		taken[id] = true
		ren[l.ID] = id
		l.ID = id
		labels = append(labels, l)
	}
	for i := range labels {
		if p, ok := ren[labels[i].Parent]; ok {
			labels[i].Parent = p
		}
	}
	segByGUID := map[string]string{}
	for si := range c.SegmentLabelSets {
		set := &c.SegmentLabelSets[si]
		for li := range set.Labels {
			segByGUID[normGUID(segLabelGUID(set, &set.Labels[li]))] = set.Labels[li].ID
		}
	}
	for _, set := range fileCB.SegmentLabelSets {
		for _, l := range set.Labels {
			if id, ok := segByGUID[normGUID(l.GUID)]; ok {
				ren[l.ID] = id
			}
		}
	}
	for g, r := range rd.roles {
		if id, ok := ren[r.id]; ok {
			r.id = id
			rd.roles[g] = r
		}
	}
	out := cloneCB(c)
	for i := range out.Labels {
		if out.Labels[i].GUID == "" {
			out.Labels[i].GUID = labelGUID(&out.Labels[i])
		}
	}
	out.Labels = append(out.Labels, labels...)
	varByGUID := map[string]string{}
	for i := range out.Variables {
		v := &out.Variables[i]
		if v.GUID == "" {
			v.GUID = variableGUID(v)
		}
		varByGUID[normGUID(v.GUID)] = v.ID
	}
	for _, v := range fileCB.Variables {
		g := normGUID(v.GUID)
		if id, ok := varByGUID[g]; ok {
			fileVars[g] = id
			continue
		}
		out.Variables = append(out.Variables, v)
	}
	*fileCB = *out
}

func cloneCB(c *annotate.Codebook) *annotate.Codebook {
	var out annotate.Codebook
	data, _ := json.Marshal(c)
	_ = json.Unmarshal(data, &out)
	return &out
}

// mergeCodebook merges a codebook read from a file (ReadQDC) into the
// project's, as a .qdpx import does: each label, comment label and
// variable of file is the project's entry with the same GUID (its own, or
// the one Newsmark derives from its id), else the one with the same id,
// else it is added under a free id. It returns what to add to the project,
// the file's ids mapped to the project's (variables as "var\x00ID",
// relation types as "rel\x00ID"), and one LabelMapping per label and
// comment label saying how it matched. Neither codebook is changed. The
// codebook command merges with annotate.MergeCodebook instead, after
// AlignQDC.
func mergeCodebook(project, file *annotate.Codebook) (*annotate.Codebook, map[string]string, []LabelMapping) {
	if project == nil {
		project = &annotate.Codebook{}
	}
	add := &annotate.Codebook{Name: "imported"}
	remap := map[string]string{}
	var maps []LabelMapping
	taken := map[string]bool{}
	for _, l := range project.Labels {
		taken[l.ID] = true
	}
	for _, r := range project.RelationTypes {
		taken[r.ID] = true
	}
	for _, s := range project.SegmentLabelSets {
		taken[s.ID] = true
		for _, l := range s.Labels {
			taken[l.ID] = true
		}
	}
	for _, v := range project.Variables {
		taken[v.ID] = true
	}
	fresh := func(id string) string {
		out := id
		for i := 2; taken[out]; i++ {
			out = fmt.Sprintf("%s_%d", id, i)
		}
		taken[out] = true
		return out
	}
	projGUID := map[string]string{}
	for i := range project.Labels {
		projGUID[normGUID(labelGUID(&project.Labels[i]))] = project.Labels[i].ID
		if project.Labels[i].GUID != "" {
			projGUID[normGUID(project.Labels[i].GUID)] = project.Labels[i].ID
		}
	}
	var added []int
	for _, l := range file.Labels {
		m := LabelMapping{Foreign: cmpOr(l.Name, l.ID), Kind: "span"}
		if id, ok := projGUID[normGUID(cmpOr(l.GUID, labelGUID(&l)))]; ok {
			remap[l.ID], m.Label, m.How = id, id, "same guid"
		} else if _, ok := project.Label(l.ID); ok {
			remap[l.ID], m.Label, m.How = l.ID, l.ID, "same id"
		} else {
			nl := l
			nl.ID = fresh(l.ID)
			if nl.GUID == "" {
				nl.GUID = labelGUID(&l)
			}
			remap[l.ID], m.Label, m.How, m.Added = nl.ID, nl.ID, "new", true
			added = append(added, len(add.Labels))
			add.Labels = append(add.Labels, nl)
		}
		maps = append(maps, m)
	}
	hotkeys := map[string]bool{}
	for _, l := range project.Labels {
		if l.Hotkey != "" {
			hotkeys[strings.ToUpper(l.Hotkey)] = true
		}
	}
	for _, i := range added {
		l := &add.Labels[i]
		if p, ok := remap[l.Parent]; ok {
			l.Parent = p
		} else {
			l.Parent = ""
		}
		if l.Hotkey != "" {
			if hotkeys[strings.ToUpper(l.Hotkey)] {
				l.Hotkey = ""
			} else {
				hotkeys[strings.ToUpper(l.Hotkey)] = true
			}
		}
	}
	for _, r := range file.RelationTypes {
		if _, ok := project.RelationType(r.ID); ok {
			remap["rel\x00"+r.ID] = r.ID
			continue
		}
		nr := r
		nr.ID = fresh(r.ID)
		remap["rel\x00"+r.ID] = nr.ID
		nr.From, nr.To = remapAll(r.From, remap), remapAll(r.To, remap)
		add.RelationTypes = append(add.RelationTypes, nr)
	}
	segGUID := map[string]string{}
	for si := range project.SegmentLabelSets {
		set := &project.SegmentLabelSets[si]
		for li := range set.Labels {
			segGUID[normGUID(segLabelGUID(set, &set.Labels[li]))] = set.Labels[li].ID
		}
	}
	for _, set := range file.SegmentLabelSets {
		var target *annotate.SegmentLabelSet
		for si := range project.SegmentLabelSets {
			if project.SegmentLabelSets[si].ID == set.ID || project.SegmentLabelSets[si].Name == set.Name {
				target = &annotate.SegmentLabelSet{ID: project.SegmentLabelSets[si].ID, Name: project.SegmentLabelSets[si].Name}
			}
		}
		if target == nil {
			target = &annotate.SegmentLabelSet{ID: fresh(set.ID), Name: set.Name, Description: set.Description, Exclusive: set.Exclusive, GUID: set.GUID}
		}
		for _, l := range set.Labels {
			m := LabelMapping{Foreign: cmpOr(l.Name, l.ID), Kind: "segment"}
			if id, ok := segGUID[normGUID(cmpOr(l.GUID, segLabelGUID(&set, &l)))]; ok {
				remap[l.ID], m.Label, m.How = id, id, "same guid"
			} else if _, _, ok := project.SegmentLabel(l.ID); ok {
				remap[l.ID], m.Label, m.How = l.ID, l.ID, "same id"
			} else {
				nl := l
				nl.ID = fresh(l.ID)
				remap[l.ID], m.Label, m.How, m.Added = nl.ID, nl.ID, "new", true
				target.Labels = append(target.Labels, nl)
			}
			maps = append(maps, m)
		}
		if len(target.Labels) > 0 {
			add.SegmentLabelSets = append(add.SegmentLabelSets, *target)
		}
	}
	for _, v := range file.Variables {
		done := false
		for pi := range project.Variables {
			pv := &project.Variables[pi]
			if normGUID(variableGUID(pv)) == normGUID(cmpOr(v.GUID, variableGUID(&v))) || pv.ID == v.ID {
				remap["var\x00"+v.ID] = pv.ID
				done = true
				break
			}
		}
		if done {
			continue
		}
		nv := v
		nv.ID = fresh(v.ID)
		remap["var\x00"+v.ID] = nv.ID
		add.Variables = append(add.Variables, nv)
	}
	return add, remap, maps
}

func remapAll(ids []string, remap map[string]string) []string {
	var out []string
	for _, id := range ids {
		if r, ok := remap[id]; ok {
			out = append(out, r)
		}
	}
	return out
}

func varTypeOf(t string) annotate.VariableType {
	switch strings.TrimSpace(t) {
	case "Integer", "Float":
		return annotate.VarNumber
	case "Boolean":
		return annotate.VarBoolean
	case "Date":
		return annotate.VarDate
	}
	return annotate.VarText // Text, and DateTime (kept as written)
}

// user returns the annotator id of a creatingUser GUID; "" when none is
// given. A GUID the Users do not list is an error when the file has Users.
func (rd *refiReader) user(g, where string) (string, error) {
	g = strings.TrimSpace(g)
	if g == "" {
		return "", nil
	}
	if id, ok := rd.users[normGUID(g)]; ok {
		return id, nil
	}
	if len(rd.users) > 0 {
		return "", rd.errf("%s: creatingUser %s is not one of the Users (unknown guid)", where, g)
	}
	id := "user-" + strings.ToLower(strings.Trim(g, "{}"))[:min(8, len(strings.Trim(g, "{}")))]
	rd.d.person(annotate.Annotator{ID: id})
	return id, nil
}

func refiParseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// sourceText returns a TextSource's plain text: its PlainTextContent, or
// the file its plainTextPath names inside the archive.
func (rd *refiReader) sourceText(s *qdeTextSource, where string) (string, string, error) {
	if s.PlainTextContent != nil {
		return *s.PlainTextContent, rd.file, nil
	}
	p := strings.TrimSpace(s.PlainTextPath)
	rest, ok := strings.CutPrefix(p, "internal://")
	if p == "" {
		return "", "", rd.errf("%s has neither PlainTextContent nor plainTextPath; expected one of them", where)
	}
	if !ok {
		return "", "", rd.errf("%s: plainTextPath %q points outside the archive; only internal:// sources are read", where, p)
	}
	name := refiSourcesDir + strings.TrimPrefix(rest, "/")
	f := rd.zip[strings.ToLower(name)]
	if f == nil {
		return "", "", rd.errf("%s: plainTextPath %q: the archive holds no %s", where, p, name)
	}
	data, err := rd.d.readEntry(rd.zipFS(), f.Name)
	if err != nil {
		return "", "", err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return "", "", &InputError{File: rd.d.name + ":" + f.Name, Offset: -1, Msg: "the text is not UTF-8; REFI-QDA plain-text sources are UTF-8"}
	}
	return string(data), rd.d.name + ":" + f.Name, nil
}

func (rd *refiReader) source(s *qdeTextSource) error {
	d := rd.d
	where := fmt.Sprintf("TextSource %q (guid %s)", s.Name, s.GUID)
	text, file, err := rd.sourceText(s, where)
	if err != nil {
		return err
	}
	// ATLAS.ti counts a Windows line end (CR LF) as one character, as
	// QualCoder's reader notes; MAXQDA and NVivo count two.
	if strings.Contains(strings.ToUpper(rd.origin), "ATLAS") {
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	fd := &foreignDoc{file: file, title: cmpOr(s.Name, s.GUID), source: s.Name, text: text, unit: rd.unitOf(s, text)}
	if f := rd.zip[strings.ToLower(refiCarryDir+normGUID(s.GUID)+".json")]; f != nil {
		data, err := d.readEntry(rd.zipFS(), f.Name)
		if err != nil {
			return err
		}
		var c carried
		if err := json.Unmarshal(data, &c); err != nil {
			return &InputError{File: d.name + ":" + f.Name, Offset: -1, Msg: "the Newsmark record of a source is not valid JSON", Err: err}
		}
		fd.carry = &c
		fd.hasRels = false
	}
	for _, vv := range s.VariableValues {
		g := normGUID(vv.VariableRef.Target)
		id, ok := rd.vars[g]
		if !ok {
			return rd.errf("%s: VariableValue refers to variable %s, which is not one of the Variables (unknown guid)", where, vv.VariableRef.Target)
		}
		val := ""
		for _, p := range []*string{vv.TextValue, vv.BooleanValue, vv.IntegerValue, vv.FloatValue, vv.DateValue, vv.DateTimeValue} {
			if p != nil {
				val = strings.TrimSpace(*p)
			}
		}
		if def := rd.varDef[id]; def != nil && def.Type == annotate.VarBoolean {
			switch val {
			case "1":
				val = "true"
			case "0":
				val = "false"
			}
		}
		if def := rd.varDef[id]; def != nil && def.Check(val) != nil {
			d.rep.skipf("%s: variable %s: value %q is not a %s value", where, id, val, def.Type)
			continue
		}
		if fd.vars == nil {
			fd.vars = map[string]string{}
		}
		fd.vars[id] = val
	}
	for _, c := range s.Codings {
		r, ok := rd.roles[normGUID(c.CodeRef.Target)]
		if !ok {
			return rd.errf("%s: Coding %s refers to code %s, which is not in the codebook (unknown guid)", where, c.GUID, c.CodeRef.Target)
		}
		who, err := rd.user(c.CreatingUser, where+" Coding "+c.GUID)
		if err != nil {
			return err
		}
		if r.kind == "segment" {
			fd.labels = append(fd.labels, foreignLabel{label: rd.remap[r.id], annotator: who})
			continue
		}
		d.rep.skipf("%s: Coding %s codes the whole source with %q; only spans are imported", where, c.GUID, r.name)
	}
	length := annotate.RuneCount(text)
	for i := range s.Selections {
		sel := &s.Selections[i]
		at := fmt.Sprintf("%s PlainTextSelection %s", where, sel.GUID)
		if !guidPattern.MatchString(strings.TrimSpace(sel.GUID)) {
			return rd.errf("%s PlainTextSelection %d has no valid guid (%q)", where, i+1, sel.GUID)
		}
		start, err1 := strconv.Atoi(strings.TrimSpace(sel.StartPosition))
		end, err2 := strconv.Atoi(strings.TrimSpace(sel.EndPosition))
		if err1 != nil || err2 != nil {
			return rd.errf("%s: startPosition %q and endPosition %q must be whole numbers", at, sel.StartPosition, sel.EndPosition)
		}
		if len(sel.Codings) == 0 {
			continue // a memo on the text (Newsmark writes one per segment)
		}
		limit := length
		if fd.unit == UnitUTF16 {
			limit = annotate.NewOffsetIndex(text).UTF16Len()
		}
		if start < 0 || end > limit || start > end {
			d.badf("%s: startPosition %d and endPosition %d lie outside the text of %d characters", at, start, end, limit)
			continue
		}
		selUser, err := rd.user(sel.CreatingUser, at)
		if err != nil {
			return err
		}
		var spans []foreignSpan
		attrs := map[string]map[string][]string{}
		for _, c := range sel.Codings {
			r, ok := rd.roles[normGUID(c.CodeRef.Target)]
			if !ok {
				return rd.errf("%s: Coding %s refers to code %s, which is not in the codebook (unknown guid)", at, c.GUID, c.CodeRef.Target)
			}
			who, err := rd.user(c.CreatingUser, at+" Coding "+c.GUID)
			if err != nil {
				return err
			}
			who = cmpOr(who, selUser)
			switch r.kind {
			case "label":
				ref := sel.GUID
				if len(spans) > 0 {
					ref = sel.GUID + "#" + strconv.Itoa(len(spans))
				}
				spans = append(spans, foreignSpan{
					ref: normGUID(ref), start: start, end: end, label: rd.remap[r.id], annotator: who,
					note: sel.Description, hasNote: true, place: "PlainTextSelection " + sel.GUID,
					created: refiParseTime(cmpOr(c.CreationDateTime, sel.CreationDateTime)), mod: refiParseTime(sel.ModifiedDateTime),
				})
			case "value":
				l := rd.remap[r.id]
				if attrs[l] == nil {
					attrs[l] = map[string][]string{}
				}
				attrs[l][r.attr] = append(attrs[l][r.attr], r.value)
			case "segment":
				if fd.carry == nil {
					d.rep.skipf("%s: comment label %q on a range of the text: imported only from a file Newsmark wrote", at, r.name)
				}
			default:
				d.rep.skipf("%s: Coding %s uses %q, which is not a code to code with", at, c.GUID, r.name)
			}
		}
		for j := range spans {
			for name, vals := range attrs[spans[j].label] {
				if spans[j].attrs == nil {
					spans[j].attrs = map[string]string{}
				}
				v := strings.Join(vals, annotate.MultiValueSep)
				if def := d.labels.definition(spans[j].label); def != nil {
					if ad, ok := def.Attribute(name); ok && ad.Kind() == annotate.AttrMulti {
						v = ad.JoinMulti(vals)
					}
				}
				spans[j].attrs[name] = v
			}
		}
		fd.spans = append(fd.spans, spans...)
	}
	if fd.carry != nil {
		// The record names selections by their GUIDs; the reader compares
		// them in one form.
		for i := range fd.carry.Annotations {
			fd.carry.Annotations[i].Ref = normGUID(fd.carry.Annotations[i].Ref)
		}
		for i := range fd.carry.Annotations {
			if r, ok := rd.remap[fd.carry.Annotations[i].Label]; ok {
				fd.carry.Annotations[i].Label = r
			}
		}
		for i := range fd.carry.SegmentLabels {
			if r, ok := rd.remap[fd.carry.SegmentLabels[i].Label]; ok {
				fd.carry.SegmentLabels[i].Label = r
			}
		}
		for i := range fd.carry.Relations {
			if r, ok := rd.remap["rel\x00"+fd.carry.Relations[i].Type]; ok {
				fd.carry.Relations[i].Type = r
			}
		}
	}
	if fd.carry == nil {
		rd.addLinks(fd, s.GUID)
		if fd.split = splitPage(file, fd); fd.split != nil {
			d.rep.notef("%s: read as a news page: %d segments, %d of them reader comments", where, len(fd.split), countComments(fd.split))
		}
	}
	return d.addForeign(fd)
}

// linksBySource gives each Link to the text source that holds both the
// selections it joins. Newsmark links two spans of one document, so a Link
// between two sources, or to something other than a selection, is left out
// and reported.
func (rd *refiReader) linksBySource(p *qdeProject) map[string][]qdeLink {
	if p.Links == nil || p.Sources == nil {
		return nil
	}
	srcOf := map[string]string{}
	for _, s := range p.Sources.Text {
		for _, sel := range s.Selections {
			srcOf[normGUID(sel.GUID)] = normGUID(s.GUID)
		}
	}
	out := map[string][]qdeLink{}
	for _, l := range p.Links.Links {
		a, b := srcOf[normGUID(l.Origin)], srcOf[normGUID(l.Target)]
		switch {
		case a == "" || b == "":
			rd.d.rep.skipf("%s: Link %q (%s) does not join two selections of a text; only links between selections are imported", rd.file, l.Name, l.GUID)
		case a != b:
			rd.d.rep.skipf("%s: Link %q (%s) joins selections of two sources; Newsmark links spans within one document", rd.file, l.Name, l.GUID)
		default:
			out[a] = append(out[a], l)
		}
	}
	return out
}

// addLinks makes the Links within a source written by another program
// relations between its spans: the type is the Link's name (a relation
// type of the project with that id or name, else a new one). A Link names
// no user in REFI-QDA, so the relation is by the coder of the span it
// starts at.
func (rd *refiReader) addLinks(fd *foreignDoc, source string) {
	for _, l := range rd.links[normGUID(source)] {
		from, to := normGUID(l.Origin), normGUID(l.Target)
		who := ""
		for _, sp := range fd.spans {
			if sp.ref == from {
				who = sp.annotator
			}
		}
		fd.rels = append(fd.rels, foreignRelation{ref: normGUID(l.GUID), from: from, to: to,
			typ: cmpOr(strings.TrimSpace(l.Name), "link"), annotator: who, place: "Link " + l.GUID})
	}
}

func countComments(segs []segmentText) int {
	n := 0
	for _, s := range segs {
		if s.seg.Kind == annotate.KindComment {
			n++
		}
	}
	return n
}

// unitOf tells what a source's positions count. REFI-QDA says characters;
// QualCoder (Python) and Newsmark count code points, programs built on
// UTF-16 strings may count UTF-16 code units. A selection's name, when it
// is the selected text (QualCoder and Newsmark write it so), tells them
// apart: positions are read as UTF-16 only when some name matches there
// and none matches in code points.
func (rd *refiReader) unitOf(s *qdeTextSource, text string) OffsetUnit {
	idx := annotate.NewOffsetIndex(text)
	cp, u16 := 0, 0
	for _, sel := range s.Selections {
		if sel.Name == "" || len(sel.Codings) == 0 {
			continue
		}
		start, err1 := strconv.Atoi(strings.TrimSpace(sel.StartPosition))
		end, err2 := strconv.Atoi(strings.TrimSpace(sel.EndPosition))
		if err1 != nil || err2 != nil || start < 0 || start > end {
			continue
		}
		if t, ok := idx.Slice(start, end); ok && t == sel.Name {
			cp++
			continue
		}
		a, ok1 := idx.RuneOffsetFromUTF16(start)
		b, ok2 := idx.RuneOffsetFromUTF16(end)
		if ok1 && ok2 {
			if t, ok := idx.Slice(a, b); ok && t == sel.Name {
				u16++
			}
		}
	}
	if u16 > 0 && cp == 0 {
		rd.d.rep.notef("%s: positions read as UTF-16 code units (the selections' names match the text there)", s.Name)
		return UnitUTF16
	}
	return UnitCodePoint
}
