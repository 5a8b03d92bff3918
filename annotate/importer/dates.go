package importer

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// This file reads the dates and times that news pages and corpus files
// write, in German, English and French: ISO 8601 and RFC 3339,
// "15.10.2014, 14:32 Uhr", "23. Juni 2016 um 17:21 Uhr", "8. April 2019 @
// 11:38", "17.07, 2011 @ 17:50", "June 23, 2016 at 5:21 pm", "Jun 20th at
// 2:41 am", "10 mars 2017 à 12 h 20", "le 10/03/2017 à 12:20", with an
// optional weekday, and relative times ("vor 8 Stunden", "2 hours ago",
// "il y a 3 jours", "gestern, 14:32").
//
// The result is an annotate.When: the text as shown, and the value with the
// precision the text gives (a date alone stays a date) and with the UTC
// offset only when the text states one. A clock without a zone stays a wall
// time, unless the caller names the page's zone.

// monthNames maps lower-case month names and abbreviations (German,
// English and French) to month numbers.
var monthNames = map[string]time.Month{
	"januar": 1, "jänner": 1, "january": 1, "janvier": 1, "janv": 1, "jan": 1,
	"februar": 2, "feber": 2, "february": 2, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "feb": 2, "fév": 2, "fev": 2,
	"märz": 3, "maerz": 3, "march": 3, "mars": 3, "mär": 3, "mar": 3, "mrz": 3,
	"april": 4, "avril": 4, "apr": 4, "avr": 4,
	"mai": 5, "may": 5,
	"juni": 6, "june": 6, "juin": 6, "jun": 6,
	"juli": 7, "july": 7, "juillet": 7, "juil": 7, "jul": 7,
	"august": 8, "août": 8, "aout": 8, "aug": 8,
	"september": 9, "septembre": 9, "sept": 9, "sep": 9,
	"oktober": 10, "october": 10, "octobre": 10, "okt": 10, "oct": 10,
	"november": 11, "novembre": 11, "nov": 11,
	"dezember": 12, "december": 12, "décembre": 12, "decembre": 12, "déc": 12, "dez": 12, "dec": 12,
}

// monthPattern is the alternation of monthNames for regular expressions,
// longest names first (a test checks it against monthNames).
const monthPattern = `(?:septembre|september|décembre|decembre|dezember|december|novembre|november|february|février|fevrier|octobre|oktober|october|janvier|juillet|january|februar|jänner|januar|august|avril|march|april|feber|maerz|janv|févr|fevr|märz|mars|juin|juni|june|juil|juli|july|août|aout|sept|jan|feb|fév|fev|mär|mar|mrz|apr|avr|mai|may|jun|jul|aug|sep|okt|oct|nov|déc|dez|dec)`

// monthWordPattern is monthPattern in alphabetical order, for the
// patterns that recognise a time in a line: the regexp compiler folds the
// shared prefixes of neighbouring names, which keeps the comment-header
// expressions small. Where a month is captured, monthPattern's longest-first
// order picks the whole name.
const monthWordPattern = `(?:aout|août|apr|april|aug|august|avr|avril|dec|december|decembre|dez|dezember|déc|décembre|feb|feber|februar|february|fev|fevr|fevrier|fév|févr|février|jan|januar|january|janv|janvier|juil|juillet|juin|jul|juli|july|jun|june|juni|jänner|maerz|mai|mar|march|mars|may|mrz|mär|märz|nov|november|novembre|oct|october|octobre|okt|oktober|sep|sept|september|septembre)`

// weekdayPattern matches German, English and French weekday names and
// abbreviations.
const weekdayPattern = `(?:(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?|(?:mo|di|mi|do|fr|sa|so|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|lun|mer|jeu|ven|sam|dim)(?:\.,?|,|\s))`

