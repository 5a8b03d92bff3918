package importer

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field is a corpus field that a CSV column holds.
type Field string

// The fields of a CSV corpus file. Document fields repeat on every row of a
// document (or sit in a separate articles file); comment fields describe the
// row's comment.
const (
	FieldDocID         Field = "doc_id"
	FieldTitle         Field = "title"
	FieldSource        Field = "source"
	FieldOutlet        Field = "outlet"
	FieldPublished     Field = "published"
	FieldLanguage      Field = "language"
	FieldAuthor        Field = "author"
	FieldLead          Field = "lead"
	FieldText          Field = "text"
	FieldCommentsTotal Field = "comments_total"

	FieldCommentID     Field = "comment_id"
	FieldParentID      Field = "parent_id"
	FieldCommentAuthor Field = "comment_author"
	FieldCommentTime   Field = "comment_time"
	FieldCommentNumber Field = "comment_number"
	FieldCommentTitle  Field = "comment_title"
	FieldCommentText   Field = "comment_text"
)

// CSVColumns lists every field with the column names that hold it by
// default, the field's own name first. Header names are compared after
// lower-casing and turning spaces, hyphens and dots into underscores.
var CSVColumns = []struct {
	Field   Field
	Columns []string
}{
	{FieldDocID, []string{"doc_id", "document_id", "article_id", "docid"}},
	{FieldTitle, []string{"title", "headline", "article_title"}},
	{FieldSource, []string{"source", "url", "link", "article_url"}},
	{FieldOutlet, []string{"outlet", "site", "publisher", "newspaper"}},
	{FieldPublished, []string{"published", "date", "published_at", "publication_date", "pub_date"}},
	{FieldLanguage, []string{"language", "lang"}},
	{FieldAuthor, []string{"author", "byline", "article_author"}},
	{FieldLead, []string{"lead", "teaser", "standfirst"}},
	{FieldText, []string{"text", "article_text", "article", "body", "article_body", "content"}},
	{FieldCommentsTotal, []string{"comments_total", "comment_count", "num_comments"}},
	{FieldCommentID, []string{"comment_id", "cid"}},
	{FieldParentID, []string{"parent_id", "parent_comment_id", "reply_to", "in_reply_to", "parent"}},
	{FieldCommentAuthor, []string{"comment_author", "user", "username", "user_name", "commenter", "nickname"}},
	{FieldCommentTime, []string{"comment_time", "comment_date", "comment_published", "created_at", "timestamp"}},
	{FieldCommentNumber, []string{"comment_number", "comment_no", "number", "position"}},
	{FieldCommentTitle, []string{"comment_title", "comment_subject", "subject"}},
	{FieldCommentText, []string{"comment_text", "comment", "comment_body", "comment_content", "message"}},
}

var columnDefaults = func() map[string]Field {
	m := map[string]Field{}
	for _, c := range CSVColumns {
		for _, name := range c.Columns {
			m[name] = c.Field
		}
	}
	return m
}()

func defaultColumnField(normalised string) (Field, bool) {
	f, ok := columnDefaults[normalised]
	return f, ok
}

// normaliseColumn makes a header name comparable: "Comment Text",
// "comment-text" and "comment_text" are the same column.
func normaliseColumn(name string) string {
	name = strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(name), `"`)))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.':
			return '_'
		}
		return r
	}, name)
}

// CSVOptions say how to read CSV files.
type CSVOptions struct {
	// Columns maps a field to the header name of the column that holds it,
	// for files whose names differ from the defaults in CSVColumns, e.g.
	// {FieldCommentText: "Kommentar"}. A mapped column must exist.
	Columns map[Field]string
	// Delimiter separates fields; 0 detects ',', ';' or a tab from the header.
	Delimiter rune
	// Articles is the path of a second CSV file with one row per article
	// (doc_id and the article fields) for a comments file that has only
	// doc_id and comment fields. ImportFiles pairs such files by itself when
	// both are imported together.
	Articles string
}

// SetColumn reads a mapping written as "field=column" (the form of the
// command line's --csv-column flag) into o.Columns.
func (o *CSVOptions) SetColumn(spec string) error {
	field, column, ok := strings.Cut(spec, "=")
	if !ok || strings.TrimSpace(column) == "" {
		return fmt.Errorf("csv column %q: expected field=column, e.g. comment_text=body: %w", spec, ErrMissingColumn)
	}
	f, err := ParseField(field)
	if err != nil || isListField(f) {
		return fmt.Errorf("csv column %q: %q is not a field; expected one of %s: %w", spec, field, fieldList(), ErrMissingColumn)
	}
	if o.Columns == nil {
		o.Columns = map[Field]string{}
	}
	o.Columns[f] = strings.TrimSpace(column)
	return nil
}

