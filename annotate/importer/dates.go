package importer

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// This file reads the dates and times that news pages and corpus files
// write: ISO 8601 and RFC 3339, German "15.10.2014, 14:32 Uhr" and
// "23. Juni 2016 um 17:21 Uhr", English "June 23, 2016 at 5:21 pm" and
// "23 June 2016 14:32", with an optional weekday. A time without a zone is
// taken in the location the caller gives.

// monthNames maps lower-case month names and abbreviations (German and
// English) to month numbers.
var monthNames = map[string]time.Month{
	"januar": 1, "jänner": 1, "january": 1, "jan": 1,
	"februar": 2, "feber": 2, "february": 2, "feb": 2,
	"märz": 3, "maerz": 3, "march": 3, "mär": 3, "mar": 3, "mrz": 3,
	"april": 4, "apr": 4,
	"mai": 5, "may": 5,
	"juni": 6, "june": 6, "jun": 6,
	"juli": 7, "july": 7, "jul": 7,
	"august": 8, "aug": 8,
	"september": 9, "sept": 9, "sep": 9,
	"oktober": 10, "october": 10, "okt": 10, "oct": 10,
	"november": 11, "nov": 11,
	"dezember": 12, "december": 12, "dez": 12, "dec": 12,
}

// monthPattern is the alternation of monthNames for regular expressions,
// longest names first.
const monthPattern = `(?:januar|jänner|january|februar|february|märz|maerz|march|april|mai|may|juni|june|juli|july|august|september|oktober|october|november|dezember|december|sept|jan|feb|mär|mar|mrz|apr|jun|jul|aug|sep|okt|oct|nov|dez|dec)`

// weekdayPattern matches German and English weekday names and abbreviations.
const weekdayPattern = `(?:(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?|(?:mo|di|mi|do|fr|sa|so|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:\.,?|,))`

// Patterns of a date, a time and a date with a time as they appear inside
// a line. They are case-insensitive fragments for bigger expressions.
const (
	datePattern = `(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})` + // 15.10.2014, 15.10.14
		`|\d{4}-\d{2}-\d{2}` + // 2014-10-15
		`|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})` + // 10/15/2014
		`|\d{1,2}(?:\.|st|nd|rd|th)?\s+` + monthPattern + `\.?,?\s+\d{4}` + // 15. Oktober 2014, 15 Oct 2014
		`|` + monthPattern + `\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})` // October 15, 2014
	timePattern = `(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?(?:\s?uhr)?(?:\s?(?:mez|mesz|cet|cest|utc|gmt))?` +
		`|\d{1,2}\.\d{2}\s?uhr|\d{1,2}\s?[ap]\.?m\.?)`
	// relativePattern is a time relative to when the page was shown; the
	// header is recognised but the time stays unknown.
	relativePattern = `(?:vor\s+(?:einer|einem|\d+)\s+(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)` +
		`|(?:an?|\d+)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago` +
		`|(?:heute|gestern|today|yesterday|just now|gerade eben)(?:,?\s+(?:um\s+|at\s+)?` + timePattern + `)?)`
	dateTimePattern = `(?:(?:` + weekdayPattern + `\s+)?` + datePattern +
		`(?:\s*(?:,|um|at|-|–|\||·|/)?\s*` + timePattern + `)?` +
		`|` + timePattern + `,?\s+(?:am\s+|on\s+)?` + datePattern + `)`
	// whenPattern is anything a comment header may give as its time.
	whenPattern = `(?:` + dateTimePattern + `|` + relativePattern + `)`
)

