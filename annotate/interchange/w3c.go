package interchange

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// W3C Web Annotation (JSON-LD): an AnnotationCollection whose first page
// holds one Annotation per span, with the label as a "tagging"
// TextualBody, the note as a "commenting" one, and a target whose source
// is the document's URL (or urn:newsmark:document:ID) and whose selectors
// are a TextQuoteSelector and a TextPositionSelector. Positions count code
// points, as the W3C model says, in the document's segments joined by
// SegmentSeparator. Relations are "linking" annotations targeting the two
// span annotations (from, then to); segment labels are "classifying"
// annotations. Each annotation also has a "newsmark" member with the exact
// Newsmark record (document, segment, segment offsets, attributes).
//
// W3C files hold no text, so an import anchors each target in a document
// of the project: by the newsmark member, else by the target's source (the
// document's URL or urn:newsmark:document:ID), then by the position
// selector if the quote agrees, else by searching the quote with its prefix
// and suffix. Hypothesis API records (with "uri" and "user") are read the
// same way, their positions counted in UTF-16 code units as Hypothesis
// does.

const (
	urnDocument   = "urn:newsmark:document:"
	urnAnnotation = "urn:newsmark:annotation:"
	urnAnnotator  = "urn:newsmark:annotator:"
)

type w3cEncoder struct {
	w   io.Writer
	sel *selection
	n   int
}

type w3cRecord struct {
	Kind       string            `json:"kind"` // "span", "relation", "segment_label"
	ID         string            `json:"id,omitempty"`
	Document   string            `json:"document"`
	Segment    string            `json:"segment,omitempty"`
	Start      *int              `json:"start,omitempty"`
	End        *int              `json:"end,omitempty"`
	Label      string            `json:"label,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Annotator  string            `json:"annotator,omitempty"`
	Note       string            `json:"note,omitempty"`
	From       string            `json:"from,omitempty"`
	To         string            `json:"to,omitempty"`
}

func (e *w3cEncoder) begin(sel *selection) error {
	e.sel = sel
	id := "urn:newsmark:export:" + time.Now().UTC().Format("20060102T150405.000000000Z")
	head := map[string]any{
		"@context":  []any{"http://www.w3.org/ns/anno.jsonld", map[string]any{"newsmark": map[string]string{"@id": "urn:newsmark:record", "@type": "@json"}}},
		"id":        id,
		"type":      "AnnotationCollection",
		"label":     "Newsmark export",
		"generator": map[string]string{"type": "Software", "name": "Newsmark"},
	}
	b, err := json.Marshal(head)
	if err != nil {
		return err
	}
	b = b[:len(b)-1]
	if _, err := e.w.Write(b); err != nil {
		return err
	}
	page, _ := json.Marshal(id + ":page:1")
	_, err = fmt.Fprintf(e.w, `,"first":{"id":%s,"type":"AnnotationPage","startIndex":0,"items":[`, page)
	return err
}

func (e *w3cEncoder) person(id string) map[string]string {
	p := map[string]string{"id": urnAnnotator + url.PathEscape(id), "type": "Person", "nickname": id}
	for _, a := range e.sel.people {
		if a.ID == id && a.Name != "" {
			p["name"] = a.Name
		}
	}
	return p
}

func (e *w3cEncoder) item(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := ",\n"
	if e.n == 0 {
		sep = "\n"
	}
	e.n++
	if _, err := io.WriteString(e.w, sep); err != nil {
		return err
	}
	_, err = e.w.Write(b)
	return err
}

// w3cSource is the IRI a target names: the document's source when it is
// one (a page URL), else urn:newsmark:document:ID (a file name is not an
// IRI).
func w3cSource(doc *annotate.Document) string {
	if isIRI(doc.Source) {
		return doc.Source
	}
	return urnDocument + doc.ID
}

// isIRI reports whether s is an absolute IRI (RFC 3987): a scheme of two
// or more characters (so that "C:\\file" is not taken for one), then no
// white space, control characters or characters IRIs exclude.
func isIRI(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 2 || i == len(s)-1 {
		return false
	}
	for j, c := range s[:i] {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	for _, c := range s {
		if c <= ' ' || c == 0x7f || strings.ContainsRune("<>\"{}|\\^`", c) || c >= 0x80 && c <= 0x9f {
			return false
		}
	}
	_, err := url.Parse(s)
	return err == nil
}

