package importer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

func TestParseWhenReadsEachForm(t *testing.T) {
	cases := []struct {
		form, in string
		want     string // annotate.When.ISO; "" for text kept without a value
	}{
		// German
		{"dotted date", "15.10.2014", "2014-10-15"},
		{"dotted date, two-digit year, clock", "15.10.14 14:32", "2014-10-15T14:32"},
		{"weekday, date, clock with Uhr", "Mittwoch, 15.10.2014, 18:05 Uhr", "2014-10-15T18:05"},
		{"month name with um ... Uhr", "23. Juni 2016 um 17:21 Uhr", "2016-06-23T17:21"},
		{"month name with @", "8. April 2019 @ 11:38", "2019-04-08T11:38"},
		{"day.month, year @ clock", "17.07, 2011 @ 17:50", "2011-07-17T17:50"},
		{"month abbreviation", "7. Dez 2018 um 13:22 Uhr", "2018-12-07T13:22"},
		{"abbreviation with a dot", "3. Okt. 2019, 9:05", "2019-10-03T09:05"},
		{"weekday abbreviation without a dot", "Do 24. Mai 2018, 10:58", "2018-05-24T10:58"},
		{"date / clock", "19. Juni 2019 / 6:16", "2019-06-19T06:16"},
		{"clock with a dot and Uhr", "15.10.2014, 14.32 Uhr", "2014-10-15T14:32"},
		{"an hour with Uhr", "15.10.2014 um 17 Uhr", "2014-10-15T17"},
		{"am date um clock", "am 15.10.2014 um 14:32 Uhr", "2014-10-15T14:32"},
		{"clock before the date", "14:32 am 15.10.2014", "2014-10-15T14:32"},
		{"MESZ", "15.10.2014 14:32 MESZ", "2014-10-15T14:32+02:00"},
		{"MEZ", "15.12.2014 14:32 Uhr MEZ", "2014-12-15T14:32+01:00"},
		{"Jänner", "3. Jänner 2015", "2015-01-03"},
		{"März", "1. März 2017", "2017-03-01"},
		// English
		{"month day, year at 12-hour clock", "March 10, 2017 at 12:20 AM", "2017-03-10T00:20"},
		{"noon", "June 2, 2019 at 12:23 PM", "2019-06-02T12:23"},
		{"lower-case pm", "June 23, 2016 at 5:21 pm", "2016-06-23T17:21"},
		{"p.m. with dots", "June 23, 2016, 5:21 p.m.", "2016-06-23T17:21"},
		{"an hour with pm", "June 23, 2016 at 5 pm", "2016-06-23T17"},
		{"day month year", "15 Oct 2014 16:01", "2014-10-15T16:01"},
		{"ordinal day", "15th October 2014", "2014-10-15"},
		{"month ordinal, year", "Oct 15th, 2014 at 9:01 am", "2014-10-15T09:01"},
		{"slash date, month first", "10/15/2014", "2014-10-15"},
		{"slash date that cannot be month first", "15/10/2014 14:32", "2014-10-15T14:32"},
		{"weekday", "Wednesday, October 15, 2014 - 14:32", "2014-10-15T14:32"},
		{"GMT", "Wed, 15 Oct 2014 14:32:09 GMT", "2014-10-15T14:32:09Z"},
		{"RFC 1123 with a numeric zone", "Wed, 15 Oct 2014 14:32:09 +0200", "2014-10-15T14:32:09+02:00"},
		{"UTC with an offset", "15 Oct 2014 14:32 UTC+2", "2014-10-15T14:32+02:00"},
		{"EST", "Oct 15, 2014 at 2:32 pm EST", "2014-10-15T14:32-05:00"},
		// French
		{"French month and h", "10 mars 2017 à 12 h 20", "2017-03-10T12:20"},
		{"French h without spaces", "10 mars 2017 à 12h20", "2017-03-10T12:20"},
		{"French hour", "10 mars 2017 à 12 h", "2017-03-10T12"},
		{"French slash date is day first", "le 10/03/2017 à 12:20", "2017-03-10T12:20"},
		{"French premier and weekday", "le mardi 1er août 2017", "2017-08-01"},
		{"French abbreviation", "3 déc. 2019 à 8:05", "2019-12-03T08:05"},
		{"French février", "14 février 2018", "2018-02-14"},
		// ISO 8601 and RFC 3339
		{"RFC 3339 with offset", "2016-06-23T17:21:09+02:00", "2016-06-23T17:21:09+02:00"},
		{"RFC 3339 in UTC", "2016-06-23T15:21:09Z", "2016-06-23T15:21:09Z"},
		{"fraction of a second", "2016-06-23T17:21:09.250+02:00", "2016-06-23T17:21:09.25+02:00"},
		{"ISO without offset stays a wall time", "2014-10-15 14:32", "2014-10-15T14:32"},
		{"ISO date", "2014-10-15", "2014-10-15"},
		{"ISO with minutes and an offset", "2014-10-15T14:32+0200", "2014-10-15T14:32+02:00"},
		{"no-break spaces", "23.\u00a0Juni 2016 um\u00a017:21\u00a0Uhr", "2016-06-23T17:21"},
	}
	for _, tc := range cases {
		t.Run(tc.form, func(t *testing.T) {
			got, ok := parseWhen(tc.in, nil)
			if !ok {
				t.Fatalf("parseWhen(%q) not ok", tc.in)
			}
			if got.ISO() != tc.want || got.Text != tc.in {
				t.Errorf("parseWhen(%q) = %s text %q, want %s", tc.in, got.ISO(), got.Text, tc.want)
			}
			if got.Precision == annotate.PrecisionDay && (got.Zoned || got.Time.Hour() != 0) {
				t.Errorf("date %q is zoned or has a clock: %+v", tc.in, got)
			}
		})
	}
}

