package interchange

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// brat standoff: per document NAME.txt (the joined text), NAME.ann (T, A,
// R and # note lines; offsets in code points, as brat's Python counts) and
// NAME.newsmark.json (the carried record); annotation.conf and visual.conf
// from the codebook.

// bratCarrySuffix names the side file that keeps a document's Newsmark
// record beside its .txt and .ann. brat itself ignores it.
const bratCarrySuffix = ".newsmark.json"

type bratEncoder struct {
	sink  fileSink
	sel   *selection
	names map[string]bool
	// used holds, per flattened attribute name, the flattened values the
	// export's A lines use, so that annotation.conf offers each of them
	// (free-text attributes have no list of their own).
	used map[string][]string
}

func (e *bratEncoder) begin(sel *selection) error {
	e.sel = sel
	e.names = map[string]bool{}
	e.used = map[string][]string{}
	w, err := e.sink.create("visual.conf")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, bratVisualConf(sel.codebook))
	return err
}

// fileName returns a file name base for doc, unique in the export.
func (e *bratEncoder) fileName(doc *annotate.Document) string {
	var b strings.Builder
	for _, r := range doc.ID {
		if r < 128 && (r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	base := strings.TrimLeft(b.String(), ".")
	if base == "" {
		base = "document"
	}
	name := base
	for i := 2; e.names[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	e.names[strings.ToLower(name)] = true
	return name
}

func (e *bratEncoder) document(u *docUnit, rep *ExportReport) error {
	f := flatten(u)
	name := e.fileName(u.doc)
	w, err := e.sink.create(name + ".txt")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, f.text); err != nil {
		return err
	}
	var ann bytes.Buffer
	tid := make(map[string]string, len(u.anns))
	for i := range u.anns {
		a := &u.anns[i]
		s, en := f.span(a)
		id := "T" + strconv.Itoa(i+1)
		tid[a.ID] = id
		fmt.Fprintf(&ann, "%s\t%s %s\t%s\n", id, a.Label, bratFragments(f, s, en), bratSpanText(f, s, en))
	}
	na := 0
	for i := range u.anns {
		a := &u.anns[i]
		for _, k := range slices.Sorted(maps.Keys(a.Attributes)) {
			na++
			v := flattenToken(a.Attributes[k])
			if v != a.Attributes[k] || flattenToken(k) != k {
				rep.warnf("document %s span %s: attribute %s=%q has spaces, commas or bars, which brat values cannot hold; brat gets %s=%s (import maps it back)",
					u.doc.ID, a.ID, k, a.Attributes[k], flattenToken(k), v)
			}
			if v == "" {
				v = `""`
			}
			if name := flattenToken(k); !slices.Contains(e.used[name], v) {
				e.used[name] = append(e.used[name], v)
			}
			fmt.Fprintf(&ann, "A%d\t%s %s %s\n", na, flattenToken(k), tid[a.ID], v)
		}
	}
	for i, r := range u.rels {
		fmt.Fprintf(&ann, "R%d\t%s Arg1:%s Arg2:%s\n", i+1, r.Type, tid[r.From], tid[r.To])
	}
	nn := 0
	for i := range u.anns {
		a := &u.anns[i]
		if a.Note != "" {
			nn++
			fmt.Fprintf(&ann, "#%d\tAnnotatorNotes %s\t%s\n", nn, tid[a.ID], flattenLine(a.Note))
		}
	}
	w, err = e.sink.create(name + ".ann")
	if err != nil {
		return err
	}
	if _, err := w.Write(ann.Bytes()); err != nil {
		return err
	}
	c := f.carry(e.sel, func(i int) string { return "T" + strconv.Itoa(i+1) }, func(i int) string { return "R" + strconv.Itoa(i+1) })
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	w, err = e.sink.create(name + bratCarrySuffix)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// end writes annotation.conf, now that the values the A lines use are
// known.
func (e *bratEncoder) end(*ExportReport) error {
	w, err := e.sink.create("annotation.conf")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, bratAnnotationConf(e.sel.codebook, e.used))
	return err
}

// bratFragments writes [s,e) as brat offsets; a span that crosses line
// breaks becomes fragments around them, as brat itself writes such spans.
func bratFragments(f *flatDoc, s, e int) string {
	text, _ := f.index.Slice(s, e)
	if !strings.ContainsAny(text, "\n") {
		return fmt.Sprintf("%d %d", s, e)
	}
	var parts []string
	pos := s
	for i, line := range strings.Split(text, "\n") {
		n := annotate.RuneCount(line)
		if i > 0 {
			pos++ // the newline
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %d", pos, pos+n))
		}
		pos += n
	}
	return strings.Join(parts, ";")
}

func bratSpanText(f *flatDoc, s, e int) string {
	text, _ := f.index.Slice(s, e)
	return strings.Join(slices.DeleteFunc(strings.Split(text, "\n"), func(l string) bool { return l == "" }), " ")
}

// bratAnnotationConf writes annotation.conf for cb. An attribute's values
// are written exactly as the A lines write them (flattenToken), so that
// brat's editor offers and writes back the same strings; used adds the
// values the A lines use that the codebook does not list (free text). An
// attribute with no values at all is left out: brat would take it for a
// flag (a binary attribute), and Newsmark's free text is not one.
func bratAnnotationConf(cb *annotate.Codebook, used map[string][]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# brat annotation configuration written by Newsmark from the codebook %q.\n\n[entities]\n\n", cb.Name)
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, l := range cb.Labels {
			if l.Parent == parent {
				fmt.Fprintf(&b, "%s%s\n", strings.Repeat("\t", depth), l.ID)
				walk(l.ID, depth+1)
			}
		}
	}
	walk("", 0)
	b.WriteString("\n[relations]\n\n# Newsmark allows spans to overlap.\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n")
	for _, r := range cb.RelationTypes {
		fmt.Fprintf(&b, "%s\tArg1:<ENTITY>, Arg2:<ENTITY>\n", r.ID)
	}
	b.WriteString("\n[events]\n\n[attributes]\n\n")
	type attr struct {
		labels []string
		values []string
		free   bool
	}
	attrs := map[string]*attr{}
	var order []string
	for _, l := range cb.Labels {
		for _, a := range l.Attributes {
			name := flattenToken(a.Name)
			at, ok := attrs[name]
			if !ok {
				at = &attr{}
				attrs[name] = at
				order = append(order, name)
			}
			at.labels = append(at.labels, l.ID)
			if len(a.Values) == 0 {
				at.free = true
			}
			for _, v := range a.Values {
				if v = flattenToken(v); !slices.Contains(at.values, v) {
					at.values = append(at.values, v)
				}
			}
		}
	}
	for _, name := range order {
		at := attrs[name]
		for _, v := range used[name] {
			if !slices.Contains(at.values, v) {
				at.values = append(at.values, v)
			}
		}
		if at.free {
			fmt.Fprintf(&b, "# %s is free text in Newsmark; brat offers the values this export uses (spaces, commas and bars as _).\n", name)
		}
		if len(at.values) == 0 {
			fmt.Fprintf(&b, "# %s (free text) has no values in this export; brat has no free-text attributes, so it is not declared.\n", name)
			continue
		}
		fmt.Fprintf(&b, "%s\tArg:%s, Value:%s\n", name, strings.Join(at.labels, "|"), strings.Join(at.values, "|"))
	}
	return b.String()
}

func bratVisualConf(cb *annotate.Codebook) string {
	var b strings.Builder
	b.WriteString("# brat visual configuration written by Newsmark.\n\n[labels]\n\n")
	for _, l := range cb.Labels {
		if l.Name != "" && l.Name != l.ID {
			fmt.Fprintf(&b, "%s | %s\n", l.ID, strings.ReplaceAll(l.Name, "|", "/"))
		}
	}
	b.WriteString("\n[drawing]\n\n")
	for _, l := range cb.Labels {
		fmt.Fprintf(&b, "%s\tbgColor:%s\n", l.ID, l.Color)
	}
	return b.String()
}

// zipSink writes the files of a multi-file format into a zip archive.
type zipSink struct {
	zw  *zip.Writer
	now time.Time
}

func newZipSink(w io.Writer) *zipSink { return &zipSink{zw: zip.NewWriter(w), now: time.Now()} }

func (s *zipSink) create(name string) (io.Writer, error) {
	return s.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: s.now})
}