// Patterns of a date, a time and a date with a time as they appear inside
// a line. They are case-insensitive fragments for bigger expressions and
// have no capturing groups.
const (
	datePattern = `(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})` + // 15.10.2014, 15.10.14
		`|\d{1,2}\.\d{1,2},\s?\d{4}` + // 17.07, 2011
		`|\d{4}-\d{2}-\d{2}` + // 2014-10-15
		`|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})` + // 10/15/2014
		`|\d{1,2}(?:\.|st|nd|rd|th|er)?\s+` + monthWordPattern + `\.?,?\s+\d{4}` + // 15. Oktober 2014, 15 Oct 2014, 1er mars 2017
		`|` + monthWordPattern + `\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})` // October 15, 2014
	// yearlessPattern is a date without a year as comment lists write it
	// ("Jun 20th"); it counts as a time only with a clock. These patterns
	// are kept small: they are part of every comment-header expression,
	// whose cost grows with their size. parseWhen reads more than they
	// match (offsets such as "+0200", "20. Juni um 14:32").
	yearlessPattern = `(?:` + monthWordPattern + `\.?\s+\d{1,2}(?:st|nd|rd|th))`
	zonePattern     = `(?:\s?(?:mez|mesz|cet|cest|utc|gmt))`
	timePattern     = `(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?\s?m\.?)?(?:\s?uhr)?` + zonePattern + `?` +
		`|\d{1,2}\.\d{2}\s?uhr|\d{1,2}\s?[ap]\.?\s?m\.?|\d{1,2}\s?h\s?\d{2}|\d{1,2}\s?(?:h|uhr)\b)`
	// dateTimeSep is what pages write between a date and its clock.
	dateTimeSep = `(?:\s*(?:,|um|at|à|a|@|-|–|\||·|/|kl\.)?\s*)`
	// relativePattern is a time relative to when the page was shown: kept
	// as text, resolved only against a time the page states.
	relativePattern = `(?:vor\s+(?:einer|einem|einigen|wenigen|\d+)\s+(?:sekunden?|minuten?|min\.?|stunden?|std\.?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)` +
		`|(?:an?|one|\d+)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago` +
		`|il\s+y\s+a\s+(?:une?|\d+)\s+(?:secondes?|minutes?|min|heures?|h|jours?|semaines?|mois|ans?|années?)` +
		`|(?:vorgestern|gestern|heute|yesterday|today|avant-hier|hier|aujourd'hui|aujourd’hui)(?:,?\s*(?:um\s+|at\s+|à\s+)?` + timePattern + `)?` +
		`|just now|gerade eben|soeben|à l'instant|à l’instant)`
	dateTimePattern = `(?:(?:` + timePattern + `,?\s+(?:am\s+|on\s+)?)?(?:le\s+)?(?:` + weekdayPattern + `\s*)?` + datePattern +
		`(?:` + dateTimeSep + timePattern + `)?` +
		`|` + yearlessPattern + dateTimeSep + timePattern + `)`
	// whenPattern is anything a comment header may give as its time.
	whenPattern = `(?:` + dateTimePattern + `|` + relativePattern + `)`
)

