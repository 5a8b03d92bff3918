package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// This file is the fast way through the common JSON document: only keys
// the format defines, no mapping, no label fields, no two aliases of one
// field. It decodes into structs, which allocates far less than the
// general reader (corpus_json_map.go), and gives the same record. Anything
// else it leaves to the general reader.

// jsonDoc is a corpus document in JSON with the default keys.
type jsonDoc struct {
	ID            flexString     `json:"id"`
	Title         flexString     `json:"title"`
	Headline      flexString     `json:"headline"`
	Source        flexString     `json:"source"`
	URL           flexString     `json:"url"`
	Outlet        flexString     `json:"outlet"`
	Site          flexString     `json:"site"`
	Published     flexString     `json:"published"`
	Date          flexString     `json:"date"`
	Language      flexString     `json:"language"`
	Lang          flexString     `json:"lang"`
	Author        flexString     `json:"author"`
	Lead          string         `json:"lead"`
	Teaser        string         `json:"teaser"`
	Text          string         `json:"text"`
	Body          string         `json:"body"`
	Content       string         `json:"content"`
	Segments      []jsonSegment  `json:"segments"`
	Comments      []jsonComment  `json:"comments"`
	CommentsTotal flexString     `json:"comments_total"`
	Meta          map[string]any `json:"meta"`
}

// jsonSegment is one article segment given explicitly.
type jsonSegment struct {
	ID   flexString `json:"id"`
	Kind string     `json:"kind"`
	Text string     `json:"text"`
}

// jsonComment is one reader comment with the default keys.
type jsonComment struct {
	ID        flexString `json:"id"`
	ParentID  flexString `json:"parent_id"`
	Parent    flexString `json:"parent"`
	ReplyTo   flexString `json:"reply_to"`
	Author    flexString `json:"author"`
	User      flexString `json:"user"`
	Time      flexString `json:"time"`
	Date      flexString `json:"date"`
	CreatedAt flexString `json:"created_at"`
	Number    flexString `json:"number"`
	Title     flexString `json:"title"`
	Text      string     `json:"text"`
	Body      string     `json:"body"`
	Content   string     `json:"content"`
}

// flexString reads a JSON string, number, boolean or null as text, and a
// list of strings as the strings joined by ", " (several authors), as
// scalarText does.
type flexString string

// errNotFlex sends a value flexString cannot read to the general reader.
var errNotFlex = errors.New("not a string, number or list of strings")

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*f = ""
	case b[0] == '"':
		if len(b) >= 2 && bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
			*f = flexString(b[1 : len(b)-1]) // no escapes: the bytes are the text
			return nil
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	case b[0] == '[':
		var list []string
		if err := json.Unmarshal(b, &list); err != nil {
			return errNotFlex
		}
		*f = flexString(strings.Join(list, ", "))
	case b[0] == '{':
		return errNotFlex
	default:
		*f = flexString(b)
	}
	return nil
}

// pick returns the first value that is not blank, and whether another is
// not blank too (the general reader keeps that one as metadata).
func pick(values ...string) (string, bool) {
	got, n := "", 0
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			if n == 0 {
				got = v
			}
			n++
		}
	}
	return got, n > 1
}

// fastRecord decodes raw, a document object, into a record if it is of the
// common kind; ok is false for anything the general reader must read.
func fastRecord(raw []byte, line int) (r *record, end int, ok bool) {
	var d jsonDoc
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if dec.Decode(&d) != nil {
		return nil, 0, false
	}
	clash := false
	one := func(values ...string) string {
		v, two := pick(values...)
		clash = clash || two
		return v
	}
	r = &record{
		line:          line,
		id:            string(d.ID),
		title:         one(string(d.Title), string(d.Headline)),
		source:        one(string(d.Source), string(d.URL)),
		outlet:        one(string(d.Outlet), string(d.Site)),
		published:     one(string(d.Published), string(d.Date)),
		language:      one(string(d.Language), string(d.Lang)),
		author:        string(d.Author),
		lead:          one(d.Lead, d.Teaser),
		text:          one(d.Text, d.Body, d.Content),
		commentsTotal: string(d.CommentsTotal),
	}
	for k, v := range d.Meta {
		if v != nil {
			if r.meta == nil {
				r.meta = make(map[string]string, len(d.Meta))
			}
			r.meta[k] = metaText(v)
		}
	}
	for _, s := range d.Segments {
		r.segments = append(r.segments, recordSegment{id: string(s.ID), kind: s.Kind, text: s.Text})
	}
	if len(d.Comments) > 0 {
		r.comments = make([]recordComment, 0, len(d.Comments))
	}
	for _, c := range d.Comments {
		r.comments = append(r.comments, recordComment{
			id:       string(c.ID),
			parentID: one(string(c.ParentID), string(c.Parent), string(c.ReplyTo)),
			author:   one(string(c.Author), string(c.User)),
			time:     one(string(c.Time), string(c.Date), string(c.CreatedAt)),
			number:   string(c.Number),
			title:    string(c.Title),
			text:     one(c.Text, c.Body, c.Content),
		})
	}
	if clash {
		return nil, 0, false
	}
	return r, int(dec.InputOffset()), true
}
