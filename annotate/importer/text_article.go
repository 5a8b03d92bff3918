package importer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// This file sorts the article part of a page copy into segments. It works
// on blocks, the runs of lines between blank lines (or chrome):
//
//   - the first block is the headline when it is one or two short lines and
//     more text follows;
//   - a block that ends with a photo credit ("REUTERS", "Foto: dpa"), starts
//     with a caption label, or repeats an earlier caption is a caption;
//   - author lines ("Von Anna Muster", "By Jane Doe"), agency codes
//     ("vet/dpa/Reuters") and date lines ("Stand: 15.10.2014") are bylines;
//   - the first paragraph after the headline is the lead when it is short,
//     ends a sentence and more paragraphs follow;
//   - everything else is body; neighbouring body blocks (paragraphs and
//     subheadings) form one body segment.

var (
	// creditLabel: a photo credit with its label ("Foto: dpa", "Photograph: Jane Doe/AP").
	creditLabel = regexp.MustCompile(`^(?i:(?:foto|fotos|bild|bilder|photo|photos|photograph|image|picture|grafik|graphic|illustration|karte|map|quelle|source|credit|credits|video)\s*:\s*\S.{0,120})$`)
	// creditAgency: a picture agency or photo service, alone or with the photographer.
	creditAgency = regexp.MustCompile(`^(?i:(?:\[m\]\s*)?(?:©\s*)?(?:ap|afp|dpa|reuters|getty images|gettyimages|getty|imago(?: images)?|picture[ -]alliance|epa(?:-efe)?|efe|bloomberg|keystone|ddp|kna|epd|xinhua|anadolu|shutterstock|istock(?:photo)?|pa(?: media| wire)?|ansa|tass|sputnik|action press|actionpress|laif|ullstein(?: bild)?|sz photo|ap photo|afp photo|spiegel online|der spiegel)(?:\b[\s/,;|&.:-].{0,80})?)$`)
	// creditCopyright: "© dpa", "(c) Jane Doe".
	creditCopyright = regexp.MustCompile(`^(?i:(?:©|\(c\))\s*\S.{0,100})$`)
	// captionLabel: a block that says it is a caption.
	captionLabel = regexp.MustCompile(`^(?i:(?:bildunterschrift|bildtext|image caption|caption|photo caption|foto|bild|photo|image)\s*:)`)
	// bylineAuthor: "Von Anna Muster", "By Jane Doe, Political Correspondent", "Ein Kommentar von ...".
	bylineAuthor = regexp.MustCompile(`^(?i:(?:von|by|text|autor|autorin|author|written by|reporting by|interview|ein (?:kommentar|gastbeitrag|interview|essay|bericht|beitrag) von|eine (?:analyse|glosse|kolumne|reportage|rezension) von|von unserem (?:korrespondenten|reporter|redakteur)|von unserer (?:korrespondentin|reporterin|redakteurin))\s*:?\s+\S.{0,100})$`)
	// bylineAgency: agency codes at the end of a report, "vet/dpa/Reuters", "(dpa)".
	bylineAgency = regexp.MustCompile(`^(?:\(?[\p{L}]{1,12}(?:\s?/\s?[\p{L}][\p{L}.\-]{0,20}){1,5}\)?|(?i:\(?(?:dpa|afp|ap|rtr|reuters|kna|epd|sid|dts|apa|sda|ddp|dapd|ots)\)?\.?))$`)
	// bylineMaterial: "Mit Material von dpa", "Additional reporting by ...".
	bylineMaterial = regexp.MustCompile(`^(?i:(?:mit material (?:von|der|des) .{1,80}|mit agenturmaterial\.?|additional reporting by .{1,120}|reporting by .{1,120}|editing by .{1,120}|writing by .{1,120}|compiled by .{1,80}))$`)
	// bylineDate: "Stand: 15.10.2014, 18:05 Uhr", "Published 15 October 2014", "Mittwoch, 15.10.2014".
	bylineDate = regexp.MustCompile(`^(?i:(?:(?:stand|aktualisiert|veröffentlicht|erschienen|erstellt|zuletzt aktualisiert|published|updated|last updated|last modified|posted|datum|date)(?:\s+am|\s+on)?\s*:?\s+)?(` + dateTimePattern + `)\.?)$`)
)

