package agreement

import (
	"cmp"
	"math"
	"slices"
)

// Mark is one coder's unit of a category on a continuum, [Start, End) in
// code points.
type Mark struct {
	Coder    string
	Category string
	Start    int
	End      int
}

// Continuum is a stretch of text that every coder has coded, such as one
// segment of a document: [Begin, Begin+Length) with the coders' marks in
// it. Group says which resampling unit (document) it belongs to, for the
// bootstrap; continua of one group are drawn together.
type Continuum struct {
	Begin, Length int
	Group         int
	Marks         []Mark
}

// UnitizingResult is Krippendorff's unitizing alpha over all categories and
// per category, with the observed and expected disagreements behind it.
type UnitizingResult struct {
	Overall    Figure
	Categories map[string]Figure
	Observed   map[string]float64 // D_o per category
	Expected   map[string]float64 // D_e per category
}

// catData is what one category contributes, per continuum, to αu.
type catData struct {
	obs      []float64 // per group: Σ over ordered coder pairs of δ² (both orders)
	n        []float64 // per group: number of units
	ll1      []float64 // per group: Σ l(l−1)
	cubic    []float64 // per group: Σ (2l³ − 3l² + l)
	units    []lenAt   // every unit, longest first
	gaps     []lenAt   // every gap, longest first
	obsTotal float64
}

// lenAt is a length, the group it lies in, and how many units or gaps of
// that length the group has.
type lenAt struct {
	l     float64
	group int
	n     float64
}

// UnitizingAlpha computes Krippendorff's unitizing alpha (αu; Krippendorff
// 1995, "On the reliability of unitizing continuous data", and 2004,
// Content Analysis, 2nd ed., ch. 12.4) of coders' marks on continua. For a
// category k, D_o(k) sums the squared differences of the starts and ends of
// every pair of overlapping units of two coders, and the squared length of
// every unit that lies in another coder's gap, over m(m−1)L²; D_e(k) is the
// disagreement expected when the same units and gaps are placed at random
// (Krippendorff 2004, eq. on p. 253, in the form of DKPro Statistics'
// KrippendorffAlphaUnitizingAgreement); αu(k) = 1 − D_o(k)/D_e(k), and over
// all categories αu = 1 − ΣD_o/ΣD_e.
//
// Each continuum is a continuum of its own: gaps end where it ends, and L
// is the sum of their lengths. A coder's overlapping marks of one category
// are merged into one unit first (the measure assumes a coder's units of a
// category do not overlap). Marks of coders not in coders are ignored.
// With draws > 0 the figures get a bootstrap 95% interval from resampling
// groups.
func UnitizingAlpha(coders []string, continua []Continuum, seed int64, draws int) *UnitizingResult {
	res := &UnitizingResult{
		Categories: map[string]Figure{},
		Observed:   map[string]float64{},
		Expected:   map[string]float64{},
	}
	m := len(coders)
	groups := 0
	for _, c := range continua {
		groups = max(groups, c.Group+1)
	}
	lengths := make([]float64, groups)
	L := 0.0
	for _, c := range continua {
		lengths[c.Group] += float64(c.Length)
		L += float64(c.Length)
	}
	if m < 2 {
		res.Overall = noFigure(groups, m, reasonOneCoder)
		return res
	}
	coderIndex := map[string]int{}
	for i, c := range coders {
		coderIndex[c] = i
	}
	cats := map[string]*catData{}
	var names []string
	// One pass per continuum: split marks by category and coder, merge
	// overlaps, collect units and gaps, and the observed disagreement.
	for _, c := range continua {
		byCat := map[string][][]Mark{}
		for _, mk := range c.Marks {
			i, ok := coderIndex[mk.Coder]
			if !ok || mk.End <= mk.Start {
				continue
			}
			if byCat[mk.Category] == nil {
				byCat[mk.Category] = make([][]Mark, m)
			}
			byCat[mk.Category][i] = append(byCat[mk.Category][i], mk)
		}
		for cat, perCoder := range byCat {
			d := cats[cat]
			if d == nil {
				d = &catData{obs: make([]float64, groups), n: make([]float64, groups), ll1: make([]float64, groups), cubic: make([]float64, groups)}
				cats[cat] = d
				names = append(names, cat)
			}
			for i := range perCoder {
				perCoder[i] = mergeMarks(perCoder[i])
				prev := c.Begin
				for _, u := range perCoder[i] {
					l := float64(u.End - u.Start)
					d.n[c.Group]++
					d.ll1[c.Group] += l * (l - 1)
					d.cubic[c.Group] += 2*l*l*l - 3*l*l + l
					d.units = append(d.units, lenAt{l, c.Group, 1})
					if u.Start > prev {
						d.gaps = append(d.gaps, lenAt{float64(u.Start - prev), c.Group, 1})
					}
					prev = u.End
				}
				if end := c.Begin + c.Length; end > prev {
					d.gaps = append(d.gaps, lenAt{float64(end - prev), c.Group, 1})
				}
			}
			for i := 0; i < m; i++ {
				for j := i + 1; j < m; j++ {
					x := 2 * pairDisagreement(perCoder[i], perCoder[j])
					d.obs[c.Group] += x
					d.obsTotal += x
				}
			}
		}
	}
	// A category no coder used in a continuum still has that continuum's
	// full length as a gap of every coder.
	for _, d := range cats {
		for _, c := range continua {
			used := false
			for _, mk := range c.Marks {
				if _, ok := coderIndex[mk.Coder]; ok && mk.End > mk.Start && cats[mk.Category] == d {
					used = true
					break
				}
			}
			if !used && c.Length > 0 {
				d.gaps = append(d.gaps, lenAt{float64(c.Length), c.Group, float64(m)})
			}
		}
		d.units, d.gaps = squeeze(d.units), squeeze(d.gaps)
	}
	slices.Sort(names)
	if len(names) == 0 {
		res.Overall = noFigure(groups, m, reasonNoSpans)
		return res
	}
	ones := make([]float64, groups)
	for i := range ones {
		ones[i] = 1
	}
	var sumO, sumE float64
	for _, name := range names {
		d := cats[name]
		do, de := d.disagreements(ones, float64(m), L)
		res.Observed[name], res.Expected[name] = do, de
		sumO += do
		sumE += de
		if de == 0 || math.IsNaN(de) {
			res.Categories[name] = noFigure(groups, m, reasonOneCategory)
			continue
		}
		res.Categories[name] = Figure{Value: 1 - do/de, Units: groups, Coders: m}
	}
	if sumE == 0 {
		res.Overall = noFigure(groups, m, reasonOneCategory)
	} else {
		res.Overall = Figure{Value: 1 - sumO/sumE, Units: groups, Coders: m}
	}
	if draws > 0 && groups > 0 {
		k := len(names)
		do, de := make([]float64, k), make([]float64, k)
		lo, hi, ok := bootstrapMany(groups, seed, draws, k+1, func(w, out []float64) {
			lw := 0.0
			for g, x := range w {
				lw += x * lengths[g]
			}
			var so, se float64
			for i, name := range names {
				do[i], de[i] = cats[name].disagreements(w, float64(m), lw)
				so += do[i]
				se += de[i]
				out[i] = math.NaN()
				if de[i] > 0 {
					out[i] = 1 - do[i]/de[i]
				}
			}
			out[k] = math.NaN()
			if se > 0 {
				out[k] = 1 - so/se
			}
		})
		for i, name := range names {
			f := res.Categories[name]
			if f.OK() && ok[i] {
				f.Low, f.High, f.Interval = lo[i], hi[i], true
				res.Categories[name] = f
			}
		}
		if res.Overall.OK() && ok[k] {
			res.Overall.Low, res.Overall.High, res.Overall.Interval = lo[k], hi[k], true
		}
	}
	return res
}

