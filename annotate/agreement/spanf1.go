package agreement

import (
	"cmp"
	"math"
	"slices"
)

// SpanKey is a span for matching: where it is (a document's segment) and
// what it is.
type SpanKey struct {
	Document, Segment string
	Label             string
	Start, End        int
}

// SpanF1 compares two coders' spans. With overlap false a span matches a
// span of the other coder with the same segment, offsets and label; with
// overlap true one with the same segment and label that shares at least
// one code point, pairs with more text in common matched first. Each span
// matches at most one. The F-score 2·matched/(|a|+|b|) does not depend on
// which coder is the reference.
func SpanF1(a, b []SpanKey, overlap bool) F1 {
	ids := map[string]int32{}
	intern := func(x string) int32 {
		id, ok := ids[x]
		if !ok {
			id = int32(len(ids))
			ids[x] = id
		}
		return id
	}
	refs := func(keys []SpanKey) []spanRef {
		out := make([]spanRef, len(keys))
		for i, k := range keys {
			out[i] = spanRef{intern(k.Document), intern(k.Segment), intern(k.Label), int32(k.Start), int32(k.End)}
		}
		return out
	}
	return f1(refs(a), refs(b), overlap)
}

// spanRef is a SpanKey with its strings numbered, quick to hash.
type spanRef struct {
	doc, seg, label int32
	start, end      int32
}

// where is a spanRef's segment and label.
type where struct{ doc, seg, label int32 }

func f1(a, b []spanRef, overlap bool) F1 {
	f := F1{SpansA: len(a), SpansB: len(b)}
	if !overlap {
		count := make(map[spanRef]int, len(a))
		for _, s := range a {
			count[s]++
		}
		for _, s := range b {
			if count[s] > 0 {
				count[s]--
				f.Matched++
			}
		}
	} else {
		f.Matched = overlapMatches(a, b)
	}
	f.Value = math.NaN()
	if n := f.SpansA + f.SpansB; n > 0 {
		f.Value = 2 * float64(f.Matched) / float64(n)
	}
	return f
}

// overlapMatches counts a one-to-one matching of overlapping spans with the
// same label and segment, taking the pairs with the largest overlap first.
func overlapMatches(a, b []spanRef) int {
	byB := map[where][]int{}
	for j, s := range b {
		w := where{s.doc, s.seg, s.label}
		byB[w] = append(byB[w], j)
	}
	type cand struct {
		i, j   int
		common int32
	}
	var cands []cand
	for i, s := range a {
		for _, j := range byB[where{s.doc, s.seg, s.label}] {
			t := b[j]
			if c := min(s.end, t.end) - max(s.start, t.start); c > 0 {
				cands = append(cands, cand{i, j, c})
			}
		}
	}
	slices.SortFunc(cands, func(x, y cand) int {
		return cmp.Or(cmp.Compare(y.common, x.common), cmp.Compare(a[x.i].start, a[y.i].start),
			cmp.Compare(b[x.j].start, b[y.j].start), cmp.Compare(a[x.i].end, a[y.i].end), cmp.Compare(b[x.j].end, b[y.j].end))
	})
	usedA, usedB := make([]bool, len(a)), make([]bool, len(b))
	n := 0
	for _, c := range cands {
		if !usedA[c.i] && !usedB[c.j] {
			usedA[c.i], usedB[c.j] = true, true
			n++
		}
	}
	return n
}
