package importer

import (
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
}

type recordSegment struct {
	id, kind, text string
}

type recordComment struct {
	line                                            int // CSV row (0 in JSON: the document's line is used)
	id, parentID, author, time, number, title, text string
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
// line is wrong.
func (r *record) document(file string, opts *Options) (*annotate.Document, error) {
	bad := func(line int, format string, args ...any) error {
		if line == 0 {
			line = r.line
		}
		return errAt(file, line, 0, ErrField, format, args...)
	}
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
	if doc.Source == "" {
		doc.Source = file
	}
	if id := strings.TrimSpace(r.id); id != "" {
		doc.Meta["corpus_id"] = id
	}
	if p := strings.TrimSpace(r.published); p != "" {
		t, ok := parseCorpusTime(p, opts.location())
		if !ok {
			return nil, bad(0, "published %q: expected a date such as 2014-10-15, 2014-10-15T18:05:00+02:00 or 15.10.2014", p)
		}
		doc.Published = t
	}
	if n := strings.TrimSpace(r.commentsTotal); n != "" {
		if v, err := strconv.Atoi(n); err != nil || v < 0 {
			return nil, bad(0, "comments_total %q: expected a whole number", n)
		}
		doc.Meta["comments_total"] = n
	}

	used := map[string]bool{}
	if len(r.segments) > 0 {
		if strings.TrimSpace(r.text) != "" || strings.TrimSpace(r.lead) != "" {
			return nil, bad(0, `give the article either as "text" (with "lead") or as "segments", not both`)
		}
		for i, s := range r.segments {
			kind, ok := articleKinds[strings.ToLower(strings.TrimSpace(s.kind))]
			if s.kind == "" {
				kind, ok = annotate.KindBody, true
			}
			if !ok {
				return nil, bad(0, "segment %d kind %q: expected headline, lead, body, caption or byline", i+1, s.kind)
			}
			id := strings.TrimSpace(s.id)
			if id != "" {
				if used[id] {
					return nil, bad(0, "segment %d: id %q is used twice", i+1, id)
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

	numbered := 0
	commentIDs := make(map[string]bool, len(r.comments))
	for i, c := range r.comments {
		seg := annotate.Segment{
			Kind:   annotate.KindComment,
			Author: strings.TrimSpace(c.author),
			Title:  strings.TrimSpace(c.title),
			Text:   cleanText(c.text),
		}
		id := strings.TrimSpace(c.id)
		if id == "" {
			for numbered++; used["c"+strconv.Itoa(numbered)]; numbered++ {
			}
			id = "c" + strconv.Itoa(numbered)
		} else if used[id] {
			return nil, bad(c.line, "comment %d: id %q is used twice", i+1, id)
		}
		seg.ID = id
		if p := strings.TrimSpace(c.parentID); p != "" && p != "0" {
			if !commentIDs[p] {
				return nil, bad(c.line, "comment %s: parent_id %q is not the id of an earlier comment of this document", id, p)
			}
			seg.ReplyTo = p
		}
		used[id] = true
		commentIDs[id] = true
		if t := strings.TrimSpace(c.time); t != "" {
			tm, ok := parseCorpusTime(t, opts.location())
			if !ok {
				return nil, bad(c.line, "comment %s time %q: expected a date and time such as 2014-10-15T14:32:00+02:00 or 15.10.2014 14:32", id, t)
			}
			seg.Posted = tm
		}
		if n := strings.TrimSpace(c.number); n != "" {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 {
				return nil, bad(c.line, "comment %s number %q: expected a whole number", id, n)
			}
			seg.Number = v
		}
		doc.Segments = append(doc.Segments, seg)
	}
	if len(doc.Segments) == 0 {
		return nil, errAt(file, r.line, 0, ErrNoText, "the document has no article text and no comments; expected %q, %q or %q", "text", "segments", "comments")
	}
	if err := finish(doc, opts); err != nil {
		return nil, errAt(file, r.line, 0, ErrField, "%v", err)
	}
	return doc, nil
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
