package importer

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// This file recognises the lines that start a reader comment in a page
// copy: a user name with a date ("joG 15.10.2014"), a user who "says:", a
// "Posted by ... on ..." line, a date followed by "von user", or a user name
// alone on a line with the date on the next. It also reads the numbered
// title line that SPIEGEL ONLINE puts under the header ("3. Titel") and the
// reply markers ("Antwort auf ...", "In reply to ...").

const userPattern = `[^\s#].{0,59}?`

// verbPattern are the verbs a forum puts after a user name ("joG sagt:").
const verbPattern = `(?:sagt|sagte|schreibt|schrieb|meint|meinte|kommentiert|kommentierte|antwortet|antwortete|fragt|fragte|says|said|wrote|writes|replied|replies|commented|comments|asks|asked|dit|a dit|écrit|a écrit|répond|a répondu|commente|a commenté)`

var (
	// headerUserWhen: "joG 15.10.2014", "Max Muster, 15.10.2014 um 14:32 Uhr",
	// "#3 anna_k | 2 hours ago", "jsmith on Oct 15, 2014 at 2:30 pm".
	headerUserWhen = regexp.MustCompile(`^(?i:(?:#\s?(\d{1,5})[.:)]?\s+)?(` + userPattern + `)(?:\s*[,|·•–—]\s*|\s+-\s*|\s+(?:schrieb am|schreibt am|kommentierte am|antwortete am|am|on|wrote on|posted on|commented on|replied on|um|at)\s+|\s+)[(\[]?(` + whenPattern + `)[)\]]?\s*:?)$`)
	// headerUserSays: "blah blubb sagt:", "Anna wrote on 15 Oct 2014:".
	headerUserSays = regexp.MustCompile(`^(?i:(` + userPattern + `)\s+` + verbPattern + `(?:\s+(?:am\s+|on\s+)?(` + whenPattern + `))?\s*:)$`)
	// headerUserSaid: "John Doe said...", the header of a comment whose time
	// follows its text (Blogger).
	headerUserSaid = regexp.MustCompile(`^(?i:(` + userPattern + `)\s+` + verbPattern + `\s*(?:\.\.\.|…))$`)
	// headerPostedBy: "Posted by jsmith on Oct 15, 2014", "Kommentar von joG am 15.10.2014", "von joG".
	headerPostedBy = regexp.MustCompile(`^(?i:(?:posted|gepostet|geschrieben|verfasst|kommentar|beitrag|comment|antwort|reply|eingesendet|submitted)?\s*(?:von|by)\s+(` + userPattern + `)(?:(?:\s*[,|·•–—]\s*|\s+-\s*|\s+(?:am|on|um|at)\s+|\s+)(` + whenPattern + `))?\s*:?)$`)
	// headerWhenUser: "15.10.2014, 14:32 von joG", "Oct 15, 2014 - by jsmith".
	headerWhenUser = regexp.MustCompile(`^(?i:(` + whenPattern + `)\s*(?:[,|·•–—-]\s*)?(?:von|by|[–—-])\s+(` + userPattern + `)\s*:?)$`)
	// headerWhenAlone: a date line under a user line, or a comment without
	// a name ("am 15.10.2014 um 14:32 Uhr").
	headerWhenAlone = regexp.MustCompile(`^(?i:(?:am\s+|on\s+|posted\s+|gepostet\s+|geschrieben\s+)?(` + whenPattern + `)\s*:?)$`)
	// titleLine: SPIEGEL ONLINE's numbered comment title, "3. niemand ist lernfähig....".
	titleLine = regexp.MustCompile(`^(\d{1,5})\.\s+(\S.*)$`)
	// replyLine: "Antwort auf #3", "Antwort auf Beitrag Nr. 2 von joG", "In reply to anna".
	replyLine = regexp.MustCompile(`^(?i:(?:antwort auf|antwort an|als antwort auf|bezug auf|reply to|in reply to|replying to|in response to|re:)\s*(.{1,80}?)\s*:?)$`)
	// mentionStart: a comment that opens by addressing an earlier commenter.
	mentionStart = regexp.MustCompile(`^@([\p{L}\p{N}_.\-]{1,40})`)
	// replyRefNumber: the number part of a reply reference.
	replyRefNumber = regexp.MustCompile(`^(?i:(?:(?:beitrag|kommentar|comment|post|antwort)\s+)?(?:#|nr\.?\s*|no\.?\s*)?(\d{1,5})\.?(?:\s+(?:von|by)\s+@?(.+))?)$`)
	// replyRefUser: the user part of a reply reference.
	replyRefUser = regexp.MustCompile(`^(?i:(?:(?:den |dem )?(?:beitrag|kommentar|comment|post)\s+)?(?:von|by|from)?\s*@?(.+?))$`)
)

