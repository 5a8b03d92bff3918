package annotate_test

import (
	"errors"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

func TestWhenWritesThePagesPrecisionAndOffset(t *testing.T) {
	plus2 := time.FixedZone("", 7200)
	cases := []struct {
		name string
		w    annotate.When
		iso  string
	}{
		{"nothing", annotate.When{}, ""},
		{"a relative text has no value", annotate.When{Text: "vor 8 Stunden"}, ""},
		{"a date alone is no midnight", annotate.DateOf(2014, 10, 15), "2014-10-15"},
		{"an hour", annotate.When{Time: time.Date(2014, 10, 15, 14, 0, 0, 0, time.UTC), Precision: annotate.PrecisionHour}, "2014-10-15T14"},
		{"a wall time has no offset", annotate.When{Time: time.Date(2014, 10, 15, 14, 32, 0, 0, time.UTC), Precision: annotate.PrecisionMinute}, "2014-10-15T14:32"},
		{"the stated offset", annotate.When{Time: time.Date(2014, 10, 15, 14, 32, 0, 0, plus2), Precision: annotate.PrecisionMinute, Zoned: true}, "2014-10-15T14:32+02:00"},
		{"seconds are RFC 3339", annotate.When{Time: time.Date(2014, 10, 15, 14, 32, 9, 0, plus2), Precision: annotate.PrecisionSecond, Zoned: true}, "2014-10-15T14:32:09+02:00"},
		{"UTC is Z", annotate.WhenOf(time.Date(2014, 10, 15, 12, 32, 9, 500000000, time.UTC)), "2014-10-15T12:32:09.5Z"},
		{"an instant keeps its offset", annotate.WhenOf(time.Date(2014, 10, 15, 14, 32, 9, 0, plus2)), "2014-10-15T14:32:09+02:00"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.w.ISO(); got != tc.iso {
				t.Fatalf("ISO = %q, want %q", got, tc.iso)
			}
			if tc.iso == "" {
				return
			}
			back, err := annotate.ParseISO(tc.iso)
			if err != nil {
				t.Fatal(err)
			}
			back.Text = tc.w.Text
			if !back.Equal(tc.w) {
				t.Errorf("ParseISO(%q) = %+v, want %+v", tc.iso, back, tc.w)
			}
		})
	}
}

func TestParseISOReadsOldRFC3339Instants(t *testing.T) {
	w, err := annotate.ParseISO("2014-10-15T00:00:00Z")
	if err != nil {
		t.Fatal(err)
	}
	if !w.Zoned || w.Precision != annotate.PrecisionSecond || !w.Time.Equal(time.Date(2014, 10, 15, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("old instant read as %+v", w)
	}
}

func TestParseISORefusesWhatIsNoISOTime(t *testing.T) {
	for _, s := range []string{"15.10.2014", "2014-10-15T", "2014-10-15T1", "2014-10-15T14:3", "2014-10-15T25:00", "2014-02-30",
		"2014-10-15T14:32+2", "2014-10-15T14:32+02:00:00", "yesterday"} {
		if w, err := annotate.ParseISO(s); !errors.Is(err, annotate.ErrInvalid) {
			t.Errorf("ParseISO(%q) = %+v, %v; want ErrInvalid", s, w, err)
		}
	}
}

func TestWhenEqualComparesValuePrecisionZoneAndText(t *testing.T) {
	a := annotate.When{Time: time.Date(2014, 10, 15, 14, 32, 0, 0, time.UTC), Precision: annotate.PrecisionMinute, Text: "14:32"}
	for name, b := range map[string]annotate.When{
		"another precision": {Time: a.Time, Precision: annotate.PrecisionSecond, Text: a.Text},
		"zoned":             {Time: a.Time, Precision: a.Precision, Zoned: true, Text: a.Text},
		"another text":      {Time: a.Time, Precision: a.Precision, Text: "heute"},
		"another minute":    {Time: a.Time.Add(time.Minute), Precision: a.Precision, Text: a.Text},
	} {
		if a.Equal(b) {
			t.Errorf("%s: %+v equals %+v", name, a, b)
		}
	}
	if !a.Equal(a) {
		t.Error("a time is not equal to itself")
	}
}

func FuzzParseISO(f *testing.F) {
	for _, s := range []string{"2014-10-15", "2014-10-15T14", "2014-10-15T14:32", "2014-10-15T14:32+02:00", "2014-10-15T14:32:09.5Z", "2014-10-15t14:32z", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := annotate.ParseISO(s)
		if err != nil || w.IsZero() {
			return
		}
		again, err := annotate.ParseISO(w.ISO())
		if err != nil || again.ISO() != w.ISO() || !again.Equal(w) {
			t.Fatalf("ParseISO(%q) = %s, which reads back as %+v, %v", s, w.ISO(), again, err)
		}
	})
}
