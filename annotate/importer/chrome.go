package importer

import (
	"regexp"
	"strconv"
	"strings"
)

// This file is the list of page chrome the plain-text parser recognises:
// lines that a news site's software writes around the content (navigation,
// buttons, notices, copyright) and that a page copy picks up when a reader
// selects the whole page. Chrome lines are dropped; every other line of a
// page ends up in some segment.
//
// To recognise more chrome, add an entry to chromeRules: a pattern that
// must match a whole line (compared without case, after trimming spaces),
// where it applies, and a comment saying what it is. Keep patterns narrow:
// a pattern that also matches a sentence of an article or a comment would
// drop content. Add a case to TestChromeRules for every new entry.

// chromeScope says where on a page a chrome rule applies.
type chromeScope int

const (
	// onPage lines are chrome wherever they are.
	onPage chromeScope = iota
	// inForum lines are chrome only in the comment section (buttons of a
	// comment, the forum's navigation); elsewhere they stay text.
	inForum
)

// chromeRule is one pattern of page chrome.
type chromeRule struct {
	pattern *regexp.Regexp
	scope   chromeScope
	// endsComments marks footer lines: text after them (up to the next
	// comment header) no longer belongs to the comment above.
	endsComments bool
	// closesComment marks the buttons under a comment ("Antworten"): the
	// comment's text ends there.
	closesComment bool
	// outlet marks patterns whose first group names the outlet (a
	// copyright line), which becomes the document's Outlet.
	outlet bool
	// long marks rules that can match lines longer than shortChrome bytes;
	// other rules are not tried on long lines.
	long bool
	// why says what the line is, for maintainers.
	why string
}

// chrome builds a rule whose pattern must match a whole line, ignoring case.
func chrome(pattern string, scope chromeScope, why string) chromeRule {
	return chromeRule{pattern: regexp.MustCompile(`^(?i:` + pattern + `)$`), scope: scope, why: why}
}

// footer is chrome that ends the comment section's last comment.
func footer(r chromeRule) chromeRule { r.endsComments = true; return r }

// naming is chrome whose first group names the outlet.
func naming(r chromeRule) chromeRule { r.outlet = true; return r }

// long is chrome that can be a long line (a notice, a copyright line).
func long(r chromeRule) chromeRule { r.long = true; return r }

// closing marks the buttons under a comment, which end its text.
func closing(r chromeRule) chromeRule { r.closesComment = true; return r }

