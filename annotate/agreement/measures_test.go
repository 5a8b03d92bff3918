package agreement

import (
	"fmt"
	"math"
	"testing"
)

// units builds units from rows of values, one column per coder ("c1", "c2",
// ...); "" is a missing value.
func units(rows ...[]string) []Unit {
	var out []Unit
	for _, r := range rows {
		u := Unit{}
		for i, v := range r {
			if v != "" {
				u[fmt.Sprintf("c%d", i+1)] = v
			}
		}
		out = append(out, u)
	}
	return out
}

// repeat builds n units of two coders with values a and b.
func repeat(n int, a, b string) []Unit {
	var out []Unit
	for range n {
		out = append(out, Unit{"c1": a, "c2": b})
	}
	return out
}

func ints(rows ...[]int) []Unit {
	var s [][]string
	for _, r := range rows {
		var row []string
		for _, v := range r {
			if v < 0 {
				row = append(row, "")
			} else {
				row = append(row, fmt.Sprint(v))
			}
		}
		s = append(s, row)
	}
	return units(s...)
}

const na = -1

// krippendorff2011 is the reliability data of Krippendorff (2011),
// "Computing Krippendorff's Alpha-Reliability", section E (4 observers, 12
// units, missing values; also Krippendorff 2004, Content Analysis, p. 230),
// with the values 1–5 (the symbols in order). DKPro Statistics'
// Krippendorff2004Test.createExample3b holds the same data.
var krippendorff2011 = ints(
	[]int{1, 1, na, 1}, []int{2, 2, 3, 2}, []int{3, 3, 3, 3}, []int{3, 3, 3, 3},
	[]int{2, 2, 2, 2}, []int{1, 2, 3, 4}, []int{4, 4, 4, 4}, []int{1, 1, 2, 1},
	[]int{2, 2, 2, 2}, []int{na, 5, 5, 5}, []int{na, na, 1, 1}, []int{na, na, 3, na},
)

// hayesKrippendorff2007 is the ordinal example of Hayes & Krippendorff
// (2007), "Answering the call for a standard reliability measure for coding
// data", Communication Methods and Measures 1(1), p. 84 (5 coders, 40
// units), as in DKPro Statistics' HayesKrippendorff2007Test.
var hayesKrippendorff2007 = ints(
	[]int{1, 1, 2, na, 2}, []int{1, 1, 0, 1, na}, []int{2, 3, 3, 3, na}, []int{na, 0, 0, na, 0},
	[]int{0, 0, 0, na, 0}, []int{0, 0, 0, na, 0}, []int{1, 0, 2, na, 1}, []int{1, na, 2, 0, na},
	[]int{2, 2, 2, na, 2}, []int{2, 1, 1, 1, na}, []int{na, 1, 0, 0, na}, []int{0, 0, 0, 0, na},
	[]int{1, 2, 2, 2, na}, []int{3, 3, 2, 2, 3}, []int{1, 1, 1, na, 1}, []int{1, 1, 1, na, 1},
	[]int{2, 1, 2, na, 2}, []int{1, 2, 3, 3, na}, []int{1, 1, 0, 1, na}, []int{0, 0, 0, na, 0},
	[]int{0, 0, 1, 1, na}, []int{0, 0, na, 0, 0}, []int{2, 3, 3, 3, na}, []int{0, 0, 0, 0, na},
	[]int{1, 2, na, 2, 2}, []int{0, 1, 1, 1, na}, []int{0, 0, 0, 1, 0}, []int{1, 2, 1, 2, na},
	[]int{1, 1, 2, 2, na}, []int{1, 1, 2, na, 2}, []int{1, 1, 0, na, 0}, []int{2, 1, 2, 1, na},
	[]int{2, 2, na, 2, 2}, []int{3, 2, 2, 2, na}, []int{2, 2, 2, na, 2}, []int{2, 2, 3, na, 2},
	[]int{2, 2, 2, na, 2}, []int{2, 2, na, 1, 2}, []int{2, 2, 2, 2, na}, []int{1, 1, 1, na, 1},
)

