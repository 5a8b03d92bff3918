package storage

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// A large import spends most of its time before the commit on work that
// needs nothing of the project file: checking each document (NFC text,
// content hash), encoding its segments, and validating and encoding each
// annotation of a document the batch adds (its quote against the text, its
// label and attributes against the codebook). bbolt allows one goroutine
// per transaction, but this work can run beside it: a prep does it on
// every CPU, in units of consecutive documents or annotations, a few units
// ahead of the transaction, which takes the results in batch order and
// only puts them.
//
// A prep never decides anything. What it prepared, the transaction uses
// only where it would have computed the same thing itself: a document's
// check error where it would have called checkDocument, an annotation's
// encoded record where the annotation goes to the very batch document the
// prep validated it against, which the transaction added. Everything else
// (annotations of documents already in the project, annotations without
// an id, and every annotation the prep found wanting) takes the ordinary
// path, which gives the same errors as before.

// prepMin is the smallest batch, in annotations plus 32 per document, that
// Import prepares on other goroutines; smaller ones are not worth the
// goroutines. Tests set it to 0 to run the prepared path on small batches.
var prepMin = 4096

const (
	prepDocs        = 32   // documents per unit
	prepAnnotations = 1024 // annotations per unit
)

type prep struct {
	b    *annotate.Batch
	docs int // number of document units; annotation units follow
	all  int // number of units

	// The first batch document of each id: the one the transaction adds,
	// if it adds one with that id.
	byID map[string]*annotate.Document

	// Set by start, before cbReady is closed.
	cb      *annotate.Codebook
	now     time.Time
	cbReady chan struct{}

	quit    chan struct{} // closed by stop
	stopped bool
	tokens  chan struct{} // one per unit claimed and not yet consumed
	next    atomic.Int64  // the next unit to claim
	done    []chan struct{}
	wg      sync.WaitGroup

	docResults []preparedDocument
	annResults [][]preparedAnnotation // by annotation unit

	cur int // the unit the transaction holds; -1 before the first
}

// preparedDocument is what a prep found of one batch document.
type preparedDocument struct {
	checked  bool     // the prep got to it: err is what checkDocument returned
	err      error    // checkDocument's error
	segments [][]byte // encoded segment records, if checked and err is nil
}

// preparedAnnotation is what a prep made of one batch annotation: its
// record, encoded, if doc is not nil.
type preparedAnnotation struct {
	doc   *annotate.Document // the batch document it was validated against
	value []byte
}

// newPrep starts preparing b, or returns nil for a small batch.
func newPrep(b *annotate.Batch) *prep {
	if b == nil || len(b.Annotations)+32*len(b.Documents) < prepMin {
		return nil
	}
	p := &prep{
		b:          b,
		docs:       (len(b.Documents) + prepDocs - 1) / prepDocs,
		byID:       make(map[string]*annotate.Document, len(b.Documents)),
		cbReady:    make(chan struct{}),
		quit:       make(chan struct{}),
		docResults: make([]preparedDocument, len(b.Documents)),
		cur:        -1,
	}
	p.all = p.docs + (len(b.Annotations)+prepAnnotations-1)/prepAnnotations
	p.annResults = make([][]preparedAnnotation, p.all-p.docs)
	p.done = make([]chan struct{}, p.all)
	for i := range p.done {
		p.done[i] = make(chan struct{})
	}
	for _, d := range b.Documents {
		if d != nil {
			if _, ok := p.byID[d.ID]; !ok {
				p.byID[d.ID] = d
			}
		}
	}
	workers := runtime.GOMAXPROCS(0)
	p.tokens = make(chan struct{}, 4*workers)
	for range workers {
		p.wg.Go(p.work)
	}
	return p
}

// start lets the prep validate annotations, against the codebook the
// transaction will check them against, with the time it gives records
// without one.
func (p *prep) start(cb *annotate.Codebook, now time.Time) {
	p.cb, p.now = cb, now
	close(p.cbReady)
}

// stop ends the prep's goroutines and waits for them. The transaction
// must not use the prep afterwards.
func (p *prep) stop() {
	if p.stopped {
		return
	}
	p.stopped = true
	close(p.quit)
	p.wg.Wait()
}

func (p *prep) work() {
	var w prepWorker
	for {
		select {
		case <-p.quit:
			return
		case p.tokens <- struct{}{}:
		}
		u := int(p.next.Add(1)) - 1
		if u >= p.all {
			<-p.tokens
			return
		}
		if u >= p.docs {
			select {
			case <-p.quit:
				return
			case <-p.cbReady:
			}
		}
		w.unit(p, u)
		close(p.done[u])
	}
}

// unit prepares unit u. Should it panic, what it did not get to stays
// unprepared, and the transaction does that work itself.
func (w *prepWorker) unit(p *prep, u int) {
	defer func() {
		if recover() != nil {
			*w = prepWorker{}
		}
	}()
	if u < p.docs {
		w.documents(p, u)
	} else {
		w.annotations(p, u)
	}
}

// enter waits until unit u is prepared and gives back the units before
// it. The transaction takes the units in order.
func (p *prep) enter(u int) {
	for p.cur < u {
		if p.cur >= 0 {
			<-p.tokens
			if p.cur >= p.docs {
				p.annResults[p.cur-p.docs] = nil
			}
		}
		p.cur++
		<-p.done[p.cur]
	}
}

