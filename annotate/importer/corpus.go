package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/newsmark/newsmark/annotate"
)

// record is one corpus document as JSON, JSONL and CSV give it, before it
// becomes an annotate.Document. Values are still text; document checks them.
type record struct {
	line int // where the document starts in its file

	id, title, source, outlet, published, language string
	author, lead, text, commentsTotal              string
	segments                                       []recordSegment
	comments                                       []recordComment
	meta                                           map[string]string
	labels                                         []cellLabel // of the whole document
}

type recordSegment struct {
	id, kind, text string
}

type recordComment struct {
	line                                            int // CSV row or JSON row (0: the document's line is used)
	id, parentID, author, time, number, title, text string
	// parent is 1 + the index in record.comments of the comment this one
	// is nested in (a JSON reply list), 0 if none; parentID wins over it.
	parent int
	meta   map[string]string
	labels []cellLabel
}

// cellLabel is the value of a label column for a comment or a document.
type cellLabel struct {
	column, value string
}

// docExtras is what a corpus document brings beside its text: warnings
// about it, and the labels of its label columns by segment.
type docExtras struct {
	warnings []Warning
	labels   []segmentCell
}

// segmentCell is a label column's value on a segment ("" for the document).
type segmentCell struct {
	segment string
	cellLabel
}

// corpusSink receives, in file order, what corpus documents bring beside
// their text. The import functions set one in Options; Parse alone drops
// it.
type corpusSink interface {
	// extras comes just before doc is emitted.
	extras(doc *annotate.Document, x *docExtras)
	// note says something about the whole file (which columns were kept
	// where).
	note(text string)
	// warn says something is wrong at a line of the file, but not so
	// wrong that the file fails.
	warn(w Warning)
}

// emitDoc hands a document and its extras on.
func (o *Options) emitDoc(emit Emit, doc *annotate.Document, x *docExtras, line int) error {
	if o.sink != nil && x != nil && (len(x.warnings) > 0 || len(x.labels) > 0) {
		o.sink.extras(doc, x)
	}
	return emit(doc, line)
}

func (o *Options) note(text string) {
	if o.sink != nil && text != "" {
		o.sink.note(text)
	}
}

func (o *Options) warn(w Warning) {
	if o.sink != nil {
		o.sink.warn(w)
	}
}

// articleKinds are the segment kinds a corpus may give in "segments".
var articleKinds = map[string]annotate.SegmentKind{
	string(annotate.KindHeadline): annotate.KindHeadline,
	string(annotate.KindLead):     annotate.KindLead,
	string(annotate.KindBody):     annotate.KindBody,
	string(annotate.KindCaption):  annotate.KindCaption,
	string(annotate.KindByline):   annotate.KindByline,
}

// document turns r into a Prepared document, or says which field of which
// line is wrong. A reply whose parent is not in the document becomes a
// top-level comment with a warning; replies listed before their parent are
// moved after it.
func (r *record) document(file string, opts *Options) (*annotate.Document, *docExtras, error) {
	bad := func(line int, format string, args ...any) error {
		if line == 0 {
			line = r.line
		}
		return errAt(file, line, 0, ErrField, format, args...)
	}
	x := &docExtras{}
	doc := &annotate.Document{
		Title:    strings.TrimSpace(r.title),
		Source:   strings.TrimSpace(r.source),
		Outlet:   strings.TrimSpace(r.outlet),
		Language: strings.TrimSpace(r.language),
		Meta:     map[string]string{},
	}
	for k, v := range r.meta {
		doc.Meta[k] = v
	}
	if err := opts.takeVariables(doc); err != nil {
		return nil, nil, bad(0, "%v", err)
	}
	if doc.Source == "" {
		doc.Source = file
	}
	if id := normaliseID(r.id); id != "" {
		doc.Meta["corpus_id"] = id
	}
	if p := strings.TrimSpace(r.published); p != "" {
		t, ok := corpusTime(p, opts.location())
		if !ok {
			return nil, nil, bad(0, "published %q: expected a date such as 2014-10-15, 2014-10-15T18:05:00+02:00 or 15.10.2014, or epoch seconds", p)
		}
		doc.Published = t
	}
	if n := normaliseID(r.commentsTotal); n != "" {
		if v, err := strconv.Atoi(n); err != nil || v < 0 {
			return nil, nil, bad(0, "comments_total %q: expected a whole number", n)
		}
		doc.Meta["comments_total"] = n
	}

	used := map[string]bool{}
	if len(r.segments) > 0 {
		if strings.TrimSpace(r.text) != "" || strings.TrimSpace(r.lead) != "" {
			return nil, nil, bad(0, `give the article either as "text" (with "lead") or as "segments", not both`)
		}
		for i, s := range r.segments {
			kind, ok := articleKinds[strings.ToLower(strings.TrimSpace(s.kind))]
			if s.kind == "" {
				kind, ok = annotate.KindBody, true
			}
			if !ok {
				return nil, nil, bad(0, "segment %d kind %q: expected headline, lead, body, caption or byline", i+1, s.kind)
			}
			id := strings.TrimSpace(s.id)
			if id != "" {
				if used[id] {
					return nil, nil, bad(0, "segment %d: id %q is used twice", i+1, id)
				}
				used[id] = true
			}
			doc.Segments = append(doc.Segments, annotate.Segment{ID: id, Kind: kind, Text: cleanText(s.text)})
		}
		if strings.TrimSpace(r.author) != "" {
			doc.Meta["author"] = strings.TrimSpace(r.author)
		}
	} else {
		add := func(kind annotate.SegmentKind, text string) {
			if text = cleanText(text); text != "" {
				doc.Segments = append(doc.Segments, annotate.Segment{Kind: kind, Text: text})
			}
		}
		add(annotate.KindHeadline, r.title)
		add(annotate.KindLead, r.lead)
		add(annotate.KindByline, r.author)
		add(annotate.KindBody, r.text)
	}
	for _, l := range r.labels {
		x.labels = append(x.labels, segmentCell{"", l})
	}

	comments, err := r.commentSegments(used, opts, x, bad)
	if err != nil {
		return nil, nil, err
	}
	doc.Segments = append(doc.Segments, comments...)
	if len(doc.Segments) == 0 {
		return nil, nil, errAt(file, r.line, 0, ErrNoText, "the document has no article text and no comments; expected %q, %q or %q", "text", "segments", "comments")
	}
	if err := finish(doc, opts); err != nil {
		return nil, nil, errAt(file, r.line, 0, ErrField, "%v", err)
	}
	return doc, x, nil
}

