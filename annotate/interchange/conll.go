package interchange

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsmark/newsmark/annotate"
)

// CoNLL / BIO: one token per line, "TOKEN<TAB>TAG", a blank line after each
// line of text (CoNLL's sentence), IOB2 tags (B-LABEL, I-LABEL, O). A
// document starts with "# newdoc id = ID" (the CoNLL-U comment) and
// "# newsmark_text = ..." (the joined text as a JSON string) and
// "# newsmark = {...}" (the carried record), which let an import rebuild
// the text and spans exactly; readers that skip '#' comments see plain
// CoNLL. One tag per token cannot hold overlapping spans: the export keeps
// the first (longest at a start) and names each span it drops.
//
// Import reads that layout, doccano's two columns, CoNLL-2003's four
// (the tag is the last column) and GermEval 2014's
// "INDEX TOKEN OUTER NESTED" (both tag columns are read, so nested spans
// survive). Without a newsmark_text comment the text is rebuilt from the
// tokens: single spaces between tokens, a newline between sentences.
// Documents are separated by "-DOCSTART-", "# newdoc" or a new GermEval
// source comment ("#<TAB>URL").

type conllEncoder struct {
	w   io.Writer
	sel *selection
}

func (e *conllEncoder) begin(sel *selection) error {
	e.sel = sel
	return nil
}

// conllToken is a token of a text, in code points.
type conllToken struct{ start, end int }

// tokenize splits text into tokens: runs of letters and digits, and single
// other characters; white space separates. What a reader sees as one
// character stays in one token: combining marks, variation selectors, emoji
// modifiers and tag characters attach to what precedes them, a zero-width
// joiner joins the next character on, and regional indicators pair into
// flags. A token is also split at every offset in cuts, so spans always
// start and end at token edges.
func tokenize(text string, cuts map[int]bool) []conllToken {
	var toks []conllToken
	start := -1
	word, joined := false, false
	ri := 0 // regional indicators in the current token
	i := 0
	for _, r := range text {
		glue := unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) ||
			unicode.Is(unicode.Variation_Selector, r) || (r >= 0x1F3FB && r <= 0x1F3FF)
		isRI := r >= 0x1F1E6 && r <= 0x1F1FF
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case unicode.IsSpace(r):
			if start >= 0 {
				toks = append(toks, conllToken{start, i})
				start = -1
			}
		case start >= 0 && cuts[i]:
			toks = append(toks, conllToken{start, i})
			start, word, ri = i, isWord, 0
		case start >= 0 && (glue || joined || word && isWord || isRI && ri == 1):
			// continue the token
		default:
			if start >= 0 {
				toks = append(toks, conllToken{start, i})
			}
			start, word, ri = i, isWord, 0
		}
		if isRI {
			ri++
		}
		joined = r == '\u200d'
		i++
	}
	if start >= 0 {
		toks = append(toks, conllToken{start, i})
	}
	return toks
}

