package agreement

import (
	"math"
	"testing"
)

// krippendorff2004Unitizing is the example of Krippendorff (2004), Content
// Analysis, 2nd ed., p. 254 (continuum 150–450, observers i and j,
// categories c and k), as in DKPro Statistics'
// unitizing.Krippendorff2004Test.createExample.
func krippendorff2004Unitizing() Continuum {
	c := Continuum{Begin: 150, Length: 300}
	add := func(start, length int, coder, cat string) {
		c.Marks = append(c.Marks, Mark{Coder: coder, Category: cat, Start: start, End: start + length})
	}
	add(225, 70, "i", "c")
	add(370, 30, "i", "c")
	add(220, 80, "j", "c")
	add(355, 20, "j", "c")
	add(400, 20, "j", "c")
	add(180, 60, "i", "k")
	add(300, 50, "i", "k")
	add(180, 60, "j", "k")
	add(300, 50, "j", "k")
	return c
}

func TestUnitizingAlphaMatchesKrippendorff2004(t *testing.T) {
	// Krippendorff (2004) p. 254: D_o(c) = .0144, D_e(c) = .0532, αu(c) =
	// .7286; αu(k) = 1 with D_e(k) = .0490; over both categories αu = .8591
	// (DKPro Statistics reproduces these within .0005).
	r := UnitizingAlpha([]string{"i", "j"}, []Continuum{krippendorff2004Unitizing()}, 0, 0)
	checks := []struct {
		name      string
		got, want float64
	}{
		{"D_o(c)", r.Observed["c"], 0.0144},
		{"D_e(c)", r.Expected["c"], 0.0532},
		{"αu(c)", r.Categories["c"].Value, 0.7286},
		{"D_o(k)", r.Observed["k"], 0},
		{"D_e(k)", r.Expected["k"], 0.0490},
		{"αu(k)", r.Categories["k"].Value, 1},
		{"αu", r.Overall.Value, 0.859},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 0.0005 {
			t.Errorf("%s = %.4f, want %.4f", c.name, c.got, c.want)
		}
	}
	if r.Overall.Coders != 2 || r.Overall.Units != 1 {
		t.Errorf("coders, units = %d, %d; want 2, 1", r.Overall.Coders, r.Overall.Units)
	}
}

// krippendorff1995 is the example of Krippendorff (1995), "On the
// reliability of unitizing continuous data", Sociological Methodology 25,
// p. 57: four pairs of observers (A–D) on a continuum of 24, each pair
// using its own category, as in DKPro Statistics'
// unitizing.Krippendorff1995Test.createExample. stretch multiplies every
// position, making the continuum finer.
func krippendorff1995(stretch int) (Continuum, []string) {
	c := Continuum{Begin: 0, Length: 24 * stretch}
	add := func(start, length int, coder int, cat string) {
		name := []string{"first", "second"}[coder]
		c.Marks = append(c.Marks, Mark{Coder: name, Category: cat, Start: start * stretch, End: (start + length) * stretch})
	}
	add(2, 8, 0, "A")
	add(14, 6, 0, "A")
	add(4, 4, 1, "A")
	add(15, 2, 1, "A")

	add(0, 18, 0, "B")
	add(0, 2, 1, "B")
	add(2, 1, 1, "B")
	add(3, 1, 1, "B")
	add(4, 1, 1, "B")
	add(5, 1, 1, "B")
	add(6, 3, 1, "B")
	add(9, 1, 1, "B")

	add(2, 6, 0, "C")
	add(10, 2, 0, "C")
	add(14, 4, 0, "C")
	add(20, 2, 0, "C")
	add(0, 2, 1, "C")
	add(4, 4, 1, "C")
	add(10, 4, 1, "C")
	add(16, 2, 1, "C")
	add(20, 2, 1, "C")

	add(0, 2, 0, "D")
	add(2, 8, 0, "D")
	add(10, 4, 0, "D")
	add(14, 6, 0, "D")
	add(20, 4, 0, "D")
	add(0, 4, 1, "D")
	add(4, 4, 1, "D")
	add(8, 7, 1, "D")
	add(15, 2, 1, "D")
	add(17, 7, 1, "D")
	return c, []string{"first", "second"}
}