var (
	reISODate  = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$`)
	reDotDate  = regexp.MustCompile(`(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b`)
	reISOPart  = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})`)
	reSlash    = regexp.MustCompile(`(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b`)
	reDayMonth = regexp.MustCompile(`(\d{1,2})(?:\.|st|nd|rd|th)?\s+(` + monthPattern + `)\.?,?\s+(\d{4})`)
	reMonthDay = regexp.MustCompile(`(` + monthPattern + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
	reClock    = regexp.MustCompile(`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s?([ap])\.?m\.?)?`)
	reClockUhr = regexp.MustCompile(`(\d{1,2})\.(\d{2})\s?uhr`)
	reClockAP  = regexp.MustCompile(`\b(\d{1,2})\s?([ap])\.?m\.?`)
	reZone     = regexp.MustCompile(`\b(mez|mesz|cet|cest|utc|gmt)\b`)
	reFiller   = regexp.MustCompile(`(?:\b` + weekdayPattern + `|\b(?:um|at|am|on|uhr|den|der)\b|[\s,|·/–\-.()])`)
	reUnixTime = regexp.MustCompile(`^\d{9,13}$`)
)

// parseWhen reads a date with an optional time. A time without a zone is in
// loc. It reports false for text that is not a date it knows, including
// relative times ("vor 2 Stunden").
func parseWhen(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 80 {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	low := strings.ToLower(s)
	if m := reISODate.FindStringSubmatch(low); m != nil {
		return isoTime(m, loc)
	}
	var (
		year, day int
		month     time.Month
		rest      string
	)
	switch {
	case reDotDate.MatchString(low):
		m := reDotDate.FindStringSubmatchIndex(low)
		day, month, year = atoi(low[m[2]:m[3]]), time.Month(atoi(low[m[4]:m[5]])), fullYear(low[m[6]:m[7]])
		rest = low[:m[0]] + " " + low[m[1]:]
	case reISOPart.MatchString(low):
		m := reISOPart.FindStringSubmatchIndex(low)
		year, month, day = atoi(low[m[2]:m[3]]), time.Month(atoi(low[m[4]:m[5]])), atoi(low[m[6]:m[7]])
		rest = low[:m[0]] + " " + low[m[1]:]
	case reDayMonth.MatchString(low):
		m := reDayMonth.FindStringSubmatchIndex(low)
		day, month, year = atoi(low[m[2]:m[3]]), monthNames[low[m[4]:m[5]]], atoi(low[m[6]:m[7]])
		rest = low[:m[0]] + " " + low[m[1]:]
	case reMonthDay.MatchString(low):
		m := reMonthDay.FindStringSubmatchIndex(low)
		month, day, year = monthNames[low[m[2]:m[3]]], atoi(low[m[4]:m[5]]), atoi(low[m[6]:m[7]])
		rest = low[:m[0]] + " " + low[m[1]:]
	case reSlash.MatchString(low):
		// Month first, as English pages write it, unless that cannot be.
		m := reSlash.FindStringSubmatchIndex(low)
		a, b := atoi(low[m[2]:m[3]]), atoi(low[m[4]:m[5]])
		if a > 12 {
			a, b = b, a
		}
		month, day, year = time.Month(a), b, fullYear(low[m[6]:m[7]])
		rest = low[:m[0]] + " " + low[m[1]:]
	default:
		return time.Time{}, false
	}
	hour, minute, sec := 0, 0, 0
	if m := reClock.FindStringSubmatchIndex(rest); m != nil {
		hour, minute = atoi(rest[m[2]:m[3]]), atoi(rest[m[4]:m[5]])
		if m[6] >= 0 {
			sec = atoi(rest[m[6]:m[7]])
		}
		if m[8] >= 0 {
			hour = twelveHour(hour, rest[m[8]:m[9]])
		}
		rest = rest[:m[0]] + " " + rest[m[1]:]
	} else if m := reClockUhr.FindStringSubmatchIndex(rest); m != nil {
		hour, minute = atoi(rest[m[2]:m[3]]), atoi(rest[m[4]:m[5]])
		rest = rest[:m[0]] + " " + rest[m[1]:]
	} else if m := reClockAP.FindStringSubmatchIndex(rest); m != nil {
		hour = twelveHour(atoi(rest[m[2]:m[3]]), rest[m[4]:m[5]])
		rest = rest[:m[0]] + " " + rest[m[1]:]
	}
	zone := loc
	if m := reZone.FindStringSubmatchIndex(rest); m != nil {
		zone = namedZone(rest[m[2]:m[3]])
		rest = rest[:m[0]] + " " + rest[m[1]:]
	}
	if strings.TrimSpace(reFiller.ReplaceAllString(rest, "")) != "" {
		return time.Time{}, false
	}
	return makeTime(year, month, day, hour, minute, sec, zone)
}

// parseCorpusTime reads a time from a corpus field: what parseWhen reads,
// or Unix seconds or milliseconds.
func parseCorpusTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if reUnixTime.MatchString(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		if len(s) >= 12 {
			return time.UnixMilli(n).UTC(), true
		}
		return time.Unix(n, 0).UTC(), true
	}
	return parseWhen(s, loc)
}

func isoTime(m []string, loc *time.Location) (time.Time, bool) {
	year, month, day := atoi(m[1]), time.Month(atoi(m[2])), atoi(m[3])
	hour, minute, sec := atoi(m[4]), atoi(m[5]), atoi(m[6])
	zone := loc
	switch z := m[7]; {
	case z == "z":
		zone = time.UTC
	case z != "":
		z = strings.ReplaceAll(z, ":", "")
		h := atoi(z[1:3])
		mm := 0
		if len(z) >= 5 {
			mm = atoi(z[3:5])
		}
		off := h*3600 + mm*60
		if z[0] == '-' {
			off = -off
		}
		zone = time.FixedZone("", off)
	}
	return makeTime(year, month, day, hour, minute, sec, zone)
}

func makeTime(year int, month time.Month, day, hour, minute, sec int, loc *time.Location) (time.Time, bool) {
	if year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 ||
		hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, false
	}
	if loc == nil {
		loc = time.Local
	}
	t := time.Date(year, month, day, hour, minute, sec, 0, loc)
	if t.Day() != day { // 31 February
		return time.Time{}, false
	}
	return t, true
}

func namedZone(name string) *time.Location {
	switch name {
	case "mez", "cet":
		return time.FixedZone("CET", 3600)
	case "mesz", "cest":
		return time.FixedZone("CEST", 7200)
	}
	return time.UTC
}

func twelveHour(h int, ap string) int {
	switch {
	case ap == "p" && h < 12:
		return h + 12
	case ap == "a" && h == 12:
		return 0
	}
	return h
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
