package agreement

import (
	"math"
	"math/rand/v2"
	"testing"
)

// renamed returns units with every coder renamed through names, in a
// shuffled order of units.
func shuffled(us []Unit, names map[string]string, seed uint64) []Unit {
	out := make([]Unit, len(us))
	for i, u := range us {
		v := Unit{}
		for c, x := range u {
			v[names[c]] = x
		}
		out[i] = v
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func TestPerfectAgreementGivesOne(t *testing.T) {
	var us []Unit
	for i := range 12 {
		v := []string{"1", "2", "3", "5"}[i%4]
		us = append(us, Unit{"a": v, "b": v, "c": v})
	}
	us = append(us, Unit{"a": "2", "c": "2"}, Unit{"b": "7"}) // a missing value, an unpairable unit
	for _, m := range []Metric{Nominal, Ordinal, Interval} {
		if f := AlphaWithInterval(us, m, nil, 1, 200); f.Value != 1 || !f.Interval || f.Low != 1 || f.High != 1 {
			t.Errorf("%s alpha = %+v, want 1 with [1, 1]", m, f)
		}
	}
	if f := CohenKappa(us, "a", "b"); f.Value != 1 {
		t.Errorf("cohen = %+v", f)
	}
	if f := FleissKappa(us, []string{"a", "b", "c"}); f.Value != 1 {
		t.Errorf("fleiss = %+v", f)
	}
	keys := []SpanKey{{"d", "s", "PER", 0, 4}, {"d", "s", "ORG", 2, 9}}
	if f := SpanF1(keys, keys, false); f.Value != 1 {
		t.Errorf("F1 = %+v", f)
	}
}

func TestFiguresDoNotDependOnCoderOrUnitOrder(t *testing.T) {
	names := map[string]string{"c1": "z", "c2": "y", "c3": "x", "c4": "w", "c5": "v", "c6": "u"}
	for _, seed := range []uint64{1, 2, 3} {
		for _, m := range []Metric{Nominal, Ordinal, Interval} {
			a := AlphaWithInterval(krippendorff2011, m, nil, 9, 300)
			b := AlphaWithInterval(shuffled(krippendorff2011, names, seed), m, nil, 9, 300)
			if math.Abs(a.Value-b.Value) > 1e-12 {
				t.Errorf("%s alpha %v ≠ %v after reordering", m, a.Value, b.Value)
			}
		}
		a, b := FleissKappa(fleiss1971, coderNames(6)), FleissKappa(shuffled(fleiss1971, names, seed), []string{"u", "v", "w", "x", "y", "z"})
		if math.Abs(a.Value-b.Value) > 1e-12 {
			t.Errorf("fleiss %v ≠ %v", a.Value, b.Value)
		}
		c, d := CohenKappa(artsteinPoesio2, "c1", "c2"), CohenKappa(shuffled(artsteinPoesio2, names, seed), "y", "z")
		if math.Abs(c.Value-d.Value) > 1e-12 {
			t.Errorf("cohen %v ≠ %v", c.Value, d.Value)
		}
	}
}

func TestTheBootstrapIsRepeatableAndBracketsTheFigure(t *testing.T) {
	a := AlphaWithInterval(hayesKrippendorff2007, Ordinal, nil, 42, 1000)
	b := AlphaWithInterval(hayesKrippendorff2007, Ordinal, nil, 42, 1000)
	if a.Low != b.Low || a.High != b.High {
		t.Errorf("same seed, other interval: %v–%v, %v–%v", a.Low, a.High, b.Low, b.High)
	}
	if !(a.Low < a.Value && a.Value < a.High) || a.Low < -1 || a.High > 1 {
		t.Errorf("interval %v–%v does not bracket %v", a.Low, a.High, a.Value)
	}
	c := AlphaWithInterval(hayesKrippendorff2007, Ordinal, nil, 43, 1000)
	if c.Low == a.Low && c.High == a.High {
		t.Errorf("another seed gave the same interval")
	}
}

func TestSpanF1MatchesEachSpanOnce(t *testing.T) {
	a := []SpanKey{{"d", "s", "PER", 0, 10}}
	b := []SpanKey{{"d", "s", "PER", 0, 4}, {"d", "s", "PER", 5, 10}, {"d", "s", "ORG", 0, 10}, {"d", "t", "PER", 0, 10}}
	f := SpanF1(a, b, true)
	if f.Matched != 1 || math.Abs(f.Value-2.0/5) > 1e-12 {
		t.Errorf("overlap F1 = %+v, want 1 match, 0.4", f)
	}
	if f := SpanF1(a, b, false); f.Matched != 0 || f.Value != 0 {
		t.Errorf("exact F1 = %+v", f)
	}
	if f := SpanF1(nil, nil, true); !math.IsNaN(f.Value) {
		t.Errorf("F1 of no spans = %v, want NaN", f.Value)
	}
}

func TestOneUnitGetsNoInterval(t *testing.T) {
	f := AlphaWithInterval([]Unit{{"a": "1", "b": "2"}, {"a": "1"}}, Interval, nil, 1, 100)
	if f.Interval {
		t.Errorf("an interval from one pairable unit: %+v", f)
	}
}