// segmentLabelID is the IRI of a segment label's classifying annotation:
// segment labels have no id of their own, so it is derived from the label's
// key (document, segment, label, annotator).
func segmentLabelID(l annotate.SegmentLabel) string {
	return "urn:newsmark:segment-label:" + stableID("segment-label", l.Key())
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func (e *w3cEncoder) document(u *docUnit, _ *ExportReport) error {
	f := flatten(u)
	src := w3cSource(u.doc)
	for i := range u.anns {
		a := &u.anns[i]
		s, en := f.span(a)
		body := []any{map[string]string{"type": "TextualBody", "purpose": "tagging", "value": a.Label}}
		if a.Note != "" {
			body = append(body, map[string]string{"type": "TextualBody", "purpose": "commenting", "value": a.Note})
		}
		start, end := a.Start, a.End
		item := map[string]any{
			"id": urnAnnotation + a.ID, "type": "Annotation", "motivation": "tagging",
			"creator": e.person(a.Annotator), "body": body,
			"target": map[string]any{
				"source": src,
				"selector": []any{
					map[string]any{"type": "TextQuoteSelector", "exact": a.Quote.Exact, "prefix": a.Quote.Prefix, "suffix": a.Quote.Suffix},
					map[string]any{"type": "TextPositionSelector", "start": s, "end": en},
				},
			},
			"newsmark": w3cRecord{Kind: "span", ID: a.ID, Document: u.doc.ID, Segment: a.SegmentID, Start: &start, End: &end,
				Label: a.Label, Attributes: a.Attributes, Annotator: a.Annotator, Note: a.Note},
		}
		if t := timeOrNil(a.Created); t != nil {
			item["created"] = t
		}
		if t := timeOrNil(a.Modified); t != nil {
			item["modified"] = t
		}
		if err := e.item(item); err != nil {
			return err
		}
	}
	for _, r := range u.rels {
		item := map[string]any{
			"id": urnAnnotation + r.ID, "type": "Annotation", "motivation": "linking",
			"creator": e.person(r.Annotator),
			"body":    []any{map[string]string{"type": "TextualBody", "purpose": "tagging", "value": r.Type}},
			"target":  []string{urnAnnotation + r.From, urnAnnotation + r.To},
			"newsmark": w3cRecord{Kind: "relation", ID: r.ID, Document: u.doc.ID, Label: r.Type, From: r.From, To: r.To,
				Annotator: r.Annotator, Note: r.Note},
		}
		if t := timeOrNil(r.Created); t != nil {
			item["created"] = t
		}
		if err := e.item(item); err != nil {
			return err
		}
	}
	for _, l := range u.labels {
		// A label on the whole document targets the document; one on a
		// comment (or another segment) targets the segment's text by its
		// position, so a reader without the newsmark member finds it.
		var target any = src
		if si, ok := f.seg[l.SegmentID]; ok && l.SegmentID != "" {
			n := annotate.RuneCount(u.doc.Segments[si].Text)
			target = map[string]any{"source": src, "selector": map[string]any{
				"type": "TextPositionSelector", "start": f.starts[si], "end": f.starts[si] + n}}
		}
		item := map[string]any{
			"id": segmentLabelID(l), "type": "Annotation", "motivation": "classifying", "creator": e.person(l.Annotator),
			"body":     []any{map[string]string{"type": "TextualBody", "purpose": "tagging", "value": l.Label}},
			"target":   target,
			"newsmark": w3cRecord{Kind: "segment_label", Document: u.doc.ID, Segment: l.SegmentID, Label: l.Label, Annotator: l.Annotator},
		}
		if t := timeOrNil(l.Created); t != nil {
			item["created"] = t
		}
		if err := e.item(item); err != nil {
			return err
		}
	}
	return nil
}

func (e *w3cEncoder) end(*ExportReport) error {
	_, err := fmt.Fprintf(e.w, "\n]},\"total\":%d}\n", e.n)
	return err
}

// w3cTarget is what the import reads from one target: its source and its
// text selectors.
type w3cTarget struct {
	source     string
	quote      *annotate.Quote
	start, end int
	hasPos     bool
	// badPos says what is wrong with a TextPositionSelector that is not a
	// pair of whole numbers (start 3.5, say), "" if there is none or it is
	// fine.
	badPos string
}

// w3c reads W3C Web Annotation JSON-LD (an Annotation, an array of them,
// an AnnotationPage or an AnnotationCollection with embedded pages) and
// Hypothesis API records (one, an array, or a search result with "rows").
func (d *decoder) w3c(r io.Reader) error {
	var items []w3cItem
	_, err := d.jsonValues(r, func(raw json.RawMessage, line int, off int64) error {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return d.errAt("", line, off+jsonErrOffset(err, 0), nil, "%s", jsonErrMsg(err))
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return d.errAt("", line, off, nil, "expected a W3C Annotation, AnnotationPage or AnnotationCollection object")
		}
		collect(obj, line, &items)
		return nil
	})
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return d.errAt("", 0, -1, nil, `no annotations: expected objects of "type": "Annotation" (or Hypothesis records)`)
	}
	res := newResolver(d)
	ids := map[string]string{} // annotation IRI → Newsmark id
	docOf := map[string]string{}
	var links []w3cItem
	for _, it := range items {
		switch {
		case it.motivation() == "linking" || it.record().Kind == "relation":
			links = append(links, it)
		case it.record().Kind == "segment_label" || it.motivation() == "classifying":
			d.w3cSegmentLabel(res, it)
		default:
			if err := d.w3cSpan(res, it, ids, docOf); err != nil {
				return err
			}
		}
	}
	for _, it := range links {
		d.w3cLink(it, ids, docOf)
	}
	return nil
}

