package importer

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// corpusExtras collects, for one file, what its corpus documents bring
// beside their text, and turns the labels of label columns into segment
// labels and codebook entries when the file is stored. It is the
// corpusSink of an import. A nil *corpusExtras does nothing.
type corpusExtras struct {
	annotator string
	now       time.Time
	byDoc     map[*annotate.Document]*docExtras
	order     []*annotate.Document
	notes     []string
	warnings  []Warning      // about the file, not one document
	settled   []Warning      // of documents stored in an earlier part
	labelled  map[string]int // label column → labels given, for the note
	// wantLabels: label columns are read, whose labels are stored in the
	// one transaction with their documents, so the file is not staged.
	wantLabels bool
}

// corpus makes b collect the extras of a corpus file read with opts.
func (b *batcher) corpus(opts *Options) {
	b.extra = &corpusExtras{
		annotator: opts.labelAnnotator(),
		now:       opts.now().UTC(),
		byDoc:     map[*annotate.Document]*docExtras{},

		wantLabels: len(opts.LabelColumns) > 0,
	}
	opts.sink = b.extra
}

// staging reports whether the file's documents may be stored in parts.
func (c *corpusExtras) staging() bool { return c == nil || !c.wantLabels }

// settle keeps the warnings of the documents read so far and lets go of
// the documents, which a staged import has just stored.
func (c *corpusExtras) settle() {
	if c == nil {
		return
	}
	for _, doc := range c.order {
		if x := c.byDoc[doc]; x != nil {
			c.settled = append(c.settled, x.warnings...)
		}
	}
	clear(c.byDoc)
	clear(c.order)
	c.order = c.order[:0]
}

func (c *corpusExtras) extras(doc *annotate.Document, x *docExtras) {
	c.byDoc[doc] = x
	c.order = append(c.order, doc)
}

func (c *corpusExtras) note(text string) { c.notes = append(c.notes, text) }

func (c *corpusExtras) warn(w Warning) { c.warnings = append(c.warnings, w) }

// drop forgets the extras of a document that is not imported.
func (c *corpusExtras) drop(doc *annotate.Document) {
	if c != nil {
		delete(c.byDoc, doc)
	}
}

// addLabels puts the labels of the documents in batch into it, with the
// label sets they need and their annotator.
func (c *corpusExtras) addLabels(batch *annotate.Batch) {
	if c == nil {
		return
	}
	var sets []annotate.SegmentLabelSet
	setIndex := map[string]int{}
	c.labelled = map[string]int{}
	for _, doc := range batch.Documents {
		x := c.byDoc[doc]
		if x == nil {
			continue
		}
		for _, l := range x.labels {
			setID := labelSetID(l.column)
			i, ok := setIndex[setID]
			if !ok {
				i = len(sets)
				setIndex[setID] = i
				sets = append(sets, annotate.SegmentLabelSet{ID: setID, Name: l.column, Exclusive: true,
					Description: "the values of the corpus column " + l.column})
			}
			id := labelID(l.column, l.value)
			if !slices.ContainsFunc(sets[i].Labels, func(d annotate.SegmentLabelDef) bool { return d.ID == id }) {
				sets[i].Labels = append(sets[i].Labels, annotate.SegmentLabelDef{ID: id, Name: l.value})
			}
			batch.SegmentLabels = append(batch.SegmentLabels, annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: l.segment,
				Label: id, Annotator: c.annotator, Created: c.now})
			c.labelled[l.column]++
		}
	}
	if len(sets) == 0 {
		return
	}
	for i := range sets {
		slices.SortStableFunc(sets[i].Labels, func(a, b annotate.SegmentLabelDef) int { return compareValues(a.Name, b.Name) })
		for j := range sets[i].Labels {
			sets[i].Labels[j].Color = labelColours[j%len(labelColours)]
		}
	}
	batch.Codebook = &annotate.Codebook{SegmentLabelSets: sets}
	batch.Annotators = append(batch.Annotators, annotate.Annotator{ID: c.annotator, Name: c.annotator, Created: c.now})
}

// report writes the warnings of the stored documents and the notes into
// res. batch is what was stored (nil if nothing was).
func (c *corpusExtras) report(res *Result, batch *annotate.Batch) {
	if c == nil {
		return
	}
	res.Warnings = append(res.Warnings, c.warnings...)
	res.Warnings = append(res.Warnings, c.settled...)
	for _, doc := range c.order {
		if x := c.byDoc[doc]; x != nil {
			res.Warnings = append(res.Warnings, x.warnings...)
		}
	}
	res.Notes = append(res.Notes, c.notes...)
	if batch == nil || batch.Codebook == nil {
		return
	}
	for _, set := range batch.Codebook.SegmentLabelSets {
		values := make([]string, len(set.Labels))
		for i, l := range set.Labels {
			values[i] = l.Name
		}
		res.Notes = append(res.Notes, fmt.Sprintf("column %s: %s of annotator %q (label set %s: %s)",
			set.Name, plural(c.labelled[set.Name], "comment label"), c.annotator, set.ID, strings.Join(values, ", ")))
	}
}

// compareValues orders label values: numbers by value, before other text,
// which is in byte order.
func compareValues(a, b string) int {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	switch {
	case errA == nil && errB == nil:
		return cmp.Compare(x, y)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}