// document returns what the prep found of document i; nothing from a nil
// prep.
func (p *prep) document(i int) preparedDocument {
	if p == nil {
		return preparedDocument{}
	}
	p.enter(i / prepDocs)
	return p.docResults[i]
}

// annotation returns what the prep made of annotation i.
func (p *prep) annotation(i int) preparedAnnotation {
	p.enter(p.docs + i/prepAnnotations)
	if out := p.annResults[i/prepAnnotations]; out != nil {
		return out[i%prepAnnotations]
	}
	return preparedAnnotation{}
}

// prepWorker is one goroutine's state.
type prepWorker struct {
	slab slab

	doc   *annotate.Document // whose segments segs and index describe
	segs  map[string]int     // segment id → index in doc.Segments
	index []*runeIndex
	spare [][]int
}

func (w *prepWorker) documents(p *prep, u int) {
	lo, hi := u*prepDocs, min((u+1)*prepDocs, len(p.b.Documents))
	for i := lo; i < hi; i++ {
		d := p.b.Documents[i]
		if d == nil {
			continue // the transaction reports it
		}
		err := checkDocument(d)
		var segments [][]byte
		if err == nil {
			segments = make([][]byte, len(d.Segments))
			for k := range d.Segments {
				rec := segmentRecordOf(&d.Segments[k])
				segments[k] = w.slab.encode(rec.appendTo)
			}
		}
		p.docResults[i] = preparedDocument{checked: true, err: err, segments: segments}
	}
}

func (w *prepWorker) annotations(p *prep, u int) {
	i0 := (u - p.docs) * prepAnnotations
	anns := p.b.Annotations[i0:min(i0+prepAnnotations, len(p.b.Annotations))]
	out := make([]preparedAnnotation, len(anns))
	p.annResults[u-p.docs] = out
	for k := range anns {
		a := &anns[k]
		if a.ID == "" {
			continue
		}
		d := p.byID[a.DocumentID]
		if d == nil {
			continue
		}
		x := w.segmentIndex(d, a.SegmentID)
		if x == nil {
			continue
		}
		q, ok := quoteOf(x, a, p.cb)
		if !ok {
			continue
		}
		r := annotationRecordOf(a)
		r.Exact, r.Prefix, r.Suffix = q.Exact, q.Prefix, q.Suffix
		if r.Created.IsZero() {
			r.Created = p.now
		}
		if r.Modified.IsZero() {
			r.Modified = r.Created
		}
		out[k] = preparedAnnotation{doc: d, value: w.slab.encode(r.appendTo)}
	}
}

// segmentIndex returns an offset index of the segment of d with id, or
// nil if d has none.
func (w *prepWorker) segmentIndex(d *annotate.Document, id string) *runeIndex {
	if w.doc != d {
		for k, x := range w.index {
			if x != nil && x.marks != nil {
				w.spare = append(w.spare, x.marks)
			}
			w.index[k] = nil
		}
		w.index = w.index[:0]
		if w.segs == nil {
			w.segs = map[string]int{}
		}
		clear(w.segs)
		for k := range d.Segments {
			w.segs[d.Segments[k].ID] = k // the last of an id, as segmentRef has it
		}
		w.index = append(w.index, make([]*runeIndex, len(d.Segments))...)
		w.doc = d
	}
	k, ok := w.segs[id]
	if !ok {
		return nil
	}
	if w.index[k] == nil {
		var marks []int
		if n := len(w.spare); n > 0 {
			marks, w.spare = w.spare[n-1], w.spare[:n-1]
		}
		w.index[k] = newRuneIndex(d.Segments[k].Text, marks)
	}
	return w.index[k]
}

// quoteOf returns the quote of a in the text x indexes if a is valid there
// and against cb, as validateImported decides; false if not.
func quoteOf(x *runeIndex, a *annotate.Annotation, cb *annotate.Codebook) (annotate.Quote, bool) {
	if a.Start == a.End {
		return annotate.Quote{}, false
	}
	q, ok := x.quote(a.Start, a.End, annotate.QuoteContext)
	if !ok || (a.Quote.Exact != "" && a.Quote.Exact != q.Exact) {
		return annotate.Quote{}, false
	}
	label, ok := cb.Label(a.Label)
	if !ok || label.CheckAttributes(a.Attributes) != nil {
		return annotate.Quote{}, false
	}
	return q, true
}

// slab hands out byte slices for values that bbolt keeps until the commit
// (it does not copy values on Put), carved from large shared arrays: one
// allocation per megabyte rather than one per record. No byte is handed
// out twice.
type slab struct{ buf []byte }

// encode returns what appendTo appends to an empty slice, in the slab.
func (s *slab) encode(appendTo func([]byte) []byte) []byte {
	const chunk, least = 1 << 20, 4 << 10
	if cap(s.buf)-len(s.buf) < least {
		s.buf = make([]byte, 0, chunk)
	}
	rest := s.buf[len(s.buf):cap(s.buf)]
	v := appendTo(rest[:0])
	if len(v) == 0 {
		return nil
	}
	if &v[0] != &rest[0] {
		return v // longer than the rest of the chunk: appendTo allocated it alone
	}
	s.buf = s.buf[:len(s.buf)+len(v)]
	return v[:len(v):len(v)]
}
