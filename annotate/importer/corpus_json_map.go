package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// This file reads a decoded JSON object as a corpus document or as a
// comment row, by the field mapping of Options.Fields and the default keys
// below. A mapped path is a key, or keys joined by dots into nested
// objects; keys are compared exactly first, then without case. What no
// field takes is kept as metadata of the document or comment.

// jsonDocKeys and jsonCommentKeys are the default keys of a document object
// and of a comment object, in order of preference (compared without case).
var (
	jsonDocKeys = map[Field][]string{
		FieldDocID: {"id"}, FieldTitle: {"title", "headline"}, FieldSource: {"source", "url"},
		FieldOutlet: {"outlet", "site"}, FieldPublished: {"published", "date"}, FieldLanguage: {"language", "lang"},
		FieldAuthor: {"author"}, FieldLead: {"lead", "teaser"}, FieldText: {"text", "body", "content"},
		FieldCommentsTotal: {"comments_total"}, FieldComments: {"comments"},
	}
	jsonCommentKeys = map[Field][]string{
		FieldCommentID: {"id"}, FieldParentID: {"parent_id", "parent", "reply_to"}, FieldCommentAuthor: {"author", "user"},
		FieldCommentTime: {"time", "date", "created_at"}, FieldCommentNumber: {"number"}, FieldCommentTitle: {"title"},
		FieldCommentText: {"text", "body", "content"}, FieldReplies: {"replies", "children"},
	}
	// jsonRowKeys are the default keys of a comment row: the CSV column
	// names, and nested replies.
	jsonRowKeys = func() map[Field][]string {
		m := map[Field][]string{FieldReplies: {"replies", "children"}}
		for _, c := range CSVColumns {
			m[c.Field] = c.Columns
		}
		return m
	}()
)

// strictText are the fields whose JSON value must be a string: a number
// there is a mapping mistake rather than a way of writing text.
var strictText = map[Field]bool{FieldText: true, FieldLead: true, FieldCommentText: true}

// jsonLevel reads one kind of object: a document, a comment, or a row.
type jsonLevel struct {
	name     string // for messages: "document", "comment", "row"
	fields   []Field
	user     map[Field]string    // mapped paths
	defaults map[string]keyField // lower-cased (rows: normalised) default key → field
	norm     func(string) string
	skip     map[string]bool // default keys the user mapped to some field of this level
}

type keyField struct {
	field Field
	rank  int
}

func newJSONLevel(name string, keys map[Field][]string, user map[Field]string, norm func(string) string) *jsonLevel {
	lv := &jsonLevel{name: name, user: map[Field]string{}, defaults: map[string]keyField{}, norm: norm, skip: map[string]bool{}}
	for f, names := range keys {
		lv.fields = append(lv.fields, f)
		for i, n := range names {
			if _, dup := lv.defaults[norm(n)]; !dup {
				lv.defaults[norm(n)] = keyField{f, i}
			}
		}
	}
	for f, path := range user {
		if _, ok := keys[f]; !ok {
			continue
		}
		lv.user[f] = path
		lv.skip[norm(path)] = true
		first, _, _ := strings.Cut(path, ".")
		lv.skip[norm(first)] = true
	}
	return lv
}

// jsonMapping is how a JSON corpus file is read.
type jsonMapping struct {
	doc, comment, row *jsonLevel
	labels            []string
	labelsFound       *labelSet
	rowText           string // the mapped comment_text path that makes an object a row
	fast              bool   // no mapping and no label fields: common documents take fastRecord
}

func newJSONMapping(opts *Options) *jsonMapping {
	lower := strings.ToLower
	m := &jsonMapping{
		doc:         newJSONLevel("document", jsonDocKeys, opts.Fields, lower),
		comment:     newJSONLevel("comment", jsonCommentKeys, opts.Fields, lower),
		row:         newJSONLevel("row", jsonRowKeys, opts.Fields, normaliseColumn),
		labels:      opts.LabelColumns,
		labelsFound: &labelSet{seen: map[string]bool{}},
		rowText:     opts.Fields[FieldCommentText],
		fast:        len(opts.Fields) == 0 && len(opts.LabelColumns) == 0,
	}
	return m
}

// values are the fields found in one object. Arrays and short lists
// rather than maps: an object has few keys, and a corpus millions of
// objects.
type values struct {
	v       [numFields]any
	has     [numFields]bool
	key     [numFields]string // the key or path each field was found under
	labels  []labelValue
	used    []string // paths taken by a field
	partial []string // objects some of whose keys a field took
}

type labelValue struct {
	name string
	v    any
}

// numFields is the number of fields, FieldInfos' length.
const numFields = 20