func (e *conllEncoder) document(u *docUnit, rep *ExportReport) error {
	f := flatten(u)
	type span struct {
		a          *annotate.Annotation
		start, end int
	}
	spans := make([]span, len(u.anns))
	cuts := map[int]bool{}
	for i := range u.anns {
		s, en := f.span(&u.anns[i])
		spans[i] = span{&u.anns[i], s, en}
		cuts[s], cuts[en] = true, true
	}
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	toks := tokenize(f.text, cuts)
	tags := make([]string, len(toks))
	for i := range tags {
		tags[i] = "O"
	}
	// lineOf gives each token the line of the text it is on: CoNLL's
	// sentences, a blank line between them.
	lineOf := make([]int, len(toks))
	{
		line, k, i := 0, 0, 0
		for _, r := range f.text {
			for k < len(toks) && toks[k].start == i {
				lineOf[k] = line
				k++
			}
			if r == '\n' {
				line++
			}
			i++
		}
	}
	var last *span // the kept span that reaches furthest
	var kept []span
	for _, sp := range spans {
		if last != nil && sp.start < last.end {
			rep.warnf("conll: document %s: span %s %s %q at [%d,%d) of %s overlaps span %s %s %q of %s, which is kept; it is left out (one tag per token)",
				u.doc.ID, sp.a.ID, sp.a.Label, sp.a.Quote.Exact, sp.a.Start, sp.a.End, sp.a.Annotator,
				last.a.ID, last.a.Label, last.a.Quote.Exact, last.a.Annotator)
			continue
		}
		first := sort.Search(len(toks), func(i int) bool { return toks[i].start >= sp.start })
		n, pieces := 0, 0
		for k := first; k < len(toks) && toks[k].end <= sp.end; k++ {
			if n == 0 || lineOf[k] != lineOf[k-1] {
				// A new sentence (line) starts a new chunk: IOB2 does not
				// continue a span across a sentence break.
				tags[k] = "B-" + sp.a.Label
				pieces++
			} else {
				tags[k] = "I-" + sp.a.Label
			}
			n++
		}
		if n == 0 {
			rep.warnf("conll: document %s: span %s %q covers no token and is left out", u.doc.ID, sp.a.ID, sp.a.Quote.Exact)
			continue
		}
		if pieces > 1 {
			rep.warnf("conll: document %s: span %s %s %q crosses %d line breaks, which are sentence breaks in CoNLL: it is written as %d chunks, each starting with B- (a Newsmark import joins them again)",
				u.doc.ID, sp.a.ID, sp.a.Label, sp.a.Quote.Exact, pieces-1, pieces)
		}
		if toks[first].start != sp.start || toks[first+n-1].end != sp.end {
			rep.warnf("conll: document %s: span %s %q starts or ends in white space, which tokens cannot hold", u.doc.ID, sp.a.ID, sp.a.Quote.Exact)
		}
		kept = append(kept, sp)
		last = &kept[len(kept)-1]
	}
	// The report counts what the tags hold.
	keptIDs := map[string]bool{}
	for _, sp := range kept {
		keptIDs[sp.a.ID] = true
	}
	rep.Annotations -= len(u.anns) - len(kept)
	for _, r := range u.rels {
		if !keptIDs[r.From] || !keptIDs[r.To] {
			rep.Relations--
		}
	}
	// Only a kept span has the ref that the tags make: a span left out
	// (another annotator's on the same text, say) must not lend the kept
	// one its id, annotator or attributes on import.
	c := f.carry(e.sel, func(i int) string {
		if !keptIDs[u.anns[i].ID] {
			return "left-out:" + u.anns[i].ID
		}
		s, en := f.span(&u.anns[i])
		return conllRef(s, en, u.anns[i].Label)
	}, nil)
	textJSON, err := json.Marshal(f.text)
	if err != nil {
		return err
	}
	carryJSON, err := json.Marshal(c)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(e.w)
	fmt.Fprintf(bw, "# newdoc id = %s\n# newsmark_text = %s\n# newsmark = %s\n", oneLine(u.doc.ID), textJSON, carryJSON)
	var breaks []int // code point offsets of the line breaks
	i := 0
	for _, r := range f.text {
		if r == '\n' {
			breaks = append(breaks, i)
		}
		i++
	}
	line, next := -1, 0
	for k, t := range toks {
		// A new block at each line of the text.
		for next < len(breaks) && breaks[next] < t.start {
			next++
		}
		if line >= 0 && next != line {
			bw.WriteString("\n")
		}
		line = next
		tok, _ := f.index.Slice(t.start, t.end)
		fmt.Fprintf(bw, "%s\t%s\n", tok, tags[k])
	}
	bw.WriteString("\n")
	return bw.Flush()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func conllRef(start, end int, label string) string {
	return fmt.Sprintf("%d:%d:%s", start, end, label)
}

func (e *conllEncoder) end(*ExportReport) error { return nil }

// parseTag splits a BIO tag: prefix is one of B, I, E, S, L, U, or "O"
// with no label.
func parseTag(tag string) (prefix byte, label string, ok bool) {
	if tag == "O" {
		return 'O', "", true
	}
	if len(tag) < 3 || (tag[1] != '-' && tag[1] != '_') || !strings.ContainsRune("BIESLU", rune(tag[0])) {
		return 0, "", false
	}
	return tag[0], tag[2:], true
}

type conllTok struct {
	text string
	tags []string
	line int
}

type conllDoc struct {
	id        string
	source    string
	line      int
	text      *string
	carry     *carried
	sentences [][]conllTok
}

func (d *decoder) conll(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	var docs []*conllDoc
	var cur *conllDoc
	var sent []conllTok
	flushSent := func() {
		if len(sent) > 0 {
			cur.sentences = append(cur.sentences, sent)
			sent = nil
		}
	}
	newDoc := func(line int) {
		if cur != nil {
			flushSent()
			if len(cur.sentences) == 0 && cur.text == nil {
				docs = docs[:len(docs)-1]
			}
		}
		cur = &conllDoc{line: line}
		docs = append(docs, cur)
	}
	line := 0
	layout := 0 // 0 unknown, 1 token … tag (tag last), 2 GermEval: index token outer nested
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			l = strings.TrimPrefix(l, "\ufeff")
		}
		fail := func(format string, args ...any) error {
			return d.errAt("", line, -1, nil, format, args...)
		}
		if strings.TrimSpace(l) == "" {
			if cur != nil {
				flushSent()
			}
			continue
		}
		if strings.HasPrefix(l, "-DOCSTART-") {
			newDoc(line + 1)
			continue
		}
		fields := strings.Split(l, "\t")
		if len(fields) == 1 {
			fields = strings.Fields(l)
		}
		if strings.HasPrefix(l, "#") && isComment(l, fields) {
			key, val, isKV := strings.Cut(strings.TrimSpace(strings.TrimPrefix(l, "#")), " = ")
			switch {
			case isKV && key == "newdoc id":
				newDoc(line)
				cur.id = val
			case isKV && key == "newsmark_text":
				if cur == nil {
					newDoc(line)
				}
				var t string
				if err := json.Unmarshal([]byte(val), &t); err != nil {
					return fail("newsmark_text: expected the text as a JSON string: %s", jsonErrMsg(err))
				}
				cur.text = &t
			case isKV && key == "newsmark":
				if cur == nil {
					newDoc(line)
				}
				var c carried
				if err := json.Unmarshal([]byte(val), &c); err != nil {
					return fail("newsmark: expected the Newsmark record as JSON: %s", jsonErrMsg(err))
				}
				cur.carry = &c
			case strings.HasPrefix(l, "#\t") && len(fields) >= 2:
				// GermEval: "#<TAB>source<TAB>[date]" before every sentence.
				if cur == nil || cur.source != fields[1] {
					newDoc(line)
					cur.source = fields[1]
				}
			}
			continue
		}
		if len(fields) < 2 {
			return fail("expected a token and its tag separated by a tab, found %q", l)
		}
		// The layout is fixed by the first token line: GermEval numbers its
		// tokens from 1; elsewhere a number in the first column is a token.
		if layout == 0 {
			layout = 1
			if len(fields) >= 4 && fields[0] == "1" && validTag(fields[2]) && validTag(fields[3]) {
				layout = 2
			}
		}
		tok := conllTok{line: line}
		if layout == 2 {
			if len(fields) < 4 || !isInt(fields[0]) {
				return fail("expected GermEval columns INDEX TOKEN OUTER NESTED, found %q", l)
			}
			tok.text, tok.tags = fields[1], fields[2:4]
		} else {
			tok.text, tok.tags = fields[0], fields[len(fields)-1:]
		}
		if strings.TrimSpace(tok.text) == "" || strings.ContainsFunc(tok.text, unicode.IsSpace) {
			return fail("the token %q is empty or holds white space", tok.text)
		}
		for _, t := range tok.tags {
			if !validTag(t) {
				return fail("tag %q: expected O or a BIO tag such as B-PER or I-PER", t)
			}
		}
		if cur == nil {
			newDoc(line)
		}
		sent = append(sent, tok)
	}
	if err := sc.Err(); err != nil {
		return d.errAt("", line+1, -1, err, "read")
	}
	if cur != nil {
		flushSent()
		if len(cur.sentences) == 0 && cur.text == nil {
			docs = docs[:len(docs)-1]
		}
	}
	if len(docs) == 0 {
		return d.errAt("", 0, -1, nil, "no tokens: expected lines of TOKEN<TAB>TAG")
	}
	for i, cd := range docs {
		if err := d.conllDocument(cd, i+1); err != nil {
			return err
		}
	}
	return nil
}