// chromeRules is the table of recognised chrome, page-wide rules first.
var chromeRules = []chromeRule{
	// Anywhere on the page.
	footer(chrome(`top|nach oben|zurück nach oben|zum seitenanfang|back to top|↑`, onPage,
		"back-to-top link at the foot of a page")),
	chrome(`seite \d+( von \d+)?|page \d+( of \d+)?`, onPage,
		"page navigation of a forum or a multi-page article (SPIEGEL: 'Seite 1')"),
	chrome(`[«‹<]?\s*(vorherige|zurück|previous|prev|nächste|weiter|next)( seite| page)?\s*[»›>]?`, onPage,
		"pager links"),
	long(footer(naming(chrome(`(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(.{2,80}?)[\s,.]*(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?[\s,.]*(?:alle rechte vorbehalten|all rights reserved)?\.?`, onPage,
		"copyright line with a year in the page footer ('© SPIEGEL ONLINE 2014'); a photo credit without a year ('© dpa') is not chrome")))),
	long(footer(naming(chrome(`(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?[\s,.]*(.{2,80}?)[\s,.]*(?:alle rechte vorbehalten|all rights reserved)?\.?`, onPage,
		"copyright line with the year first ('© 2024 The Daily Example')")))),
	long(footer(naming(chrome(`(?:©|\(c\)|copyright)\s*(.{2,80}?)[\s,.]*(?:alle rechte vorbehalten|all rights reserved)\.?`, onPage,
		"copyright line with a rights notice and no year")))),
	footer(chrome(`alle rechte vorbehalten\.?|all rights reserved\.?`, onPage,
		"rights notice in the footer")),
	long(footer(chrome(`vervielfältigung nur mit genehmigung.{0,80}`, onPage,
		"reproduction notice in a German footer ('Vervielfältigung nur mit Genehmigung der SPIEGELnet GmbH')"))),
	chrome(`die homepage wurde aktualisiert\.?( jetzt aufrufen\.?)?|jetzt aufrufen\.?|hinweis nicht mehr anzeigen\.?`, onPage,
		"SPIEGEL ONLINE's 'the homepage was updated' banner"),
	chrome(`anzeige|werbung|advertisement|advertising|sponsored|gesponsert|promotion`, onPage,
		"label of an advertisement"),
	chrome(`(artikel |beitrag |story |this article |this story )?(teilen|share|drucken|print|versenden|senden|e-?mail|per e-?mail( teilen| versenden)?|facebook|twitter|x|whatsapp|linkedin|xing|pinterest|reddit|messenger|pocket|flipboard|threads|bluesky|mastodon|telegram)( this| on \w+)?( article| story| page)?`, onPage,
		"share and print buttons"),
	chrome(`zur startseite|startseite|home|skip to (main )?content|zum inhalt springen|zum inhalt|menü|menu|suche|search|navigation|login|log in|anmelden|abmelden|registrieren|sign in|sign up|subscribe|abonnieren|newsletter|newsletter abonnieren`, onPage,
		"site navigation and account links"),
	chrome(`mehr zum thema:?|mehr dazu:?|lesen sie auch:?|lesen sie mehr:?|auch interessant:?|related( articles| stories| content)?:?|read more:?|more on this story:?|weitere artikel:?|empfohlene artikel:?`, onPage,
		"label of a related-articles box (the linked headlines themselves are kept as text)"),
	chrome(`feedback|fehler melden|artikel merken|merken|bookmark|speichern|save|zur merkliste hinzufügen`, onPage,
		"article tool buttons"),
	chrome(`(lesezeit:?\s*)?\d+\s*(min\.?|minuten|minutes?)(\s*(lesezeit|read))?`, onPage,
		"reading time"),
	chrome(`fotostrecke|bildergalerie|galerie|gallery|zoom|vergrößern|bild vergrößern|\d+ bilder|\d+ fotos|\d+ photos|video abspielen|play video|audio abspielen|bild \d+ von \d+|image \d+ of \d+|\d+\s*/\s*\d+`, onPage,
		"photo gallery and media player controls"),
	long(chrome(`(wir verwenden|diese website verwendet|we use|this (web)?site uses) cookies.{0,300}|cookie-?einstellungen|privacy settings|datenschutzeinstellungen|alle akzeptieren|accept all|akzeptieren|ablehnen|reject all`, onPage,
		"cookie banner")),

	// Only in the comment section.
	closing(chrome(`(?:like)?liked by (?:\d+ (?:people|person|others?)|[^.]{1,60})|\d+ (?:people|persons?) (?:like|liked) this|(?:this )?gefällt \d+ personen|\d+\s*likes?`, inForum,
		"like counts under a comment ('LikeLiked by 21 people')")),
	long(closing(chrome(`(?:pingback|trackback)\s*:.{0,300}`, inForum,
		"a pingback or trackback line: another site's link to the article, not a reader's comment"))),
	chrome(`alle (kommentare|beiträge) (öffnen|anzeigen|laden|ausklappen)|(show|view|load|open) all comments|kommentare (öffnen|anzeigen|ausblenden|laden)|(show|hide) comments`, inForum,
		"button that opens the forum (SPIEGEL: 'Alle Kommentare öffnen')"),
	closing(chrome(`antworten|antwort schreiben|reply|melden|report|zitieren|quote|empfehlen|recommend|like|gefällt mir|dislike|permalink|link|teilen|share|bearbeiten|edit|löschen|delete|flag|moderieren|ausblenden|hide|abonnieren|folgen|follow|replydelete|reply delete|répondre|signaler|citer|partager|j'aime|modifier|supprimer`, inForum,
		"buttons under a comment")),
	closing(chrome(`(?:(?:antworten|reply|melden|report|teilen|share|flag|like|upvote|downvote|répondre|signaler|partager|permalink|edit|delete|\d+\s*(?:likes?|gefällt mir|empfehlungen|antworten|replies|votes?|punkte|points|j'aime)?)\s*[•·|/›»>]*\s*){2,6}`, inForum,
		"a row of buttons and counters under a comment ('Reply • Share ›', '12 Likes · Antworten')")),
	chrome(`[+-]?\d{1,5}|\d+\s+(antworten|antwort|replies|reply|likes?|empfehlungen|empfehlung|recommendations?|zustimmungen|votes?|punkte|points|upvotes?|downvotes?)`, inForum,
		"vote and reply counters of a comment"),
	footer(chrome(`kommentar schreiben|kommentieren|jetzt kommentieren|kommentar verfassen|(hinterlasse|hinterlassen sie|schreibe|schreiben sie|verfasse) einen kommentar\.?|neuen beitrag (schreiben|verfassen)|beitrag schreiben|write a comment|leave a (comment|reply)|add a comment|post a comment|post comment|join the (discussion|conversation)|diskutieren sie mit!?|ihre meinung( ist gefragt)?[:!]?|what do you think\??`, inForum,
		"invitation to comment: the comment form, after the comments or before them")),
	long(closing(chrome(`\[(?:…|\.\.\.)\].{0,400}\[(?:…|\.\.\.)\]`, inForum,
		"a pingback's excerpt ('[…] excerpt […]'): another site's link to the article"))),
	chrome(`(sortieren|sortiert|sort|sorted)( nach| by)?:?.{0,40}|neueste zuerst|älteste zuerst|neueste|älteste|newest( first)?|oldest( first)?|top comments|beste kommentare|meistempfohlen|most liked|most recommended|chronologisch|chronological`, inForum,
		"sort order of the forum"),
	chrome(`(weitere|mehr) (kommentare|beiträge|antworten)( laden| anzeigen)?|load more( comments)?|show more( comments| replies)?|more comments|mehr anzeigen|mehr laden|\d+ weitere antworten( anzeigen)?|(view|show|load) \d+ more repl(y|ies)|antworten (anzeigen|ausblenden)|(show|hide) replies`, inForum,
		"load-more buttons"),
	long(footer(chrome(`(diskussion|kommentarfunktion|kommentare|forum|debatte) (ist |sind |wurde |wurden )?(geschlossen|deaktiviert|beendet).{0,120}|(comments|the discussion|commenting) (are|is|has been) (now )?(closed|disabled).{0,120}|comments closed\.?`, inForum,
		"closed-forum notice (SPIEGEL: 'Diskussion geschlossen - lesen Sie die Beiträge! zum Forum...')"))),
	chrome(`zum forum\.*|zur diskussion|zum thread|zu den kommentaren|zu den beiträgen|go to (the )?forum|to the comments|view discussion`, inForum,
		"link to the forum page"),
	long(chrome(`(bitte )?(melden sie sich an|loggen sie sich ein|registrieren sie sich).{0,120}|(log in|sign in|register) to (comment|reply|join).{0,120}|you must be logged in.{0,120}`, inForum,
		"login prompt of the forum")),
	chrome(`netiquette|forenregeln|forumsregeln|community guidelines|community standards|nutzungsbedingungen|moderationsrichtlinien`, inForum,
		"link to the forum's rules"),
}