var fieldIndex = func() map[Field]int {
	if len(FieldInfos) != numFields {
		panic("importer: numFields is not len(FieldInfos)")
	}
	m := make(map[Field]int, numFields)
	for i, fi := range FieldInfos {
		m[fi.Field] = i
	}
	return m
}()

func (vals *values) get(f Field) (any, bool) {
	i := fieldIndex[f]
	return vals.v[i], vals.has[i]
}

func (vals *values) set(f Field, v any, key string) {
	i := fieldIndex[f]
	vals.v[i], vals.has[i], vals.key[i] = v, true, key
}

func (vals *values) isUsed(p string) bool { return slices.Contains(vals.used, p) }

func (vals *values) isPartial(p string) bool { return slices.Contains(vals.partial, p) }

// lookup finds path in obj: the whole path as a key, or the keys of a
// dotted path one inside the other. It returns the path of the keys as
// they are written.
func lookup(obj map[string]any, path string) (any, string, bool) {
	if v, ok := obj[path]; ok {
		return v, path, true
	}
	for k, v := range obj {
		if strings.EqualFold(k, path) {
			return v, k, true
		}
	}
	head, rest, ok := strings.Cut(path, ".")
	if !ok {
		return nil, "", false
	}
	for k, v := range obj {
		if k != head && !strings.EqualFold(k, head) {
			continue
		}
		inner, isObj := v.(map[string]any)
		if !isObj {
			continue
		}
		if v, p, ok := lookup(inner, rest); ok {
			return v, k + "." + p, true
		}
	}
	return nil, "", false
}

func blank(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	}
	return false
}

// extract finds the fields of level lv in obj.
func (lv *jsonLevel) extract(obj map[string]any, labels []string, found *labelSet) values {
	var vals values
	mark := func(path string) {
		vals.used = append(vals.used, path)
		for i := strings.LastIndexByte(path, '.'); i > 0; i = strings.LastIndexByte(path[:i], '.') {
			vals.partial = append(vals.partial, path[:i])
		}
	}
	for f, path := range lv.user {
		if v, p, ok := lookup(obj, path); ok {
			vals.set(f, v, p)
			mark(p)
		}
	}
	var rank [numFields]int
	var chosen [numFields]string
	for k, v := range obj {
		if vals.isUsed(k) {
			continue
		}
		nk := lv.norm(k)
		if lv.skip[nk] {
			continue
		}
		kf, ok := lv.defaults[nk]
		if !ok {
			continue
		}
		if _, mapped := lv.user[kf.field]; mapped {
			continue
		}
		if blank(v) {
			vals.used = append(vals.used, k)
			continue
		}
		i := fieldIndex[kf.field]
		if chosen[i] != "" && (rank[i] < kf.rank || rank[i] == kf.rank && chosen[i] < k) {
			continue // the better name, or of two spellings the first in byte order
		}
		chosen[i], rank[i] = k, kf.rank
	}
	for i, k := range chosen {
		if k != "" {
			vals.set(FieldInfos[i].Field, obj[k], k)
			vals.used = append(vals.used, k)
		}
	}
	for _, l := range labels {
		if v, p, ok := lookup(obj, l); ok {
			mark(p)
			if found != nil {
				found.add(l)
			}
			vals.labels = append(vals.labels, labelValue{l, v})
		}
	}
	return vals
}

// text returns field f as text, or says what is wrong with it.
func (vals *values) text(f Field) (string, error) {
	v, ok := vals.get(f)
	if !ok || v == nil {
		return "", nil
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	if strictText[f] {
		return "", fmt.Errorf("field %q (%s): expected a string, got a JSON %s", vals.key[fieldIndex[f]], f, jsonKind(v))
	}
	s, err := scalarText(v)
	if err != nil {
		return "", fmt.Errorf("field %q (%s): %v", vals.key[fieldIndex[f]], f, err)
	}
	return s, nil
}

// scalarText reads a string, number or boolean as text, and a list of
// strings as the strings joined by ", " (several authors).
func scalarText(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		if v {
			return "true", nil
		}
		return "false", nil
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return "", fmt.Errorf("expected a string, a number or a list of strings, got a list with a %s", jsonKind(e))
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ", "), nil
	}
	return "", fmt.Errorf("expected a string or a number, not %s", jsonKind(v))
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "list"
	}
	return "an object"
}

// metaText is how a value no field took is kept: strings as they are,
// anything else as compact JSON.
func metaText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSpace(b.String())
}