func fieldList() string {
	names := make([]string, len(CSVColumns))
	for i, c := range CSVColumns {
		names[i] = string(c.Field)
	}
	return strings.Join(names, ", ")
}

// sniffDelimiter picks the separator of a header line: the most frequent of
// ',', ';' and tab outside quotes, 0 if none occurs.
func sniffDelimiter(line string) rune {
	counts := map[rune]int{}
	inQuote := false
	for _, r := range line {
		switch {
		case r == '"':
			inQuote = !inQuote
		case !inQuote && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best, n := rune(0), 0
	for _, r := range []rune{',', ';', '\t'} {
		if counts[r] > n {
			best, n = r, counts[r]
		}
	}
	return best
}

func splitHeaderLine(line string, comma rune) []string {
	r := csv.NewReader(strings.NewReader(line))
	r.Comma = comma
	r.LazyQuotes = true
	rec, err := r.Read()
	if err != nil {
		return strings.Split(line, string(comma))
	}
	return rec
}

// csvTable is a CSV file being read: its reader, which column holds which
// field, which columns are label columns, and the others.
type csvTable struct {
	rows   *rowLimit
	name   string
	r      *csv.Reader
	header []string
	col    map[Field]int
	labels []int // columns of opts.LabelColumns
	extra  []int // columns that no field or label takes
}

func openCSV(src *source, opts *Options) (*csvTable, error) {
	comma := opts.CSV.Delimiter
	if comma == 0 {
		line, _, _ := strings.Cut(string(src.head), "\n")
		if comma = sniffDelimiter(strings.TrimRight(line, "\r")); comma == 0 {
			comma = ','
		}
	}
	rows := &rowLimit{r: src.text()}
	r := csv.NewReader(bufio.NewReaderSize(rows, 256<<10))
	r.Comma = comma
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, csvError(src.name, err)
	}
	header = append([]string(nil), header...)
	t := &csvTable{name: src.name, r: r, rows: rows, header: header, col: map[Field]int{}}
	byName := map[string]int{}
	for i, h := range header {
		if _, dup := byName[normaliseColumn(h)]; !dup {
			byName[normaliseColumn(h)] = i
		}
	}
	taken := map[int]bool{}
	for f, name := range opts.columnMapping() {
		i, ok := byName[normaliseColumn(name)]
		if !ok {
			return nil, errAt(src.name, 1, 0, ErrMissingColumn, "column %q (mapped to %s) is not in the header; the header has %s", name, f, quoteList(header))
		}
		t.col[f] = i
		taken[i] = true
	}
	for _, name := range opts.LabelColumns {
		i, ok := byName[normaliseColumn(name)]
		if !ok {
			return nil, errAt(src.name, 1, 0, ErrMissingColumn, "label column %q is not in the header; the header has %s", name, quoteList(header))
		}
		t.labels = append(t.labels, i)
		taken[i] = true
	}
	for i, h := range header {
		if taken[i] {
			continue
		}
		f, ok := defaultColumnField(normaliseColumn(h))
		if !ok {
			continue
		}
		if j, done := t.col[f]; done {
			if taken[j] {
				continue // mapped by the user
			}
			return nil, errAt(src.name, 1, 0, ErrMissingColumn, "columns %q and %q both hold %s; map the right one with a column mapping (%s=COLUMN)", header[j], h, f, f)
		}
		t.col[f] = i
	}
	used := map[int]bool{}
	for _, i := range t.col {
		used[i] = true
	}
	for _, i := range t.labels {
		used[i] = true
	}
	for i := range header {
		if !used[i] {
			t.extra = append(t.extra, i)
		}
	}
	return t, nil
}

func (t *csvTable) has(f Field) bool { _, ok := t.col[f]; return ok }

func (t *csvTable) get(rec []string, f Field) string {
	if i, ok := t.col[f]; ok && i < len(rec) {
		return rec[i]
	}
	return ""
}

// read returns the next row and its line, or io.EOF.
func (t *csvTable) read() ([]string, int, error) {
	t.rows.start()
	rec, err := t.r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		if errors.Is(err, ErrTooLarge) {
			line, _ := t.r.FieldPos(0) // where the failed row starts
			return nil, 0, errAt(t.name, line, 0, ErrTooLarge, "a row larger than %s, the limit of one CSV row and of any cell in it", SizeText(MaxCSVRow))
		}
		return nil, 0, csvError(t.name, err)
	}
	line, _ := t.r.FieldPos(0)
	return rec, line, nil
}

