package interchange

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/newsmark/newsmark/annotate"
)

// decoder collects what one import reads into a batch.
type decoder struct {
	name    string
	opts    DecodeOptions
	now     time.Time
	batch   annotate.Batch
	rep     DecodeReport
	labels  *labelMapper
	project *annotate.Codebook // nil when not known

	nativeCB   *annotate.Codebook            // codebook of a native file
	annChunks  [][]annotate.Annotation       // a native file's annotations, per document
	docs       map[string]*annotate.Document // by id, in the batch
	docsByHash map[string]*annotate.Document
	annIDs     map[string]bool // docID\x00id
	relIDs     map[string]bool
	labelKeys  map[string]bool
	people     map[string]annotate.Annotator
	peopleSeq  []string
	bad        []string // bad items, each with its place (see badf)
}

func newDecoder(name string, opts DecodeOptions) (*decoder, error) {
	d := &decoder{
		name: name, opts: opts, now: opts.now(),
		docs: map[string]*annotate.Document{}, docsByHash: map[string]*annotate.Document{},
		annIDs: map[string]bool{}, relIDs: map[string]bool{}, labelKeys: map[string]bool{},
		people: map[string]annotate.Annotator{},
	}
	d.rep.Format = opts.Format
	if opts.Project != nil {
		cb, err := opts.Project.Codebook()
		if err != nil {
			return nil, fmt.Errorf("import %s: read the project's codebook: %w", name, err)
		}
		d.project = cb
	}
	d.labels = newLabelMapper(d.project)
	return d, nil
}

func (d *decoder) errAt(file string, line int, offset int64, err error, format string, args ...any) error {
	if file == "" {
		file = d.name
	}
	return &InputError{File: file, Line: line, Offset: offset, Msg: fmt.Sprintf(format, args...), Err: err}
}

// person records an annotator the batch uses.
func (d *decoder) person(a annotate.Annotator) {
	if a.ID == "" {
		return
	}
	if old, ok := d.people[a.ID]; ok {
		if old.Name == "" && a.Name != "" {
			d.people[a.ID] = a
		}
		return
	}
	if a.Name == "" {
		a.Name = a.ID
	}
	d.people[a.ID] = a
	d.peopleSeq = append(d.peopleSeq, a.ID)
}

// addDocument puts doc in the batch once; a second document with the same
// text is merged into the first.
func (d *decoder) addDocument(doc *annotate.Document, place string) *annotate.Document {
	if prev, ok := d.docs[doc.ID]; ok {
		return prev
	}
	if prev, ok := d.docsByHash[doc.Hash]; ok {
		d.rep.notef("%s has the same text as an earlier document; their annotations are merged", place)
		return prev
	}
	d.docs[doc.ID] = doc
	d.docsByHash[doc.Hash] = doc
	d.batch.Documents = append(d.batch.Documents, doc)
	return doc
}

// addAnnotation adds a unless the batch has its id already.
func (d *decoder) addAnnotation(a annotate.Annotation, place string) bool {
	key := a.DocumentID + "\x00" + a.ID
	if d.annIDs[key] {
		d.rep.skipf("%s: the same span with the same label and annotator is there twice; kept once", place)
		return false
	}
	d.annIDs[key] = true
	d.batch.Annotations = append(d.batch.Annotations, a)
	d.person(annotate.Annotator{ID: a.Annotator})
	return true
}

func (d *decoder) addRelation(r annotate.Relation, place string) {
	key := r.DocumentID + "\x00" + r.ID
	if d.relIDs[key] {
		d.rep.skipf("%s: relation %s is there twice; kept once", place, r.ID)
		return
	}
	d.relIDs[key] = true
	d.batch.Relations = append(d.batch.Relations, r)
	d.person(annotate.Annotator{ID: r.Annotator})
}

