package annotate

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// editDoc is a small page: a headline, two body paragraphs and three
// comments, the third a reply to the second.
func editDoc() *Document {
	return &Document{ID: "d", Segments: []Segment{
		{ID: "s1", Kind: KindHeadline, Text: "Schlagzeile"},
		{ID: "s2", Kind: KindBody, Text: "Erster Absatz."},
		{ID: "s3", Kind: KindBody, Text: "Zweiter Absatz."},
		{ID: "c1", Kind: KindComment, Text: "Grüße aus Köln. Zweiter Leser hier: Müller lügt.", Author: "anna", Number: 1},
		{ID: "c2", Kind: KindComment, Text: "Stimmt nicht.", Author: "bert", Number: 2},
		{ID: "c3", Kind: KindComment, Text: "Doch.", Author: "cora", Number: 3, ReplyTo: "c2"},
	}}
}

func spanIn(t *testing.T, doc *Document, seg string, p SpanPlace) string {
	t.Helper()
	for _, s := range doc.Segments {
		if s.ID == p.SegmentID {
			q, ok := Slice(s.Text, p.Start, p.End)
			if !ok {
				t.Fatalf("[%d,%d) is outside segment %s %q", p.Start, p.End, p.SegmentID, s.Text)
			}
			return q
		}
	}
	t.Fatalf("no segment %s", p.SegmentID)
	return ""
}

func TestSplitMovesAnnotationsAfterTheCaretWithTheirText(t *testing.T) {
	doc := editDoc()
	// "Grüße aus Köln. Zweiter Leser hier: Müller lügt."
	//  0     6   10   15 16
	anns := []Annotation{
		{ID: "köln", SegmentID: "c1", Start: 10, End: 14},   // before the caret: stays
		{ID: "müller", SegmentID: "c1", Start: 36, End: 42}, // after: moves
		{ID: "other", SegmentID: "c2", Start: 0, End: 7},    // another comment: untouched
	}
	labels := []SegmentLabel{{DocumentID: "d", SegmentID: "c1", Label: "toxic", Annotator: "x"}}
	edit, cut, err := SplitSegment(doc, anns, labels, "c1", 16, KindComment)
	if err != nil {
		t.Fatal(err)
	}
	if len(cut) != 0 {
		t.Errorf("cut = %v, want none", cut)
	}
	after := &Document{ID: "d", Segments: edit.To}
	first, _ := after.Segment("c1")
	if first.Text != "Grüße aus Köln." || first.Author != "anna" {
		t.Errorf("first part = %+v", first)
	}
	second := edit.To[4]
	if second.Kind != KindComment || second.Text != "Zweiter Leser hier: Müller lügt." || second.Author != "" || second.ID == "c1" {
		t.Errorf("second part = %+v", second)
	}
	if len(edit.Spans) != 1 || edit.Spans[0].ID != "müller" {
		t.Fatalf("spans = %+v, want only müller to move", edit.Spans)
	}
	if got := spanIn(t, after, second.ID, edit.Spans[0].To); got != "Müller" {
		t.Errorf("moved annotation covers %q, want Müller", got)
	}
	if len(edit.AddLabels) != 1 || edit.AddLabels[0].SegmentID != second.ID {
		t.Errorf("labels = %+v, want toxic on the new comment too", edit.AddLabels)
	}
	inv := edit.Inverse()
	if inv.Spans[0].To != edit.Spans[0].From || len(inv.RemoveLabels) != 1 || len(inv.To) != len(doc.Segments) {
		t.Errorf("inverse = %+v", inv)
	}
}

func TestSplitThroughAnAnnotationShortensItAndSaysSo(t *testing.T) {
	doc := editDoc()
	anns := []Annotation{{ID: "a", SegmentID: "c1", Start: 10, End: 23}} // "Köln. Zweiter"
	edit, cut, err := SplitSegment(doc, anns, nil, "c1", 16, KindComment)
	if err != nil {
		t.Fatal(err)
	}
	if len(cut) != 1 || cut[0].ID != "a" {
		t.Fatalf("cut = %v, want annotation a", cut)
	}
	if got := spanIn(t, &Document{Segments: edit.To}, "c1", edit.Spans[0].To); got != "Köln." {
		t.Errorf("shortened annotation covers %q, want %q", got, "Köln.")
	}
}