// disagreements returns D_o and D_e of the category with each group drawn
// w[group] times; R is the number of coders and L the drawn continuum's
// length.
func (d *catData) disagreements(w []float64, R, L float64) (float64, float64) {
	if L <= 0 {
		return math.NaN(), math.NaN()
	}
	var obs, n, ll1, cubic float64
	for g, x := range w {
		if x == 0 {
			continue
		}
		obs += x * d.obs[g]
		n += x * d.n[g]
		ll1 += x * d.ll1[g]
		cubic += x * d.cubic[g]
	}
	do := obs / (R * (R - 1) * L * L)
	// Σ_units l² Σ_{gaps ≥ l} (gap − l + 1), sweeping both lists from the
	// longest down.
	var cross, gw, gsum float64
	j := 0
	for _, u := range d.units {
		for j < len(d.gaps) && d.gaps[j].l >= u.l {
			wg := w[d.gaps[j].group] * d.gaps[j].n
			gw += wg
			gsum += wg * (d.gaps[j].l + 1)
			j++
		}
		if wu := w[u.group] * u.n; wu != 0 {
			cross += wu * u.l * u.l * (gsum - u.l*gw)
		}
	}
	num := (n-1)/3*cubic + cross
	den := R*L*(R*L-1) - ll1
	if den <= 0 {
		return do, math.NaN()
	}
	return do, 2 / L * num / den
}

// squeeze sorts lengths longest first and counts equal lengths of one
// group once, so that the bootstrap's sweeps are short.
func squeeze(ls []lenAt) []lenAt {
	slices.SortFunc(ls, func(a, b lenAt) int { return cmp.Or(cmp.Compare(b.l, a.l), cmp.Compare(a.group, b.group)) })
	out := ls[:0]
	for _, x := range ls {
		if n := len(out); n > 0 && out[n-1].l == x.l && out[n-1].group == x.group {
			out[n-1].n += x.n
			continue
		}
		out = append(out, x)
	}
	return out
}

// mergeMarks sorts one coder's marks of one category and merges those that
// overlap into one unit; marks that only touch stay apart.
func mergeMarks(ms []Mark) []Mark {
	slices.SortFunc(ms, func(a, b Mark) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	out := ms[:0]
	for _, mk := range ms {
		if n := len(out); n > 0 && mk.Start < out[n-1].End {
			out[n-1].End = max(out[n-1].End, mk.End)
			continue
		}
		out = append(out, mk)
	}
	return out
}

// pairDisagreement is Σ δ² of two coders' units of one category on one
// continuum (each list sorted, not overlapping): for each overlapping pair
// the squared differences of starts and ends, and for each unit that
// overlaps no unit of the other coder (it lies in the other's gap) its
// squared length.
func pairDisagreement(a, b []Mark) float64 {
	sum := 0.0
	j := 0
	hitA := make([]bool, len(a))
	hitB := make([]bool, len(b))
	for i, x := range a {
		for j < len(b) && b[j].End <= x.Start {
			j++
		}
		for k := j; k < len(b) && b[k].Start < x.End; k++ {
			ds := float64(x.Start - b[k].Start)
			de := float64(x.End - b[k].End)
			sum += ds*ds + de*de
			hitA[i], hitB[k] = true, true
		}
	}
	for i, x := range a {
		if !hitA[i] {
			l := float64(x.End - x.Start)
			sum += l * l
		}
	}
	for k, y := range b {
		if !hitB[k] {
			l := float64(y.End - y.Start)
			sum += l * l
		}
	}
	return sum
}