// block is a run of non-blank article lines.
type block struct {
	lines []string
	kind  annotate.SegmentKind // what the block is, if known before classifying
}

func (b block) text() string { return strings.Join(b.lines, "\n") }

// joinBlocks joins blocks with a blank line between them, lines of a block
// with a newline, in one allocation (a long article's body is most of a
// page).
func joinBlocks(blocks []block) string {
	if len(blocks) == 1 && len(blocks[0].lines) == 1 {
		return blocks[0].lines[0]
	}
	n := 0
	for _, b := range blocks {
		for _, l := range b.lines {
			n += len(l) + 2
		}
	}
	var sb strings.Builder
	sb.Grow(n)
	for i, b := range blocks {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		for j, l := range b.lines {
			if j > 0 {
				sb.WriteByte('\n')
			}
			sb.WriteString(l)
		}
	}
	return sb.String()
}

func (b block) runes() int {
	n := 0
	for _, l := range b.lines {
		n += utf8.RuneCountInString(l)
	}
	return n
}

// article turns lines [from, to) into article segments.
func (p *page) article(from, to int) {
	var blocks []block
	var cur block
	flush := func() {
		if len(cur.lines) > 0 {
			blocks = append(blocks, cur)
			cur = block{}
		}
	}
	for i := from; i < to; i++ {
		if p.chrome[i] != nil || p.texts[i] == "" {
			flush()
			continue
		}
		cur.lines = append(cur.lines, p.texts[i])
	}
	flush()
	p.articleBlocks(blocks, true)
}

// pageArticle finds the article among lines [0, end) (see articleRange)
// and turns it into segments: the headline line, then the lines between it
// and the prose one by one (date, byline, caption, lead), then the prose
// in blocks.
func (p *page) pageArticle(end int) {
	from, to, headline := p.articleRange(end)
	if headline < 0 {
		p.article(from, to)
		return
	}
	head := []string{p.texts[headline]}
	if k := headline - 1; k >= 0 && k > from-2 && isKicker(p.texts[k]) && p.chrome[k] == nil && (k == 0 || p.texts[k-1] == "") {
		head = []string{p.texts[k], p.texts[headline]}
	}
	p.doc.Title = titleOf(head)
	p.add(annotate.KindHeadline, strings.Join(head, "\n"))
	cs, _ := p.articleCore(end)
	var blocks []block
	// Between the headline and the prose: date, byline, caption and lead
	// lines, which a page copy often has without blank lines between them;
	// a block that is not a byline or caption as a whole is taken line by
	// line.
	var pre block
	flushPre := func() {
		switch {
		case len(pre.lines) == 0:
		case isByline(pre) || isCaption(pre, nil, false):
			blocks = append(blocks, pre)
		default:
			for _, l := range pre.lines {
				b := block{lines: []string{l}}
				if furniture(l) && !isCreditLine(l) && !inlineCredit.MatchString(l) {
					b.kind = annotate.KindByline // "2.03.2018 von Dennis Ziesecke | E-Mail"
				}
				blocks = append(blocks, b)
			}
		}
		pre = block{}
	}
	for i := headline + 1; i < cs; i++ {
		t := p.texts[i]
		if t == "" || p.chrome[i] != nil || countLine.MatchString(t) || widgetLine(t) {
			flushPre()
			continue
		}
		pre.lines = append(pre.lines, t)
	}
	flushPre()
	var cur block
	for i := cs; i < to; i++ {
		if p.chrome[i] != nil || p.texts[i] == "" {
			if len(cur.lines) > 0 {
				blocks = append(blocks, cur)
				cur = block{}
			}
			continue
		}
		cur.lines = append(cur.lines, p.texts[i])
	}
	if len(cur.lines) > 0 {
		blocks = append(blocks, cur)
	}
	p.classifyBlocks(blocks, false, true)
}

// articleBlocks classifies blocks and appends their segments. top says
// whether the blocks begin the page (and may hold the headline and lead).
func (p *page) articleBlocks(blocks []block, top bool) {
	p.classifyBlocks(blocks, top, false)
}

