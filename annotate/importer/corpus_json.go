package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// jsonDoc is a corpus document in JSON. docs/import.md documents every
// field; a later name in a group is an alias that is read when the first is
// missing.
type jsonDoc struct {
	ID            flexString            `json:"id"`
	Title         string                `json:"title"`
	Headline      string                `json:"headline"`
	Source        string                `json:"source"`
	URL           string                `json:"url"`
	Outlet        string                `json:"outlet"`
	Site          string                `json:"site"`
	Published     flexString            `json:"published"`
	Date          flexString            `json:"date"`
	Language      string                `json:"language"`
	Lang          string                `json:"lang"`
	Author        flexString            `json:"author"`
	Lead          string                `json:"lead"`
	Teaser        string                `json:"teaser"`
	Text          string                `json:"text"`
	Body          string                `json:"body"`
	Content       string                `json:"content"`
	Segments      []jsonSegment         `json:"segments"`
	Comments      []jsonComment         `json:"comments"`
	CommentsTotal flexString            `json:"comments_total"`
	Meta          map[string]flexString `json:"meta"`
}

// jsonSegment is one article segment given explicitly.
type jsonSegment struct {
	ID   flexString `json:"id"`
	Kind string     `json:"kind"`
	Text string     `json:"text"`
}

// jsonComment is one reader comment.
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
	Title     string     `json:"title"`
	Text      string     `json:"text"`
	Body      string     `json:"body"`
	Content   string     `json:"content"`
}

var (
	jsonDocKeys     = jsonKeys(reflect.TypeFor[jsonDoc]())
	jsonCommentKeys = jsonKeys(reflect.TypeFor[jsonComment]())
)

func jsonKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		keys[name] = true
	}
	return keys
}

// flexString reads a JSON string, number, boolean or null as text, and a
// list of strings as the strings joined by ", " (several authors).
type flexString string

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
			return errors.New("expected a string, a number or a list of strings")
		}
		*f = flexString(strings.Join(list, ", "))
	case b[0] == '{':
		return errors.New("expected a string or a number, not an object")
	default:
		*f = flexString(b)
	}
	return nil
}