// notUsers are words that stand before a date on a line without being a
// user name ("Stand: 15.10.2014", "Aktualisiert am ...").
var notUsers = map[string]bool{
	"am": true, "on": true, "um": true, "at": true, "stand": true, "aktualisiert": true, "update": true,
	"updated": true, "veröffentlicht": true, "published": true, "datum": true, "date": true, "zuletzt": true,
	"erstellt": true, "created": true, "von": true, "by": true, "seit": true, "vom": true, "bis": true,
	"heute": true, "gestern": true, "today": true, "yesterday": true, "posted": true, "gepostet": true,
	"geschrieben": true, "erschienen": true, "last updated": true, "zuletzt aktualisiert": true, "berlin": false,
	"mehr": true, "beitrag": true, "kommentar": true, "comment": true, "antwort": true, "reply": true,
	"ab": true, "in": true, "der": true, "die": true, "das": true, "the": true, "and": true, "und": true,
}

// maxHeaderLen is the longest header line in bytes: a user name of up to 60
// characters and a date with its words. Longer lines are text, which keeps
// the expressions below off the paragraphs of long pages.
const maxHeaderLen = 160

// commentHeader is what a header line says about its comment.
type commentHeader struct {
	author string
	when   string        // the time as written, "" if none
	posted annotate.When // no value if unknown or relative
	number int           // from "#3 user ...", 0 if none
	lines  int           // 1, or 2 when the time is on the next line
	// strong headers ("says:", "posted by", user and date) are recognised
	// without a forum heading; a date alone or "von user" needs one.
	strong bool
}

// plausibleUser reports whether s can be a user name: short, a few words,
// no sentence in it.
func plausibleUser(s string) bool {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n == 0 || n > 60 {
		return false
	}
	if notUsers[strings.ToLower(strings.TrimRight(s, ":"))] {
		return false
	}
	if strings.Count(s, " ")+1 > 5 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune("!?:;,", last) || last == '.' && !endsWithInitial(s) && !strings.HasSuffix(s, "..") {
		return false
	}
	for _, p := range []string{"! ", "? ", ": ", "; "} {
		if strings.Contains(s, p) {
			return false
		}
	}
	// "M. O'Neill" and "Dr. Kim" are names; "Gut gemacht. Danke" is not.
	for rest := s; ; {
		i := strings.Index(rest, ". ")
		if i < 0 {
			break
		}
		if !endsWithInitial(rest[:i+1]) {
			return false
		}
		rest = rest[i+2:]
	}
	digits := true
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '.' && r != ' ' {
			digits = false
			break
		}
	}
	return !digits
}

// endsWithInitial reports whether s ends with an initial or a short
// abbreviation and its period ("K.", "Dr.").
func endsWithInitial(s string) bool {
	s = strings.TrimSuffix(s, ".")
	word := s[strings.LastIndexAny(s, " .")+1:]
	n := utf8.RuneCountInString(word)
	return n >= 1 && n <= 2
}

// plausibleUserLine is stricter, for a user name alone on a line: at most
// three words and no more than 40 characters.
func plausibleUserLine(s string) bool {
	return plausibleUser(s) && utf8.RuneCountInString(s) <= 40 && strings.Count(strings.TrimSpace(s), " ") <= 2
}

// matchHeader tells whether lines[i] (with lines[i+1] for a two-line
// header) starts a comment. In the comment section (inForum) weaker forms
// count too: a date alone, "von user", a user line followed by a date line.
func matchHeader(lines []string, i int, inForum bool, loc *time.Location) (commentHeader, bool) {
	s := trailingButtons.ReplaceAllString(lines[i], "")
	if s == "" || len(s) > maxHeaderLen {
		return commentHeader{}, false
	}
	if !mayBeHeader(s) && (i+1 >= len(lines) || !mayBeHeader(lines[i+1])) {
		return commentHeader{}, false
	}
	when := func(h commentHeader, w string) commentHeader {
		h.when = strings.TrimSpace(w)
		if t, ok := parseWhen(h.when, loc); ok {
			h.posted = t
		}
		return h
	}
	nextWhen := func(h commentHeader) commentHeader {
		if i+1 < len(lines) && len(lines[i+1]) <= maxWhenLen {
			if m := headerWhenAlone.FindStringSubmatch(lines[i+1]); m != nil {
				h = when(h, m[1])
				h.lines = 2
			}
		}
		return h
	}
	g := guardsOf(s)
	if m := g.match(g.colon, headerUserSays, s); m != nil && plausibleUser(m[1]) {
		h := commentHeader{author: cleanUser(m[1]), lines: 1, strong: true}
		if m[2] != "" {
			return when(h, m[2]), true
		}
		return nextWhen(h), true
	}
	if m := g.match(strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…"), headerUserSaid, s); m != nil && plausibleUser(m[1]) {
		return commentHeader{author: cleanUser(m[1]), lines: 1, strong: true}, true
	}
	if m := g.match(g.by, headerPostedBy, s); m != nil && plausibleUser(m[1]) {
		if m[2] != "" {
			return when(commentHeader{author: cleanUser(m[1]), lines: 1, strong: true}, m[2]), true
		}
		if inForum {
			return nextWhen(commentHeader{author: cleanUser(m[1]), lines: 1}), true
		}
		return commentHeader{}, false
	}
	if m := g.match(g.whenLast, headerUserWhen, s); m != nil && plausibleUser(m[2]) {
		h := when(commentHeader{author: cleanUser(m[2]), number: atoi(m[1]), lines: 1, strong: true}, m[3])
		return h, true
	}
	if m := g.match(g.byInside, headerWhenUser, s); m != nil && plausibleUser(m[2]) {
		return when(commentHeader{author: cleanUser(m[2]), lines: 1, strong: true}, m[1]), true
	}
	if !inForum {
		return commentHeader{}, false
	}
	if m := g.match(len(s) <= maxWhenLen, headerWhenAlone, s); m != nil {
		return when(commentHeader{lines: 1}, m[1]), true
	}
	if plausibleUserLine(s) && i+1 < len(lines) && len(lines[i+1]) <= maxWhenLen {
		if m := headerWhenAlone.FindStringSubmatch(lines[i+1]); m != nil {
			h := commentHeader{author: cleanUser(s), lines: 2}
			// "1. Max Muster" over its time: the comment's number and
			// its author.
			if n := titleLine.FindStringSubmatch(s); n != nil && plausibleUserLine(n[2]) {
				h.author, h.number = cleanUser(n[2]), atoi(n[1])
			}
			return when(h, m[1]), true
		}
	}
	return commentHeader{}, false
}