func (s *zipSink) close() error { return s.zw.Close() }

// bratZip reads a .zip archive of brat files.
func (d *decoder) bratZip(r io.Reader) error {
	zr, data, err := d.readZip(r)
	if data == nil && err != nil {
		return err
	}
	if err != nil {
		return d.errAt("", 0, -1, err, "expected a .zip archive of brat .txt and .ann files")
	}
	return d.bratFS(zr, nil)
}

// bratPath reads a brat directory, or the document of one .ann or .txt
// file.
func (d *decoder) bratPath(p string, isDir bool) error {
	if isDir {
		return d.bratFS(os.DirFS(p), nil)
	}
	if strings.EqualFold(filepath.Ext(p), ".zip") {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		return d.bratZip(f)
	}
	base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
	return d.bratFS(os.DirFS(filepath.Dir(p)), []string{base})
}

// bratFS reads the brat documents of fsys: every .txt file with its .ann
// (if any) and carried record, or only the documents named in only.
func (d *decoder) bratFS(fsys fs.FS, only []string) error {
	txt := map[string]bool{}
	ann := map[string]bool{}
	if only != nil {
		for _, b := range only {
			txt[b+".txt"] = true
			if _, err := fs.Stat(fsys, b+".ann"); err == nil {
				ann[b+".ann"] = true
			}
		}
	} else {
		err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() {
				if p != "." && strings.HasPrefix(e.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			switch path.Ext(p) {
			case ".txt":
				txt[p] = true
			case ".ann":
				ann[p] = true
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("import %s: %w", d.name, err)
		}
	}
	for a := range ann {
		if !txt[strings.TrimSuffix(a, ".ann")+".txt"] {
			return d.errAt(d.fileIn(a), 0, -1, nil, "no %s beside it: brat needs the text of every .ann file", path.Base(strings.TrimSuffix(a, ".ann")+".txt"))
		}
	}
	if len(txt) == 0 {
		return d.errAt("", 0, -1, nil, "no brat documents (.txt with .ann files) found")
	}
	for _, t := range slices.Sorted(maps.Keys(txt)) {
		base := strings.TrimSuffix(t, ".txt")
		if err := d.bratDocument(fsys, base, ann[base+".ann"]); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) fileIn(p string) string {
	if strings.EqualFold(path.Ext(d.name), ".ann") || strings.EqualFold(path.Ext(d.name), ".txt") {
		return filepath.Join(filepath.Dir(d.name), filepath.FromSlash(p))
	}
	if strings.EqualFold(filepath.Ext(d.name), ".zip") {
		return d.name + ":" + p
	}
	return filepath.Join(d.name, filepath.FromSlash(p))
}

func (d *decoder) bratDocument(fsys fs.FS, base string, hasAnn bool) error {
	text, err := d.readEntry(fsys, base+".txt")
	if err != nil {
		return fmt.Errorf("import %s: %w", d.fileIn(base+".txt"), err)
	}
	fd := &foreignDoc{
		file: d.fileIn(base + ".ann"), title: path.Base(base), source: path.Base(base) + ".txt",
		text: string(text), unit: UnitCodePoint, hasRels: true, flatValues: true,
	}
	if !utf8.Valid(text) {
		return d.errAt(d.fileIn(base+".txt"), 0, -1, nil, "the text is not valid UTF-8")
	}
	if data, err := d.readEntry(fsys, base+bratCarrySuffix); err == nil {
		var c carried
		if err := json.Unmarshal(data, &c); err != nil {
			return d.errAt(d.fileIn(base+bratCarrySuffix), 0, jsonErrOffset(err, -1), nil, "Newsmark record: %s", jsonErrMsg(err))
		}
		fd.carry = &c
	}
	if hasAnn {
		data, err := d.readEntry(fsys, base+".ann")
		if err != nil {
			return fmt.Errorf("import %s: %w", fd.file, err)
		}
		if err := d.parseAnn(fd, data); err != nil {
			return err
		}
	}
	return d.addForeign(fd)
}

// parseAnn reads the lines of a .ann file into fd.
func (d *decoder) parseAnn(fd *foreignDoc, data []byte) error {
	index := annotate.NewOffsetIndex(fd.text)
	spans := map[string]int{} // T id → index in fd.spans
	bad := map[string]bool{}  // T ids of bad spans, whose A and # lines go with them
	type attach struct {
		line              int
		kind, id, target  string
		name, value, note string
	}
	var later []attach
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		fail := func(format string, args ...any) error {
			return d.errAt(fd.file, line, -1, nil, format, args...)
		}
		id, rest, ok := strings.Cut(l, "\t")
		if !ok || id == "" {
			return fail("expected an annotation id, a tab and its definition, such as \"T1\\tPER 0 5\\tAnna\"")
		}
		switch id[0] {
		case 'T':
			def, quoted, ok := strings.Cut(rest, "\t")
			if !ok {
				return fail("%s: expected \"TYPE START END\", a tab and the span's text", id)
			}
			label, frags, ok := strings.Cut(def, " ")
			if !ok || label == "" {
				return fail("%s: expected \"TYPE START END\"", id)
			}
			start, end := -1, -1
			badSpan := ""
			parts := strings.Split(frags, ";")
			for _, frag := range parts {
				a, b, ok := strings.Cut(strings.TrimSpace(frag), " ")
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if !ok || err1 != nil || err2 != nil || s < 0 || e < s {
					return fail("%s: offsets %q: expected START END (numbers, START ≤ END), fragments separated by ';'", id, frags)
				}
				if e > index.Len() {
					badSpan = fmt.Sprintf("offset %d is past the end of the text (%d characters)", e, index.Len())
				}
				if start < 0 || s < start {
					start = s
				}
				end = max(end, e)
			}
			if badSpan == "" && len(parts) == 1 {
				if got, _ := index.Slice(start, end); got != quoted {
					badSpan = fmt.Sprintf("the text at [%d,%d) is %q, but the line says %q", start, end, got, quoted)
				}
			}
			if badSpan != "" {
				d.badf("%s line %d %s: %s", fd.file, line, id, badSpan)
				bad[id] = true
				continue
			}
			if len(parts) > 1 {
				gap, _ := index.Slice(start, end)
				if strings.Join(strings.Fields(gap), " ") != strings.Join(strings.Fields(quoted), " ") {
					d.rep.notef("%s line %d %s: discontinuous span imported as its outer range [%d,%d)", fd.file, line, id, start, end)
				}
			}
			if _, dup := spans[id]; dup {
				return fail("%s is defined twice", id)
			}
			spans[id] = len(fd.spans)
			fd.spans = append(fd.spans, foreignSpan{ref: id, start: start, end: end, label: label, line: line, place: id, hasNote: true})
		case 'A', 'M':
			// As brat reads it (server/src/annotation.py,
			// _parse_attribute_annotation: "(.+?) (.+?) (.+?)$", else
			// "(.+?) (.+?)$" for a flag): the value is the rest of the line,
			// spaces and all.
			f := strings.SplitN(rest, " ", 3)
			if len(f) < 2 || f[0] == "" || f[1] == "" || len(f) == 3 && f[2] == "" {
				return fail("%s: expected \"NAME TARGET [VALUE]\"", id)
			}
			v := "true"
			if len(f) == 3 {
				v = f[2]
				if v == `""` {
					v = ""
				}
			}
			later = append(later, attach{line: line, kind: "attr", id: id, target: f[1], name: f[0], value: v})
		case 'R':
			f := strings.Fields(rest)
			if len(f) != 3 {
				return fail("%s: expected \"TYPE Arg1:T1 Arg2:T2\"", id)
			}
			_, from, ok1 := strings.Cut(f[1], ":")
			_, to, ok2 := strings.Cut(f[2], ":")
			if !ok1 || !ok2 || from == "" || to == "" {
				return fail("%s: expected \"TYPE Arg1:T1 Arg2:T2\"", id)
			}
			fd.rels = append(fd.rels, foreignRelation{ref: id, from: from, to: to, typ: f[0], place: id, line: line})
		case '#':
			f, note, _ := strings.Cut(rest, "\t")
			fs := strings.Fields(f)
			if len(fs) != 2 {
				return fail("%s: expected \"AnnotatorNotes TARGET\", a tab and the note", id)
			}
			later = append(later, attach{line: line, kind: "note", id: id, target: fs[1], note: note})
		case 'E':
			d.rep.skipf("%s line %d %s: brat events are not imported (their trigger spans are)", fd.file, line, id)
		case '*':
			d.rep.skipf("%s line %d: brat equivalence sets are not imported", fd.file, line)
		case 'N':
			d.rep.skipf("%s line %d %s: brat normalizations are not imported", fd.file, line, id)
		default:
			return fail("unknown annotation id %q: expected T, A, M, R, E, N, * or #", id)
		}
	}
	if err := sc.Err(); err != nil {
		return d.errAt(fd.file, line+1, -1, err, "read")
	}
	for _, a := range later {
		i, ok := spans[a.target]
		if !ok {
			if !bad[a.target] {
				d.rep.skipf("%s line %d %s: refers to %s, which is not a text span", fd.file, a.line, a.id, a.target)
			}
			continue
		}
		sp := &fd.spans[i]
		switch a.kind {
		case "attr":
			if sp.attrs == nil {
				sp.attrs = map[string]string{}
			}
			sp.attrs[a.name] = a.value
		case "note":
			if sp.note != "" {
				sp.note += "\n"
			}
			sp.note += a.note
		}
	}
	return nil
}