func isComment(l string, fields []string) bool {
	if strings.HasPrefix(l, "# ") || !strings.Contains(l, "\t") {
		return true
	}
	return !validTag(fields[len(fields)-1]) || len(fields) > 4
}

func validTag(t string) bool {
	_, _, ok := parseTag(t)
	return ok
}

func isInt(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// conllDocument lays cd's tokens on its text and decodes its tags into
// spans.
func (d *decoder) conllDocument(cd *conllDoc, n int) error {
	title := fmt.Sprintf("%s document %d", filepath.Base(d.name), n)
	if cd.id != "" {
		title = cd.id
	}
	if cd.source != "" {
		title = cd.source
	}
	fd := &foreignDoc{line: cd.line, title: title, source: filepath.Base(d.name), unit: UnitCodePoint, carry: cd.carry}
	if cd.source != "" {
		fd.source = cd.source
	}
	type placed struct {
		tok        conllTok
		start, end int
		sentence   int
	}
	var toks []placed
	if cd.text != nil {
		text := *cd.text
		fd.text = text
		x := annotate.NewOffsetIndex(text)
		pos := 0 // byte offset
		for si, s := range cd.sentences {
			for _, t := range s {
				for pos < len(text) {
					r, size := utf8.DecodeRuneInString(text[pos:])
					if !unicode.IsSpace(r) {
						break
					}
					pos += size
				}
				if !strings.HasPrefix(text[pos:], t.text) {
					rest := text[pos:]
					if len(rest) > 20 {
						rest = rest[:20]
					}
					return d.errAt("", t.line, -1, nil, "token %q does not follow in the newsmark_text (found %q)", t.text, rest)
				}
				s0, _ := x.RuneOffset(pos)
				pos += len(t.text)
				s1, ok := x.RuneOffset(pos)
				if !ok {
					return d.errAt("", t.line, -1, nil, "token %q ends inside a character of the newsmark_text", t.text)
				}
				toks = append(toks, placed{t, s0, s1, si})
			}
		}
	} else {
		var b strings.Builder
		cp := 0
		for si, s := range cd.sentences {
			if si > 0 {
				b.WriteByte('\n')
				cp++
			}
			for ti, t := range s {
				if ti > 0 {
					b.WriteByte(' ')
					cp++
				}
				n := annotate.RuneCount(t.text)
				toks = append(toks, placed{t, cp, cp + n, si})
				b.WriteString(t.text)
				cp += n
			}
		}
		fd.text = b.String()
	}
	cols := 0
	for _, t := range toks {
		cols = max(cols, len(t.tok.tags))
	}
	// A Newsmark export writes a span across a line break as chunks that
	// each start with B-; its record names the whole span, so the chunks
	// are joined again.
	carriedEnds := map[string]int{} // "start:label" → furthest end of a carried span
	if cd.text != nil && cd.carry != nil {
		for _, ca := range cd.carry.Annotations {
			var st, en int
			var lab string
			if _, err := fmt.Sscanf(ca.Ref, "%d:%d:", &st, &en); err == nil {
				lab = strings.SplitN(ca.Ref, ":", 3)[2]
				k := fmt.Sprintf("%d:%s", st, lab)
				carriedEnds[k] = max(carriedEnds[k], en)
			}
		}
	}
	for col := range cols {
		type open struct {
			label      string
			start, end int
			line       int
			last       int // index of its last token
		}
		var cur *open
		closeSpan := func() {
			if cur != nil {
				fd.spans = append(fd.spans, foreignSpan{
					ref: conllRef(cur.start, cur.end, cur.label), start: cur.start, end: cur.end, label: cur.label,
					line: cur.line, place: fmt.Sprintf("%s span", cur.label),
				})
				cur = nil
			}
		}
		for i, t := range toks {
			tag := "O"
			if col < len(t.tok.tags) {
				tag = t.tok.tags[col]
			}
			prefix, label, _ := parseTag(tag)
			contiguous := cur != nil && cur.last == i-1 && (toks[cur.last].sentence == t.sentence || cd.text != nil)
			switch prefix {
			case 'O':
				closeSpan()
			case 'B', 'S', 'U':
				if prefix == 'B' && cur != nil && cur.label == label && cur.last == i-1 && toks[cur.last].sentence != t.sentence &&
					carriedEnds[fmt.Sprintf("%d:%s", cur.start, label)] >= t.end {
					cur.end, cur.last = t.end, i
					break
				}
				closeSpan()
				cur = &open{label: label, start: t.start, end: t.end, line: t.tok.line, last: i}
			case 'I', 'E', 'L':
				if contiguous && cur.label == label {
					cur.end, cur.last = t.end, i
				} else {
					closeSpan()
					cur = &open{label: label, start: t.start, end: t.end, line: t.tok.line, last: i}
				}
			}
			if prefix == 'E' || prefix == 'L' || prefix == 'S' || prefix == 'U' {
				closeSpan()
			}
		}
		closeSpan()
	}
	// Spans of several columns may repeat each other; keep each once.
	slices.SortStableFunc(fd.spans, func(a, b foreignSpan) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	return d.addForeign(fd)
}