// leftovers puts what no field took of obj into meta: keys that are paths
// into obj under prefix, named in meta with keyPrefix.
func (vals *values) leftovers(obj map[string]any, prefix, keyPrefix string, meta map[string]string, skip func(string) bool) {
	for k, v := range obj {
		p := prefix + k
		if vals.isUsed(p) || (skip != nil && skip(k)) {
			continue
		}
		if inner, ok := v.(map[string]any); ok && vals.isPartial(p) {
			vals.leftovers(inner, p+".", keyPrefix+k+".", meta, nil)
			continue
		}
		if v == nil {
			continue
		}
		meta[keyPrefix+k] = metaText(v)
	}
}

// labelCells returns the label columns found in an object.
func (vals *values) labelCells(labels []string) ([]cellLabel, error) {
	var out []cellLabel
	for _, lv := range vals.labels {
		l, v := lv.name, lv.v
		s, err := scalarText(v)
		if err != nil {
			return nil, fmt.Errorf("label field %s: %v", l, err)
		}
		if s = strings.TrimSpace(s); normaliseID(s) != "" {
			out = append(out, cellLabel{l, s})
		}
	}
	return out, nil
}

// isRow reports whether obj is a comment row rather than a document: it
// has no comment list and has a comment text (at the mapped path, or
// under a CSV column name for it).
func (m *jsonMapping) isRow(obj map[string]any) bool {
	if path, ok := m.doc.user[FieldComments]; ok {
		if _, _, ok := lookup(obj, path); ok {
			return false
		}
	} else {
		for k := range obj {
			if strings.EqualFold(k, "comments") {
				return false
			}
		}
	}
	if m.rowText != "" {
		_, _, ok := lookup(obj, m.rowText)
		return ok
	}
	for k := range obj {
		if kf, ok := m.row.defaults[normaliseColumn(k)]; ok && kf.field == FieldCommentText {
			return true
		}
	}
	return false
}

// labelSet is the label fields seen in a file, from any goroutine.
type labelSet struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (s *labelSet) add(l string) {
	s.mu.Lock()
	s.seen[l] = true
	s.mu.Unlock()
}

func (s *labelSet) has(l string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[l]
}

// fieldErr is a mistake in a field of an object.
type fieldErr struct{ msg string }

func (e *fieldErr) Error() string { return e.msg }

func fieldErrorf(format string, args ...any) error { return &fieldErr{fmt.Sprintf(format, args...)} }

// document reads a document object.
func (m *jsonMapping) document(obj map[string]any, line int) (*record, error) {
	vals := m.doc.extract(obj, m.labels, m.labelsFound)
	r := &record{line: line}
	for _, f := range []Field{FieldDocID, FieldTitle, FieldSource, FieldOutlet, FieldPublished, FieldLanguage, FieldAuthor, FieldLead, FieldText, FieldCommentsTotal} {
		s, err := vals.text(f)
		if err != nil {
			return nil, fieldErrorf("document: %v", err)
		}
		if f == FieldDocID {
			r.id = s
			continue
		}
		*r.field(f) = s
	}
	var err error
	if r.labels, err = vals.labelCells(m.labels); err != nil {
		return nil, fieldErrorf("document: %v", err)
	}
	segKey := ""
	for k := range obj {
		if strings.EqualFold(k, "segments") && !vals.isUsed(k) && (segKey == "" || k < segKey) {
			segKey = k
		}
	}
	if segs := obj[segKey]; segKey != "" && segs != nil {
		list, ok := segs.([]any)
		if !ok {
			return nil, fieldErrorf(`field "segments": expected a list of segment objects, got a JSON %s`, jsonKind(segs))
		}
		for i, e := range list {
			so, ok := e.(map[string]any)
			if !ok {
				return nil, fieldErrorf(`field "segments": segment %d is a JSON %s, expected an object`, i+1, jsonKind(e))
			}
			var rs recordSegment
			for key, dst := range map[string]*string{"id": &rs.id, "kind": &rs.kind, "text": &rs.text} {
				v := so[key]
				if s, ok := v.(string); ok || v == nil {
					*dst = s
					continue
				}
				if key == "id" {
					if s, err := scalarText(v); err == nil {
						*dst = s
						continue
					}
				}
				return nil, fieldErrorf(`field "segments.%s" (segment %d): expected a string, got a JSON %s`, key, i+1, jsonKind(v))
			}
			r.segments = append(r.segments, rs)
		}
		vals.used = append(vals.used, segKey)
	}
	if list, ok := vals.get(FieldComments); ok && list != nil {
		items, ok := list.([]any)
		if !ok {
			return nil, fieldErrorf("field %s: expected a list of comment objects, got a JSON %s", FieldComments, jsonKind(list))
		}
		if err := m.comments(items, 0, 0, &r.comments, string(FieldComments)); err != nil {
			return nil, err
		}
	}
	meta := map[string]string{}
	vals.leftovers(obj, "", "", meta, func(k string) bool { return strings.EqualFold(k, "meta") })
	for k, v := range obj {
		if !strings.EqualFold(k, "meta") || vals.isUsed(k) {
			continue
		}
		if inner, ok := v.(map[string]any); ok {
			vals.leftovers(inner, k+".", "", meta, nil)
		} else if v != nil {
			meta[k] = metaText(v)
		}
	}
	if len(meta) > 0 {
		r.meta = meta
	}
	return r, nil
}