func first(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// record turns the decoded JSON into a record.
func (d *jsonDoc) record(line int) *record {
	r := &record{
		line:          line,
		id:            string(d.ID),
		title:         first(d.Title, d.Headline),
		source:        first(d.Source, d.URL),
		outlet:        first(d.Outlet, d.Site),
		published:     first(string(d.Published), string(d.Date)),
		language:      first(d.Language, d.Lang),
		author:        string(d.Author),
		lead:          first(d.Lead, d.Teaser),
		text:          first(d.Text, d.Body, d.Content),
		commentsTotal: string(d.CommentsTotal),
	}
	if len(d.Meta) > 0 {
		r.meta = make(map[string]string, len(d.Meta))
		for k, v := range d.Meta {
			r.meta[k] = string(v)
		}
	}
	for _, s := range d.Segments {
		r.segments = append(r.segments, recordSegment{id: string(s.ID), kind: s.Kind, text: s.Text})
	}
	r.comments = make([]recordComment, 0, len(d.Comments))
	for _, c := range d.Comments {
		r.comments = append(r.comments, recordComment{
			id:       string(c.ID),
			parentID: first(string(c.ParentID), string(c.Parent), string(c.ReplyTo)),
			author:   first(string(c.Author), string(c.User)),
			time:     first(string(c.Time), string(c.Date), string(c.CreatedAt)),
			number:   string(c.Number),
			title:    c.Title,
			text:     first(c.Text, c.Body, c.Content),
		})
	}
	return r
}

// decodeDocument decodes one JSON document that starts at line and column
// col of file, and returns it with the offset in raw just past it. Fields
// the format does not define are kept: top-level ones as Meta entries,
// comment fields by name in Meta["ignored_comment_fields"].
func decodeDocument(file string, raw []byte, line, col int, opts *Options) (*record, int, error) {
	var d jsonDoc
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(&d)
	if err != nil && strings.HasPrefix(err.Error(), "json: unknown field ") {
		d = jsonDoc{}
		dec = json.NewDecoder(bytes.NewReader(raw))
		if err = dec.Decode(&d); err == nil {
			r := d.record(line)
			if err := keepUnknownFields(r, raw[:dec.InputOffset()]); err != nil {
				return nil, 0, jsonError(file, raw, line, col, err)
			}
			return r, int(dec.InputOffset()), nil
		}
	}
	if err != nil {
		return nil, 0, jsonError(file, raw, line, col, err)
	}
	return d.record(line), int(dec.InputOffset()), nil
}

// keepUnknownFields copies the top-level fields of raw that jsonDoc does not
// define into r.meta and names unknown comment fields.
func keepUnknownFields(r *record, raw []byte) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		return err
	}
	for k, v := range all {
		if jsonDocKeys[k] {
			continue
		}
		if r.meta == nil {
			r.meta = map[string]string{}
		}
		var s string
		if json.Unmarshal(v, &s) == nil {
			r.meta[k] = s
		} else {
			var b bytes.Buffer
			_ = json.Compact(&b, v)
			r.meta[k] = b.String()
		}
	}
	var withComments struct {
		Comments []map[string]json.RawMessage `json:"comments"`
	}
	if err := json.Unmarshal(raw, &withComments); err != nil {
		return err
	}
	ignored := map[string]bool{}
	for _, c := range withComments.Comments {
		for k := range c {
			if !jsonCommentKeys[k] {
				ignored[k] = true
			}
		}
	}
	if len(ignored) > 0 {
		names := make([]string, 0, len(ignored))
		for k := range ignored {
			names = append(names, k)
		}
		sort.Strings(names)
		if r.meta == nil {
			r.meta = map[string]string{}
		}
		r.meta["ignored_comment_fields"] = strings.Join(names, ",")
	}
	return nil
}

// jsonError turns a decoder error for raw, which starts at line and column
// col of file, into a *ParseError at the place it names.
func jsonError(file string, raw []byte, line, col int, err error) error {
	at := func(off int64) (int, int) {
		if off < 0 {
			off = 0
		}
		if off > int64(len(raw)) {
			off = int64(len(raw))
		}
		l, c := lineCol(raw, int(off))
		if l == 1 {
			c += col - 1
		}
		return line + l - 1, c
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		l, c := at(syn.Offset - 1)
		return &ParseError{File: file, Line: l, Column: c, Offset: -1, Msg: "malformed JSON", Err: withCause(ErrSyntax, err)}
	case errors.As(err, &typ):
		l, c := at(typ.Offset - 1)
		return &ParseError{File: file, Line: l, Column: c, Offset: -1,
			Msg: fmt.Sprintf("field %q: expected %s, got a JSON %s", typ.Field, jsonTypeName(typ.Type), typ.Value), Err: ErrField}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		l, c := at(int64(len(raw)))
		return &ParseError{File: file, Line: l, Column: c, Offset: -1, Msg: "the JSON value ends too early; expected its closing bracket", Err: ErrSyntax}
	}
	// Errors from flexString and other field decoders carry no offset.
	return &ParseError{File: file, Line: line, Column: col, Offset: -1, Msg: "in this document: " + err.Error(), Err: ErrField}
}

func jsonTypeName(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	}
	return "a " + t.String()
}

// ReadJSONL reads JSON Lines from r, one corpus document per line (blank
// lines are allowed), and calls emit for each document in order. Lines are
// decoded on all processors, a bounded number at a time, so files of any
// size stream through.
func ReadJSONL(name string, r io.Reader, opts Options, emit Emit) error {
	src, err := openSource(name, r)
	if err != nil {
		return err
	}
	return readJSONL(src, &opts, emit)
}

// jsonlLine is one line of a JSON Lines file on its way to a document.
type jsonlLine struct {
	line int
	data []byte
	doc  *annotate.Document
	err  error
	done chan struct{}
}