func TestAlphaMatchesPublishedWorkedExamples(t *testing.T) {
	tests := []struct {
		name   string
		units  []Unit
		metric Metric
		want   float64
	}{
		// Krippendorff (2011) section E: nominal .743, ordinal .815, interval .849.
		{"Krippendorff 2011 E nominal", krippendorff2011, Nominal, 0.743},
		{"Krippendorff 2011 E ordinal", krippendorff2011, Ordinal, 0.815},
		{"Krippendorff 2011 E interval", krippendorff2011, Interval, 0.849},
		// Krippendorff (2011) section A: binary data, two observers, α = .095
		// (DKPro Statistics Krippendorff2004Test.testDichotomy).
		{"Krippendorff 2011 A binary", ints(
			[]int{1, 0}, []int{1, 1}, []int{0, 1}, []int{0, 0}, []int{0, 0},
			[]int{0, 1}, []int{0, 0}, []int{0, 1}, []int{0, 0}, []int{0, 0}), Nominal, 0.095},
		// Krippendorff (2004) p. 227: nominal, two observers, α = .734
		// (DKPro Statistics Krippendorff2004Test.testMultipleCategories).
		{"Krippendorff 2004 p227 nominal", units(
			[]string{"a", "a"}, []string{"a", "b"}, []string{"b", "b"}, []string{"b", "b"},
			[]string{"b", "b"}, []string{"b", "b"}, []string{"b", "c"}, []string{"c", "c"},
			[]string{"c", "c"}, []string{"c", "c"}, []string{"c", "c"}, []string{"c", "c"}), Nominal, 0.734},
		// Hayes & Krippendorff (2007) p. 84: ordinal α = .7598.
		{"Hayes Krippendorff 2007 ordinal", hayesKrippendorff2007, Ordinal, 0.760},
		// Krippendorff (1980) Content Analysis, 3 coders × 9 units: nominal .642,
		// interval .547 (DKPro Statistics Krippendorff1980Test).
		{"Krippendorff 1980 nominal", ints(
			[]int{1, 1, 1}, []int{1, 2, 2}, []int{2, 2, 2}, []int{4, 4, 4}, []int{1, 4, 4},
			[]int{2, 2, 2}, []int{1, 2, 3}, []int{3, 3, 3}, []int{2, 2, 2}), Nominal, 0.642},
		{"Krippendorff 1980 interval", ints(
			[]int{1, 1, 1}, []int{1, 2, 2}, []int{2, 2, 2}, []int{4, 4, 4}, []int{1, 4, 4},
			[]int{2, 2, 2}, []int{1, 2, 3}, []int{3, 3, 3}, []int{2, 2, 2}), Interval, 0.547},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Alpha(tt.units, tt.metric, nil)
			if !got.OK() {
				t.Fatalf("no figure: %s", got.Reason)
			}
			if math.Abs(got.Value-tt.want) > 0.0005 {
				t.Errorf("alpha = %.4f, want %.3f", got.Value, tt.want)
			}
		})
	}
}

// artsteinPoesio2 is Artstein & Poesio (2008), "Inter-coder agreement for
// computational linguistics", p. 568: 100 utterances, two coders.
var artsteinPoesio2 = concat(
	repeat(46, "STAT", "STAT"), repeat(6, "IReq", "STAT"), repeat(32, "IReq", "IReq"),
	repeat(6, "IReq", "Chck"), repeat(10, "Chck", "Chck"))