// comments reads a list of comment objects, and the replies nested in
// them, into out in reading order. parent is 1 + the index in out of the
// comment the list is nested in, 0 for none.
func (m *jsonMapping) comments(items []any, parent, line int, out *[]recordComment, where string) error {
	for i, e := range items {
		obj, ok := e.(map[string]any)
		if !ok {
			return fieldErrorf("%s: item %d is a JSON %s, expected a comment object", where, i+1, jsonKind(e))
		}
		c, replies, err := m.commentOf(m.comment, obj, line)
		if err != nil {
			return fieldErrorf("%s item %d: %v", where, i+1, err)
		}
		c.parent = parent
		*out = append(*out, c)
		if replies != nil {
			if err := m.comments(replies, len(*out), line, out, where+" item "+fmt.Sprint(i+1)+" replies"); err != nil {
				return err
			}
		}
	}
	return nil
}

// commentOf reads a comment object (or the comment of a row) and returns
// its replies list, if any.
func (m *jsonMapping) commentOf(lv *jsonLevel, obj map[string]any, line int) (recordComment, []any, error) {
	vals := lv.extract(obj, m.labels, m.labelsFound)
	return m.commentFrom(&vals, obj, line, true)
}

func (m *jsonMapping) commentFrom(vals *values, obj map[string]any, line int, leftovers bool) (recordComment, []any, error) {
	c := recordComment{line: line}
	for _, fd := range [...]struct {
		f   Field
		dst *string
	}{{FieldCommentID, &c.id}, {FieldParentID, &c.parentID}, {FieldCommentAuthor, &c.author}, {FieldCommentTime, &c.time},
		{FieldCommentNumber, &c.number}, {FieldCommentTitle, &c.title}, {FieldCommentText, &c.text}} {
		s, err := vals.text(fd.f)
		if err != nil {
			return c, nil, err
		}
		*fd.dst = s
	}
	var err error
	if c.labels, err = vals.labelCells(m.labels); err != nil {
		return c, nil, err
	}
	var replies []any
	if list, ok := vals.get(FieldReplies); ok && list != nil {
		if replies, ok = list.([]any); !ok {
			return c, nil, fmt.Errorf("field %s: expected a list of comment objects, got a JSON %s", FieldReplies, jsonKind(list))
		}
	}
	if leftovers {
		meta := map[string]string{}
		vals.leftovers(obj, "", "", meta, nil)
		if len(meta) > 0 {
			c.meta = meta
		}
	}
	return c, replies, nil
}

// rowOf reads a comment row: its document's fields, its comment and the
// replies nested in it.
func (m *jsonMapping) rowOf(obj map[string]any, line int) (*corpusRow, error) {
	vals := m.row.extract(obj, m.labels, m.labelsFound)
	row := &corpusRow{line: line, doc: make(map[Field]string, 4)}
	for _, f := range documentFields {
		s, err := vals.text(f)
		if err != nil {
			return nil, fieldErrorf("row: %v", err)
		}
		if s != "" {
			row.doc[f] = s
		}
	}
	if v, ok := vals.get(FieldDocID); ok {
		s, err := scalarText(v)
		if err != nil {
			return nil, fieldErrorf("row: field %s: %v", FieldDocID, err)
		}
		row.hasID, row.key = true, normaliseID(s)
	} else {
		row.key = contentKey(row.doc[FieldTitle], row.doc[FieldSource], row.doc[FieldText])
	}
	c, replies, err := m.commentFrom(&vals, obj, line, false)
	if err != nil {
		return nil, fieldErrorf("row: %v", err)
	}
	meta := map[string]string{}
	vals.leftovers(obj, "", "", meta, nil)
	for k, v := range meta {
		row.extras = append(row.extras, keyValue{k, v})
	}
	row.comments = append(row.comments, c)
	if replies != nil {
		if err := m.comments(replies, 1, line, &row.comments, string(FieldReplies)); err != nil {
			return nil, err
		}
	}
	return row, nil
}

// missingLabels warns about label columns that no object of the file had.
func (m *jsonMapping) missingLabels(file string, opts *Options) {
	for _, l := range m.labels {
		if !m.labelsFound.has(l) {
			opts.warn(Warning{Text: fmt.Sprintf("label field %q is in no comment or row; no labels were taken from it", l)})
		}
	}
}
