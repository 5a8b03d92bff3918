package agreement

// CohenKappa computes Cohen's kappa (Cohen 1960) of coders a and b over the
// units where both gave a value: (p_o − p_e) / (1 − p_e), with p_o the share
// of units they agree on and p_e the agreement expected from each coder's
// own distribution of categories.
func CohenKappa(units []Unit, a, b string) Figure {
	type pair struct{ x, y string }
	var pairs []pair
	for _, u := range units {
		x, okA := u[a]
		y, okB := u[b]
		if okA && okB {
			pairs = append(pairs, pair{x, y})
		}
	}
	if a == b {
		return noFigure(len(pairs), 1, reasonOneCoder)
	}
	if len(pairs) == 0 {
		return noFigure(0, 2, reasonNoPairs)
	}
	n := float64(len(pairs))
	ma, mb := map[string]float64{}, map[string]float64{}
	agree := 0.0
	for _, p := range pairs {
		ma[p.x]++
		mb[p.y]++
		if p.x == p.y {
			agree++
		}
	}
	po := agree / n
	pe := 0.0
	for c, x := range ma {
		pe += x / n * mb[c] / n
	}
	if pe >= 1 {
		return noFigure(len(pairs), 2, reasonOneCategory)
	}
	return Figure{Value: (po - pe) / (1 - pe), Units: len(pairs), Coders: 2}
}

// FleissKappa computes Fleiss' kappa (Fleiss 1971) of the given coders over
// the units where every one of them gave a value (the measure needs the same
// number of ratings per unit): (P̄ − P̄_e) / (1 − P̄_e), with P̄ the mean
// share of agreeing pairs of ratings per unit and P̄_e the sum of the
// squared shares of the categories.
func FleissKappa(units []Unit, coders []string) Figure {
	m := len(coders)
	if m < 2 {
		return noFigure(0, m, reasonOneCoder)
	}
	var full []Unit
	for _, u := range units {
		all := true
		for _, c := range coders {
			if _, ok := u[c]; !ok {
				all = false
				break
			}
		}
		if all {
			full = append(full, u)
		}
	}
	if len(full) == 0 {
		return noFigure(0, m, reasonNoFullUnits)
	}
	total := map[string]float64{}
	sumP := 0.0
	counts := map[string]float64{}
	for _, u := range full {
		clear(counts)
		for _, c := range coders {
			counts[u[c]]++
		}
		s := 0.0
		for v, x := range counts {
			s += x * x
			total[v] += x
		}
		sumP += (s - float64(m)) / float64(m*(m-1))
	}
	n := float64(len(full))
	pBar := sumP / n
	pe := 0.0
	for _, x := range total {
		p := x / (n * float64(m))
		pe += p * p
	}
	if pe >= 1 {
		return noFigure(len(full), m, reasonOneCategory)
	}
	return Figure{Value: (pBar - pe) / (1 - pe), Units: len(full), Coders: m}
}