func TestParseWhenKeepsRelativeTimesAsText(t *testing.T) {
	for _, in := range []string{
		"vor 8 Stunden", "vor einer Minute", "vor 2 Tagen", "gestern", "Gestern, 14:32", "heute um 9:05 Uhr",
		"2 hours ago", "a day ago", "yesterday at 5:21 pm", "just now",
		"il y a 3 jours", "hier à 12 h 20", "aujourd'hui", "um 11:38 Uhr", "11:38", "Jun 20th at 2:41 am", "20. Juni um 14:32",
	} {
		t.Run(in, func(t *testing.T) {
			got, ok := parseWhen(in, time.UTC)
			if !ok || !got.IsZero() || got.Text != in {
				t.Errorf("parseWhen(%q) = %+v, %v; want the text kept without a value", in, got, ok)
			}
		})
	}
}

func TestParseWhenRefusesWhatIsNoTime(t *testing.T) {
	for _, in := range []string{
		"", "hello", "31.02.2014", "15.10.2014 und mehr", "15.10.2014 25:00", "Das Gesetz gilt seit dem 15.10.2014.",
		"June 31, 2019", "13/13/2014", "0:30 pm 15.10.2014", "vor langer Zeit", "Juni", strings.Repeat("15.10.2014 ", 20),
	} {
		if got, ok := parseWhen(in, nil); ok {
			t.Errorf("parseWhen(%q) = %+v, want not a time", in, got)
		}
	}
}

func TestParseWhenTakesAGivenZoneOnlyForClocks(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin") // time/tzdata is linked in: every machine has it
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ in, want string }{
		{"15.10.2014 14:32", "2014-10-15T14:32+02:00"}, // summer time
		{"15.12.2014 14:32", "2014-12-15T14:32+01:00"},
		{"15.10.2014", "2014-10-15"},                               // a date has no offset
		{"15.10.2014 14:32 UTC", "2014-10-15T14:32Z"},              // the page's zone wins
		{"2014-10-15T14:32:00-04:00", "2014-10-15T14:32:00-04:00"}, // and its offset
	}
	for _, tc := range cases {
		if got, _ := parseWhen(tc.in, berlin); got.ISO() != tc.want || !got.Zoned && tc.want != "2014-10-15" {
			t.Errorf("parseWhen(%q, Berlin) = %s, want %s", tc.in, got.ISO(), tc.want)
		}
	}
}