type w3cItem struct {
	obj  map[string]any
	line int
	n    int
}

func collect(obj map[string]any, line int, out *[]w3cItem) {
	for _, key := range []string{"first", "items", "rows"} {
		switch v := obj[key].(type) {
		case map[string]any:
			collect(v, line, out)
		case []any:
			for _, el := range v {
				if o, ok := el.(map[string]any); ok {
					if o["type"] == "AnnotationPage" {
						collect(o, line, out)
					} else {
						*out = append(*out, w3cItem{obj: o, line: line, n: len(*out) + 1})
					}
				}
			}
		}
	}
	t, _ := obj["type"].(string)
	if t == "Annotation" || (obj["target"] != nil && obj["first"] == nil && obj["items"] == nil) {
		*out = append(*out, w3cItem{obj: obj, line: line, n: len(*out) + 1})
	}
}

func (it w3cItem) str(key string) string {
	s, _ := it.obj[key].(string)
	return s
}

func (it w3cItem) motivation() string {
	switch m := it.obj["motivation"].(type) {
	case string:
		return m
	case []any:
		if len(m) > 0 {
			s, _ := m[0].(string)
			return s
		}
	}
	return ""
}

func (it w3cItem) hypothesis() bool {
	_, uri := it.obj["uri"]
	_, user := it.obj["user"]
	return uri && user
}

func (it w3cItem) record() w3cRecord {
	var r w3cRecord
	if raw, ok := it.obj["newsmark"]; ok {
		b, _ := json.Marshal(raw)
		_ = json.Unmarshal(b, &r) // a malformed record is ignored: the selectors still anchor
	}
	return r
}

func (it w3cItem) place(name string) string {
	id := it.str("id")
	if id == "" {
		return fmt.Sprintf("%s line %d annotation %d", name, it.line, it.n)
	}
	return fmt.Sprintf("%s annotation %s", name, id)
}

