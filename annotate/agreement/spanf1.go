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
	f := F1{SpansA: len(a), SpansB: len(b)}
	if !overlap {
		count := make(map[SpanKey]int, len(a))
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
func overlapMatches(a, b []SpanKey) int {
	type where struct{ doc, seg, label string }
	byB := map[where][]int{}
	for j, s := range b {
		w := where{s.Document, s.Segment, s.Label}
		byB[w] = append(byB[w], j)
	}
	type cand struct{ i, j, common int }
	var cands []cand
	for i, s := range a {
		for _, j := range byB[where{s.Document, s.Segment, s.Label}] {
			t := b[j]
			if c := min(s.End, t.End) - max(s.Start, t.Start); c > 0 {
				cands = append(cands, cand{i, j, c})
			}
		}
	}
	slices.SortFunc(cands, func(x, y cand) int {
		return cmp.Or(cmp.Compare(y.common, x.common), cmp.Compare(a[x.i].Start, a[y.i].Start),
			cmp.Compare(b[x.j].Start, b[y.j].Start), cmp.Compare(a[x.i].End, a[y.i].End), cmp.Compare(b[x.j].End, b[y.j].End))
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