// classifyBlocks is articleBlocks; afterHeadline says that the headline
// was taken already, so that the first short paragraph may be the lead.
func (p *page) classifyBlocks(blocks []block, top, afterHeadline bool) {
	kinds := make([]annotate.SegmentKind, len(blocks))
	var captions []string
	bodySeen := false
	headline := -1
	if afterHeadline {
		headline = -2
	}
	for i, b := range blocks {
		switch {
		case b.kind != "":
			kinds[i] = b.kind
		case top && i == 0 && isHeadline(b) && len(blocks) > 1:
			kinds[i] = annotate.KindHeadline
			headline = i
		case isCaption(b, captions, bodySeen):
			kinds[i] = annotate.KindCaption
			captions = append(captions, b.lines[0])
		case isByline(b):
			kinds[i] = annotate.KindByline
			p.notePublished(b)
		default:
			kinds[i] = annotate.KindBody
			bodySeen = true
		}
	}
	// The lead is the first body paragraph after the headline, if it is
	// short, ends a sentence and more body follows.
	if headline >= 0 || headline == -2 {
		for i := max(headline+1, 0); i < len(blocks); i++ {
			if kinds[i] != annotate.KindBody {
				continue
			}
			if isLead(blocks[i]) && hasBodyAfter(kinds, i) {
				kinds[i] = annotate.KindLead
			}
			break
		}
		if headline >= 0 {
			p.doc.Title = titleOf(blocks[headline].lines)
		}
	}
	var body []block
	flushBody := func() {
		if len(body) > 0 {
			p.add(annotate.KindBody, joinBlocks(body))
			body = nil
		}
	}
	for i, b := range blocks {
		if kinds[i] == annotate.KindBody {
			// A subheading between body paragraphs is a segment of its
			// own, whether it stands in a block of its own or among the
			// lines of a page copy without blank lines.
			start := 0
			for j, l := range b.lines {
				if !isSubheading(l) || !proseAround(blocks, kinds, i, j) {
					continue
				}
				if j > start {
					body = append(body, block{lines: b.lines[start:j]})
				}
				flushBody()
				p.add(annotate.KindSubheading, l)
				start = j + 1
			}
			if start < len(b.lines) {
				body = append(body, block{lines: b.lines[start:]})
			}
			continue
		}
		flushBody()
		p.add(kinds[i], b.text())
	}
	flushBody()
}

// isSubheading: a short line of two to 14 words that ends no sentence and
// is no list item, date or credit.
func isSubheading(l string) bool {
	words := len(strings.Fields(l))
	if words < 1 || words > 14 || utf8.RuneCountInString(l) > 100 || endsSentence(l) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l)
	switch {
	case strings.HasSuffix(l, ",") || strings.HasSuffix(l, ";") || strings.HasSuffix(l, "-") || strings.HasSuffix(l, "–"):
		return false
	case !unicode.IsUpper(r) && !unicode.IsDigit(r):
		return false // a line broken inside a sentence, or a list's item
	case furniture(l), strings.HasPrefix(l, "http"):
		return false
	}
	return true
}

// proseAround reports whether line j of body block i has body prose before
// and after it: a subheading stands between paragraphs.
func proseAround(blocks []block, kinds []annotate.SegmentKind, i, j int) bool {
	before, after := false, false
	b := blocks[i]
	if j > 0 {
		before = isProse(b.lines[j-1]) || endsSentence(b.lines[j-1])
	} else {
		for k := i - 1; k >= 0 && !before; k-- {
			if kinds[k] == annotate.KindBody || kinds[k] == annotate.KindLead {
				last := blocks[k].lines[len(blocks[k].lines)-1]
				before = isProse(last) || endsSentence(last)
				break
			}
			if kinds[k] != annotate.KindCaption {
				break
			}
		}
	}
	if j+1 < len(b.lines) {
		after = isProse(b.lines[j+1])
	} else {
		for k := i + 1; k < len(blocks); k++ {
			if kinds[k] == annotate.KindBody {
				after = isProse(blocks[k].lines[0])
				break
			}
			if kinds[k] != annotate.KindCaption {
				break
			}
		}
	}
	return before && after
}

// widgetLine: a line of the article's head that is a share counter or a
// button behind a separator ("6280", "| E-Mail"), not text.
func widgetLine(t string) bool {
	letters := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 2 {
		return true
	}
	trimmed := strings.Trim(t, "|•·–-/ ")
	return trimmed != t && matchChrome(trimmed, false) != nil
}