// commentSegments makes the comment segments of r, each after the comment
// it replies to.
func (r *record) commentSegments(used map[string]bool, opts *Options, x *docExtras, bad func(int, string, ...any) error) ([]annotate.Segment, error) {
	n := len(r.comments)
	if n == 0 {
		return nil, nil
	}
	line := func(c *recordComment) int {
		if c.line > 0 {
			return c.line
		}
		return r.line
	}
	ids := make([]string, n)
	index := make(map[string]int, n)
	for i := range r.comments {
		id := normaliseID(r.comments[i].id)
		if id == "" {
			continue
		}
		if used[id] {
			return nil, bad(r.comments[i].line, "comment %d: id %q is used twice", i+1, id)
		}
		used[id] = true
		ids[i] = id
		index[id] = i
	}
	numbered := 0
	for i := range ids {
		if ids[i] == "" {
			for numbered++; used["c"+strconv.Itoa(numbered)]; numbered++ {
			}
			ids[i] = "c" + strconv.Itoa(numbered)
			used[ids[i]] = true
			index[ids[i]] = i
		}
	}
	segs := make([]annotate.Segment, n)
	parents := make([]string, n)
	for i := range r.comments {
		c := &r.comments[i]
		seg := annotate.Segment{
			ID:     ids[i],
			Kind:   annotate.KindComment,
			Author: strings.TrimSpace(c.author),
			Title:  strings.TrimSpace(c.title),
			Text:   cleanText(c.text),
		}
		if len(c.meta) > 0 {
			seg.Meta = c.meta
		}
		p := normaliseID(c.parentID)
		if p == "0" {
			p = ""
		}
		if p == "" && c.parent > 0 && c.parent <= n {
			p = ids[c.parent-1]
		}
		if p != "" {
			if j, ok := index[p]; !ok || j == i {
				what := "which is not a comment of this document"
				if ok {
					what = "itself"
				}
				x.warnings = append(x.warnings, Warning{Line: line(c),
					Text: fmt.Sprintf("comment %s replies to %q, %s; imported as a top-level comment", ids[i], p, what)})
				p = ""
			}
		}
		parents[i] = p
		if t := strings.TrimSpace(c.time); t != "" {
			tm, ok := corpusTime(t, opts.location())
			if !ok {
				return nil, bad(c.line, "comment %s time %q: expected a date and time such as 2014-10-15T14:32:00+02:00 or 15.10.2014 14:32, or epoch seconds", ids[i], t)
			}
			seg.Posted = tm
		}
		if num := normaliseID(c.number); num != "" {
			v, err := strconv.Atoi(num)
			if err != nil || v < 0 {
				return nil, bad(c.line, "comment %s number %q: expected a whole number", ids[i], num)
			}
			seg.Number = v
		}
		segs[i] = seg
		for _, l := range c.labels {
			x.labels = append(x.labels, segmentCell{ids[i], l})
		}
	}

	// Each comment after its parent: in file order, a reply whose parent
	// has not come yet waits for it.
	out := make([]annotate.Segment, 0, n)
	placed := make([]bool, n)
	waiting := map[string][]int{}
	var place func(i int)
	place = func(i int) {
		placed[i] = true
		segs[i].ReplyTo = parents[i]
		out = append(out, segs[i])
		kids := waiting[ids[i]]
		delete(waiting, ids[i])
		for _, k := range kids {
			if !placed[k] {
				place(k)
			}
		}
	}
	for i := range segs {
		if p := parents[i]; p == "" || placed[index[p]] {
			place(i)
		} else {
			waiting[p] = append(waiting[p], i)
		}
	}
	for i := range segs { // what still waits replies in a circle
		if !placed[i] {
			x.warnings = append(x.warnings, Warning{Line: line(&r.comments[i]),
				Text: fmt.Sprintf("comment %s replies to %q, whose replies lead back to it; imported as a top-level comment", ids[i], parents[i])})
			parents[i] = ""
			place(i)
		}
	}
	return out, nil
}

// cleanText normalises line ends and trims the white space around a text,
// leaving everything else as it is.
func cleanText(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return strings.TrimSpace(s)
}