// row turns a CSV record into a corpus row. Values are cloned: the reader
// reuses the record's memory.
func (t *csvTable) row(rec []string, line int) *corpusRow {
	row := &corpusRow{line: line, doc: make(map[Field]string, len(documentFields)+1)}
	if t.has(FieldDocID) {
		row.hasID = true
		row.key = normaliseID(t.get(rec, FieldDocID))
	}
	for _, f := range documentFields {
		if t.has(f) {
			row.doc[f] = strings.Clone(t.get(rec, f))
		}
	}
	if !row.hasID {
		row.key = contentKey(row.doc[FieldTitle], row.doc[FieldSource], row.doc[FieldText])
	}
	for _, i := range t.extra {
		if i < len(rec) {
			row.extras = append(row.extras, keyValue{t.header[i], strings.Clone(rec[i])})
		}
	}
	var labels []cellLabel
	for _, i := range t.labels {
		if i < len(rec) {
			if v := strings.TrimSpace(rec[i]); normaliseID(v) != "" {
				labels = append(labels, cellLabel{t.header[i], strings.Clone(v)})
			}
		}
	}
	if c, ok := commentOf(t, rec, line); ok {
		c.labels = labels
		row.comments = []recordComment{c}
	} else {
		row.labels = labels
	}
	return row
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := "malformed CSV"
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			msg = "expected as many fields as the header has"
		case errors.Is(pe.Err, csv.ErrBareQuote):
			msg = `malformed CSV: a field with a '"' inside must be quoted, with the quote doubled ("")`
		case errors.Is(pe.Err, csv.ErrQuote):
			msg = `malformed CSV: expected a closing '"' or a delimiter after the quoted field`
		}
		return &ParseError{File: file, Line: pe.Line, Column: pe.Column, Offset: -1, Msg: msg, Err: withCause(ErrSyntax, pe.Err)}
	}
	if errors.Is(err, io.EOF) {
		return errFile(file, ErrEmpty, "no header line; expected a header naming the columns")
	}
	return err
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

var documentFields = []Field{FieldTitle, FieldSource, FieldOutlet, FieldPublished, FieldLanguage, FieldAuthor, FieldLead, FieldText, FieldCommentsTotal}
var commentFields = []Field{FieldCommentID, FieldParentID, FieldCommentAuthor, FieldCommentTime, FieldCommentNumber, FieldCommentTitle, FieldCommentText}

// ReadCSV reads a CSV corpus file with one row per comment (or per article
// without comments), the article's fields repeated on each of its rows or
// taken from opts.CSV.Articles, and calls emit for each document in the
// order of first appearance. Rows of one document may be anywhere in the
// file; they are joined by doc_id or, without that column, by title, source
// and text. Columns that no field takes are kept as metadata: of the
// document when they have one value on all its rows, else of each comment.
func ReadCSV(name string, r io.Reader, opts Options, emit Emit) error {
	src, err := openSource(name, r)
	if err != nil {
		return err
	}
	return readCSV(src, &opts, emit)
}

func readCSV(src *source, opts *Options, emit Emit) error {
	t, err := openCSV(src, opts)
	if err != nil {
		return err
	}
	g := newRowGroups(src.name)
	if opts.CSV.Articles != "" {
		if !t.has(FieldDocID) {
			return errAt(src.name, 1, 0, ErrMissingColumn, "a comments file read with an articles file needs a doc_id column; the header has %s", quoteList(t.header))
		}
		if err := readArticleTable(opts.CSV.Articles, opts, g); err != nil {
			return err
		}
	} else if !t.has(FieldText) && !t.has(FieldCommentText) {
		return errAt(src.name, 1, 0, ErrMissingColumn, "no column for the article text (%s) or the comment text (%s); the header has %s; map yours with a column mapping such as comment_text=COLUMN",
			strings.Join(columnsOf(FieldText), ", "), strings.Join(columnsOf(FieldCommentText), ", "), quoteList(t.header))
	}
	for {
		rec, line, err := t.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		row := t.row(rec, line)
		if opts.CSV.Articles != "" {
			if len(row.comments) == 0 {
				return errAt(src.name, line, 0, ErrField, "the row has no comment; expected comment_text or another comment field")
			}
			if err := g.addComments(row, opts.CSV.Articles); err != nil {
				return err
			}
			continue
		}
		if err := g.add(row); err != nil {
			return err
		}
	}
	if len(g.order) == 0 {
		return errFile(src.name, ErrEmpty, "no rows after the header")
	}
	return g.emit(opts, emit)
}

// contentKey identifies a document by its title, source and text when the
// file has no doc_id column: a digest, so that the key of a long article
// does not repeat the article.
func contentKey(title, source, text string) string {
	h := sha256.New()
	for _, s := range []string{title, source, text} {
		io.WriteString(h, strconv.Itoa(len(s)))
		h.Write([]byte{0})
		io.WriteString(h, s)
	}
	return string(h.Sum(nil))
}

func columnsOf(f Field) []string {
	for _, c := range CSVColumns {
		if c.Field == f {
			return c.Columns
		}
	}
	return nil
}