func concat(parts ...[]Unit) []Unit {
	var out []Unit
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestOrdinalAlphaFollowsTheScaleOrderNotTheSpelling(t *testing.T) {
	// The 2011 example with the symbols of a scale spelt so that sorting the
	// words would put them in another order.
	names := map[string]string{"1": "none", "2": "low", "3": "medium", "4": "high", "5": "extreme"}
	var us []Unit
	for _, u := range krippendorff2011 {
		v := Unit{}
		for c, x := range u {
			v[c] = names[x]
		}
		us = append(us, v)
	}
	got := Alpha(us, Ordinal, []string{"none", "low", "medium", "high", "extreme"})
	if math.Abs(got.Value-0.815) > 0.0005 {
		t.Errorf("ordinal alpha = %.4f, want .815", got.Value)
	}
}

func TestCohenKappaMatchesPublishedWorkedExamples(t *testing.T) {
	tests := []struct {
		name  string
		units []Unit
		want  float64
	}{
		// Artstein & Poesio (2008) p. 558, table 1: κ = .348 (DKPro Statistics
		// ArtsteinPoesio2008Test.testExample1).
		{"Artstein Poesio 2008 example 1", concat(repeat(20, "STAT", "STAT"), repeat(20, "IReq", "STAT"),
			repeat(10, "STAT", "IReq"), repeat(50, "IReq", "IReq")), 0.348},
		// Artstein & Poesio (2008) p. 568: κ = .801.
		{"Artstein Poesio 2008 example 2", artsteinPoesio2, 0.801},
		// Zwick (1988), "Another look at interrater agreement", p. 376, tables
		// 1–3: κ = .467, .444, .474 (DKPro Statistics Zwick1988Test).
		{"Zwick 1988 table 1", concat(repeat(20, "A", "A"), repeat(5, "A", "D"), repeat(10, "B", "B"),
			repeat(15, "B", "C"), repeat(15, "C", "B"), repeat(10, "C", "C"), repeat(5, "D", "A"), repeat(20, "D", "D")), 0.467},
		{"Zwick 1988 table 2", concat(repeat(20, "A", "A"), repeat(10, "A", "B"), repeat(10, "A", "C"),
			repeat(10, "B", "A"), repeat(10, "B", "B"), repeat(10, "C", "A"), repeat(10, "C", "C"), repeat(20, "D", "D")), 0.444},
		{"Zwick 1988 table 3", concat(repeat(20, "A", "A"), repeat(5, "A", "B"), repeat(5, "A", "C"),
			repeat(10, "A", "D"), repeat(10, "B", "B"), repeat(5, "B", "C"), repeat(5, "B", "D"), repeat(5, "C", "B"),
			repeat(10, "C", "C"), repeat(5, "C", "D"), repeat(20, "D", "D")), 0.474},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CohenKappa(tt.units, "c1", "c2")
			if !got.OK() || math.Abs(got.Value-tt.want) > 0.0005 {
				t.Errorf("kappa = %.4f (%s), want %.3f", got.Value, got.Reason, tt.want)
			}
			if got.Units != len(tt.units) || got.Coders != 2 {
				t.Errorf("units, coders = %d, %d; want %d, 2", got.Units, got.Coders, len(tt.units))
			}
		})
	}
}

// fleiss1971 is the table of Fleiss (1971), "Measuring nominal scale
// agreement among many raters", Psychological Bulletin 76(5), p. 379: 30
// patients, 6 psychiatrists, 5 diagnoses (as in DKPro Statistics'
// Fleiss1971Test), κ = .430.
var fleiss1971 = ints(
	[]int{4, 4, 4, 4, 4, 4}, []int{2, 2, 2, 5, 5, 5}, []int{2, 3, 3, 3, 3, 5}, []int{5, 5, 5, 5, 5, 5},
	[]int{2, 2, 2, 4, 4, 4}, []int{1, 1, 3, 3, 3, 3}, []int{3, 3, 3, 3, 5, 5}, []int{1, 1, 3, 3, 3, 4},
	[]int{1, 1, 4, 4, 4, 4}, []int{5, 5, 5, 5, 5, 5}, []int{1, 4, 4, 4, 4, 4}, []int{1, 2, 4, 4, 4, 4},
	[]int{2, 2, 2, 3, 3, 3}, []int{1, 4, 4, 4, 4, 4}, []int{2, 2, 4, 4, 4, 5}, []int{3, 3, 3, 3, 3, 5},
	[]int{1, 1, 1, 4, 5, 5}, []int{1, 1, 1, 1, 1, 2}, []int{2, 2, 4, 4, 4, 4}, []int{1, 3, 3, 5, 5, 5},
	[]int{5, 5, 5, 5, 5, 5}, []int{2, 4, 4, 4, 4, 4}, []int{2, 2, 4, 5, 5, 5}, []int{1, 1, 4, 4, 4, 4},
	[]int{1, 4, 4, 4, 4, 5}, []int{2, 2, 2, 2, 2, 4}, []int{1, 1, 1, 1, 5, 5}, []int{2, 2, 4, 4, 4, 4},
	[]int{1, 3, 3, 3, 3, 3}, []int{5, 5, 5, 5, 5, 5},
)