func TestResolveWhenUsesOnlyDatesThePageStates(t *testing.T) {
	published := annotate.DateOf(2019, 6, 19)
	asOf := annotate.When{Time: time.Date(2019, 6, 21, 15, 40, 0, 0, time.UTC), Precision: annotate.PrecisionMinute}
	asOfDay := annotate.DateOf(2019, 6, 21)
	text := func(s string) annotate.When { return annotate.When{Text: s} }
	cases := []struct {
		name            string
		in              annotate.When
		published, asOf annotate.When
		want            string // ISO, "" for unresolved
	}{
		{"a date without a year takes the publication year", text("Jun 20th at 2:41 am"), published, annotate.When{}, "2019-06-20T02:41"},
		{"a day before the publication day is next year's", text("Jun 3rd at 2:41 am"), published, annotate.When{}, "2020-06-03T02:41"},
		{"German without a year", text("20. Juni um 14:32"), published, annotate.When{}, "2019-06-20T14:32"},
		{"no publication date, no year", text("Jun 20th at 2:41 am"), annotate.When{}, asOf, ""},
		{"hours ago to the hour", text("vor 8 Stunden"), published, asOf, "2019-06-21T07"},
		{"minutes ago", text("5 minutes ago"), published, asOf, "2019-06-21T15:35"},
		{"seconds ago", text("vor 30 Sekunden"), published, asOf, "2019-06-21T15:39"},
		{"days ago", text("il y a 3 jours"), published, asOf, "2019-06-18"},
		{"a week ago", text("vor einer Woche"), published, asOf, "2019-06-14"},
		{"yesterday with a clock", text("gestern, 14:32"), published, asOf, "2019-06-20T14:32"},
		{"yesterday alone", text("yesterday"), published, asOf, "2019-06-20"},
		{"today's clock", text("um 11:38 Uhr"), published, asOf, "2019-06-21T11:38"},
		{"just now", text("gerade eben"), published, asOf, "2019-06-21T15:40"},
		{"hours need a shown time with a clock", text("vor 8 Stunden"), published, asOfDay, ""},
		{"days are fine with a shown date", text("vor 2 Tagen"), published, asOfDay, "2019-06-19"},
		{"months are too vague", text("vor 2 Monaten"), published, asOf, ""},
		{"a relative time is not resolved against the publication date", text("vor 8 Stunden"), published, annotate.When{}, ""},
		{"a time with a value stays", annotate.DateOf(2014, 10, 15), published, asOf, "2014-10-15"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := resolveWhen(tc.in, tc.published, tc.asOf, nil)
			if got.ISO() != tc.want {
				t.Errorf("resolveWhen(%q) = %s, want %q", tc.in.Text, got.ISO(), tc.want)
			}
			if tc.want == "" && !got.Equal(tc.in) {
				t.Errorf("unresolved time changed: %+v, was %+v", got, tc.in)
			}
			if tc.in.Text != "" && got.Text != tc.in.Text {
				t.Errorf("text %q became %q", tc.in.Text, got.Text)
			}
		})
	}
}

func TestShownWhenTakesTheClockShownAndTheOffsetStated(t *testing.T) {
	cases := []struct {
		name, machine, shown string
		loc                  *time.Location
		want, text           string
	}{
		{"the attribute's offset on the clock shown", "2016-06-23T17:21:09+02:00", "23. Juni 2016 um 17:21 Uhr", nil, "2016-06-23T17:21+02:00", "23. Juni 2016 um 17:21 Uhr"},
		{"an instant in UTC gives the page's offset", "2018-12-07T12:22:45Z", "7. Dez 2018 um 13:22 Uhr", nil, "2018-12-07T13:22+01:00", "7. Dez 2018 um 13:22 Uhr"},
		{"WordPress's +00:00 on a local clock is no offset", "2018-12-07T13:22:45+00:00", "7. Dez 2018 um 13:22 Uhr", nil, "2018-12-07T13:22", "7. Dez 2018 um 13:22 Uhr"},
		{"the attribute's offset beats the assumed zone", "2016-06-23T17:21:09+02:00", "23. Juni 2016 um 17:21 Uhr", time.UTC, "2016-06-23T17:21+02:00", "23. Juni 2016 um 17:21 Uhr"},
		{"an attribute far off is ignored", "2016-01-01T17:21:00+02:00", "23. Juni 2016 um 17:21 Uhr", nil, "2016-06-23T17:21", "23. Juni 2016 um 17:21 Uhr"},
		{"a date alone stays a date", "2013-10-20T16:57:39+00:00", "20. Oktober 2013", nil, "2013-10-20", "20. Oktober 2013"},
		{"a relative text takes the attribute's value", "2019-06-20T02:41:00+00:00", "vor 8 Stunden", nil, "2019-06-20T02:41:00Z", "vor 8 Stunden"},
		{"an unreadable text takes the attribute without it", "2019-06-20T02:41:00+02:00", "Permalink", nil, "2019-06-20T02:41:00+02:00", ""},
		{"a relative text alone is kept", "", "vor 8 Stunden", nil, "", "vor 8 Stunden"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := shownWhen(tc.machine, tc.shown, tc.loc)
			if got.ISO() != tc.want || got.Text != tc.text {
				t.Errorf("shownWhen(%q, %q) = %s text %q, want %s text %q", tc.machine, tc.shown, got.ISO(), got.Text, tc.want, tc.text)
			}
		})
	}
}