// bodies returns the labels (tagging bodies, Hypothesis tags) and the note
// (commenting or describing text, Hypothesis text) of an annotation.
func (it w3cItem) bodies() (labels []string, note string) {
	var notes []string
	var walk func(v any)
	walk = func(v any) {
		switch b := v.(type) {
		case []any:
			for _, el := range b {
				walk(el)
			}
		case map[string]any:
			if b["type"] == "Choice" {
				walk(b["items"])
				return
			}
			val, _ := b["value"].(string)
			if val == "" {
				return
			}
			if b["purpose"] == "tagging" || b["purpose"] == "classifying" {
				labels = append(labels, val)
			} else {
				notes = append(notes, val)
			}
		}
	}
	walk(it.obj["body"])
	if s := it.str("bodyValue"); s != "" {
		notes = append(notes, s)
	}
	if tags, ok := it.obj["tags"].([]any); ok {
		for _, t := range tags {
			if s, ok := t.(string); ok && s != "" {
				labels = append(labels, s)
			}
		}
	}
	if s := it.str("text"); s != "" {
		notes = append(notes, s)
	}
	return labels, strings.Join(notes, "\n\n")
}

// creator returns the annotator id and name.
func (it w3cItem) creator() (string, string) {
	if u := it.str("user"); u != "" {
		name := ""
		if ui, ok := it.obj["user_info"].(map[string]any); ok {
			name, _ = ui["display_name"].(string)
		}
		return u, name
	}
	switch c := it.obj["creator"].(type) {
	case string:
		return strings.TrimPrefix(c, urnAnnotator), ""
	case map[string]any:
		nick, _ := c["nickname"].(string)
		name, _ := c["name"].(string)
		id, _ := c["id"].(string)
		if nick != "" {
			return nick, name
		}
		if id != "" {
			return strings.TrimPrefix(id, urnAnnotator), name
		}
		return name, name
	}
	return "", ""
}

func (it w3cItem) times() (created, modified time.Time) {
	created, _ = time.Parse(time.RFC3339Nano, it.str("created"))
	modified, _ = time.Parse(time.RFC3339Nano, it.str("modified"))
	if modified.IsZero() {
		modified, _ = time.Parse(time.RFC3339Nano, it.str("updated"))
	}
	return created, modified
}

// targets returns the text targets of an annotation.
func (it w3cItem) targets() []w3cTarget {
	var out []w3cTarget
	var fromTarget func(v any)
	fromTarget = func(v any) {
		switch t := v.(type) {
		case []any:
			for _, el := range t {
				fromTarget(el)
			}
		case map[string]any:
			tg := w3cTarget{}
			tg.source, _ = t["source"].(string)
			if tg.source == "" {
				tg.source = it.str("uri")
			}
			var sel func(v any)
			sel = func(v any) {
				switch s := v.(type) {
				case []any:
					for _, el := range s {
						sel(el)
					}
				case map[string]any:
					switch s["type"] {
					case "TextQuoteSelector":
						q := annotate.Quote{}
						q.Exact, _ = s["exact"].(string)
						q.Prefix, _ = s["prefix"].(string)
						q.Suffix, _ = s["suffix"].(string)
						if q.Exact != "" {
							tg.quote = &q
						}
					case "TextPositionSelector":
						st, ok1 := s["start"].(float64)
						en, ok2 := s["end"].(float64)
						switch {
						case !ok1 || !ok2:
							tg.badPos = fmt.Sprintf("its TextPositionSelector has start %s and end %s, expected two whole numbers", jsonText(s["start"]), jsonText(s["end"]))
						case st != float64(int(st)) || en != float64(int(en)) || st < 0 || en < 0:
							tg.badPos = fmt.Sprintf("its TextPositionSelector has start %v and end %v, expected whole numbers of characters, not fractions or negative numbers", st, en)
						default:
							tg.start, tg.end, tg.hasPos = int(st), int(en), true
						}
					}
					if rb, ok := s["refinedBy"]; ok {
						sel(rb)
					}
				}
			}
			sel(t["selector"])
			out = append(out, tg)
		}
	}
	fromTarget(it.obj["target"])
	return out
}

