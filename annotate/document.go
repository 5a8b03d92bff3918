package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// SegmentKind says what part of a page a segment is.
type SegmentKind string

// The segment kinds an importer produces. The article is every segment that
// is not a comment.
const (
	KindHeadline   SegmentKind = "headline"
	KindLead       SegmentKind = "lead"       // teaser or standfirst
	KindBody       SegmentKind = "body"       // article text, one or more paragraphs
	KindSubheading SegmentKind = "subheading" // a heading inside the article body
	KindCaption    SegmentKind = "caption"    // photo caption with its credit
	KindByline     SegmentKind = "byline"     // author or agency line
	KindComment    SegmentKind = "comment"    // one reader comment
)

// SegmentKinds lists every segment kind, article kinds first in the order
// a page shows them, for menus and checks.
var SegmentKinds = []SegmentKind{KindHeadline, KindLead, KindBody, KindSubheading, KindCaption, KindByline, KindComment}

// Known reports whether k is one of SegmentKinds.
func (k SegmentKind) Known() bool {
	for _, x := range SegmentKinds {
		if x == k {
			return true
		}
	}
	return false
}

// IsArticle reports whether segments of kind k belong to the article rather
// than to the comment section.
func (k SegmentKind) IsArticle() bool { return k != KindComment }

// Segment is one unit of a document's text with an id that is stable within
// the document. Annotations point into Text, which is NFC-normalised when the
// document is created and never changes afterwards.
type Segment struct {
	ID   string
	Kind SegmentKind
	Text string

	// The fields below describe reader comments; article segments leave them
	// empty.
	Author  string
	Posted  When // as the page shows it (text, precision, offset); zero if the page gave none
	Number  int  // the comment's number on the page, 0 if none
	Title   string
	ReplyTo string // id of the comment segment this one answers, "" if none
	// Meta holds facts about a comment that have no field of their own, such
	// as the columns of a corpus file that no field took ("likes": "12").
	Meta map[string]string
}

// Document is one imported news page: the article and its reader comments,
// in page order.
type Document struct {
	ID        string
	Title     string
	Source    string // URL or file name it was imported from
	Outlet    string
	Published When   // as the page gives it, with its precision and offset; zero if unknown
	Language  string // BCP 47 tag, "" if unknown
	Imported  time.Time
	// Hash is the hex SHA-256 of the segments' kinds and texts; two imports of
	// the same page have the same hash, whatever their metadata. It follows
	// the segments when they are split, merged or given another kind by
	// hand; Meta["import_hash"] then keeps the hash the document was
	// imported with.
	Hash string
	// Meta holds page facts that have no field of their own, such as
	// "comments_total", the number of comments the page says it has.
	Meta map[string]string
	// Variables holds the document's values of the codebook's document
	// variables, by variable id.
	Variables map[string]string
	Segments  []Segment
}

// Segment returns the segment with the given id.
func (d *Document) Segment(id string) (*Segment, bool) {
	for i := range d.Segments {
		if d.Segments[i].ID == id {
			return &d.Segments[i], true
		}
	}
	return nil, false
}

// Article returns the segments that make up the article, in order.
func (d *Document) Article() []Segment {
	var out []Segment
	for _, s := range d.Segments {
		if s.Kind.IsArticle() {
			out = append(out, s)
		}
	}
	return out
}

// Comments returns the reader comments, in page order.
func (d *Document) Comments() []Segment {
	var out []Segment
	for _, s := range d.Segments {
		if s.Kind == KindComment {
			out = append(out, s)
		}
	}
	return out
}

// CommentCount returns the number of comment segments.
func (d *Document) CommentCount() int {
	n := 0
	for _, s := range d.Segments {
		if s.Kind == KindComment {
			n++
		}
	}
	return n
}

// Prepare makes a freshly imported document ready to store: it NFC-normalises
// every segment's text (after which the text must never change, since
// annotations point into it), gives segments without an id one ("s1", "s2",
// ...), sets the import time and the content hash, gives the document an id
// if it has none, and checks the result with Validate.
func (d *Document) Prepare(now time.Time) error {
	for i := range d.Segments {
		s := &d.Segments[i]
		if !utf8.ValidString(s.Text) {
			return fmt.Errorf("segment %d: text is not valid UTF-8: %w", i+1, ErrInvalid)
		}
		s.Text = norm.NFC.String(s.Text)
		s.Title = norm.NFC.String(s.Title)
		s.Author = norm.NFC.String(s.Author)
		s.Posted.Text = norm.NFC.String(s.Posted.Text)
	}
	used := make(map[string]bool, len(d.Segments))
	for _, s := range d.Segments {
		used[s.ID] = true
	}
	next := 1
	for i := range d.Segments {
		if d.Segments[i].ID != "" {
			continue
		}
		for used[fmt.Sprintf("s%d", next)] {
			next++
		}
		d.Segments[i].ID = fmt.Sprintf("s%d", next)
		used[d.Segments[i].ID] = true
	}
	d.Title = norm.NFC.String(d.Title)
	d.Published.Text = norm.NFC.String(d.Published.Text)
	if d.Imported.IsZero() {
		d.Imported = now.UTC()
	}
	d.Hash = ContentHash(d.Segments)
	if d.ID == "" {
		d.ID = NewID()
	}
	return d.Validate()
}

// ContentHash returns the hex SHA-256 of the segments' kinds and texts, the
// identity of a page's content used to recognise a second import.
func ContentHash(segs []Segment) string {
	h := sha256.New()
	for _, s := range segs {
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00", s.Kind, len(s.Text), s.Text)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Validate checks the rules of the data model: an id, at least one segment,
// unique segment ids, NFC text, and replies that point to an earlier comment.
func (d *Document) Validate() error {
	if strings.TrimSpace(d.ID) == "" {
		return fmt.Errorf("document has no id: %w", ErrInvalid)
	}
	if len(d.Segments) == 0 {
		return fmt.Errorf("document %s has no text: %w", d.ID, ErrInvalid)
	}
	seen := make(map[string]SegmentKind, len(d.Segments))
	for i, s := range d.Segments {
		if s.ID == "" {
			return fmt.Errorf("document %s segment %d has no id: %w", d.ID, i+1, ErrInvalid)
		}
		if _, dup := seen[s.ID]; dup {
			return fmt.Errorf("document %s: segment id %q used twice: %w", d.ID, s.ID, ErrDuplicate)
		}
		if !norm.NFC.IsNormalString(s.Text) {
			return fmt.Errorf("document %s segment %s: text is not NFC-normalised: %w", d.ID, s.ID, ErrInvalid)
		}
		if s.ReplyTo != "" {
			if kind, ok := seen[s.ReplyTo]; !ok || kind != KindComment {
				return fmt.Errorf("document %s segment %s replies to %q, which is not an earlier comment: %w", d.ID, s.ID, s.ReplyTo, ErrUnknownSegment)
			}
		}
		seen[s.ID] = s.Kind
	}
	return nil
}

// DocumentSummary is what a document list shows of a document without
// loading its text.
type DocumentSummary struct {
	ID          string
	Title       string
	Source      string
	Outlet      string
	Published   When
	Imported    time.Time
	Hash        string
	Segments    int
	Comments    int
	Annotations int
}
