package importer

import (
	"strings"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"

	"github.com/newsmark/newsmark/annotate"
)

// languageSample is how much text language detection looks at: enough for
// a reliable guess, little enough to keep corpus imports fast.
const languageSample = 600

// detectLanguage guesses the ISO 639-1 code of a document's language from
// its article (or, without one, its comments). It returns "" when the guess
// is not reliable.
func detectLanguage(doc *annotate.Document) string {
	var b strings.Builder
	add := func(article bool) {
		for _, s := range doc.Segments {
			if s.Kind.IsArticle() != article || b.Len() >= languageSample*2 {
				continue
			}
			b.WriteString(s.Text)
			b.WriteByte('\n')
		}
	}
	add(true)
	if utf8.RuneCountInString(b.String()) < 40 {
		add(false)
	}
	sample := b.String()
	if len(sample) > languageSample*2 {
		cut := languageSample * 2
		for cut > 0 && !utf8.RuneStart(sample[cut]) {
			cut--
		}
		sample = sample[:cut]
	}
	if utf8.RuneCountInString(sample) < 20 {
		return ""
	}
	info := whatlanggo.Detect(sample)
	if !info.IsReliable() {
		return ""
	}
	return info.Lang.Iso6391()
}

// titleMax is the length, in characters, of a title made from text.
const titleMax = 100

// titleFromText makes a title for a document without one: its first
// article line (else its first comment line), cut at a word boundary.
func titleFromText(doc *annotate.Document) string {
	for _, article := range []bool{true, false} {
		for _, s := range doc.Segments {
			if s.Kind.IsArticle() != article {
				continue
			}
			line, _, _ := strings.Cut(strings.TrimSpace(s.Text), "\n")
			if line = strings.TrimSpace(line); line != "" {
				return shorten(line, titleMax)
			}
		}
	}
	return ""
}

// shorten cuts s to at most max characters, at a space if there is one in
// the last third, and marks the cut with an ellipsis.
func shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max-1]
	cut := len(r)
	for i := len(r) - 1; i > len(r)*2/3; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimSpace(string(r[:cut])) + "…"
}