func TestSplitRefusesACaretWithoutTextOnBothSides(t *testing.T) {
	for _, at := range []int{0, 1000, -1} {
		if _, _, err := SplitSegment(editDoc(), nil, nil, "c1", at, KindComment); !errors.Is(err, ErrInvalid) {
			t.Errorf("split at %d: err = %v, want ErrInvalid", at, err)
		}
	}
	doc := &Document{ID: "d", Segments: []Segment{{ID: "s1", Kind: KindBody, Text: "Wort   "}}}
	if _, _, err := SplitSegment(doc, nil, nil, "s1", 5, KindBody); !errors.Is(err, ErrInvalid) {
		t.Errorf("split before trailing space: err = %v, want ErrInvalid", err)
	}
}

func TestSplitIntoAnArticleParagraph(t *testing.T) {
	edit, _, err := SplitSegment(editDoc(), nil, nil, "s2", 6, KindBody)
	if err != nil {
		t.Fatal(err)
	}
	if edit.To[1].Text != "Erster" || edit.To[2].Text != "Absatz." || edit.To[2].Kind != KindBody || edit.To[2].ID[0] != 's' {
		t.Errorf("segments = %+v", edit.To[:3])
	}
}

func TestMergeAppendsToTheCommentBeforeAndMovesEverything(t *testing.T) {
	doc := editDoc()
	anns := []Annotation{{ID: "a", SegmentID: "c2", Start: 0, End: 7}} // "Stimmt "
	cb := &Codebook{SegmentLabelSets: []SegmentLabelSet{
		{ID: "rel", Exclusive: true, Labels: []SegmentLabelDef{{ID: "on"}, {ID: "off"}}},
		{ID: "tone", Labels: []SegmentLabelDef{{ID: "toxic"}}},
	}}
	labels := []SegmentLabel{
		{DocumentID: "d", SegmentID: "c1", Label: "on", Annotator: "x"},
		{DocumentID: "d", SegmentID: "c2", Label: "off", Annotator: "x"},   // clashes with on: dropped
		{DocumentID: "d", SegmentID: "c2", Label: "toxic", Annotator: "x"}, // moves
	}
	edit, err := MergeSegment(doc, anns, labels, cb, "c2")
	if err != nil {
		t.Fatal(err)
	}
	after := &Document{ID: "d", Segments: edit.To}
	merged, _ := after.Segment("c1")
	if merged.Text != "Grüße aus Köln. Zweiter Leser hier: Müller lügt.\nStimmt nicht." || merged.Author != "anna" {
		t.Errorf("merged = %+v", merged)
	}
	if _, ok := after.Segment("c2"); ok {
		t.Error("c2 is still there")
	}
	if reply, _ := after.Segment("c3"); reply.ReplyTo != "c1" {
		t.Errorf("the reply to c2 now replies to %q, want c1", reply.ReplyTo)
	}
	if got := spanIn(t, after, "c1", edit.Spans[0].To); got != "Stimmt " {
		t.Errorf("moved annotation covers %q", got)
	}
	if len(edit.RemoveLabels) != 2 || len(edit.AddLabels) != 1 || edit.AddLabels[0].Label != "toxic" || edit.AddLabels[0].SegmentID != "c1" {
		t.Errorf("labels: remove %+v, add %+v", edit.RemoveLabels, edit.AddLabels)
	}
}

func TestMergeNeedsASegmentOfTheSameSideBefore(t *testing.T) {
	for _, seg := range []string{"s1", "c1"} {
		if _, err := MergeSegment(editDoc(), nil, nil, nil, seg); !errors.Is(err, ErrInvalid) {
			t.Errorf("merge %s: err = %v, want ErrInvalid", seg, err)
		}
	}
	edit, err := MergeSegment(editDoc(), nil, nil, nil, "s3")
	if err != nil {
		t.Fatal(err)
	}
	if edit.To[1].Text != "Erster Absatz.\n\nZweiter Absatz." {
		t.Errorf("merged paragraph = %q", edit.To[1].Text)
	}
}

func TestChangeKindOfACommentDropsItsHeaderAndRehangsReplies(t *testing.T) {
	edit, err := ChangeSegmentKind(editDoc(), "c2", KindSubheading)
	if err != nil {
		t.Fatal(err)
	}
	after := &Document{ID: "d", Segments: edit.To}
	s, _ := after.Segment("c2")
	if s.Kind != KindSubheading || s.Author != "" || s.Number != 0 {
		t.Errorf("changed segment = %+v", s)
	}
	if r, _ := after.Segment("c3"); r.ReplyTo != "" {
		t.Errorf("reply to the former comment replies to %q, want none", r.ReplyTo)
	}
	if _, err := ChangeSegmentKind(editDoc(), "c2", KindComment); !errors.Is(err, ErrInvalid) {
		t.Errorf("same kind: err = %v", err)
	}
	if _, err := ChangeSegmentKind(editDoc(), "c2", "poem"); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown kind: err = %v", err)
	}
}