var (
	reISODate   = regexp.MustCompile(`(?i)^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2})([.,]\d+)?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$`)
	reDotDate   = regexp.MustCompile(`(\d{1,2})\.\s?(\d{1,2})(?:\.\s?(\d{4}|\d{2})|,\s?(\d{4}))\b`)
	reISOPart   = regexp.MustCompile(`(\d{4})[-/](\d{1,2})[-/](\d{1,2})`)
	reSlash     = regexp.MustCompile(`(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b`)
	reDayMonth  = regexp.MustCompile(`(\d{1,2})(?:\.|st|nd|rd|th|er)?\s+(` + monthPattern + `)\.?(?:,?\s+(\d{4}))?`)
	reMonthDay  = regexp.MustCompile(`(` + monthPattern + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`)
	reClock     = regexp.MustCompile(`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s?([ap])\.?\s?m\b\.?)?`)
	reClockUhr  = regexp.MustCompile(`(\d{1,2})\.(\d{2})\s?uhr`)
	reClockFR   = regexp.MustCompile(`\b(\d{1,2})\s?h\s?(\d{2})?\b`)
	reClockAP   = regexp.MustCompile(`\b(\d{1,2})\s?([ap])\.?\s?m\b\.?`)
	reClockHour = regexp.MustCompile(`\b(\d{1,2})\s?uhr\b`)
	reZone      = regexp.MustCompile(`(?:\b(mez|mesz|cet|cest|utc|gmt|bst|est|edt|pst|pdt)\b(?:\s?([+-]\d{1,2}(?::?\d{2})?))?|([+-]\d{2}:?\d{2})\b)`)
	reFiller    = regexp.MustCompile(`(?:\b` + weekdayPattern + `|\b(?:um|at|am|on|le|a|uhr|den|der|kl)\b|[\s,|·/–\-.()@à])`)
	reRelative  = regexp.MustCompile(`^(?i:` + relativePattern + `)$`)
	reTimeOnly  = regexp.MustCompile(`^(?i:(?:um|at|à|heute|today|aujourd'hui)?\s*` + timePattern + `)$`)
	reAgo       = regexp.MustCompile(`(?:vor|il y a)\s+(einer|einem|einigen|wenigen|une?|\d+)\s+(\pL+)|(an?|one|\d+)\s+(\pL+)\s+ago`)
	reDayWord   = regexp.MustCompile(`^(vorgestern|gestern|heute|yesterday|today|avant-hier|hier|aujourd'hui|aujourd’hui|just now|gerade eben|soeben|à l'instant|à l’instant)`)
	reUnixTime  = regexp.MustCompile(`^\d{9,13}$`)
)

// whenRefs are the times of the page a time may be read against: the
// publication date, which gives the year of "Jun 20th", and the time the
// page was shown, which "vor 8 Stunden" counts back from.
type whenRefs struct {
	published, asOf annotate.When
}

// maxWhenText bounds the text parseWhen looks at; longer text is not a
// time.
const maxWhenText = 100

// parseWhen reads a time as a page shows it. ok is true for every time
// form it knows, absolute or not, and w.Text is s as shown (trimmed).
// Relative times ("vor 8 Stunden", "gestern", "2 hours ago"), clocks
// without a date ("um 11:38 Uhr") and dates without a year ("Jun 20th at
// 2:41 am") come back with w.Text set and no value (w.IsZero()): kept as
// text for resolveWhen. A clock without a stated zone stays a wall time
// (Zoned false) unless loc is given, in which case it is taken in loc.
func parseWhen(s string, loc *time.Location) (annotate.When, bool) {
	return readWhen(s, loc, whenRefs{})
}

// reWhenIn finds a time inside a longer text.
var reWhenIn = regexp.MustCompile(`(?i:\b` + dateTimePattern + `)`)

// findWhen reads the first date (with its clock) inside a longer text,
// such as an element that holds an author, a time and a reply link; ok is
// false when the text holds none. A relative time is not looked for: in
// running text it is too often part of a sentence.
func findWhen(s string, loc *time.Location) (annotate.When, bool) {
	if utf8.RuneCountInString(s) > 4*maxWhenText {
		return annotate.When{}, false
	}
	for _, m := range reWhenIn.FindAllStringIndex(s, 3) {
		if w, ok := parseWhen(s[m[0]:m[1]], loc); ok {
			return w, true
		}
	}
	return annotate.When{}, false
}

// resolveWhen gives w a value from the times the page itself states, when
// w has only its text: a date without a year takes the year from the
// publication date (the first such day on or after it); a relative time or
// a bare clock counts from asOf, the time the page was shown. Without the
// reference it needs, w is returned unchanged.
func resolveWhen(w annotate.When, published, asOf annotate.When, loc *time.Location) annotate.When {
	if !w.IsZero() || w.Text == "" || (published.IsZero() && asOf.IsZero()) {
		return w
	}
	if r, ok := readWhen(w.Text, loc, whenRefs{published: published, asOf: asOf}); ok {
		return r
	}
	return w
}

// parseCorpusTime reads a time from a corpus field or a machine-readable
// attribute: what parseWhen reads, or Unix seconds or milliseconds (an
// instant in UTC). Unlike parseWhen it wants a value: a relative time or a
// date without a year is not ok, as a corpus gives nothing to resolve it
// against.
func parseCorpusTime(s string, loc *time.Location) (annotate.When, bool) {
	s = strings.TrimSpace(s)
	if reUnixTime.MatchString(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return annotate.When{}, false
		}
		if len(s) >= 12 {
			return annotate.WhenOf(time.UnixMilli(n).UTC()), true
		}
		return annotate.WhenOf(time.Unix(n, 0).UTC()), true
	}
	w, ok := parseWhen(s, loc)
	return w, ok && !w.IsZero()
}

// shownWhen reads the time of a page element from its machine-readable
// attribute (machine, "" if none) and the text it shows. The shown text
// gives the wall clock and the precision; the attribute gives the offset
// when it names the same wall clock, or when it is the same instant in UTC
// (then the offset is the difference). An offset of zero on the same wall
// clock is not taken: WordPress writes local times with "+00:00". A
// relative or unreadable text takes the attribute's value. Text is the
// shown text whenever it is a time form.
func shownWhen(machine, shown string, loc *time.Location) (annotate.When, bool) {
	m, mok := parseCorpusTime(machine, loc)
	// The shown text is read as a wall time first, so that an offset the
	// page states in the attribute wins over the zone the caller assumes.
	s, sok := parseWhen(shown, nil)
	switch {
	case sok && !s.IsZero():
		if mok && m.Zoned && !s.Zoned && s.Precision > annotate.PrecisionDay {
			s = withOffset(s, m)
		}
		if !s.Zoned && loc != nil && s.Precision > annotate.PrecisionDay {
			s = inLocation(s, loc)
		}
		return s, true
	case mok:
		m.Text = ""
		if sok {
			m.Text = s.Text
		}
		return m, true
	}
	return s, sok
}

// withOffset gives the wall time s the offset of the instant m when the
// two are the same moment of the same or a neighbouring day.
func withOffset(s, m annotate.When) annotate.When {
	wall := s.Time // carried in UTC
	_, off := m.Time.Zone()
	mWall := time.Date(m.Time.Year(), m.Time.Month(), m.Time.Day(), m.Time.Hour(), m.Time.Minute(), 0, 0, time.UTC)
	trunc := wall.Truncate(time.Minute)
	if trunc.Equal(mWall) {
		if off == 0 {
			return s
		}
		s.Time = time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), m.Time.Location())
		s.Zoned = true
		return s
	}
	diff := trunc.Sub(m.Time.UTC().Truncate(time.Minute))
	if diff%(15*time.Minute) != 0 || diff > 14*time.Hour || diff < -14*time.Hour {
		return s
	}
	s.Time = time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), time.FixedZone("", int(diff/time.Second)))
	s.Zoned = true
	return s
}

