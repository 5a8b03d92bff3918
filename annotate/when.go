package annotate

import (
	"fmt"
	"strings"
	"time"
)

// Precision says how much of a time a page gave: a comment dated
// "15.10.2014" has a day and no clock, and must never read as midnight.
type Precision uint8

// The precisions of a When, coarsest first.
const (
	PrecisionNone   Precision = iota // no value: no time, or only a text such as "vor 8 Stunden"
	PrecisionDay                     // a calendar date ("15.10.2014")
	PrecisionHour                    // a date and an hour (a resolved "vor 8 Stunden")
	PrecisionMinute                  // a date, hour and minute ("15.10.2014, 14:32 Uhr")
	PrecisionSecond                  // to the second or finer (RFC 3339 attributes, corpus epochs)
)

// String returns the precision's name as the native format writes it:
// "", "day", "hour", "minute" or "second".
func (p Precision) String() string {
	switch p {
	case PrecisionDay:
		return "day"
	case PrecisionHour:
		return "hour"
	case PrecisionMinute:
		return "minute"
	case PrecisionSecond:
		return "second"
	}
	return ""
}

// When is a time as a page shows it: the value the page gives, with the
// precision and the UTC offset it gives, beside the text as shown.
type When struct {
	// Time holds the date and the wall clock the page gives. When Zoned, its
	// location is the UTC offset the page stated and it is an instant;
	// otherwise the clock is a wall time of an unknown zone, carried in
	// time.UTC, and must not be read as UTC. A PrecisionDay value is
	// midnight of its date and never Zoned. Zero when the page gave no
	// value (Precision is then PrecisionNone).
	Time      time.Time
	Precision Precision
	// Zoned reports whether the page stated the UTC offset ("+02:00", "Z",
	// "MEZ") or the importer was told the page's zone.
	Zoned bool
	// Text is the time as the page shows it ("15.10.2014, 14:32 Uhr",
	// "vor 8 Stunden"), "" if unknown. A relative time that could not be
	// resolved has Text and no value.
	Text string
}

// WhenOf returns the instant t as a When: Zoned, to the second, without a
// shown text. The zero time gives the zero When.
func WhenOf(t time.Time) When {
	if t.IsZero() {
		return When{}
	}
	return When{Time: t, Precision: PrecisionSecond, Zoned: true}
}

// DateOf returns the calendar date year-month-day as a date-only When.
func DateOf(year int, month time.Month, day int) When {
	return When{Time: time.Date(year, month, day, 0, 0, 0, 0, time.UTC), Precision: PrecisionDay}
}

// IsZero reports whether w has no value. A relative time kept only as text
// is zero.
func (w When) IsZero() bool { return w.Time.IsZero() || w.Precision == PrecisionNone }

// IsEmpty reports whether w has neither a value nor a text.
func (w When) IsEmpty() bool { return w.IsZero() && w.Text == "" }

// Equal reports whether w and v are the same value with the same
// precision, zone and text. Two zoned values are equal when they are the
// same instant at the same offset.
func (w When) Equal(v When) bool {
	if w.Precision != v.Precision || w.Zoned != v.Zoned || w.Text != v.Text {
		return false
	}
	return w.ISO() == v.ISO()
}

// ISO returns w's value in ISO 8601 with the precision the page gave, and
// with the offset only when the page stated one: "2014-10-15",
// "2014-10-15T14", "2014-10-15T14:32", "2014-10-15T14:32+02:00",
// "2014-10-15T14:32:09.5+02:00". A zoned time to the second is RFC 3339.
// It returns "" for a zero When.
func (w When) ISO() string {
	if w.IsZero() {
		return ""
	}
	t := w.Time
	var layout string
	switch w.Precision {
	case PrecisionDay:
		return t.Format(time.DateOnly)
	case PrecisionHour:
		layout = "2006-01-02T15"
	case PrecisionMinute:
		layout = "2006-01-02T15:04"
	default:
		layout = "2006-01-02T15:04:05.999999999"
	}
	if w.Zoned {
		layout += "Z07:00"
	}
	return t.Format(layout)
}

// String returns ISO, or the text as shown in quotes when w has no value.
func (w When) String() string {
	if w.IsZero() {
		if w.Text != "" {
			return fmt.Sprintf("%q", w.Text)
		}
		return ""
	}
	return w.ISO()
}

// ParseISO reads a time as ISO writes it (any of its precisions, with or
// without an offset) and any RFC 3339 time; the result has no Text. A time
// with seconds is PrecisionSecond even when they are ":00", as in files
// written before precisions were kept.
func ParseISO(s string) (When, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return When{}, nil
	}
	date, clock, hasClock := strings.Cut(s, "T")
	if !hasClock {
		date, clock, hasClock = strings.Cut(s, "t")
	}
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return When{}, fmt.Errorf("time %q: want ISO 8601 such as 2014-10-15 or 2014-10-15T14:32+02:00: %w", s, ErrInvalid)
	}
	if !hasClock {
		return When{Time: d, Precision: PrecisionDay}, nil
	}
	// Split the offset from the clock.
	zone := ""
	if i := strings.IndexAny(clock, "Zz+-"); i >= 0 {
		clock, zone = clock[:i], clock[i:]
	}
	var prec Precision
	var layout string
	switch {
	case len(clock) == 2:
		prec, layout = PrecisionHour, "15"
	case len(clock) == 5:
		prec, layout = PrecisionMinute, "15:04"
	case len(clock) >= 8:
		prec, layout = PrecisionSecond, "15:04:05"
		if len(clock) > 8 {
			layout = "15:04:05.999999999"
		}
	default:
		return When{}, fmt.Errorf("time %q: the clock must be hh, hh:mm or hh:mm:ss: %w", s, ErrInvalid)
	}
	c, err := time.Parse(layout, clock)
	if err != nil {
		return When{}, fmt.Errorf("time %q: the clock must be hh, hh:mm or hh:mm:ss: %w", s, ErrInvalid)
	}
	loc := time.UTC
	zoned := zone != ""
	if zoned {
		z, err := time.Parse("Z07:00", strings.ToUpper(zone))
		if err != nil {
			return When{}, fmt.Errorf("time %q: the offset must be Z or ±hh:mm: %w", s, ErrInvalid)
		}
		if _, off := z.Zone(); off != 0 {
			loc = time.FixedZone("", off)
		}
	}
	t := time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), c.Second(), c.Nanosecond(), loc)
	return When{Time: t, Precision: prec, Zoned: zoned}, nil
}