func TestEditCommentHeaderChecksTheParent(t *testing.T) {
	when := When{Time: time.Date(2019, 4, 8, 11, 38, 0, 0, time.FixedZone("", 7200)), Precision: PrecisionMinute, Zoned: true}
	edit, err := EditCommentHeader(editDoc(), "c2", CommentHeader{Author: "  Bert B. ", Posted: when, ReplyTo: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	if s := edit.To[4]; s.Author != "Bert B." || !s.Posted.Equal(when) || s.ReplyTo != "c1" || s.Text != "Stimmt nicht." {
		t.Errorf("edited = %+v", s)
	}
	for _, parent := range []string{"c3", "s1", "c2"} {
		if _, err := EditCommentHeader(editDoc(), "c2", CommentHeader{ReplyTo: parent}); err == nil {
			t.Errorf("reply to %s was accepted", parent)
		}
	}
}

// TestEverySplitPointKeepsEveryAnnotationsText splits a comment with
// overlapping annotations (and combining characters, emoji and spaces) at
// every offset, and merges it back: each annotation must cover the same
// text, or for one the split cuts, the part of it before the cut.
func TestEverySplitPointKeepsEveryAnnotationsText(t *testing.T) {
	// "q\u0301" has no composed form, so the combining accent stays a code
	// point of its own in NFC.
	text := norm.NFC.String("Café  am Fluss 🙌🏽 sagt: Mülleq\u0301 lügt.  Nein!")
	doc := &Document{ID: "d", Segments: []Segment{
		{ID: "s1", Kind: KindHeadline, Text: "Titel"},
		{ID: "c1", Kind: KindComment, Text: text},
	}}
	n := RuneCount(text)
	var anns []Annotation
	for i, se := range [][2]int{{0, 4}, {2, 14}, {15, 17}, {24, 31}, {0, n}, {33, 38}} {
		anns = append(anns, Annotation{ID: fmt.Sprint("a", i), SegmentID: "c1", Start: se[0], End: se[1]})
	}
	quote := func(d *Document, seg string, s, e int) string {
		x, _ := d.Segment(seg)
		q, ok := Slice(x.Text, s, e)
		if !ok {
			t.Fatalf("[%d,%d) outside %s", s, e, seg)
		}
		return q
	}
	splits := 0
	for at := 1; at < n; at++ {
		edit, cut, err := SplitSegment(doc, anns, nil, "c1", at, KindComment)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("split at %d: %v", at, err)
			}
			continue // white space only on one side, or a span of only white space
		}
		splits++
		after := &Document{ID: "d", Segments: edit.To}
		isCut := map[string]bool{}
		for _, a := range cut {
			isCut[a.ID] = true
		}
		moved := map[string]SpanPlace{}
		for _, m := range edit.Spans {
			moved[m.ID] = m.To
		}
		for _, a := range anns {
			want := quote(doc, "c1", a.Start, a.End)
			p, ok := moved[a.ID]
			if !ok {
				p = SpanPlace{SegmentID: "c1", Start: a.Start, End: a.End}
			}
			got := quote(after, p.SegmentID, p.Start, p.End)
			switch {
			case isCut[a.ID] && !strings.HasPrefix(want, got):
				t.Errorf("split at %d: cut annotation %s covers %q, not a start of %q", at, a.ID, got, want)
			case !isCut[a.ID] && strings.TrimSpace(got) != strings.TrimSpace(want):
				t.Errorf("split at %d: annotation %s covers %q, want %q", at, a.ID, got, want)
			}
		}
		// Merging the new comment back keeps the moved annotations' text.
		var moves []Annotation
		for _, a := range anns {
			p, ok := moved[a.ID]
			if !ok {
				p = SpanPlace{SegmentID: "c1", Start: a.Start, End: a.End}
			}
			moves = append(moves, Annotation{ID: a.ID, SegmentID: p.SegmentID, Start: p.Start, End: p.End})
		}
		merge, err := MergeSegment(after, moves, nil, nil, edit.To[2].ID)
		if err != nil {
			t.Fatalf("merge back after split at %d: %v", at, err)
		}
		merged := &Document{ID: "d", Segments: merge.To}
		for _, m := range merge.Spans {
			before := quote(after, m.From.SegmentID, m.From.Start, m.From.End)
			if got := quote(merged, m.To.SegmentID, m.To.Start, m.To.End); got != before {
				t.Errorf("merge after split at %d: annotation %s covers %q, want %q", at, m.ID, got, before)
			}
		}
	}
	t.Logf("%d of %d split points accepted", splits, n-1)
	if splits < n-8 {
		t.Errorf("only %d of %d split points were accepted", splits, n-1)
	}
}