func TestParseCorpusTimeWantsAValue(t *testing.T) {
	cases := []struct{ in, want string }{
		{"1413381600", "2014-10-15T14:00:00Z"},
		{"1413381600123", "2014-10-15T14:00:00.123Z"},
		{"15.10.2014 14:32", "2014-10-15T14:32"},
		{"vor 2 Stunden", ""},
		{"gestern", ""},
	}
	for _, tc := range cases {
		got, ok := parseCorpusTime(tc.in, nil)
		if ok != (tc.want != "") || got.ISO() != tc.want {
			t.Errorf("parseCorpusTime(%q) = %s, %v; want %q", tc.in, got.ISO(), ok, tc.want)
		}
	}
}

func TestExtractedDateAtMidnightIsADate(t *testing.T) {
	if got := extractedWhen(time.Date(2019, 6, 19, 0, 0, 0, 0, time.UTC)); got.ISO() != "2019-06-19" {
		t.Errorf("midnight from the extractor = %s, want a date", got.ISO())
	}
	if got := extractedWhen(time.Date(2019, 6, 19, 7, 30, 0, 0, time.FixedZone("", 7200))); got.ISO() != "2019-06-19T07:30:00+02:00" {
		t.Errorf("a time from the extractor = %s", got.ISO())
	}
}

func TestMonthPatternHoldsEveryMonthName(t *testing.T) {
	re := regexp.MustCompile(`^` + monthPattern + `$`)
	words := regexp.MustCompile(`^` + monthWordPattern + `$`)
	for name := range monthNames {
		if !re.MatchString(name) || !words.MatchString(name) {
			t.Errorf("monthPattern or monthWordPattern misses %q", name)
		}
	}
	if n, m := strings.Count(monthPattern, "|"), strings.Count(monthWordPattern, "|"); n != m || n+1 != len(monthNames) {
		t.Errorf("monthPattern has %d names, monthWordPattern %d, monthNames %d", n+1, m+1, len(monthNames))
	}
	names := strings.Split(strings.TrimSuffix(strings.TrimPrefix(monthPattern, "(?:"), ")"), "|")
	for i := 1; i < len(names); i++ {
		if utf8.RuneCountInString(names[i]) > utf8.RuneCountInString(names[i-1]) {
			t.Errorf("monthPattern: %q comes after the shorter %q", names[i], names[i-1])
		}
		if _, ok := monthNames[names[i]]; !ok {
			t.Errorf("monthPattern has %q, which monthNames lacks", names[i])
		}
	}
}

// truthComment is what the page fixtures' truth files say of a comment's
// time (fixtures/pages/comments/README.md).
type truthComment struct {
	N        int     `json:"n"`
	Date     *string `json:"date"`
	DateText *string `json:"date_text"`
	Kind     string  `json:"kind"` // "pingback" for another site's link
}