// trailingButtons are the buttons some themes print on a comment's header
// line ("MoritzMeyer 22. Juni 2018 um 9:29 Uhr - Antworten").
var trailingButtons = regexp.MustCompile(`(?i)\s*[-–|·•]\s*(?:antworten|reply|zitieren|quote|melden|report|permalink|link)\s*$`)

// cleanUser trims a user name of the punctuation around it.
func cleanUser(s string) string {
	return strings.Trim(strings.TrimSpace(s), ",|·•–—-:@ ")
}

// headerHints are words of which a header line has at least one when it
// has no digit: a relative time, a verb with a colon, "von" or "by".
var headerHints = []string{":", "von ", "by ", "heute", "gestern", "today", "yesterday", "just now", "gerade eben", "vor ein", " ago", "...", "…"}

// mayBeHeader is a cheap test that rules out most lines before the header
// expressions run: a header has a digit (its date) or one of headerHints.
func mayBeHeader(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	low := strings.ToLower(s)
	for _, h := range headerHints {
		if strings.Contains(low, h) {
			return true
		}
	}
	return false
}

// maxWhenLen is the longest line in bytes that can be a time alone.
const maxWhenLen = 80

// headerGuards are cheap tests that tell which header expressions can
// match a line at all; the expressions are costly, and a long page has
// hundreds of thousands of lines.
type headerGuards struct {
	colon    bool // ends with ':' ("anna sagt:")
	by       bool // starts with "von ", "by ", "Posted by" and the like
	byInside bool // has "von", "by" or a dash between date and user
	whenLast bool // ends like a time: a digit, am/pm, Uhr, a zone, "ago", a bracket
}

var (
	byStarts  = []string{"von ", "by ", "posted", "gepostet", "geschrieben", "verfasst", "kommentar", "beitrag", "comment", "antwort", "reply", "eingesendet", "submitted"}
	byInsides = []string{" von ", " by ", " - ", " – ", " — "}
	whenEnds  = []string{"am", "pm", "a.m.", "p.m.", "uhr", "mez", "mesz", "cet", "cest", "utc", "gmt", ")", "]", ":", "ago", "heute", "gestern", "today", "yesterday", "now", "eben",
		"stunde", "stunden", "minute", "minuten", "sekunden", "tag", "tagen", "woche", "wochen", "monat", "monaten", "jahr", "jahren"}
)

func guardsOf(s string) headerGuards {
	low := strings.ToLower(strings.TrimSpace(s))
	var g headerGuards
	g.colon = strings.HasSuffix(low, ":")
	for _, p := range byStarts {
		if strings.HasPrefix(low, p) {
			g.by = true
			break
		}
	}
	for _, p := range byInsides {
		if strings.Contains(low, p) {
			g.byInside = true
			break
		}
	}
	if last := low[len(low)-1]; last >= '0' && last <= '9' {
		g.whenLast = true
	} else {
		for _, e := range whenEnds {
			if strings.HasSuffix(low, e) {
				g.whenLast = true
				break
			}
		}
	}
	return g
}

// match runs re only when its guard allows a match.
func (headerGuards) match(guard bool, re *regexp.Regexp, s string) []string {
	if !guard {
		return nil
	}
	return re.FindStringSubmatch(s)
}
