package interchange

import (
	"regexp"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

func conllProject(t *testing.T, text string, specs []spanSpec) *memStore {
	t.Helper()
	s := newMemStore(sampleCodebook())
	for _, p := range []string{"anna", "ben"} {
		if err := s.AddAnnotator(&annotate.Annotator{ID: p, Name: p}); err != nil {
			t.Fatal(err)
		}
	}
	doc := &annotate.Document{ID: "d", Segments: []annotate.Segment{{ID: "b", Kind: annotate.KindBody, Text: text}}}
	if err := doc.Prepare(t0); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	addSpans(t, s, doc, specs)
	return s
}

func TestCoNLLKeepsTheSpanItsWarningSaysIsKeptWhenTwoAnnotatorsTagTheSameText(t *testing.T) {
	tests := []struct {
		name  string
		specs []spanSpec
	}{
		{"same label", []spanSpec{
			{id: "x-anna", seg: "b", exact: "Angela Merkel", label: "PER", who: "anna", note: "anna's"},
			{id: "x-ben", seg: "b", exact: "Angela Merkel", label: "PER", who: "ben", note: "ben's"}}},
		{"same label, the other order", []spanSpec{
			{id: "x-ben", seg: "b", exact: "Angela Merkel", label: "PER", who: "ben", note: "ben's"},
			{id: "x-anna", seg: "b", exact: "Angela Merkel", label: "PER", who: "anna", note: "anna's"}}},
		{"other labels", []spanSpec{
			{id: "x-anna", seg: "b", exact: "Angela Merkel", label: "PER", who: "anna"},
			{id: "x-ben", seg: "b", exact: "Angela Merkel", label: "ORG", who: "ben"}}},
	}
	keptRE := regexp.MustCompile(`span (\S+) .* of (\S+) overlaps span (\S+) \S+ ".*" of (\S+), which is kept`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := conllProject(t, "Angela Merkel visited Paris.", tt.specs)
			data, rep := exportBytes(t, s, ExportOptions{Format: FormatCoNLL})
			var m []string
			for _, w := range rep.Warnings {
				if m = keptRE.FindStringSubmatch(w); m != nil {
					break
				}
			}
			if m == nil {
				t.Fatalf("no warning names the kept span: %q", rep.Warnings)
			}
			leftOut, keptID, keptWho := m[1], m[3], m[4]
			b, _ := decodeBytes(t, "x.conll", data, FormatCoNLL, nil)
			if len(b.Annotations) != 1 {
				t.Fatalf("%d spans back, want 1", len(b.Annotations))
			}
			a := b.Annotations[0]
			if a.ID != keptID || a.Annotator != keptWho || a.ID == leftOut {
				t.Errorf("the import brought back %s of %s (note %q); the warning says %s of %s is kept and %s left out",
					a.ID, a.Annotator, a.Note, keptID, keptWho, leftOut)
			}
			want, _ := s.Annotation("d", keptID)
			if a.Label != want.Label || a.Note != want.Note {
				t.Errorf("kept span came back as %s %q, want %s %q", a.Label, a.Note, want.Label, want.Note)
			}
		})
	}
}

func TestCoNLLSpanAcrossALineBreakRestartsWithBAtTheSentenceBreak(t *testing.T) {
	s := conllProject(t, "Die Stadt plant\nneue Radwege für Köln.", []spanSpec{
		{id: "c", seg: "b", exact: "plant\nneue Radwege", label: "CLAIM", who: "anna"},
	})
	data, rep := exportBytes(t, s, ExportOptions{Format: FormatCoNLL})
	if !containsSub(rep.Warnings, `span c CLAIM "plant\nneue Radwege" crosses 1 line breaks`) {
		t.Errorf("no warning about the line break: %q", rep.Warnings)
	}
	// No I- tag right after a sentence break (a blank line).
	lines := strings.Split(string(data), "\n")
	var tags []string
	for i, l := range lines {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		tok, tag, _ := strings.Cut(l, "\t")
		tags = append(tags, tok+"/"+tag)
		if strings.HasPrefix(tag, "I-") && i > 0 && lines[i-1] == "" {
			t.Errorf("line %d %q continues a span across a sentence break", i+1, l)
		}
	}
	if got := strings.Join(tags, " "); !strings.Contains(got, "plant/B-CLAIM neue/B-CLAIM Radwege/I-CLAIM") {
		t.Errorf("tags %s", got)
	}
	// A Newsmark import joins the chunks again from the record...
	b, _ := decodeBytes(t, "x.conll", data, FormatCoNLL, nil)
	if len(b.Annotations) != 1 || b.Annotations[0].Quote.Exact != "plant\nneue Radwege" || b.Annotations[0].ID != "c" {
		t.Errorf("with the record: %+v", b.Annotations)
	}
	// ...and a plain CoNLL reader sees two spans that end at the break.
	var plain []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "#") {
			plain = append(plain, l)
		}
	}
	b, _ = decodeBytes(t, "plain.conll", []byte(strings.Join(plain, "\n")), FormatCoNLL, nil)
	var got []string
	for _, a := range b.Annotations {
		got = append(got, a.Quote.Exact)
	}
	if strings.Join(got, "|") != "plant|neue Radwege" {
		t.Errorf("without the record: %q", got)
	}
}