// TestParseWhenReadsEveryTimeOfTheFixturePages reads every date_text of the
// page fixtures to exactly the date the truth gives, with its precision; a
// date without a year is resolved against the publication date the
// importer finds on the page itself.
func TestParseWhenReadsEveryTimeOfTheFixturePages(t *testing.T) {
	dir := sharedFile("fixtures", "pages", "comments")
	files, err := filepath.Glob(filepath.Join(dir, "truth", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no truth files in %s: %v", dir, err)
	}
	read := 0
	for _, f := range files {
		var truth struct {
			Page     string         `json:"page"`
			Comments []truthComment `json:"comments"`
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &truth); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var published *annotate.When
		for _, c := range truth.Comments {
			if c.DateText == nil {
				continue
			}
			got, ok := parseWhen(*c.DateText, nil)
			if !ok {
				t.Errorf("%s comment %d: %q is not read as a time", filepath.Base(f), c.N, *c.DateText)
				continue
			}
			if got.IsZero() && c.Date != nil {
				if published == nil {
					published = pagePublished(t, filepath.Join(dir, "html", truth.Page))
				}
				got = resolveWhen(got, *published, annotate.When{}, nil)
			}
			want := ""
			if c.Date != nil {
				want = *c.Date
			}
			if got.ISO() != want || got.Text != *c.DateText {
				t.Errorf("%s comment %d: %q read as %s, want %q", filepath.Base(f), c.N, *c.DateText, got.ISO(), want)
			}
			read++
		}
	}
	if read < 100 {
		t.Errorf("only %d times in the truth files; the fixtures were not found whole", read)
	}
}

// pagePublished returns the publication date the importer finds on the
// saved page at path.
func pagePublished(t *testing.T, path string) *annotate.When {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := ParseHTML(filepath.Base(path), f, Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if doc.Published.IsZero() {
		t.Fatalf("%s: the importer finds no publication date", path)
	}
	return &doc.Published
}

func FuzzParseWhen(f *testing.F) {
	for _, s := range []string{
		"15.10.2014 14:32", "June 23, 2016 at 5:21 pm", "2016-06-23T17:21:09+02:00", "1413381600", "31.02.2014",
		"vor 2 Stunden", "8. April 2019 @ 11:38", "17.07, 2011 @ 17:50", "March 10, 2017 at 12:20 AM", "um 11:38 Uhr",
		"10 mars 2017 à 12 h 20", "le 10/03/2017 à 12:20", "Jun 20th at 2:41 am", "15.10.2014 14:32 MESZ",
		"Wed, 15 Oct 2014 14:32:09 +0200", "gestern, 14:32", "il y a 3 jours", "2014-10-15T14:32:00.5-04:30",
	} {
		f.Add(s)
	}
	published := annotate.DateOf(2019, 6, 19)
	asOf := annotate.When{Time: time.Date(2019, 6, 21, 15, 40, 0, 0, time.FixedZone("", 7200)), Precision: annotate.PrecisionMinute, Zoned: true}
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range []*time.Location{nil, time.UTC} {
			w, ok := parseWhen(s, loc)
			if !ok {
				if !w.IsEmpty() {
					t.Fatalf("parseWhen(%q) not ok but gave %+v", s, w)
				}
				continue
			}
			if w.Text != strings.TrimSpace(s) {
				t.Fatalf("parseWhen(%q) text %q", s, w.Text)
			}
			checkWhen(t, s, w)
			checkWhen(t, s, resolveWhen(w, published, asOf, loc))
			if c, ok := parseCorpusTime(s, loc); ok {
				checkWhen(t, s, c)
			}
		}
	})
}

// checkWhen fails unless w is a well-formed time: a year of four digits,
// a date without clock or offset, and an ISO form that reads back to
// itself.
func checkWhen(t *testing.T, s string, w annotate.When) {
	t.Helper()
	if w.IsZero() {
		if w.Precision != annotate.PrecisionNone || !w.Time.IsZero() {
			t.Fatalf("%q: half a time %+v", s, w)
		}
		return
	}
	if y := w.Time.Year(); y < 1000 || y > 9999 {
		t.Fatalf("%q: year %d", s, y)
	}
	if w.Precision > annotate.PrecisionSecond {
		t.Fatalf("%q: precision %d", s, w.Precision)
	}
	if w.Precision == annotate.PrecisionDay && (w.Zoned || w.Time.Hour() != 0 || w.Time.Minute() != 0) {
		t.Fatalf("%q: a date with a clock or offset %+v", s, w)
	}
	if !w.Zoned && w.Time.Location() != time.UTC {
		t.Fatalf("%q: a wall time carried in %v", s, w.Time.Location())
	}
	back, err := annotate.ParseISO(w.ISO())
	if err != nil || back.ISO() != w.ISO() || back.Precision != w.Precision || back.Zoned != w.Zoned {
		t.Fatalf("%q: %s reads back as %+v, %v", s, w.ISO(), back, err)
	}
}