// maxChromeLen is the longest line in bytes that a chrome rule may match.
const maxChromeLen = 400

// shortChrome is the length in bytes up to which every rule is tried; a
// longer line is tried only against the long rules.
const shortChrome = 120

// anyChrome matches a line that some rule of a zone matches, in one pass
// over the line instead of one per rule, since most lines are not chrome:
// [zone][0] for short lines, [zone][1] for long ones, zone 0 outside the
// comment section and 1 inside.
var anyChrome = func() (out [2][2]*regexp.Regexp) {
	for zone := range 2 {
		for length := range 2 {
			var ps []string
			for _, r := range chromeRules {
				if (r.scope == inForum && zone == 0) || (length == 1 && !r.long) {
					continue
				}
				p := r.pattern.String()
				ps = append(ps, p[len("^(?i:"):len(p)-len(")$")])
			}
			out[zone][length] = regexp.MustCompile(`^(?i:(?:` + strings.Join(ps, `)|(?:`) + `))$`)
		}
	}
	return out
}()

// matchChrome returns the rule a line matches in the given zone, or nil.
func matchChrome(line string, inComments bool) *chromeRule {
	if line == "" || len(line) > maxChromeLen {
		return nil
	}
	zone, length := 0, 0
	if inComments {
		zone = 1
	}
	if len(line) > shortChrome {
		length = 1
	}
	if !anyChrome[zone][length].MatchString(line) {
		return nil
	}
	for i := range chromeRules {
		r := &chromeRules[i]
		if (r.scope == inForum && !inComments) || (length == 1 && !r.long) {
			continue
		}
		if r.pattern.MatchString(line) {
			return r
		}
	}
	return nil
}