func TestUnitizingAlphaMatchesKrippendorff1995(t *testing.T) {
	// The observed disagreements of Krippendorff (1995) p. 57, exact on the
	// continuum of 24 (DKPro Statistics checks them to 5 decimals).
	c, coders := krippendorff1995(1)
	r := UnitizingAlpha(coders, []Continuum{c}, 0, 0)
	for cat, want := range map[string]float64{"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715} {
		if got := r.Observed[cat]; math.Abs(got-want) > 0.00001 {
			t.Errorf("D_o(%s) = %.5f, want %.5f", cat, got, want)
		}
	}
	// The paper's αu per pair: A .553, B −.926, C .679, D .066. They hold for
	// continuous data (a continuum divided ever finer; DKPro Statistics
	// stretches it 50,000 times), and the paper's D_e has a slip (l + l' + 1
	// for l − l' + 1, see Krippendorff 2004), so DKPro Statistics and this
	// test accept .02 around them; the expected disagreements it quotes
	// (A .06990, B 1.17731, C .08642, D .41445) to .005.
	c, coders = krippendorff1995(50000)
	r = UnitizingAlpha(coders, []Continuum{c}, 0, 0)
	for cat, want := range map[string][2]float64{"A": {0.553, 0.06990}, "B": {-0.926, 1.17731}, "C": {0.679, 0.08642}, "D": {0.066, 0.41445}} {
		if got := r.Categories[cat].Value; math.Abs(got-want[0]) > 0.02 {
			t.Errorf("αu(%s) = %.3f, want %.3f", cat, got, want[0])
		}
		if got := r.Expected[cat]; math.Abs(got-want[1]) > 0.005 {
			t.Errorf("D_e(%s) = %.5f, want %.5f", cat, got, want[1])
		}
	}
}

func TestUnitizingAlphaOfIdenticalMarksIsOne(t *testing.T) {
	c := Continuum{Length: 100}
	for _, coder := range []string{"a", "b", "c"} {
		c.Marks = append(c.Marks, Mark{coder, "PER", 10, 20}, Mark{coder, "ORG", 40, 55}, Mark{coder, "PER", 70, 71})
	}
	r := UnitizingAlpha([]string{"a", "b", "c"}, []Continuum{c, {Length: 30, Group: 1}}, 7, 200)
	for name, f := range map[string]Figure{"all": r.Overall, "PER": r.Categories["PER"], "ORG": r.Categories["ORG"]} {
		if !f.OK() || f.Value != 1 {
			t.Errorf("αu(%s) = %v (%s), want 1", name, f.Value, f.Reason)
		}
		if !f.Interval || f.Low != 1 || f.High != 1 {
			t.Errorf("αu(%s) interval = [%v, %v] (%v), want [1, 1]", name, f.Low, f.High, f.Interval)
		}
	}
}

func TestUnitizingAlphaDoesNotDependOnCoderOrMarkOrder(t *testing.T) {
	c := krippendorff2004Unitizing()
	want := UnitizingAlpha([]string{"i", "j"}, []Continuum{c}, 3, 100)
	rev := c
	rev.Marks = nil
	for i := len(c.Marks) - 1; i >= 0; i-- {
		rev.Marks = append(rev.Marks, c.Marks[i])
	}
	got := UnitizingAlpha([]string{"j", "i"}, []Continuum{rev}, 3, 100)
	if got.Overall.Value != want.Overall.Value || got.Categories["c"].Value != want.Categories["c"].Value {
		t.Errorf("reordered: αu = %v, %v; want %v, %v", got.Overall.Value, got.Categories["c"].Value, want.Overall.Value, want.Categories["c"].Value)
	}
}

func TestUnitizingAlphaWithOneCoderSaysWhy(t *testing.T) {
	r := UnitizingAlpha([]string{"i"}, []Continuum{krippendorff2004Unitizing()}, 0, 0)
	if r.Overall.OK() || r.Overall.Reason != reasonOneCoder {
		t.Errorf("one coder: %v %q", r.Overall.Value, r.Overall.Reason)
	}
}

func TestUnitizingAlphaMatchesTheWorkedExampleOfStudyMd(t *testing.T) {
	// docs/study.md works this through by hand: "Anna trifft Ben Becker in
	// Köln. Die Stadt Köln lädt ein." (56 code points); anna marks PER
	// [0,4) and [12,15), ben PER [0,4) and [12,22). D_o = 98/(2·56²) =
	// .015625, D_e = (2/56)·10883/12312 = .031569, αu(PER) = .505.
	c := Continuum{Length: 56, Marks: []Mark{
		{"anna", "PER", 0, 4}, {"anna", "PER", 12, 15}, {"ben", "PER", 0, 4}, {"ben", "PER", 12, 22},
	}}
	r := UnitizingAlpha([]string{"anna", "ben"}, []Continuum{c}, 0, 0)
	if math.Abs(r.Observed["PER"]-0.015625) > 1e-9 || math.Abs(r.Expected["PER"]-0.031569) > 5e-7 || math.Abs(r.Categories["PER"].Value-0.505) > 0.0005 {
		t.Errorf("D_o %.6f, D_e %.6f, αu %.4f", r.Observed["PER"], r.Expected["PER"], r.Categories["PER"].Value)
	}
}