// jsonText shows a JSON value as the file has it, for messages.
func jsonText(v any) string {
	if v == nil {
		return "missing"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// resolver finds the project documents W3C targets point at.
type resolver struct {
	d        *decoder
	bySource map[string][]string
	loaded   bool
	docs     map[string]*flatDoc
}

func newResolver(d *decoder) *resolver {
	return &resolver{d: d, docs: map[string]*flatDoc{}}
}

func normalizeSource(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSuffix(s, "/")
}

func (r *resolver) document(id string) *flatDoc {
	if f, ok := r.docs[id]; ok {
		return f
	}
	var doc *annotate.Document
	if bd, ok := r.d.docs[id]; ok {
		doc = bd
	} else if r.d.opts.Project != nil {
		pd, err := r.d.opts.Project.Document(id)
		if err == nil {
			doc = pd
		}
	}
	if doc == nil {
		r.docs[id] = nil
		return nil
	}
	f := flatten(&docUnit{doc: doc})
	r.docs[id] = f
	return f
}

// find returns the ids of the documents a target source names: the id in
// a urn:newsmark:document: source, else the project documents with that
// source URL.
func (r *resolver) find(source string) []string {
	if strings.HasPrefix(source, urnDocument) {
		return []string{strings.TrimPrefix(source, urnDocument)}
	}
	if !r.loaded {
		r.loaded = true
		r.bySource = map[string][]string{}
		if r.d.opts.Project != nil {
			if sums, err := r.d.opts.Project.Documents(); err == nil {
				for _, s := range sums {
					k := normalizeSource(s.Source)
					r.bySource[k] = append(r.bySource[k], s.ID)
				}
			}
		}
	}
	return r.bySource[normalizeSource(source)]
}

// anchor finds a target's span in f's joined text, in code points.
func anchor(f *flatDoc, tg w3cTarget, utf16 bool) (int, int, bool) {
	start, end, hasPos := tg.start, tg.end, tg.hasPos
	if hasPos && utf16 {
		s, ok1 := f.index.RuneOffsetFromUTF16(start)
		e, ok2 := f.index.RuneOffsetFromUTF16(end)
		hasPos = ok1 && ok2
		start, end = s, e
	}
	if hasPos && (start < 0 || start >= end || end > f.index.Len()) {
		hasPos = false
	}
	if hasPos && tg.quote == nil {
		return start, end, true
	}
	if tg.quote == nil {
		return 0, 0, false
	}
	if hasPos {
		if got, _ := f.index.Slice(start, end); got == tg.quote.Exact {
			return start, end, true
		}
	}
	// Search the quote; prefer the occurrence whose context agrees most,
	// then the one nearest the position given.
	best, bestScore, bestDist := -1, -1, 0
	text := f.text
	for from := 0; ; {
		i := strings.Index(text[from:], tg.quote.Exact)
		if i < 0 {
			break
		}
		b := from + i
		score := commonSuffix(text[:b], tg.quote.Prefix) + commonPrefix(text[b+len(tg.quote.Exact):], tg.quote.Suffix)
		cp, _ := f.index.RuneOffset(b)
		dist := abs(cp - tg.start)
		if score > bestScore || score == bestScore && dist < bestDist {
			best, bestScore, bestDist = b, score, dist
		}
		from = b + 1
		for from < len(text) && text[from]&0xC0 == 0x80 {
			from++
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	s, _ := f.index.RuneOffset(best)
	e, _ := f.index.RuneOffset(best + len(tg.quote.Exact))
	return s, e, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func commonSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func (d *decoder) w3cSpan(res *resolver, it w3cItem, ids map[string]string, docOf map[string]string) error {
	place := it.place(d.name)
	rec := it.record()
	labels, note := it.bodies()
	who, name := it.creator()
	created, modified := it.times()
	if rec.Kind == "span" && rec.Annotator != "" {
		who = rec.Annotator
	}
	if who == "" {
		who = d.opts.annotator()
	}
	if len(labels) == 0 {
		m := it.motivation()
		if m == "" && it.hypothesis() {
			m = "highlighting" // Hypothesis: a highlight, or a comment when it has text
			if note != "" {
				m = "commenting"
			}
		}
		switch m {
		case "", "tagging":
			m = "annotation"
		case "commenting":
			m = "comment"
		case "highlighting":
			m = "highlight"
		}
		labels = []string{m}
	}
	if rec.Kind == "span" && rec.Label != "" {
		labels = []string{rec.Label}
	}
	if rec.Kind == "span" && rec.Note != "" {
		note = rec.Note
	}
	targets := it.targets()
	var tg *w3cTarget
	badPos := ""
	for i := range targets {
		if badPos == "" {
			badPos = targets[i].badPos
		}
		if targets[i].quote != nil || targets[i].hasPos {
			tg = &targets[i]
			break
		}
	}
	if tg == nil && rec.Kind != "span" {
		if badPos != "" {
			d.badf("%s: %s", place, badPos)
			return nil
		}
		d.badf("%s: its target has no text selector (TextQuoteSelector or TextPositionSelector)", place)
		return nil
	}
	var f *flatDoc
	var segIdx, start, end int
	found := false
	if rec.Kind == "span" && rec.Document != "" && rec.Start != nil && rec.End != nil {
		if f = res.document(rec.Document); f != nil {
			if si, ok := f.seg[rec.Segment]; ok {
				x := annotate.NewOffsetIndex(f.u.doc.Segments[si].Text)
				if q, ok := x.Quote(*rec.Start, *rec.End, 0); ok && *rec.Start < *rec.End && (tg == nil || tg.quote == nil || q.Exact == tg.quote.Exact) {
					segIdx, start, end, found = si, *rec.Start, *rec.End, true
				}
			}
		}
	}
	if !found && tg != nil {
		var candidates []string
		if rec.Document != "" {
			candidates = append(candidates, rec.Document)
		}
		candidates = append(candidates, res.find(tg.source)...)
		if len(candidates) == 0 {
			d.badf("%s: no document in the project has the source %q", place, tg.source)
			return nil
		}
		for _, id := range candidates {
			if f = res.document(id); f == nil {
				continue
			}
			s, e, ok := anchor(f, *tg, it.hypothesis())
			if !ok {
				continue
			}
			lengths := make([]int, len(f.starts))
			for i, sg := range f.u.doc.Segments {
				lengths[i] = annotate.RuneCount(sg.Text)
			}
			si, ok := segmentAt(f.starts, lengths, s, e)
			if !ok {
				d.badf("%s: the target crosses from one segment into the next", place)
				return nil
			}
			segIdx, start, end, found = si, s-f.starts[si], e-f.starts[si], true
			break
		}
	}
	if !found {
		src := rec.Document
		if tg != nil {
			src = tg.source
		}
		why := ""
		if tg != nil && tg.badPos != "" {
			why = "; " + tg.badPos
		}
		d.badf("%s: its text was not found in document(s) with source %q%s", place, src, why)
		return nil
	}
	if tg != nil && tg.badPos != "" {
		d.rep.notef("%s: %s; anchored by its quote", place, tg.badPos)
	}
	doc := f.u.doc
	d.addDocument(doc, place)
	seg := &doc.Segments[segIdx]
	x := annotate.NewOffsetIndex(seg.Text)
	q, _ := x.Quote(start, end, annotate.QuoteContext)
	d.person(annotate.Annotator{ID: who, Name: name})
	for _, l := range labels {
		label := d.labels.span(l, nil)
		a := annotate.Annotation{
			DocumentID: doc.ID, SegmentID: seg.ID, Start: start, End: end, Quote: q, Label: label,
			Note: note, Annotator: who, Created: created, Modified: modified,
		}
		if rec.Kind == "span" {
			a.Attributes = rec.Attributes
			for k, v := range a.Attributes {
				if !d.labels.keepAttribute(label, k, v) {
					d.labels.dropped = append(d.labels.dropped, fmt.Sprintf("%s: attribute %s=%q: the project's label %s does not allow it", place, k, v, label))
					delete(a.Attributes, k)
				}
			}
		}
		if err := d.checkAttributes(label, a.Attributes); err != nil {
			d.rep.skipf("%s: %v", place, err)
			continue
		}
		iri := it.str("id")
		switch {
		case rec.Kind == "span" && rec.ID != "" && len(labels) == 1:
			a.ID = rec.ID
		case strings.HasPrefix(iri, urnAnnotation) && len(labels) == 1:
			a.ID = strings.TrimPrefix(iri, urnAnnotation)
		default:
			a.ID = stableID("w3c", iri, doc.ID, seg.ID, fmt.Sprint(start, end), label, who)
		}
		if d.addAnnotation(a, place) && iri != "" {
			ids[iri] = a.ID
			docOf[iri] = doc.ID
		}
	}
	return nil
}

func (d *decoder) w3cLink(it w3cItem, ids, docOf map[string]string) {
	place := it.place(d.name)
	rec := it.record()
	var targets []string
	switch t := it.obj["target"].(type) {
	case []any:
		for _, el := range t {
			switch v := el.(type) {
			case string:
				targets = append(targets, v)
			case map[string]any:
				if id, ok := v["id"].(string); ok {
					targets = append(targets, id)
				} else if src, ok := v["source"].(string); ok {
					targets = append(targets, src)
				}
			}
		}
	}
	if len(targets) != 2 {
		d.badf("%s: a linking annotation needs exactly two targets (from, to)", place)
		return
	}
	from, ok1 := ids[targets[0]]
	to, ok2 := ids[targets[1]]
	if !ok1 || !ok2 || docOf[targets[0]] != docOf[targets[1]] {
		d.badf("%s: links annotations that are not in the file or lie in different documents (%s, %s)", place, targets[0], targets[1])
		return
	}
	labels, note := it.bodies()
	typ := "linked"
	if len(labels) > 0 {
		typ = labels[0]
	}
	who, name := it.creator()
	if rec.Annotator != "" {
		who = rec.Annotator
	}
	if who == "" {
		who = d.opts.annotator()
	}
	d.person(annotate.Annotator{ID: who, Name: name})
	created, _ := it.times()
	r := annotate.Relation{DocumentID: docOf[targets[0]], Type: d.labels.relation(typ, nil), From: from, To: to, Note: note, Annotator: who, Created: created}
	switch {
	case rec.Kind == "relation" && rec.ID != "":
		r.ID = rec.ID
		if rec.Note != "" {
			r.Note = rec.Note
		}
	case strings.HasPrefix(it.str("id"), urnAnnotation):
		r.ID = strings.TrimPrefix(it.str("id"), urnAnnotation)
	default:
		r.ID = stableID("w3c-relation", it.str("id"), r.Type, from, to, who)
	}
	d.addRelation(r, place)
}

func (d *decoder) w3cSegmentLabel(res *resolver, it w3cItem) {
	place := it.place(d.name)
	rec := it.record()
	docID, segID := rec.Document, rec.Segment
	var tg *w3cTarget
	if docID == "" {
		src, _ := it.obj["target"].(string)
		if src == "" {
			if targets := it.targets(); len(targets) > 0 {
				tg = &targets[0]
				src = tg.source
			}
		}
		if ids := res.find(src); len(ids) > 0 {
			docID = ids[0]
		}
	}
	f := res.document(docID)
	if f == nil {
		d.badf("%s: no document in the project for this label", place)
		return
	}
	if rec.Kind != "segment_label" && tg != nil {
		// Without the newsmark member, a label on a comment names the
		// comment by the position of its whole text.
		if !tg.hasPos {
			why := "its target has no TextPositionSelector"
			if tg.badPos != "" {
				why = tg.badPos
			}
			d.badf("%s: %s, so the comment it labels is not known", place, why)
			return
		}
		segID = ""
		for i, sg := range f.u.doc.Segments {
			if f.starts[i] == tg.start && f.starts[i]+annotate.RuneCount(sg.Text) == tg.end {
				segID = sg.ID
				break
			}
		}
		if segID == "" {
			d.badf("%s: [%d,%d) of document %s is not the whole text of one comment or segment", place, tg.start, tg.end, docID)
			return
		}
	}
	if segID != "" {
		if _, ok := f.seg[segID]; !ok {
			d.badf("%s: document %s has no segment %q", place, docID, segID)
			return
		}
	}
	labels, _ := it.bodies()
	if rec.Label != "" {
		labels = []string{rec.Label}
	}
	who, name := it.creator()
	if rec.Annotator != "" {
		who = rec.Annotator
	}
	if who == "" {
		who = d.opts.annotator()
	}
	d.person(annotate.Annotator{ID: who, Name: name})
	created, _ := it.times()
	d.addDocument(f.u.doc, place)
	sort.Strings(labels)
	for _, l := range labels {
		d.addSegmentLabel(annotate.SegmentLabel{DocumentID: docID, SegmentID: segID, Label: d.labels.segmentLabel(l, nil), Annotator: who, Created: created})
	}
}