// inLocation takes the wall time w in loc.
func inLocation(w annotate.When, loc *time.Location) annotate.When {
	t := w.Time
	w.Time = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	w.Zoned = true
	return w
}

// extractedWhen is a publication time found by the article extractor,
// which does not say how precise it is: midnight is taken as a date only.
func extractedWhen(t time.Time) annotate.When {
	if t.IsZero() {
		return annotate.When{}
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return annotate.DateOf(t.Date())
	}
	return annotate.WhenOf(t)
}

// normalizeWhen lower-cases s, turns no-break and narrow spaces into
// spaces, drops soft hyphens and zero-width spaces, and collapses runs of
// white space.
func normalizeWhen(s string) string {
	if plainWhen(s) {
		return s
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u202f', '\u2009', '\u2007':
			return ' '
		case '\u00ad', '\u200b', '\ufeff':
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// plainWhen reports whether s is already normal: ASCII without capitals,
// control characters or runs of spaces, trimmed. Most corpus fields are.
func plainWhen(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < ' ' || 'A' <= c && c <= 'Z' || c == ' ' && (i == 0 || s[i-1] == ' ' || i == len(s)-1) {
			return false
		}
	}
	return true
}

// readWhen is parseWhen with the page's reference times.
func readWhen(s string, loc *time.Location, refs whenRefs) (annotate.When, bool) {
	text := strings.TrimSpace(s)
	if text == "" || len(text) > 4*maxWhenText || utf8.RuneCountInString(text) > maxWhenText || !utf8.ValidString(text) {
		return annotate.When{}, false
	}
	shown := annotate.When{Text: text}
	if len(text) >= 20 && text[10] == 'T' && text[len(text)-1] != '.' {
		if t, err := time.Parse(time.RFC3339Nano, text); err == nil && t.Year() >= 1000 {
			_, off := t.Zone()
			loc := time.UTC
			if off != 0 {
				loc = time.FixedZone("", off)
			}
			return annotate.When{Time: t.In(loc), Precision: annotate.PrecisionSecond, Zoned: true, Text: text}, true
		}
	}
	if m := reISODate.FindStringSubmatch(text); m != nil { // before normalising: machine times are many
		w, ok := isoWhen(m, loc)
		if !ok {
			return annotate.When{}, false
		}
		w.Text = text
		return w, true
	}
	low := normalizeWhen(text)
	if m := reISODate.FindStringSubmatch(low); m != nil {
		w, ok := isoWhen(m, loc)
		if !ok {
			return annotate.When{}, false
		}
		w.Text = text
		return w, true
	}
	if reRelative.MatchString(low) || reTimeOnly.MatchString(low) {
		if w, ok := relativeWhen(low, refs.asOf, loc); ok {
			w.Text = text
			return w, true
		}
		return shown, true
	}
	var (
		year, day int
		month     time.Month
		rest      string
		french    = strings.Contains(low, "à") || strings.HasPrefix(low, "le ") || reClockFR.MatchString(low)
		german    = strings.Contains(low, "uhr") || strings.Contains(low, " um ")
	)
	cut := func(m []int) { rest = low[:m[0]] + " " + low[m[1]:] }
	if m := reDotDate.FindStringSubmatchIndex(low); m != nil {
		day, month = atoi(low[m[2]:m[3]]), time.Month(atoi(low[m[4]:m[5]]))
		if m[6] >= 0 {
			year = fullYear(low[m[6]:m[7]])
		} else {
			year = atoi(low[m[8]:m[9]])
		}
		cut(m)
	} else if m := reISOPart.FindStringSubmatchIndex(low); m != nil {
		year, month, day = atoi(low[m[2]:m[3]]), time.Month(atoi(low[m[4]:m[5]])), atoi(low[m[6]:m[7]])
		cut(m)
	} else if m := reSlash.FindStringSubmatchIndex(low); m != nil {
		// Month first, as American pages write it, unless that cannot be or
		// the text is German or French, which write the day first.
		a, b := atoi(low[m[2]:m[3]]), atoi(low[m[4]:m[5]])
		if a > 12 || ((french || german) && b <= 12) {
			a, b = b, a
		}
		month, day, year = time.Month(a), b, fullYear(low[m[6]:m[7]])
		cut(m)
	} else if m := reDayMonth.FindStringSubmatchIndex(low); m != nil && (m[6] >= 0 || !monthDayFirst(low)) {
		day, month = atoi(low[m[2]:m[3]]), monthNames[low[m[4]:m[5]]]
		if m[6] >= 0 {
			year = atoi(low[m[6]:m[7]])
		}
		cut(m)
	} else if m := reMonthDay.FindStringSubmatchIndex(low); m != nil {
		month, day = monthNames[low[m[2]:m[3]]], atoi(low[m[4]:m[5]])
		if m[6] >= 0 {
			year = atoi(low[m[6]:m[7]])
		}
		cut(m)
	} else {
		return annotate.When{}, false
	}
	c, rest, ok := readClock(rest)
	if !ok {
		return annotate.When{}, false
	}
	zone, zoned := loc, loc != nil
	if m := reZone.FindStringSubmatchIndex(rest); m != nil && c.prec > annotate.PrecisionDay {
		z, ok := namedZone(rest, m)
		if !ok {
			return annotate.When{}, false
		}
		zone, zoned = z, true
		cut := m
		rest = rest[:cut[0]] + " " + rest[cut[1]:]
	}
	if strings.TrimSpace(reFiller.ReplaceAllString(rest, "")) != "" {
		return annotate.When{}, false
	}
	if year == 0 {
		if refs.published.IsZero() {
			if !validDayMonth(month, day) {
				return annotate.When{}, false
			}
			return shown, true
		}
		year = yearAfter(refs.published, month, day)
	}
	w, ok := makeWhen(year, month, day, c, zone, zoned)
	if !ok {
		return annotate.When{}, false
	}
	w.Text = text
	return w, true
}

// monthDayFirst reports whether a month name comes before the first day
// number in s ("jun 20th at 12:50 pm" holds "20th at 12" which reads as a
// day before a month otherwise).
func monthDayFirst(s string) bool {
	dm := reDayMonth.FindStringIndex(s)
	md := reMonthDay.FindStringIndex(s)
	return md != nil && dm != nil && md[0] < dm[0]
}

// clock is a time of day and how precise it is (PrecisionDay when none).
type clock struct {
	hour, minute, sec, nsec int
	prec                    annotate.Precision
}

// readClock finds the clock in rest and returns rest without it; ok is
// false for an impossible clock.
func readClock(rest string) (clock, string, bool) {
	c := clock{prec: annotate.PrecisionDay}
	cut := func(m []int) string { return rest[:m[0]] + " " + rest[m[1]:] }
	if m := reClock.FindStringSubmatchIndex(rest); m != nil {
		c.hour, c.minute, c.prec = atoi(rest[m[2]:m[3]]), atoi(rest[m[4]:m[5]]), annotate.PrecisionMinute
		if m[6] >= 0 {
			c.sec, c.prec = atoi(rest[m[6]:m[7]]), annotate.PrecisionSecond
		}
		if m[8] >= 0 {
			h, ok := twelveHour(c.hour, rest[m[8]:m[9]])
			if !ok {
				return c, rest, false
			}
			c.hour = h
		}
		return c, cut(m), true
	}
	if m := reClockUhr.FindStringSubmatchIndex(rest); m != nil {
		c.hour, c.minute, c.prec = atoi(rest[m[2]:m[3]]), atoi(rest[m[4]:m[5]]), annotate.PrecisionMinute
		return c, cut(m), true
	}
	if m := reClockAP.FindStringSubmatchIndex(rest); m != nil {
		h, ok := twelveHour(atoi(rest[m[2]:m[3]]), rest[m[4]:m[5]])
		c.hour, c.prec = h, annotate.PrecisionHour
		return c, cut(m), ok
	}
	if m := reClockFR.FindStringSubmatchIndex(rest); m != nil {
		c.hour, c.prec = atoi(rest[m[2]:m[3]]), annotate.PrecisionHour
		if m[4] >= 0 {
			c.minute, c.prec = atoi(rest[m[4]:m[5]]), annotate.PrecisionMinute
		}
		return c, cut(m), true
	}
	if m := reClockHour.FindStringSubmatchIndex(rest); m != nil {
		c.hour, c.prec = atoi(rest[m[2]:m[3]]), annotate.PrecisionHour
		return c, cut(m), true
	}
	return c, rest, true
}

// relativeWhen resolves a relative time or a bare clock (low, normalised)
// against asOf, the time the page was shown. It reports false when asOf is
// unknown or too coarse for the text, or the text is too vague ("vor 2
// Monaten").
func relativeWhen(low string, asOf annotate.When, loc *time.Location) (annotate.When, bool) {
	if asOf.IsZero() {
		return annotate.When{}, false
	}
	if m := reAgo.FindStringSubmatch(low); m != nil {
		n, unit := m[1], m[2]
		if n == "" {
			n, unit = m[3], m[4]
		}
		count := atoi(n)
		switch n {
		case "einer", "einem", "une", "un", "a", "an", "one":
			count = 1
		case "einigen", "wenigen":
			return annotate.When{}, false
		}
		step, prec := agoUnit(unit)
		if prec == annotate.PrecisionNone || asOf.Precision < prec {
			return annotate.When{}, false
		}
		w := asOf
		w.Text = ""
		w.Precision = prec
		if prec == annotate.PrecisionDay {
			y, mo, d := asOf.Time.Date()
			return annotate.DateOf(y, mo, d-count*int(step/(24*time.Hour))), true
		}
		w.Time = truncateWall(asOf.Time.Add(-time.Duration(count)*step), prec)
		return w, true
	}
	back := 0
	rest := low
	if m := reDayWord.FindStringSubmatch(low); m != nil {
		switch m[1] {
		case "just now", "gerade eben", "soeben", "à l'instant", "à l’instant":
			if asOf.Precision < annotate.PrecisionMinute {
				return annotate.When{}, false
			}
			w := asOf
			w.Precision = annotate.PrecisionMinute
			w.Time = truncateWall(w.Time, annotate.PrecisionMinute)
			w.Text = ""
			return w, true
		case "gestern", "yesterday", "hier":
			back = 1
		case "vorgestern", "avant-hier":
			back = 2
		}
		rest = low[len(m[1]):]
	}
	// "gestern" on the 1st is the last day of the month before.
	y, mo, d := time.Date(asOf.Time.Year(), asOf.Time.Month(), asOf.Time.Day()-back, 0, 0, 0, 0, time.UTC).Date()
	c, rest, ok := readClock(rest)
	if !ok || strings.TrimSpace(reFiller.ReplaceAllString(rest, "")) != "" {
		return annotate.When{}, false
	}
	zone, zoned := loc, loc != nil
	if asOf.Zoned && loc == nil {
		zone, zoned = asOf.Time.Location(), true
	}
	return makeWhen(y, mo, d, c, zone, zoned)
}

// agoUnit returns the length of a unit of "vor 3 Stunden" and the
// precision it leaves; months and years are too vague and give
// PrecisionNone.
func agoUnit(unit string) (time.Duration, annotate.Precision) {
	switch {
	case strings.HasPrefix(unit, "sec") || strings.HasPrefix(unit, "sek"):
		return time.Second, annotate.PrecisionMinute
	case strings.HasPrefix(unit, "min"):
		return time.Minute, annotate.PrecisionMinute
	case strings.HasPrefix(unit, "stund") || strings.HasPrefix(unit, "std") || strings.HasPrefix(unit, "hour") ||
		strings.HasPrefix(unit, "hr") || strings.HasPrefix(unit, "heure") || unit == "h":
		return time.Hour, annotate.PrecisionHour
	case strings.HasPrefix(unit, "tag") || strings.HasPrefix(unit, "day") || strings.HasPrefix(unit, "jour"):
		return 24 * time.Hour, annotate.PrecisionDay
	case strings.HasPrefix(unit, "woch") || strings.HasPrefix(unit, "week") || strings.HasPrefix(unit, "semaine"):
		return 7 * 24 * time.Hour, annotate.PrecisionDay
	}
	return 0, annotate.PrecisionNone
}

// yearAfter returns the year in which month and day first fall on or
// after the publication date: comments come after the article.
func yearAfter(published annotate.When, month time.Month, day int) int {
	py, pm, pd := published.Time.Date()
	if month < pm || (month == pm && day < pd) {
		return py + 1
	}
	return py
}

// validDayMonth reports whether day can be a day of month in some year.
func validDayMonth(month time.Month, day int) bool {
	return month >= 1 && month <= 12 && day >= 1 && day <= time.Date(2000, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// isoWhen builds the When of an ISO 8601 / RFC 3339 match of reISODate.
func isoWhen(m []string, loc *time.Location) (annotate.When, bool) {
	year, month, day := atoi(m[1]), time.Month(atoi(m[2])), atoi(m[3])
	c := clock{prec: annotate.PrecisionDay}
	if m[4] != "" {
		c.hour, c.minute, c.prec = atoi(m[4]), atoi(m[5]), annotate.PrecisionMinute
		if m[6] != "" {
			c.sec, c.prec = atoi(m[6]), annotate.PrecisionSecond
			if f := m[7]; f != "" {
				frac := (f[1:] + "000000000")[:9]
				c.nsec = atoi(frac)
			}
		}
	}
	zone, zoned := loc, loc != nil
	switch z := m[8]; {
	case z == "z" || z == "Z":
		zone, zoned = time.UTC, true
	case z != "":
		l, ok := offsetZone(z)
		if !ok {
			return annotate.When{}, false
		}
		zone, zoned = l, true
	}
	return makeWhen(year, month, day, c, zone, zoned)
}

// makeWhen checks and builds a time. A date alone is never zoned; a clock
// is zoned in loc when zoned, else a wall time carried in UTC.
func makeWhen(year int, month time.Month, day int, c clock, loc *time.Location, zoned bool) (annotate.When, bool) {
	if year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 ||
		c.hour > 23 || c.minute > 59 || c.sec > 60 {
		return annotate.When{}, false
	}
	if !validDayMonth(month, day) || time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Day() != day {
		return annotate.When{}, false
	}
	if c.prec <= annotate.PrecisionDay {
		return annotate.DateOf(year, month, day), true
	}
	if !zoned || loc == nil {
		loc, zoned = time.UTC, false
	}
	t := time.Date(year, month, day, c.hour, c.minute, c.sec, c.nsec, loc)
	if t.Hour() != c.hour || t.Minute() != c.minute { // a clock the zone skips (summer time)
		return annotate.When{}, false
	}
	return annotate.When{Time: t, Precision: c.prec, Zoned: zoned}, true
}

// namedZone returns the zone of a reZone match in s.
func namedZone(s string, m []int) (*time.Location, bool) {
	if m[6] >= 0 {
		return offsetZone(s[m[6]:m[7]])
	}
	base := 0
	switch s[m[2]:m[3]] {
	case "mez", "cet":
		base = 3600
	case "mesz", "cest":
		base = 7200
	case "bst":
		base = 3600
	case "est":
		base = -5 * 3600
	case "edt":
		base = -4 * 3600
	case "pst":
		base = -8 * 3600
	case "pdt":
		base = -7 * 3600
	}
	if m[4] >= 0 {
		z, ok := offsetZone(s[m[4]:m[5]])
		if !ok {
			return nil, false
		}
		_, off := time.Date(2000, 1, 1, 0, 0, 0, 0, z).Zone()
		base += off
	}
	if base == 0 {
		return time.UTC, true
	}
	return time.FixedZone("", base), true
}

// offsetZone reads "+2", "+02", "+0200" or "+02:00".
func offsetZone(z string) (*time.Location, bool) {
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	z = strings.ReplaceAll(z[1:], ":", "")
	var h, mm int
	switch len(z) {
	case 1, 2:
		h = atoi(z)
	case 3:
		h, mm = atoi(z[:1]), atoi(z[1:])
	case 4:
		h, mm = atoi(z[:2]), atoi(z[2:])
	default:
		return nil, false
	}
	if h > 14 || mm > 59 {
		return nil, false
	}
	off := sign * (h*3600 + mm*60)
	if off == 0 {
		return time.UTC, true
	}
	return time.FixedZone("", off), true
}

// twelveHour turns an hour of a 12-hour clock into 0–23. An hour that is
// not of a 12-hour clock stays as it is: "14:32 am 15.10." is German.
func twelveHour(h int, ap string) (int, bool) {
	switch {
	case h == 0 || h > 12:
		return h, ap == "a"
	case ap == "p" && h < 12:
		return h + 12, true
	case ap == "a" && h == 12:
		return 0, true
	}
	return h, true
}

func fullYear(s string) int {
	y := atoi(s)
	if len(s) == 2 {
		if y < 70 {
			return 2000 + y
		}
		return 1900 + y
	}
	return y
}

// atoi returns the number in s, 0 for "" or anything else.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// truncateWall cuts t's clock to prec in its own location.
func truncateWall(t time.Time, prec annotate.Precision) time.Time {
	h, m, sec := t.Clock()
	switch prec {
	case annotate.PrecisionHour:
		m, sec = 0, 0
	case annotate.PrecisionMinute:
		sec = 0
	}
	y, mo, d := t.Date()
	return time.Date(y, mo, d, h, m, sec, 0, t.Location())
}