func (d *decoder) addSegmentLabel(l annotate.SegmentLabel) {
	if d.labelKeys[l.Key()] {
		return
	}
	d.labelKeys[l.Key()] = true
	d.batch.SegmentLabels = append(d.batch.SegmentLabels, l)
	d.person(annotate.Annotator{ID: l.Annotator})
}

// finish completes the batch and the report.
func (d *decoder) finish() (*annotate.Batch, DecodeReport, error) {
	if err := d.checkBad(); err != nil {
		return nil, DecodeReport{}, err
	}
	b := d.batch
	if len(d.annChunks) > 0 {
		n := len(b.Annotations)
		for _, c := range d.annChunks {
			n += len(c)
		}
		all := make([]annotate.Annotation, 0, n)
		all = append(all, b.Annotations...)
		for _, c := range d.annChunks {
			all = append(all, c...)
		}
		b.Annotations = all
	}
	if d.nativeCB != nil {
		b.Codebook = d.nativeCB
		if d.labels != nil && len(d.labels.added.RelationTypes) > 0 {
			// Relation types a file names only in its links (a REFI-QDA
			// Link's name) join the file's codebook.
			cb := *d.nativeCB
			cb.RelationTypes = append(slices.Clone(cb.RelationTypes), d.labels.added.RelationTypes...)
			b.Codebook = &cb
		}
	} else {
		b.Codebook = d.labels.codebook()
		d.rep.Labels = d.labels.maps
		for _, msg := range d.labels.dropped {
			d.rep.skipf("%s", msg)
		}
	}
	for _, id := range d.peopleSeq {
		b.Annotators = append(b.Annotators, d.people[id])
	}
	d.rep.Documents = len(b.Documents)
	d.rep.Annotations = len(b.Annotations)
	d.rep.Relations = len(b.Relations)
	d.rep.SegmentLabels = len(b.SegmentLabels)
	return &b, d.rep, nil
}

// checkAttributes checks a span's attributes against the schema its label
// will have, so that a span the store would refuse (one that lacks a
// required attribute, say) is reported and left out instead of failing the
// whole import.
func (d *decoder) checkAttributes(label string, attrs map[string]string) error {
	if def := d.labels.definition(label); def != nil {
		return def.CheckAttributes(attrs)
	}
	return nil
}

// stableID derives an id from parts, so that importing the same foreign
// file twice gives the same ids and the store skips what it has.
func stableID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:28]
}

// foreignDoc is one document as a foreign format holds it: one text and
// spans whose offsets count in unit.
type foreignDoc struct {
	file   string // file name for messages ("" = the decoder's)
	line   int    // where the document starts, for messages; 0 if unknown
	title  string // used when no carried record names one
	source string
	text   string
	unit   OffsetUnit
	meta   map[string]string
	vars   map[string]string // document variables, by id
	// split, when not nil, are the document's segments as a page parser
	// found them in text (used when there is no carried record).
	split   []segmentText
	spans   []foreignSpan
	rels    []foreignRelation
	labels  []foreignLabel // labels on the whole document
	carry   *carried
	hasRels bool // the format holds relations (else carried ones are restored)
	// flatValues says that attribute names and values were flattened
	// (flattenToken) and are mapped back on import (brat).
	flatValues bool
	// scopedRef maps a relation's scope and end ("scope\x00id") to the
	// span ref, where span ids are only unique within a scope (a Label
	// Studio annotation); nil when refs are unique in the document.
	scopedRef map[string]string
}

type foreignSpan struct {
	ref          string // the span's id in the file ("T3", "0", a result id)
	start, end   int
	label        string
	annotator    string
	note         string
	hasNote      bool // the format holds notes: an empty note is a note
	attrs        map[string]string
	created, mod time.Time
	line         int
	place        string // for messages, such as "T3" or "entity 2"
}

type foreignRelation struct {
	ref, from, to, typ, annotator string
	place                         string
	line                          int
	scope                         string // where from and to are looked up in foreignDoc.scopedRef
}

type foreignLabel struct {
	label, annotator string
}