func readJSONL(src *source, opts *Options, emit Emit) error {
	workers := min(runtime.GOMAXPROCS(0), 4)
	todo := make(chan *jsonlLine, 4*workers)     // lines for the workers
	inOrder := make(chan *jsonlLine, 16*workers) // the same lines, in file order
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range todo {
				if l.err == nil {
					l.doc, l.err = decodeLine(src.name, l.line, l.data, opts)
				}
				l.data = nil
				close(l.done)
			}
		}()
	}
	go func() {
		defer close(todo)
		defer close(inOrder)
		readLines(src, func(l *jsonlLine) bool {
			select {
			case inOrder <- l:
			case <-quit:
				return false
			}
			select {
			case todo <- l:
				return true
			case <-quit:
				close(l.done)
				return false
			}
		})
	}()
	stop := func(err error) error {
		close(quit)
		for range inOrder { // let the reader finish
		}
		wg.Wait()
		return err
	}
	docs := 0
	for l := range inOrder {
		<-l.done
		if l.err != nil {
			return stop(l.err)
		}
		docs++
		if err := emit(l.doc, l.line); err != nil {
			return stop(err)
		}
	}
	wg.Wait()
	if docs == 0 {
		return errFile(src.name, ErrEmpty, "no documents; expected one JSON object per line")
	}
	return nil
}

// readLines hands each non-blank line of src to send, with its number, and
// stops when send returns false. A read error (bad UTF-8, a NUL) is handed
// on as a line with an error.
func readLines(src *source, send func(*jsonlLine) bool) {
	br := bufio.NewReaderSize(src.text(), 256<<10)
	for line := 1; ; line++ {
		chunk, err := br.ReadSlice('\n')
		data := append([]byte(nil), chunk...)
		for errors.Is(err, bufio.ErrBufferFull) {
			if len(data) > MaxJSONValue {
				err = TooLarge(fmt.Sprintf("%s line %d", src.name, line), "one JSON document", MaxJSONValue)
				break
			}
			chunk, err = br.ReadSlice('\n')
			data = append(data, chunk...)
		}
		if err != nil && err != io.EOF {
			send(&jsonlLine{line: line, err: err, done: make(chan struct{})})
			return
		}
		if len(bytes.TrimSpace(data)) > 0 && !send(&jsonlLine{line: line, data: data, done: make(chan struct{})}) {
			return
		}
		if err == io.EOF {
			return
		}
	}
}

// decodeLine decodes one line of a JSON Lines file into a document.
func decodeLine(file string, line int, data []byte, opts *Options) (*annotate.Document, error) {
	text := bytes.TrimSpace(data)
	start := bytes.Index(data, text[:1])
	col := 1 + utf8.RuneCount(data[:start])
	if text[0] != '{' {
		return nil, errAt(file, line, col, ErrSyntax, "expected a JSON object (one document per line), found %s", describeStart(text))
	}
	rec, end, err := decodeDocument(file, text, line, col, opts)
	if err != nil {
		return nil, err
	}
	if trailing := bytes.TrimSpace(text[end:]); len(trailing) > 0 {
		_, c := lineCol(data, start+end+bytes.Index(text[end:], trailing))
		return nil, errAt(file, line, c, ErrSyntax, "expected the end of the line after the JSON object, found %s", describeStart(trailing))
	}
	return rec.document(file, opts)
}

// describeStart names what a line starts with, for error messages.
func describeStart(b []byte) string {
	r, _ := utf8.DecodeRune(b)
	if len(b) > 20 {
		b = b[:20]
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
		return fmt.Sprintf("%q…", b)
	}
	if r == '[' {
		return `"[" (a JSON array: use the json format for a file that is one array)`
	}
	return fmt.Sprintf("%q", b)
}

// jsonValueEnd returns the index just past the JSON object or array that
// starts b, judged by brackets and strings only; ok is false if b ends first.
func jsonValueEnd(b []byte) (int, bool) {
	depth, inString, escaped := 0, false, false
	for i, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
	}
	return len(b), false
}
