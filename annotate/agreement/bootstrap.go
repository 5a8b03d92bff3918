package agreement

import (
	"math"
	"math/rand/v2"
	"slices"
)

// bootstrap draws n units with replacement draws times (a PCG generator
// seeded with seed, so that a report can be repeated), calls stat with how
// often each unit was drawn, and returns the 2.5th and 97.5th percentiles
// of the values stat could compute. ok is false with fewer than two units,
// or when fewer than half the draws gave a value.
func bootstrap(n int, seed int64, draws int, stat func(weights []float64) (float64, bool)) (lo, hi float64, ok bool) {
	los, his, oks := bootstrapMany(n, seed, draws, 1, func(w, out []float64) {
		v, ok := stat(w)
		if !ok {
			v = math.NaN()
		}
		out[0] = v
	})
	return los[0], his[0], oks[0]
}

// bootstrapMany is bootstrap for k statistics computed from the same draws;
// stat writes them to out, NaN for one it cannot compute.
func bootstrapMany(n int, seed int64, draws, k int, stat func(weights, out []float64)) (lo, hi []float64, ok []bool) {
	lo, hi, ok = make([]float64, k), make([]float64, k), make([]bool, k)
	for i := range k {
		lo[i], hi[i] = math.NaN(), math.NaN()
	}
	if n < 2 || draws <= 0 { // one unit drawn again and again says nothing of the spread
		return lo, hi, ok
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6e65_7773_6d61_726b))
	weights := make([]float64, n)
	out := make([]float64, k)
	vals := make([][]float64, k)
	for range draws {
		clear(weights)
		for range n {
			weights[rng.IntN(n)]++
		}
		stat(weights, out)
		for i, v := range out {
			if !math.IsNaN(v) {
				vals[i] = append(vals[i], v)
			}
		}
	}
	for i, v := range vals {
		if len(v) == 0 || len(v) < draws/2 {
			continue
		}
		slices.Sort(v)
		lo[i], hi[i], ok[i] = percentile(v, 0.025), percentile(v, 0.975), true
	}
	return lo, hi, ok
}

// percentile interpolates linearly between the closest ranks of sorted
// values (the R-7 / NumPy default rule).
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	x := p * float64(len(sorted)-1)
	i := int(math.Floor(x))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	f := x - float64(i)
	return sorted[i] + f*(sorted[i+1]-sorted[i])
}