func (d *record) field(f Field) *string {
	switch f {
	case FieldTitle:
		return &d.title
	case FieldSource:
		return &d.source
	case FieldOutlet:
		return &d.outlet
	case FieldPublished:
		return &d.published
	case FieldLanguage:
		return &d.language
	case FieldAuthor:
		return &d.author
	case FieldLead:
		return &d.lead
	case FieldText:
		return &d.text
	case FieldCommentsTotal:
		return &d.commentsTotal
	}
	panic("importer: not a document field: " + string(f))
}

// commentOf returns the row's comment, if any comment field has a value.
func commentOf(t *csvTable, rec []string, line int) (recordComment, bool) {
	any := false
	for _, f := range commentFields {
		if t.get(rec, f) != "" {
			any = true
			break
		}
	}
	if !any {
		return recordComment{}, false
	}
	// ReuseRecord shares the row's memory with the next one: clone.
	get := func(f Field) string { return strings.Clone(t.get(rec, f)) }
	return recordComment{
		line:     line,
		id:       get(FieldCommentID),
		parentID: get(FieldParentID),
		author:   get(FieldCommentAuthor),
		time:     get(FieldCommentTime),
		number:   get(FieldCommentNumber),
		title:    get(FieldCommentTitle),
		text:     get(FieldCommentText),
	}, true
}

// readArticleTable reads an articles file into g: one row per article with
// doc_id and the document fields.
func readArticleTable(path string, opts *Options, g *rowGroups) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("articles file: %w", err)
	}
	defer f.Close()
	src, err := openSource(path, f)
	if err != nil {
		return err
	}
	aopts := *opts
	aopts.LabelColumns = nil // label columns are comment labels, in the comments file
	t, err := openCSV(src, &aopts)
	if err != nil {
		return err
	}
	if !t.has(FieldDocID) {
		return errAt(path, 1, 0, ErrMissingColumn, "an articles file needs a doc_id column; the header has %s", quoteList(t.header))
	}
	for {
		rec, line, err := t.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		row := t.row(rec, line)
		if row.key == "" {
			return errAt(path, line, 0, ErrField, "doc_id is empty; expected an id for the article")
		}
		if prev, dup := g.docs[row.key]; dup {
			return errAt(path, line, 0, ErrField, "doc_id %q is also on line %d; expected one row per article", row.key, prev.line)
		}
		row.comments = nil
		if err := g.addFile(row, path); err != nil {
			return err
		}
	}
	g.commentsApart = true
	return nil
}

// csvRole tells what a CSV file's header makes it: an articles table (doc_id
// and article fields, no comment text), a comments table (doc_id and comment
// text, no article text), or a self-contained corpus file.
type csvRole int

const (
	csvCorpus csvRole = iota
	csvArticles
	csvComments
)

// roleOfCSV reads the header line of a CSV file and tells its role.
func roleOfCSV(head []byte, opts *Options) csvRole {
	line, _, _ := strings.Cut(string(decodeHead(head)), "\n")
	line = strings.TrimRight(line, "\r")
	if !utf8.ValidString(line) {
		return csvCorpus
	}
	comma := opts.CSV.Delimiter
	if comma == 0 {
		if comma = sniffDelimiter(line); comma == 0 {
			return csvCorpus
		}
	}
	has := map[Field]bool{}
	mapped := map[string]Field{}
	for f, c := range opts.columnMapping() {
		mapped[normaliseColumn(c)] = f
	}
	for _, h := range splitHeaderLine(line, comma) {
		n := normaliseColumn(h)
		if f, ok := mapped[n]; ok {
			has[f] = true
		} else if f, ok := defaultColumnField(n); ok {
			has[f] = true
		}
	}
	switch {
	case !has[FieldDocID]:
		return csvCorpus
	case has[FieldCommentText] && !has[FieldText] && !has[FieldTitle]:
		return csvComments
	case !has[FieldCommentText] && (has[FieldText] || has[FieldTitle]):
		return csvArticles
	}
	return csvCorpus
}

// rowLimit is the reader under a CSV table's reader. It fails with
// ErrTooLarge once one row has taken more than MaxCSVRow bytes (plus what
// the buffer between them holds), so that a cell with no closing quote, or
// a huge one, is refused while it is read rather than held whole.
type rowLimit struct {
	r io.Reader
	n int64 // bytes read since the current row started
}

// readAhead is how much the buffered reader between rowLimit and the CSV
// reader may have read beyond the current row.
const readAhead = 256 << 10

func (l *rowLimit) start() { l.n = 0 }

func (l *rowLimit) Read(p []byte) (int, error) {
	if l.n > MaxCSVRow+readAhead {
		return 0, ErrTooLarge
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}