// forumHeaders are lines that open a page's comment section. Their first
// non-empty group, if any, is the number of comments the page says it has,
// kept as Meta["comments_total"]. They are chrome when comments follow them
// or they state a number; otherwise they stay text.
var forumHeaders = []*regexp.Regexp{
	// SPIEGEL ONLINE: "insgesamt 31 Beiträge".
	regexp.MustCompile(`^(?i:insgesamt (\d+) (?:beiträge|beitrag|kommentare|kommentar|antworten))$`),
	// "31 Kommentare", "12 comments", "91 Ergänzungen" (netzpolitik.org),
	// "4 responses to “Headline”" (WordPress).
	// "5 Gedanken zu „Headline“", "17 Discussion to this post", "12
	// commentaires", "There are 13 comments", "Es gibt 5 Kommentare".
	regexp.MustCompile(`^(?i:(?:there (?:are|is) |es gibt |il y a )?(\d+) (?:kommentare|kommentar|beiträge|beitrag|leserkommentare|leserbriefe|ergänzungen|ergänzung|antworten|reaktionen|meinungen|gedanken|gedanke|comments?|responses?|replies|reactions|thoughts?|discussions?|commentaires?|réponses?|réactions?)(?: (?:to|on|zu|auf|für|sur|à|au|aux|about) .{1,200})?\s*:?)$`),
	// "Ein Gedanke zu „Headline“", "One thought on “Headline”", "One
	// response to …", "Ein Kommentar": one.
	regexp.MustCompile(`^(?i:(ein|eine|one|un|une) (?:kommentar|gedanke|beitrag|antwort|reaktion|comment|thought|response|reply|commentaire|réponse)(?: (?:to|on|zu|auf|für|sur|à|au) .{1,200})?)$`),
	// "Kommentare", "Kommentare (31)", "Comments: 12", "Leserdebatte".
	regexp.MustCompile(`^(?i:(?:kommentare|kommentar|leserkommentare|leserbriefe|leserdebatte|leserforum|diskussion|forum|ergänzungen|reaktionen|lesermeinungen|comments|reader comments|readers' comments|discussion|responses|conversation|join the conversation)\s*(?:[(:]\s*(\d+)\s*\)?)?:?)$`),
	// "Showing 12 comments", "12 comments so far".
	regexp.MustCompile(`^(?i:(?:showing|zeige) (\d+) (?:comments|kommentare)|(\d+) comments? so far)$`),
}

// matchForumHeader reports whether line opens a comment section, and the
// number of comments it states ("" if none).
func matchForumHeader(line string) (total string, ok bool) {
	if len(line) > 300 {
		return "", false
	}
	for _, re := range forumHeaders {
		if m := re.FindStringSubmatch(line); m != nil {
			for _, g := range m[1:] {
				if g != "" {
					if _, err := strconv.Atoi(g); err != nil {
						return "1", true // "ein", "one", "un"
					}
					return g, true
				}
			}
			return "", true
		}
	}
	return "", false
}