func (fd *foreignDoc) where(line int) (string, int) {
	if line == 0 {
		line = fd.line
	}
	return fd.file, line
}

// segmentText is one segment of a foreign document being assembled.
type segmentText struct {
	seg    annotate.Segment
	start  int    // code points in the foreign text
	length int    // code points in the foreign text
	orig   string // text as in the file, before NFC
	index  *annotate.OffsetIndex
}

// addForeign turns fd into a document with annotations, relations and
// segment labels in the batch.
func (d *decoder) addForeign(fd *foreignDoc) error {
	file, line := fd.where(0)
	if !utf8.ValidString(fd.text) {
		return d.errAt(file, line, -1, nil, "the text is not valid UTF-8")
	}
	if at, ok := nulAt(fd.text); ok {
		return d.errAt(file, line, -1, nil, "the text holds a NUL character (\\u0000 in JSON) at character %d: Newsmark refuses NUL in texts, as in plain-text files", at)
	}
	place := fd.title
	if line > 0 {
		place = fmt.Sprintf("%s line %d", orName(file, d.name), line)
	}
	full := annotate.NewOffsetIndex(fd.text)
	segs, c := d.splitCarried(fd, full, place)
	doc := &annotate.Document{Source: fd.source, Title: fd.title, Meta: fd.meta}
	defer func() { doc.Variables = fd.vars }()
	if c != nil {
		cd := c.Document
		doc.ID, doc.Title, doc.Source, doc.Outlet = cd.ID, cd.Title, cd.Source, cd.Outlet
		doc.Language, doc.Imported, doc.Meta = cd.Language, cd.Imported, cd.Meta
		if w, err := whenOfWire(cd.Published, cd.PublishedText); err == nil {
			doc.Published = w
		}
	}
	doc.Segments = make([]annotate.Segment, len(segs))
	for i := range segs {
		segs[i].seg.Text = norm.NFC.String(segs[i].orig)
		segs[i].index = annotate.NewOffsetIndex(segs[i].seg.Text)
		doc.Segments[i] = segs[i].seg
	}
	if doc.ID == "" {
		doc.ID = stableID("document", annotate.ContentHash(doc.Segments))
	}
	if err := doc.Prepare(d.now); err != nil {
		return d.errAt(file, line, -1, err, "document")
	}
	doc = d.addDocument(doc, place)
	for i := range segs {
		segs[i].seg.ID = doc.Segments[i].ID // the same text imported before may use other segment ids
	}

	carriedAnn := map[string]*carriedAnnotation{}
	labelHints := map[string]*annotate.Label{}
	knownValues := map[string]string{} // flattened "name\x00value" → as the record has it
	if c != nil {
		for i := range c.Annotations {
			carriedAnn[c.Annotations[i].Ref] = &c.Annotations[i]
			for k, v := range c.Annotations[i].Attributes {
				knownValues[flattenToken(k)+"\x00"+flattenToken(v)] = k + "\x00" + v
			}
		}
		for i := range c.Labels {
			labelHints[c.Labels[i].ID] = &c.Labels[i]
		}
		for _, p := range c.Annotators {
			d.person(p.domain())
		}
	}
	starts := make([]int, len(segs))
	lengths := make([]int, len(segs))
	for i, s := range segs {
		starts[i], lengths[i] = s.start, s.length
	}
	refToID := map[string]string{}
	idToNew := map[string]string{} // carried annotation id → id in the batch
	for _, sp := range fd.spans {
		file, line := fd.where(sp.line)
		at := sp.place
		if line > 0 {
			at = fmt.Sprintf("%s line %d %s", orName(file, d.name), line, sp.place)
		}
		start, end := sp.start, sp.end
		if fd.unit == UnitUTF16 {
			s, ok1 := full.RuneOffsetFromUTF16(start)
			e, ok2 := full.RuneOffsetFromUTF16(end)
			if !ok1 || !ok2 {
				d.badf("%s: UTF-16 offsets [%d,%d) are outside the text of %d code units or split a character", at, start, end, full.UTF16Len())
				continue
			}
			start, end = s, e
		}
		if start < 0 || end > full.Len() || start > end {
			d.badf("%s: offsets [%d,%d) are outside the text of %d characters", at, sp.start, sp.end, full.Len())
			continue
		}
		if start == end {
			d.rep.skipf("%s: empty span", at)
			continue
		}
		si, ok := segmentAt(starts, lengths, start, end)
		if !ok {
			d.rep.skipf("%s: span [%d,%d) crosses from one segment into the next", at, sp.start, sp.end)
			continue
		}
		st := &segs[si]
		rs, re := nfcOffset(st, start-st.start), nfcOffset(st, end-st.start)
		if rs == re {
			d.rep.skipf("%s: span covers no text after Unicode normalisation", at)
			continue
		}
		ca := carriedAnn[sp.ref]
		if ca != nil && ca.Segment != st.seg.ID {
			ca = nil
		}
		var hint *annotate.Label
		if ca != nil && ca.Label != "" {
			hint = labelHints[ca.Label]
		} else {
			hint = labelHints[sp.label]
		}
		label := d.labels.span(sp.label, hint)
		a := annotate.Annotation{
			DocumentID: doc.ID, SegmentID: st.seg.ID, Start: rs, End: re, Label: label,
			Annotator: sp.annotator, Note: sp.note, Created: sp.created, Modified: sp.mod,
		}
		if ca != nil {
			a.ID = ca.ID
			if a.Annotator == "" {
				a.Annotator = ca.Annotator
			}
			a.Created, a.Modified = firstTime(ca.Created, a.Created), firstTime(ca.Modified, a.Modified)
			if !sp.hasNote || flattenLine(ca.Note) == sp.note {
				a.Note = ca.Note
			}
			a.Attributes = maps.Clone(ca.Attributes)
		}
		for k, v := range sp.attrs {
			if a.Attributes == nil {
				a.Attributes = map[string]string{}
			}
			if cv, ok := a.Attributes[k]; ok && flattenToken(cv) == v {
				continue
			}
			if fd.flatValues {
				k, v = d.unflatten(label, hint, k, v, knownValues)
			}
			a.Attributes[k] = v
		}
		if a.Annotator == "" {
			a.Annotator = d.opts.annotator()
		}
		for _, k := range slices.Sorted(maps.Keys(a.Attributes)) {
			if !d.labels.keepAttribute(label, k, a.Attributes[k]) {
				d.labels.dropped = append(d.labels.dropped, fmt.Sprintf("%s: attribute %s=%q: the project's label %s does not allow it", at, k, a.Attributes[k], label))
				delete(a.Attributes, k)
			}
		}
		if len(a.Attributes) == 0 {
			a.Attributes = nil
		}
		if err := d.checkAttributes(label, a.Attributes); err != nil {
			d.rep.skipf("%s: %v", at, err)
			continue
		}
		if a.ID == "" {
			a.ID = stableID("annotation", doc.Hash, st.seg.ID, fmt.Sprint(rs, re), label, a.Annotator)
		}
		q, _ := st.index.Quote(rs, re, annotate.QuoteContext)
		a.Quote = q
		if d.addAnnotation(a, at) {
			if sp.ref != "" {
				refToID[sp.ref] = a.ID
			}
			if ca != nil {
				idToNew[ca.ID] = a.ID
			}
		}
	}

	carriedRel := map[string]*carriedRelation{}
	typeHints := map[string]*annotate.RelationType{}
	if c != nil {
		for i := range c.Relations {
			if c.Relations[i].Ref != "" {
				carriedRel[c.Relations[i].Ref] = &c.Relations[i]
			}
		}
		for i := range c.RelationTypes {
			typeHints[c.RelationTypes[i].ID] = &c.RelationTypes[i]
		}
	}
	for _, fr := range fd.rels {
		file, line := fd.where(fr.line)
		fromRef, toRef := fr.from, fr.to
		if r, ok := fd.scopedRef[fr.scope+"\x00"+fr.from]; ok {
			fromRef = r
		}
		if r, ok := fd.scopedRef[fr.scope+"\x00"+fr.to]; ok {
			toRef = r
		}
		from, ok1 := refToID[fromRef]
		to, ok2 := refToID[toRef]
		if !ok1 || !ok2 {
			d.rep.skipf("%s line %d %s: relation between %s and %s, which were not imported", orName(file, d.name), line, fr.place, fr.from, fr.to)
			continue
		}
		if from == to {
			d.rep.skipf("%s line %d %s: relation links a span to itself", orName(file, d.name), line, fr.place)
			continue
		}
		r := annotate.Relation{DocumentID: doc.ID, From: from, To: to, Annotator: fr.annotator}
		cr := carriedRel[fr.ref]
		r.Type = d.labels.relation(fr.typ, typeHints[fr.typ])
		if cr != nil {
			r.ID, r.Note, r.Created = cr.ID, cr.Note, cr.Created
			if r.Annotator == "" {
				r.Annotator = cr.Annotator
			}
		}
		if r.Annotator == "" {
			r.Annotator = d.opts.annotator()
		}
		if r.ID == "" {
			r.ID = stableID("relation", doc.Hash, r.Type, from, to, r.Annotator)
		}
		d.addRelation(r, place)
	}
	if c != nil && !fd.hasRels {
		for _, cr := range c.Relations {
			from, ok1 := idToNew[cr.From]
			to, ok2 := idToNew[cr.To]
			if !ok1 || !ok2 {
				continue // one of its spans was deleted in the other tool
			}
			if from == to {
				continue
			}
			r := cr.relationJSON.domain(doc.ID)
			r.From, r.To = from, to
			if r.ID == "" {
				r.ID = stableID("relation", doc.Hash, cr.Type, from, to, r.Annotator)
			}
			r.Type = d.labels.relation(cr.Type, typeHints[cr.Type])
			d.addRelation(r, place)
		}
	}

	setHints := map[string]*annotate.SegmentLabelSet{}
	if c != nil {
		for i := range c.SegmentLabelSets {
			for _, l := range c.SegmentLabelSets[i].Labels {
				setHints[l.ID] = &c.SegmentLabelSets[i]
			}
		}
		segIDs := map[string]bool{}
		for _, s := range doc.Segments {
			segIDs[s.ID] = true
		}
		for _, l := range c.SegmentLabels {
			if l.Segment != "" && !segIDs[l.Segment] {
				continue
			}
			sl := l.domain(doc.ID)
			sl.Label = d.labels.segmentLabel(l.Label, setHints[l.Label])
			if sl.Annotator == "" {
				sl.Annotator = d.opts.annotator()
			}
			d.addSegmentLabel(sl)
		}
	}
	for _, fl := range fd.labels {
		ann := fl.annotator
		if ann == "" {
			ann = d.opts.annotator()
		}
		d.addSegmentLabel(annotate.SegmentLabel{
			DocumentID: doc.ID, Label: d.labels.segmentLabel(fl.label, setHints[fl.label]),
			Annotator: ann, Created: d.now,
		})
	}
	return nil
}