func TestFindWhenReadsTheDateInsideAHeader(t *testing.T) {
	cases := []struct{ in, want, text string }{
		{"Swen denkt 1. Juli 2018 um 11:08 Uhr Antworten", "2018-07-01T11:08", "1. Juli 2018 um 11:08 Uhr"},
		{"Anna | March 10, 2017 at 12:20 AM | Reply", "2017-03-10T00:20", "March 10, 2017 at 12:20 AM"},
		{"Permalink Antworten", "", ""},
		{"vor 8 Stunden geantwortet", "", ""},
	}
	for _, tc := range cases {
		got, ok := findWhen(tc.in, nil)
		if ok != (tc.want != "") || got.ISO() != tc.want || got.Text != tc.text {
			t.Errorf("findWhen(%q) = %s %q, %v; want %s %q", tc.in, got.ISO(), got.Text, ok, tc.want, tc.text)
		}
	}
}

// TestSavedPagesGiveEachCommentItsShownTime imports the saved fixture pages
// and checks that the comments' times are the truth's, as a multiset per
// page (the split itself is measured elsewhere).
func TestSavedPagesGiveEachCommentItsShownTime(t *testing.T) {
	dir := sharedFile("fixtures", "pages", "comments")
	files, _ := filepath.Glob(filepath.Join(dir, "truth", "*.json"))
	total, found := 0, 0
	for _, f := range files {
		var truth struct {
			Page     string         `json:"page"`
			Comments []truthComment `json:"comments"`
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &truth); err != nil {
			t.Fatal(err)
		}
		in, err := os.Open(filepath.Join(dir, "html", truth.Page))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ParseHTML(truth.Page, in, Options{})
		in.Close()
		if err != nil {
			t.Fatalf("%s: %v", truth.Page, err)
		}
		have := map[string]int{}
		for _, c := range doc.Comments() {
			iso := c.Posted.ISO()
			if c.Posted.Zoned { // the truth gives the wall time
				iso = c.Posted.Time.Format("2006-01-02T15:04")
			}
			have[iso]++
		}
		for _, c := range truth.Comments {
			if c.Date == nil || c.Kind == "pingback" {
				continue // pingbacks are kept out of the comments
			}
			total++
			if have[*c.Date] > 0 {
				have[*c.Date]--
				found++
			}
		}
	}
	if total == 0 || float64(found) < 0.97*float64(total) {
		t.Errorf("%d of %d comment times of the saved pages found, want at least 97%%", found, total)
	}
}

func BenchmarkParseCorpusTime(b *testing.B) {
	for _, s := range []string{"2014-10-15T14:32:00Z", "15.10.2014 14:32", "23. Juni 2016 um 17:21 Uhr", "vor 8 Stunden"} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				parseCorpusTime(s, nil)
			}
		})
	}
}

func TestWhenPatternFindsTheCommonFormsInALine(t *testing.T) {
	re := regexp.MustCompile(`^(?i:` + whenPattern + `)$`)
	for _, s := range []string{
		"15.10.2014", "Mittwoch, 15.10.2014, 18:05 Uhr", "23. Juni 2016 um 17:21 Uhr", "8. April 2019 @ 11:38",
		"17.07, 2011 @ 17:50", "7. Dez 2018 um 13:22 Uhr", "Do 24. Mai 2018, 10:58", "19. Juni 2019 / 6:16",
		"March 10, 2017 at 12:20 AM", "June 23, 2016, 5:21 p.m.", "Oct 15th, 2014 at 9:01 am", "Jun 20th at 2:41 am",
		"10 mars 2017 à 12 h 20", "le 10/03/2017 à 12:20", "le mardi 1er août 2017", "14:32 am 15.10.2014",
		"15.10.2014 14:32 MESZ", "2014-10-15", "vor 8 Stunden", "2 hours ago", "il y a 3 jours", "gestern, 14:32",
	} {
		if !re.MatchString(s) {
			t.Errorf("whenPattern does not match %q", s)
		}
	}
	for _, s := range []string{"Danke für den Artikel", "15 Leute 2014", "Stand der Dinge", "um 3"} {
		if re.MatchString(s) {
			t.Errorf("whenPattern matches %q", s)
		}
	}
}
