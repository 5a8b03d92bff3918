package annotate

import "testing"

func TestOffsetIndexAgreesWithScanningFunctions(t *testing.T) {
	texts := []string{
		"",
		"plain ASCII text",
		"Zoë ist in Köln",
		"emoji 👩‍👩‍👧 and flags 🇩🇪 and q\u0303 combining",
		"😀",
		"a😀b😀c",
	}
	for _, s := range texts {
		x := NewOffsetIndex(s)
		if x.Len() != RuneCount(s) {
			t.Fatalf("%q: Len %d, want %d", s, x.Len(), RuneCount(s))
		}
		for cp := -1; cp <= RuneCount(s)+1; cp++ {
			b1, ok1 := ByteOffset(s, cp)
			b2, ok2 := x.ByteOffset(cp)
			if b1 != b2 || ok1 != ok2 {
				t.Errorf("%q ByteOffset(%d) = %d,%v; scanning gives %d,%v", s, cp, b2, ok2, b1, ok1)
			}
			u1, ok1 := UTF16Offset(s, cp)
			u2, ok2 := x.UTF16Offset(cp)
			if u1 != u2 || ok1 != ok2 {
				t.Errorf("%q UTF16Offset(%d) = %d,%v; scanning gives %d,%v", s, cp, u2, ok2, u1, ok1)
			}
			for end := cp; end <= RuneCount(s)+1; end++ {
				q1, ok1 := QuoteOf(s, cp, end, 3)
				q2, ok2 := x.Quote(cp, end, 3)
				if q1 != q2 || ok1 != ok2 {
					t.Errorf("%q Quote(%d,%d) = %+v,%v; QuoteOf gives %+v,%v", s, cp, end, q2, ok2, q1, ok1)
				}
			}
		}
		for u := -1; u <= x.UTF16Len()+1; u++ {
			c1, ok1 := RuneOffsetFromUTF16(s, u)
			c2, ok2 := x.RuneOffsetFromUTF16(u)
			if c1 != c2 || ok1 != ok2 {
				t.Errorf("%q RuneOffsetFromUTF16(%d) = %d,%v; scanning gives %d,%v", s, u, c2, ok2, c1, ok1)
			}
		}
		for b := -1; b <= len(s)+1; b++ {
			c1, ok1 := RuneOffset(s, b)
			c2, ok2 := x.RuneOffset(b)
			if c1 != c2 || ok1 != ok2 {
				t.Errorf("%q RuneOffset(%d) = %d,%v; scanning gives %d,%v", s, b, c2, ok2, c1, ok1)
			}
		}
	}
}