// unflatten maps a flattened attribute name and value (brat) back to the
// ones the label allows (an option "mostly true" for "mostly_true"), or to
// the ones the carried record knows (free text used in the export), or
// leaves them as they are.
func (d *decoder) unflatten(label string, hint *annotate.Label, k, v string, known map[string]string) (string, string) {
	for _, def := range []*annotate.Label{d.labels.definition(label), hint} {
		if def == nil {
			continue
		}
		for _, ad := range def.Attributes {
			if flattenToken(ad.Name) != k {
				continue
			}
			for _, opt := range ad.Values {
				if flattenToken(opt) == v {
					return ad.Name, opt
				}
			}
			if kv, ok := known[k+"\x00"+v]; ok {
				name, val, _ := strings.Cut(kv, "\x00")
				if name == ad.Name {
					return name, val
				}
			}
			return ad.Name, v
		}
	}
	if kv, ok := known[k+"\x00"+v]; ok {
		name, val, _ := strings.Cut(kv, "\x00")
		return name, val
	}
	return k, v
}

// nulAt returns the code point offset of the first NUL in s. A JSON
// string may spell one as \u0000; texts with NUL are refused as plain-text
// files with a NUL byte are (package importer), since no annotation tool
// shows it and C-string readers cut the text there.
func nulAt(s string) (int, bool) {
	i := strings.IndexByte(s, 0)
	if i < 0 {
		return 0, false
	}
	return annotate.RuneCount(s[:i]), true
}

