package app

import (
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

func TestCommentMetaShowsTheTimeWithThePagesPrecision(t *testing.T) {
	SetLanguage(LanguageGerman) // dates as a German reader writes them
	t.Cleanup(func() { SetLanguage(LanguageEnglish) })
	plus2 := time.FixedZone("", 7200)
	cases := []struct {
		name   string
		posted annotate.When
		want   string
	}{
		{"a date alone shows no midnight", annotate.DateOf(2014, 10, 15), "3. joG · 15.10.2014"},
		{"a clock", annotate.When{Time: time.Date(2014, 10, 15, 14, 32, 0, 0, time.UTC), Precision: annotate.PrecisionMinute}, "3. joG · 15.10.2014 14:32"},
		{"midnight given by the page is a time", annotate.When{Time: time.Date(2014, 10, 15, 0, 0, 0, 0, time.UTC), Precision: annotate.PrecisionMinute}, "3. joG · 15.10.2014 00:00"},
		{"the page's wall time, not UTC", annotate.When{Time: time.Date(2014, 10, 15, 14, 32, 0, 0, plus2), Precision: annotate.PrecisionMinute, Zoned: true}, "3. joG · 15.10.2014 14:32"},
		{"seconds when the page gave some", annotate.When{Time: time.Date(2014, 10, 15, 14, 32, 9, 0, plus2), Precision: annotate.PrecisionSecond, Zoned: true}, "3. joG · 15.10.2014 14:32:09"},
		{"an hour", annotate.When{Time: time.Date(2014, 10, 15, 14, 0, 0, 0, time.UTC), Precision: annotate.PrecisionHour}, "3. joG · 15.10.2014 14h"},
		{"a relative time as shown", annotate.When{Text: "vor 8 Stunden"}, "3. joG · vor 8 Stunden"},
		{"no time", annotate.When{}, "3. joG"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := commentMeta(annotate.Segment{Kind: annotate.KindComment, Number: 3, Author: "joG", Posted: tc.posted})
			if got != tc.want {
				t.Errorf("commentMeta = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCommentMetaWritesTheDateInTheWindowsLanguage(t *testing.T) {
	t.Cleanup(func() { SetLanguage(LanguageEnglish) })
	posted := annotate.When{Time: time.Date(2014, 10, 15, 14, 32, 0, 0, time.UTC), Precision: annotate.PrecisionMinute}
	for _, c := range []struct{ language, want string }{
		{LanguageGerman, "3. joG · 15.10.2014 14:32 · Antwort"},
		{LanguageEnglish, "3. joG · 15 Oct 2014 14:32 · reply"},
	} {
		SetLanguage(c.language)
		if got := commentMeta(annotate.Segment{Kind: annotate.KindComment, Number: 3, Author: "joG", Posted: posted, ReplyTo: "c1"}); got != c.want {
			t.Errorf("%s: commentMeta = %q, want %q", c.language, got, c.want)
		}
	}
}
