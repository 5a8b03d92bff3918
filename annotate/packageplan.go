package annotate

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"slices"
	"strings"
)

// PackageOptions says which coders get packages and which documents.
type PackageOptions struct {
	// Coders are the annotator ids of the coders, each given once.
	Coders []string
	// Documents is the pool the packages are drawn from, in project order;
	// the caller passes every document of the project for "all".
	Documents []string
	// PerCoder is how many documents each coder gets in all, the sample
	// included; 0 shares the whole pool out (every document of it is coded
	// by at least one coder).
	PerCoder int
	// SampleShare (0 to 1, a share of the pool) or SampleCount (a number of
	// documents; it wins when both are set) is the size of the reliability
	// sample: documents every coder codes.
	SampleShare float64
	SampleCount int
	// Seed draws the sample and shares the rest out; the same seed and
	// options give the same plan. NewSeed gives a fresh one.
	Seed int64
}

// PackagePlan is who gets which documents.
type PackagePlan struct {
	Seed   int64
	Sample []string // documents every coder gets, in project order
	// Coders in the order given, and each one's documents (the sample
	// included) in project order.
	Coders      []string
	Assignments map[string][]string
}

// NewSeed returns a random seed, to be printed and stored so that a plan
// can be drawn again.
func NewSeed() int64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return int64(binary.BigEndian.Uint64(b[:]) >> 1)
}

// PlanPackages draws a plan: the reliability sample is a seeded random
// choice from the pool; the other documents are shuffled with the same
// seed and dealt out to the coders in turn, as many as each needs to reach
// PerCoder (or all of them). Every choice depends on the seed and the
// options only, so the plan can be drawn again from what a package stores.
func PlanPackages(o PackageOptions) (*PackagePlan, error) {
	if len(o.Coders) == 0 {
		return nil, fmt.Errorf("no coders given: %w", ErrInvalid)
	}
	seen := map[string]bool{}
	for _, c := range o.Coders {
		if strings.TrimSpace(c) == "" || c != strings.TrimSpace(c) {
			return nil, fmt.Errorf("coder name %q: empty or with spaces at an end: %w", c, ErrInvalid)
		}
		if seen[c] {
			return nil, fmt.Errorf("coder %q is given twice: %w", c, ErrInvalid)
		}
		seen[c] = true
	}
	pool := slices.Clone(o.Documents)
	order := map[string]int{}
	for i, id := range pool {
		if _, dup := order[id]; dup {
			return nil, fmt.Errorf("document %q is given twice: %w", id, ErrInvalid)
		}
		order[id] = i
	}
	if len(pool) == 0 {
		return nil, fmt.Errorf("no documents to hand out: %w", ErrInvalid)
	}
	var k int
	switch {
	case o.SampleCount < 0:
		return nil, fmt.Errorf("overlap of %d documents: %w", o.SampleCount, ErrInvalid)
	case o.SampleCount > 0:
		k = o.SampleCount
	case o.SampleShare < 0 || o.SampleShare > 1 || math.IsNaN(o.SampleShare):
		return nil, fmt.Errorf("overlap share %v: want a number from 0 to 1: %w", o.SampleShare, ErrInvalid)
	default:
		k = int(math.Round(o.SampleShare * float64(len(pool))))
	}
	if k > len(pool) {
		return nil, fmt.Errorf("an overlap of %d documents is more than the %d documents chosen: %w", k, len(pool), ErrInvalid)
	}
	if o.PerCoder < 0 {
		return nil, fmt.Errorf("%d documents per coder: %w", o.PerCoder, ErrInvalid)
	}
	if o.PerCoder > 0 && o.PerCoder < k {
		return nil, fmt.Errorf("%d documents per coder cannot hold the overlap sample of %d documents: %w", o.PerCoder, k, ErrInvalid)
	}

	rng := mrand.New(mrand.NewPCG(uint64(o.Seed), 0x6e6577736d61726b)) // "newsmark"
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	sample, rest := pool[:k], pool[k:]
	plan := &PackagePlan{Seed: o.Seed, Coders: slices.Clone(o.Coders), Assignments: map[string][]string{}}
	plan.Sample = inProjectOrder(sample, order)

	own := len(rest) // documents to deal out
	if o.PerCoder > 0 {
		need := (o.PerCoder - k) * len(o.Coders)
		if need > len(rest) {
			return nil, fmt.Errorf("%d coders with %d documents each (%d of them the overlap) need %d documents besides the overlap, but only %d are left: %w",
				len(o.Coders), o.PerCoder, k, need, len(rest), ErrInvalid)
		}
		own = need
	}
	dealt := make([][]string, len(o.Coders))
	for i, id := range rest[:own] {
		dealt[i%len(o.Coders)] = append(dealt[i%len(o.Coders)], id)
	}
	for i, c := range o.Coders {
		plan.Assignments[c] = inProjectOrder(append(slices.Clone(sample), dealt[i]...), order)
	}
	return plan, nil
}

// inProjectOrder returns ids sorted by their place in the pool.
func inProjectOrder(ids []string, order map[string]int) []string {
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b string) int { return order[a] - order[b] })
	return out
}