// fromCounts builds units of raters from per-category counts (the layout of
// Fleiss' tables): row i has counts[i][j] ratings of category j.
func fromCounts(counts ...[]int) []Unit {
	var out []Unit
	for _, row := range counts {
		u := Unit{}
		r := 0
		for cat, n := range row {
			for range n {
				r++
				u[fmt.Sprintf("c%d", r)] = fmt.Sprint(cat + 1)
			}
		}
		out = append(out, u)
	}
	return out
}

func coderNames(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("c%d", i+1))
	}
	return out
}

func TestFleissKappaMatchesPublishedWorkedExamples(t *testing.T) {
	tests := []struct {
		name   string
		units  []Unit
		coders int
		want   float64
	}{
		{"Fleiss 1971 p379", fleiss1971, 6, 0.430},
		// The worked example of Fleiss' kappa in Wikipedia's article "Fleiss'
		// kappa" (10 subjects, 14 raters, 5 categories): κ = 0.210.
		{"Wikipedia 14 raters", fromCounts(
			[]int{0, 0, 0, 0, 14}, []int{0, 2, 6, 4, 2}, []int{0, 0, 3, 5, 6}, []int{0, 3, 9, 2, 0},
			[]int{2, 2, 8, 1, 1}, []int{7, 7, 0, 0, 0}, []int{3, 2, 6, 3, 0}, []int{2, 5, 3, 2, 2},
			[]int{6, 5, 2, 1, 0}, []int{0, 2, 2, 3, 7}), 14, 0.210},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FleissKappa(tt.units, coderNames(tt.coders))
			if !got.OK() || math.Abs(got.Value-tt.want) > 0.0005 {
				t.Errorf("kappa = %.4f (%s), want %.3f", got.Value, got.Reason, tt.want)
			}
			if got.Units != len(tt.units) || got.Coders != tt.coders {
				t.Errorf("units, coders = %d, %d", got.Units, got.Coders)
			}
		})
	}
}

func TestFiguresThatCannotBeComputedSayWhy(t *testing.T) {
	oneCategory := units([]string{"a", "a"}, []string{"a", "a"}, []string{"a", "a"})
	oneCoder := []Unit{{"c1": "a"}, {"c1": "b"}}
	tests := []struct {
		name string
		got  Figure
		want string
	}{
		{"alpha, one category", Alpha(oneCategory, Nominal, nil), reasonOneCategory},
		{"alpha, one coder", Alpha(oneCoder, Nominal, nil), reasonOneCoder},
		{"alpha, words on an interval scale", Alpha(units([]string{"a", "b"}), Interval, nil), reasonNotNumeric + `: "a"`},
		{"cohen, one category", CohenKappa(oneCategory, "c1", "c2"), reasonOneCategory},
		{"cohen, no common unit", CohenKappa([]Unit{{"c1": "a"}, {"c2": "b"}}, "c1", "c2"), reasonNoPairs},
		{"fleiss, one category", FleissKappa(oneCategory, coderNames(2)), reasonOneCategory},
		{"fleiss, one coder", FleissKappa(oneCoder, coderNames(1)), reasonOneCoder},
		{"fleiss, no unit with every coder", FleissKappa([]Unit{{"c1": "a", "c2": "b"}}, coderNames(3)), reasonNoFullUnits},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.OK() {
				t.Fatalf("got a value %.3f, want the reason %q", tt.got.Value, tt.want)
			}
			if tt.got.Reason != tt.want {
				t.Errorf("reason = %q, want %q", tt.got.Reason, tt.want)
			}
		})
	}
}
