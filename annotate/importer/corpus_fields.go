package importer

import (
	"fmt"
	"github.com/newsmark/newsmark/annotate"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The fields that only JSON and JSONL files have: lists of objects.
const (
	// FieldDocuments is the top-level list of a JSON file's documents or
	// comment rows ("documents"); a key of the outer object, not a path.
	FieldDocuments Field = "documents"
	// FieldComments is the list of a document's comments ("comments").
	FieldComments Field = "comments"
	// FieldReplies is the list of a comment's replies, nested inside it
	// ("replies" or "children"); each reply answers the comment it sits in.
	FieldReplies Field = "comment_replies"
)

// FieldInfo describes a corpus field for `newsmark help import` and the
// documentation.
type FieldInfo struct {
	Field   Field
	Comment bool   // a field of a comment rather than of the document
	List    bool   // a list of objects (JSON and JSONL only)
	Help    string // what the field holds, in a few words
}

// FieldInfos lists every field a mapping (--field FIELD=WHERE) can name,
// document fields first.
var FieldInfos = []FieldInfo{
	{Field: FieldDocID, Help: "the document's id in the corpus; rows with one id form one document"},
	{Field: FieldTitle, Help: "headline"},
	{Field: FieldSource, Help: "URL or other source"},
	{Field: FieldOutlet, Help: "outlet or site"},
	{Field: FieldPublished, Help: "publication date or time (also epoch seconds or milliseconds)"},
	{Field: FieldLanguage, Help: "language tag, e.g. de"},
	{Field: FieldAuthor, Help: "the article's author"},
	{Field: FieldLead, Help: "teaser or standfirst"},
	{Field: FieldText, Help: "the article's text"},
	{Field: FieldCommentsTotal, Help: "the number of comments the page states"},
	{Field: FieldComments, List: true, Help: "the list of the document's comments (JSON)"},
	{Field: FieldDocuments, List: true, Help: "the key of the list of documents or rows in a JSON file's outer object"},
	{Field: FieldCommentID, Comment: true, Help: "the comment's id (123.0 is read as 123)"},
	{Field: FieldParentID, Comment: true, Help: "the id of the comment it replies to (also: comment_parent)"},
	{Field: FieldCommentAuthor, Comment: true, Help: "who wrote the comment"},
	{Field: FieldCommentTime, Comment: true, Help: "when (a date and time, or epoch seconds or milliseconds)"},
	{Field: FieldCommentNumber, Comment: true, Help: "the comment's number on the page"},
	{Field: FieldCommentTitle, Comment: true, Help: "the comment's title"},
	{Field: FieldCommentText, Comment: true, Help: "the comment's text"},
	{Field: FieldReplies, Comment: true, List: true, Help: "the list of replies nested in a comment (JSON; also: replies)"},
}

// fieldAliases are other names of fields that a mapping may use.
var fieldAliases = map[string]Field{
	"comment_parent": FieldParentID, "comment_parent_id": FieldParentID, "parent": FieldParentID,
	"replies": FieldReplies,
}

// ParseField returns the field a mapping names, by its name or an alias
// ("comment_parent" is parent_id).
func ParseField(name string) (Field, error) {
	n := normaliseColumn(name)
	if f, ok := fieldAliases[n]; ok {
		return f, nil
	}
	for _, fi := range FieldInfos {
		if string(fi.Field) == n {
			return fi.Field, nil
		}
	}
	return "", fmt.Errorf("%q is not a field; expected one of %s: %w", name, allFieldNames(), ErrMissingColumn)
}

func allFieldNames() string {
	names := make([]string, len(FieldInfos))
	for i, fi := range FieldInfos {
		names[i] = string(fi.Field)
	}
	return strings.Join(names, ", ")
}

func isListField(f Field) bool { return f == FieldComments || f == FieldReplies || f == FieldDocuments }

// SetField reads a mapping written as "field=where" (the form of the
// command line's --field flag) into o.Fields. where is a CSV column's
// header name, or a path into a JSON document or comment: a key, or keys
// joined by dots for nested objects ("meta.author").
func (o *Options) SetField(spec string) error {
	field, where, ok := strings.Cut(spec, "=")
	if !ok || strings.TrimSpace(where) == "" || strings.TrimSpace(field) == "" {
		return fmt.Errorf("field mapping %q: expected field=column or field=path, e.g. comment_text=Body: %w", spec, ErrMissingColumn)
	}
	f, err := ParseField(field)
	if err != nil {
		return fmt.Errorf("field mapping %q: %w", spec, err)
	}
	if o.Fields == nil {
		o.Fields = map[Field]string{}
	}
	o.Fields[f] = strings.TrimSpace(where)
	return nil
}

// columnMapping is the mapping of CSV columns: CSV.Columns with Fields
// over it, without the JSON-only list fields.
func (o *Options) columnMapping() map[Field]string {
	if len(o.Fields) == 0 {
		return o.CSV.Columns
	}
	m := make(map[Field]string, len(o.CSV.Columns)+len(o.Fields))
	for f, c := range o.CSV.Columns {
		m[f] = c
	}
	for f, c := range o.Fields {
		if !isListField(f) {
			m[f] = c
		}
	}
	return m
}

// labelAnnotator is who gave the labels of label columns.
func (o *Options) labelAnnotator() string {
	if a := strings.TrimSpace(o.LabelAnnotator); a != "" {
		return a
	}
	return DefaultLabelAnnotator
}

// DefaultLabelAnnotator is the annotator of label columns when none is
// named.
const DefaultLabelAnnotator = "corpus"

var (
	reWholeFloat = regexp.MustCompile(`^[+-]?\d+\.0+$`)
	reEpoch      = regexp.MustCompile(`^\d{9,13}(?:\.\d+)?$|^\d(?:\.\d+)?[eE]\+?\d{1,2}$`)
)

// normaliseID reads an id or number as a corpus writes it: "123.0" (how a
// spreadsheet or pandas writes a whole number) is 123, and the empty
// values of data tools ("NaN", "None", "null") are empty.
func normaliseID(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || (!strings.Contains(s, ".") && len(s) > 4) {
		return s
	}
	switch strings.ToLower(s) {
	case "nan", "none", "null", "nil", "na", "n/a":
		return ""
	}
	if reWholeFloat.MatchString(s) {
		s, _, _ = strings.Cut(s, ".")
		s = strings.TrimPrefix(s, "+")
	}
	return s
}

// corpusTime reads a time from a corpus field: epoch seconds or
// milliseconds, whole or written as decimals ("1413381600.0",
// "1.4133816E9"; from 1e11 on they are milliseconds, as in
// parseCorpusTime), or what parseCorpusTime reads (dates and date-times).
// Numbers below 1e8 (before 1973) are not taken for epochs.
func corpusTime(s string, loc *time.Location) (annotate.When, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 || strings.Trim(s, "0123456789.eE+") != "" || !reEpoch.MatchString(s) {
		// (most times are dates: the cheap checks spare them the expression)
		return parseCorpusTime(s, loc)
	}
	if !strings.ContainsAny(s, ".eE") {
		n, err := strconv.ParseInt(s, 10, 64)
		switch {
		case err != nil || n < 1e8:
			return annotate.When{}, false
		case n >= 1e11:
			return annotate.WhenOf(time.UnixMilli(n).UTC()), true
		}
		return annotate.WhenOf(time.Unix(n, 0).UTC()), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1e8 || f >= 1e14 {
		return annotate.When{}, false
	}
	if f >= 1e11 {
		return annotate.WhenOf(time.UnixMilli(int64(math.Round(f))).UTC()), true
	}
	sec, frac := math.Modf(f)
	return annotate.WhenOf(time.Unix(int64(sec), int64(math.Round(frac*1e6))*1e3).UTC()), true
}

// labelSetID turns a label column's name into a codebook id: letters,
// digits, '_', '.', ':' and '-', anything else as '_'.
func labelSetID(column string) string {
	id := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_.:-", r) {
			return r
		}
		return '_'
	}, strings.TrimSpace(column))
	if id == "" {
		id = "_"
	}
	return id
}

// labelID is the codebook id of a label column's value.
func labelID(column, value string) string {
	return labelSetID(column) + ":" + labelSetID(value)
}

// labelColours are the colours of new labels from label columns, in turn.
var labelColours = []string{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"}
