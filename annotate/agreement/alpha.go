package agreement

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Unit is one coded unit of a reliability study: each coder's value, by
// coder; a coder without a value of the unit is simply absent (a missing
// value).
type Unit map[string]string

// Reason texts of figures that cannot be computed.
const (
	reasonOneCoder     = "fewer than two coders"
	reasonNoPairs      = "no unit has values of two coders"
	reasonOneCategory  = "every value is the same: one category only, agreement is not defined"
	reasonNotNumeric   = "a value is not a number"
	reasonNoFullUnits  = "no unit has a value of every coder"
	reasonNoSpans      = "no coder marked a span"
	reasonNoCommonDocs = "the coders have no document in common"
)

// alphaData is a study prepared for Krippendorff's alpha: each pairable
// unit's values as category indexes, and the categories in order.
type alphaData struct {
	cats   []string  // category values, in the order of the metric (ordinal, interval) or sorted
	num    []float64 // numeric value of each category (interval)
	units  [][]int   // per pairable unit (two values or more), the category indexes of its values
	coders int
}

// prepareAlpha turns units into category indexes. order gives the ordinal
// categories, lowest first; values not in it are an error. Without order,
// ordinal and interval values must be numbers and are ordered by value.
func prepareAlpha(units []Unit, metric Metric, order []string) (*alphaData, error) {
	d := &alphaData{}
	coders := map[string]bool{}
	seen := map[string]bool{}
	for _, u := range units {
		if len(u) < 2 {
			continue
		}
		for c, v := range u {
			coders[c] = true
			seen[v] = true
		}
	}
	d.coders = len(coders)
	for v := range seen {
		d.cats = append(d.cats, v)
	}
	slices.Sort(d.cats)
	switch {
	case metric == Ordinal && len(order) > 0:
		rank := map[string]int{}
		for i, v := range order {
			rank[v] = i
		}
		for _, v := range d.cats {
			if _, ok := rank[v]; !ok {
				return nil, fmt.Errorf("value %q is not on the scale", v)
			}
		}
		slices.SortFunc(d.cats, func(a, b string) int { return cmp.Compare(rank[a], rank[b]) })
	case metric == Ordinal || metric == Interval:
		num := map[string]float64{}
		for _, v := range d.cats {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %q", reasonNotNumeric, v)
			}
			num[v] = f
		}
		slices.SortFunc(d.cats, func(a, b string) int { return cmp.Compare(num[a], num[b]) })
		for _, v := range d.cats {
			d.num = append(d.num, num[v])
		}
	}
	index := make(map[string]int, len(d.cats))
	for i, v := range d.cats {
		index[v] = i
	}
	for _, u := range units {
		if len(u) < 2 {
			continue
		}
		vals := make([]int, 0, len(u))
		for _, v := range u {
			vals = append(vals, index[v])
		}
		slices.Sort(vals)
		d.units = append(d.units, vals)
	}
	return d, nil
}

// coincidences adds unit's pairable values to the coincidence matrix o
// (k×k, row-major), with weight w (the times the unit is drawn).
func coincidences(o []float64, k int, vals []int, w float64) {
	m := float64(len(vals))
	for i, c := range vals {
		for j, d := range vals {
			if i != j {
				o[c*k+d] += w / (m - 1)
			}
		}
	}
}

// alphaFromCoincidences is 1 − D_o/D_e for a coincidence matrix o over k
// ordered categories. ok is false when D_e is 0 (one category only) or
// there are no pairable values.
func alphaFromCoincidences(o []float64, k int, metric Metric, num []float64) (float64, bool) {
	nc := make([]float64, k)
	n := 0.0
	for c := range k {
		for d := range k {
			nc[c] += o[c*k+d]
		}
		n += nc[c]
	}
	if n <= 1 {
		return math.NaN(), false
	}
	delta := func(c, d int) float64 {
		if c == d {
			return 0
		}
		switch metric {
		case Interval:
			x := num[c] - num[d]
			return x * x
		case Ordinal:
			lo, hi := min(c, d), max(c, d)
			s := 0.0
			for g := lo; g <= hi; g++ {
				s += nc[g]
			}
			s -= (nc[c] + nc[d]) / 2
			return s * s
		}
		return 1
	}
	var obs, exp float64
	for c := range k {
		for d := range k {
			if c == d {
				continue
			}
			dl := delta(c, d)
			obs += o[c*k+d] * dl
			exp += nc[c] * nc[d] * dl
		}
	}
	if exp == 0 {
		return math.NaN(), false
	}
	return 1 - (n-1)*obs/exp, true
}

// Alpha computes Krippendorff's alpha of units with the given metric
// (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"): 1 −
// D_o/D_e over the coincidence matrix of pairable values, so that missing
// values are allowed. order lists the categories of an ordinal scale,
// lowest first; without it ordinal and interval values must be numbers.
// The figure has no interval; see AlphaWithInterval.
func Alpha(units []Unit, metric Metric, order []string) Figure {
	return AlphaWithInterval(units, metric, order, 0, -1)
}

// AlphaWithInterval is Alpha with a bootstrap 95% interval from draws
// resamples of the units (seeded with seed; draws ≤ 0 for none).
func AlphaWithInterval(units []Unit, metric Metric, order []string, seed int64, draws int) Figure {
	d, err := prepareAlpha(units, metric, order)
	if err != nil {
		return noFigure(0, 0, err.Error())
	}
	if d.coders < 2 {
		return noFigure(len(d.units), d.coders, reasonOneCoder)
	}
	if len(d.units) == 0 {
		return noFigure(0, d.coders, reasonNoPairs)
	}
	k := len(d.cats)
	o := make([]float64, k*k)
	for _, u := range d.units {
		coincidences(o, k, u, 1)
	}
	a, ok := alphaFromCoincidences(o, k, metric, d.num)
	if !ok {
		return noFigure(len(d.units), d.coders, reasonOneCategory)
	}
	f := Figure{Value: a, Units: len(d.units), Coders: d.coders}
	if draws > 0 {
		// Units with the same values add the same to the matrix: a draw
		// sums the weights of each pattern of values, then adds each
		// pattern once.
		patternOf := make([]int, len(d.units))
		var patterns [][]int
		seen := map[string]int{}
		for i, u := range d.units {
			key := fmt.Sprint(u)
			p, ok := seen[key]
			if !ok {
				p = len(patterns)
				seen[key] = p
				patterns = append(patterns, u)
			}
			patternOf[i] = p
		}
		pw := make([]float64, len(patterns))
		f.Low, f.High, f.Interval = bootstrap(len(d.units), seed, draws, func(weights []float64) (float64, bool) {
			clear(o)
			clear(pw)
			for i, x := range weights {
				pw[patternOf[i]] += x
			}
			for p, x := range pw {
				if x > 0 {
					coincidences(o, k, patterns[p], x)
				}
			}
			return alphaFromCoincidences(o, k, metric, d.num)
		})
	}
	return f
}