// isKicker: a short topic line above a headline ("Datenschutz").
func isKicker(s string) bool {
	return s != "" && utf8.RuneCountInString(s) <= 40 && len(strings.Fields(s)) <= 4 && !strings.ContainsAny(s, ".:!?•|·/»>")
}

// titleOf makes the document title of a headline block. A kicker on its
// own line above the headline joins it with a colon, as news sites write
// such titles ("Datenschutz: Neue Regeln ...").
func titleOf(lines []string) string {
	if len(lines) == 2 && utf8.RuneCountInString(lines[0]) <= 40 && !strings.ContainsAny(lines[0], ".:!?") {
		return lines[0] + ": " + lines[1]
	}
	return strings.Join(lines, " ")
}

func (p *page) add(kind annotate.SegmentKind, text string) {
	p.doc.Segments = append(p.doc.Segments, annotate.Segment{Kind: kind, Text: text})
}

// notePublished takes the publication time from the first date byline.
func (p *page) notePublished(b block) {
	if !p.doc.Published.IsZero() {
		return
	}
	for _, l := range b.lines {
		if m := bylineDate.FindStringSubmatch(l); m != nil {
			if t, ok := parseWhen(m[1], p.opts.location()); ok {
				p.doc.Published = t
				return
			}
		}
	}
}

func hasBodyAfter(kinds []annotate.SegmentKind, i int) bool {
	for _, k := range kinds[i+1:] {
		if k == annotate.KindBody {
			return true
		}
	}
	return false
}

// isHeadline: one or two short lines.
func isHeadline(b block) bool {
	if len(b.lines) > 2 || b.runes() > 250 {
		return false
	}
	for _, l := range b.lines {
		if utf8.RuneCountInString(l) > 200 {
			return false
		}
	}
	return !isByline(b) && !isCreditLine(b.lines[0])
}

// isLead: a paragraph of at most 600 characters that ends a sentence.
func isLead(b block) bool {
	return b.runes() <= 600 && endsSentence(b.lines[len(b.lines)-1])
}

// endsSentence reports whether s ends with sentence punctuation, allowing
// closing quotes and brackets after it.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"'“”‘’«»„)]`)
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…:", r)
}

// isCaption: a short block that ends with a credit, is labelled as a
// caption, is a credit alone before the body, or repeats a caption.
func isCaption(b block, earlier []string, bodySeen bool) bool {
	if len(b.lines) > 4 || b.runes() > 500 {
		return false
	}
	last := b.lines[len(b.lines)-1]
	switch {
	case captionLabel.MatchString(b.lines[0]):
		return true
	case len(b.lines) > 1 && isCreditLine(last) && !endsSentence(b.lines[0]) || len(b.lines) > 1 && creditLabel.MatchString(last):
		return true
	case len(b.lines) > 1 && isCreditLine(last) && utf8.RuneCountInString(b.lines[0]) <= 300:
		return true
	case len(b.lines) == 1 && (creditLabel.MatchString(last) || creditCopyright.MatchString(last)):
		return true
	case len(b.lines) == 1 && !bodySeen && isCreditLine(last) && !bylineAgency.MatchString(last):
		return true
	}
	for _, c := range earlier {
		if b.lines[0] == c {
			return true
		}
	}
	return false
}

// isCreditLine: a credit label, an agency, a copyright mark, or a short
// line in capitals ("REUTERS", "AFP/GETTY IMAGES").
func isCreditLine(s string) bool {
	if creditLabel.MatchString(s) || creditAgency.MatchString(s) || creditCopyright.MatchString(s) {
		return true
	}
	if utf8.RuneCountInString(s) > 40 || strings.Count(s, " ") > 4 {
		return false
	}
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// isByline: every line of a short block is an author, agency, material or
// date line.
func isByline(b block) bool {
	if len(b.lines) > 3 {
		return false
	}
	for _, l := range b.lines {
		if utf8.RuneCountInString(l) > 160 {
			return false
		}
		switch {
		case bylineAuthor.MatchString(l) && strings.Count(l, " ") <= 10 && !strings.HasSuffix(l, "."):
		case bylineAgency.MatchString(l):
		case bylineMaterial.MatchString(l):
		case bylineDate.MatchString(l):
		default:
			return false
		}
	}
	return true
}
