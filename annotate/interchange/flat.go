package interchange

import (
	"sort"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// SegmentSeparator joins a document's segments into the single text that
// brat, doccano, Label Studio and W3C text positions see. A Newsmark export
// in those formats keeps each segment's offset and length in that text in
// a carried record, so importing it back splits the text again.
const SegmentSeparator = "\n\n"

// flatDoc is a document seen as one text: its segments joined by
// SegmentSeparator, with each segment's start in code points.
type flatDoc struct {
	u      *docUnit
	text   string
	index  *annotate.OffsetIndex
	starts []int          // code point offset of each segment in text
	seg    map[string]int // segment id → index
}

func flatten(u *docUnit) *flatDoc {
	f := &flatDoc{u: u, starts: make([]int, len(u.doc.Segments)), seg: make(map[string]int, len(u.doc.Segments))}
	n := 0
	size := 0
	for _, s := range u.doc.Segments {
		size += len(s.Text) + len(SegmentSeparator)
	}
	buf := make([]byte, 0, size)
	for i, s := range u.doc.Segments {
		if i > 0 {
			buf = append(buf, SegmentSeparator...)
			n += len(SegmentSeparator) // the separator is ASCII
		}
		f.starts[i] = n
		f.seg[s.ID] = i
		buf = append(buf, s.Text...)
		n += annotate.RuneCount(s.Text)
	}
	f.text = string(buf)
	f.index = annotate.NewOffsetIndex(f.text)
	return f
}

// span returns a's offsets in the joined text, in code points.
func (f *flatDoc) span(a *annotate.Annotation) (start, end int) {
	base := f.starts[f.seg[a.SegmentID]]
	return base + a.Start, base + a.End
}

// utf16 converts a code point offset of the joined text to UTF-16 units.
func (f *flatDoc) utf16(cp int) int {
	u, _ := f.index.UTF16Offset(cp)
	return u
}

// carried is the Newsmark record a foreign-format export keeps beside a
// document's joined text (in a member, a comment or a side file, as each
// format allows), so that importing the file back restores what the format
// cannot hold: the segments, ids, annotators, times, notes, attributes,
// relations, segment labels and the definitions of the labels used. The
// foreign file's own spans stay authoritative: a span deleted or added in
// the other tool is deleted or added on import.
type carried struct {
	Format           string                     `json:"format"` // "newsmark"
	Version          int                        `json:"version"`
	Separator        string                     `json:"separator"`
	Document         carriedDocument            `json:"document"`
	Annotations      []carriedAnnotation        `json:"annotations,omitempty"`
	Relations        []carriedRelation          `json:"relations,omitempty"`
	SegmentLabels    []segmentLabelJSON         `json:"segment_labels,omitempty"`
	Labels           []annotate.Label           `json:"labels,omitempty"`
	RelationTypes    []annotate.RelationType    `json:"relation_types,omitempty"`
	SegmentLabelSets []annotate.SegmentLabelSet `json:"segment_label_sets,omitempty"`
	Annotators       []annotatorJSON            `json:"annotators,omitempty"`
}

type carriedDocument struct {
	ID        string `json:"id"`
	Title     string `json:"title,omitempty"`
	Source    string `json:"source,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Published string `json:"published,omitempty"` // annotate.When.ISO
	// PublishedText is the publication time as the page shows it.
	PublishedText string            `json:"published_text,omitempty"`
	Language      string            `json:"language,omitempty"`
	Imported      time.Time         `json:"imported,omitzero"`
	Hash          string            `json:"hash"`
	Meta          map[string]string `json:"meta,omitempty"`
	Segments      []carriedSegment  `json:"segments"`
}

type carriedSegment struct {
	segmentJSON
	Offset int `json:"offset"` // code points from the start of the joined text
	Length int `json:"length"` // code points
}

// carriedAnnotation is what the foreign span with id Ref cannot hold.
type carriedAnnotation struct {
	Ref        string            `json:"ref"`
	ID         string            `json:"id"`
	Segment    string            `json:"segment"`
	Label      string            `json:"label"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Note       string            `json:"note,omitempty"`
	Annotator  string            `json:"annotator"`
	Created    time.Time         `json:"created,omitzero"`
	Modified   time.Time         `json:"modified,omitzero"`
}

type carriedRelation struct {
	Ref string `json:"ref,omitempty"`
	relationJSON
}

// carry builds the record of f. ref names each annotation's span in the
// foreign file; relRef each relation's ("" when the format has none).
func (f *flatDoc) carry(sel *selection, ref func(i int) string, relRef func(i int) string) *carried {
	d := f.u.doc
	c := &carried{
		Format: nativeFormatName, Version: nativeVersionFor(sel.codebook, nil, false), Separator: SegmentSeparator,
		Document: carriedDocument{
			ID: d.ID, Title: d.Title, Source: d.Source, Outlet: d.Outlet,
			Published: d.Published.ISO(), PublishedText: d.Published.Text, Language: d.Language, Imported: utc(d.Imported), Hash: d.Hash, Meta: d.Meta,
			Segments: make([]carriedSegment, len(d.Segments)),
		},
	}
	for i := range d.Segments {
		c.Document.Segments[i] = carriedSegment{
			segmentJSON: toSegmentJSON(&d.Segments[i], false),
			Offset:      f.starts[i],
			Length:      annotate.RuneCount(d.Segments[i].Text),
		}
	}
	usedLabels := map[string]bool{}
	usedPeople := map[string]bool{}
	for i := range f.u.anns {
		a := &f.u.anns[i]
		c.Annotations = append(c.Annotations, carriedAnnotation{
			Ref: ref(i), ID: a.ID, Segment: a.SegmentID, Label: a.Label, Attributes: a.Attributes, Note: a.Note,
			Annotator: a.Annotator, Created: utc(a.Created), Modified: utc(a.Modified),
		})
		usedLabels[a.Label] = true
		usedPeople[a.Annotator] = true
	}
	usedTypes := map[string]bool{}
	for i, r := range f.u.rels {
		cr := carriedRelation{relationJSON: toRelationJSON(r)}
		if relRef != nil {
			cr.Ref = relRef(i)
		}
		c.Relations = append(c.Relations, cr)
		usedTypes[r.Type] = true
		usedPeople[r.Annotator] = true
	}
	usedSets := map[string]bool{}
	for _, l := range f.u.labels {
		c.SegmentLabels = append(c.SegmentLabels, toSegmentLabelJSON(l))
		if set, _, ok := sel.codebook.SegmentLabel(l.Label); ok {
			usedSets[set.ID] = true
		}
		usedPeople[l.Annotator] = true
	}
	for _, l := range sel.codebook.Labels {
		if usedLabels[l.ID] {
			c.Labels = append(c.Labels, l)
		}
	}
	for _, r := range sel.codebook.RelationTypes {
		if usedTypes[r.ID] {
			c.RelationTypes = append(c.RelationTypes, r)
		}
	}
	for _, s := range sel.codebook.SegmentLabelSets {
		if usedSets[s.ID] {
			c.SegmentLabelSets = append(c.SegmentLabelSets, s)
		}
	}
	for _, p := range sel.people {
		if usedPeople[p.ID] {
			c.Annotators = append(c.Annotators, toAnnotatorJSON(p))
		}
	}
	return c
}

// segmentAt returns the index of the segment of f that holds [start, end),
// or false when the range crosses a separator.
func segmentAt(starts, lengths []int, start, end int) (int, bool) {
	i := sort.Search(len(starts), func(i int) bool { return starts[i] > start }) - 1
	if i < 0 {
		return 0, false
	}
	if end > starts[i]+lengths[i] {
		return 0, false
	}
	return i, true
}