func orName(file, def string) string {
	if file != "" {
		return file
	}
	return def
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// splitCarried returns fd's segments: those of its carried record when the
// record matches the text, else one body segment holding the whole text.
func (d *decoder) splitCarried(fd *foreignDoc, full *annotate.OffsetIndex, place string) ([]segmentText, *carried) {
	if c := fd.carry; c != nil {
		if segs, ok := carriedSegments(c, full); ok {
			return segs, c
		}
		d.rep.notef("%s: the Newsmark record beside the text does not match it (was the text edited?); imported as one segment", place)
	}
	if fd.split != nil {
		return fd.split, nil
	}
	return []segmentText{{
		seg:    annotate.Segment{ID: "s1", Kind: annotate.KindBody},
		length: full.Len(), orig: fd.text,
	}}, nil
}

func carriedSegments(c *carried, full *annotate.OffsetIndex) ([]segmentText, bool) {
	if c.Format != nativeFormatName || c.Version > NativeVersion || len(c.Document.Segments) == 0 {
		return nil, false
	}
	segs := make([]segmentText, len(c.Document.Segments))
	pos := 0
	for i, cs := range c.Document.Segments {
		if i > 0 {
			sep, ok := full.Slice(pos, pos+annotate.RuneCount(c.Separator))
			if !ok || sep != c.Separator {
				return nil, false
			}
			pos += annotate.RuneCount(c.Separator)
		}
		if cs.Offset != pos {
			return nil, false
		}
		text, ok := full.Slice(cs.Offset, cs.Offset+cs.Length)
		if !ok {
			return nil, false
		}
		posted, err := cs.posted()
		if err != nil {
			return nil, false
		}
		segs[i] = segmentText{
			seg: annotate.Segment{ID: cs.ID, Kind: annotate.SegmentKind(cs.Kind), Author: cs.Author, Posted: posted,
				Number: cs.Number, Title: cs.Title, ReplyTo: cs.ReplyTo, Meta: cs.Meta, Text: text},
			start: cs.Offset, length: cs.Length, orig: text,
		}
		pos += cs.Length
	}
	if pos != full.Len() {
		return nil, false
	}
	plain := make([]annotate.Segment, len(segs))
	for i := range segs {
		plain[i] = segs[i].seg
	}
	if annotate.ContentHash(plain) != c.Document.Hash {
		return nil, false
	}
	return segs, true
}

// nfcOffset maps code point offset cp of st's original text to its
// NFC-normalised text.
func nfcOffset(st *segmentText, cp int) int {
	if st.orig == st.seg.Text {
		return cp
	}
	b, _ := annotate.ByteOffset(st.orig, cp)
	return annotate.RuneCount(norm.NFC.String(st.orig[:b]))
}

// flattenLine is how a note looks in a one-line field (brat notes).
func flattenLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// flattenToken is how a value looks where it may not contain spaces,
// commas or bars: brat attribute names and values. brat reads an
// annotation.conf argument as `^(\S*?):(\S*)$` after splitting the
// arguments at commas and the values at bars (server/src/projectconfig.py),
// so a value it offers can hold none of them, and its editor writes the
// value it offers into the A line.
func flattenToken(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '|' || unicode.IsSpace(r)
	}), "_")
}
