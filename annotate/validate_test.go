package annotate_test

import (
	"errors"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

var now = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func testCodebook() *annotate.Codebook {
	return &annotate.Codebook{
		Labels: []annotate.Label{
			{ID: "PER", Name: "Person", Kind: annotate.KindEntity, Color: "#E69F00", Hotkey: "p"},
			{ID: "CLAIM", Name: "Claim", Kind: annotate.KindClaim, Color: "#D55E00", Hotkey: "C",
				Attributes: []annotate.AttributeDef{
					{Name: "check_worthiness", Values: []string{"high", "low"}},
					{Name: "topic"},
				}},
			{ID: "STAT", Name: "Statistic", Kind: annotate.KindClaim, Parent: "CLAIM", Color: "#123456",
				Attributes: []annotate.AttributeDef{{Name: "unit", Required: true}}},
		},
		RelationTypes: []annotate.RelationType{{ID: "disputes", Name: "disputes", Directed: true}},
		SegmentLabelSets: []annotate.SegmentLabelSet{{ID: "relevance", Exclusive: true, Labels: []annotate.SegmentLabelDef{
			{ID: "on-topic", Color: "#00ff00"}, {ID: "off-topic", Color: "#888888"},
		}}},
	}
}

func testDocument(t *testing.T) *annotate.Document {
	t.Helper()
	doc := &annotate.Document{
		Title: "Test",
		Segments: []annotate.Segment{
			{Kind: annotate.KindHeadline, Text: "Minister tritt zurück"},
			// "e\u0301" is NFD; Prepare must compose it to "é".
			{Kind: annotate.KindBody, Text: "Cafe\u0301 👋🏽 Müller sagte, die Zahl sei falsch."},
			{ID: "c1", Kind: annotate.KindComment, Author: "joG", Text: "Stimmt nicht."},
			{ID: "c2", Kind: annotate.KindComment, Author: "anna", ReplyTo: "c1", Text: "Doch."},
		},
	}
	if err := doc.Prepare(now); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestPrepareNormalisesAndIdentifies(t *testing.T) {
	doc := testDocument(t)
	if got := doc.Segments[1].Text; got != "Café 👋🏽 Müller sagte, die Zahl sei falsch." {
		t.Errorf("text not NFC: %q", got)
	}
	if doc.Segments[0].ID != "s1" || doc.Segments[1].ID != "s2" || doc.Segments[2].ID != "c1" {
		t.Errorf("segment ids = %s, %s, %s", doc.Segments[0].ID, doc.Segments[1].ID, doc.Segments[2].ID)
	}
	if doc.ID == "" || len(doc.Hash) != 64 || !doc.Imported.Equal(now) {
		t.Errorf("id %q hash %q imported %v", doc.ID, doc.Hash, doc.Imported)
	}
	if doc.CommentCount() != 2 || len(doc.Article()) != 2 {
		t.Errorf("comments %d article %d", doc.CommentCount(), len(doc.Article()))
	}
	other := testDocument(t)
	other.Title = "Another title"
	if other.Hash != doc.Hash || other.ID == doc.ID {
		t.Error("same content must hash the same and still get its own id")
	}
}

func TestDocumentValidateRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *annotate.Document)
		want   error
	}{
		{"no segments", func(d *annotate.Document) { d.Segments = nil }, annotate.ErrInvalid},
		{"duplicate segment id", func(d *annotate.Document) { d.Segments[1].ID = "s1" }, annotate.ErrDuplicate},
		{"reply to unknown comment", func(d *annotate.Document) { d.Segments[3].ReplyTo = "c9" }, annotate.ErrUnknownSegment},
		{"reply to article", func(d *annotate.Document) { d.Segments[3].ReplyTo = "s1" }, annotate.ErrUnknownSegment},
		{"text not NFC", func(d *annotate.Document) { d.Segments[0].Text = "Cafe\u0301" }, annotate.ErrInvalid},
		{"no id", func(d *annotate.Document) { d.ID = " " }, annotate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := testDocument(t)
			tt.change(doc)
			if err := doc.Validate(); !errors.Is(err, tt.want) {
				t.Errorf("Validate() = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestPrepareRejectsInvalidUTF8(t *testing.T) {
	doc := &annotate.Document{Segments: []annotate.Segment{{Kind: annotate.KindBody, Text: "ok \xff"}}}
	if err := doc.Prepare(now); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("Prepare() = %v, want ErrInvalid", err)
	}
}

func TestAnnotationValidate(t *testing.T) {
	doc := testDocument(t)
	cb := testCodebook()
	// "Müller" is code points 7..13 of segment s2 (after NFC: "Café 👋🏽 " is 7 code points).
	valid := func() *annotate.Annotation {
		a := &annotate.Annotation{ID: "a1", DocumentID: doc.ID, SegmentID: "s2", Start: 8, End: 14, Label: "PER"}
		seg, _ := doc.Segment("s2")
		if err := a.Anchor(seg); err != nil {
			t.Fatal(err)
		}
		return a
	}
	if a := valid(); a.Quote.Exact != "Müller" || a.Quote.Prefix != "Café 👋🏽 " {
		t.Fatalf("quote = %+v", a.Quote)
	}
	tests := []struct {
		name   string
		change func(a *annotate.Annotation)
		want   error
	}{
		{"valid", func(a *annotate.Annotation) {}, nil},
		{"valid attributes", func(a *annotate.Annotation) {
			a.Label = "CLAIM"
			a.Attributes = map[string]string{"check_worthiness": "high", "topic": "anything"}
		}, nil},
		{"empty span", func(a *annotate.Annotation) { a.End = a.Start }, annotate.ErrEmptySpan},
		{"end past segment", func(a *annotate.Annotation) { a.End = 500 }, annotate.ErrOffsetRange},
		{"start after end", func(a *annotate.Annotation) { a.Start, a.End = 9, 8 }, annotate.ErrOffsetRange},
		{"negative start", func(a *annotate.Annotation) { a.Start = -1 }, annotate.ErrOffsetRange},
		{"unknown segment", func(a *annotate.Annotation) { a.SegmentID = "c7" }, annotate.ErrUnknownSegment},
		{"unknown label", func(a *annotate.Annotation) { a.Label = "LOC" }, annotate.ErrUnknownLabel},
		{"segment label used as span label", func(a *annotate.Annotation) { a.Label = "off-topic" }, annotate.ErrUnknownLabel},
		{"attribute not in schema", func(a *annotate.Annotation) { a.Attributes = map[string]string{"mood": "x"} }, annotate.ErrUnknownAttribute},
		{"value not allowed", func(a *annotate.Annotation) {
			a.Label = "CLAIM"
			a.Attributes = map[string]string{"check_worthiness": "urgent"}
		}, annotate.ErrAttributeValue},
		{"required attribute missing", func(a *annotate.Annotation) { a.Label = "STAT" }, annotate.ErrAttributeValue},
		{"quote does not match", func(a *annotate.Annotation) { a.Quote.Exact = "Mueller" }, annotate.ErrInvalid},
		{"other document", func(a *annotate.Annotation) { a.DocumentID = "x" }, annotate.ErrInvalid},
		{"no id", func(a *annotate.Annotation) { a.ID = "" }, annotate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.change(a)
			err := a.Validate(doc, cb)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Validate() = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestRelationAndSegmentLabelValidate(t *testing.T) {
	doc := testDocument(t)
	cb := testCodebook()
	a := &annotate.Annotation{ID: "a", DocumentID: doc.ID}
	b := &annotate.Annotation{ID: "b", DocumentID: doc.ID}
	elsewhere := &annotate.Annotation{ID: "c", DocumentID: "other"}
	rel := func(typ string) *annotate.Relation {
		return &annotate.Relation{ID: "r", DocumentID: doc.ID, Type: typ, From: "a", To: "b"}
	}
	if err := rel("disputes").Validate(a, b, cb); err != nil {
		t.Errorf("valid relation: %v", err)
	}
	if err := rel("likes").Validate(a, b, cb); !errors.Is(err, annotate.ErrUnknownRelationType) {
		t.Errorf("unknown type: %v", err)
	}
	if err := rel("disputes").Validate(a, elsewhere, cb); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("across documents: %v", err)
	}
	if err := rel("disputes").Validate(a, a, cb); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("to itself: %v", err)
	}

	labels := []struct {
		l    annotate.SegmentLabel
		want error
	}{
		{annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "off-topic", Annotator: "anna"}, nil},
		{annotate.SegmentLabel{DocumentID: doc.ID, Label: "on-topic", Annotator: "anna"}, nil},
		{annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c9", Label: "off-topic", Annotator: "anna"}, annotate.ErrUnknownSegment},
		{annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "PER", Annotator: "anna"}, annotate.ErrUnknownLabel},
		{annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "off-topic"}, annotate.ErrInvalid},
	}
	for _, tt := range labels {
		err := tt.l.Validate(doc, cb)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%+v: Validate() = %v, want %v", tt.l, err, tt.want)
		}
	}
}

func TestCodebookValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *annotate.Codebook)
		want   error
	}{
		{"valid", func(c *annotate.Codebook) {}, nil},
		{"duplicate label id", func(c *annotate.Codebook) { c.Labels[1].ID = "PER" }, annotate.ErrDuplicate},
		{"label id reused by segment label", func(c *annotate.Codebook) { c.Labels[0].ID = "off-topic" }, annotate.ErrDuplicate},
		{"hotkey bound twice, any case", func(c *annotate.Codebook) { c.Labels[1].Hotkey = "P" }, annotate.ErrDuplicate},
		{"hotkey too long", func(c *annotate.Codebook) { c.Labels[1].Hotkey = "F1" }, annotate.ErrInvalid},
		{"bad colour", func(c *annotate.Codebook) { c.Labels[0].Color = "orange" }, annotate.ErrInvalid},
		{"unknown parent", func(c *annotate.Codebook) { c.Labels[2].Parent = "FACT" }, annotate.ErrUnknownLabel},
		{"parent cycle", func(c *annotate.Codebook) { c.Labels[1].Parent = "STAT" }, annotate.ErrInvalid},
		{"id with space", func(c *annotate.Codebook) { c.Labels[0].ID = "a person" }, annotate.ErrInvalid},
		{"attribute without name", func(c *annotate.Codebook) { c.Labels[1].Attributes[0].Name = "" }, annotate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testCodebook()
			tt.change(c)
			err := c.Validate()
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Validate() = %v, want %v", err, tt.want)
			}
		})
	}
	c := testCodebook()
	if l, ok := c.LabelByHotkey("P"); !ok || l.ID != "PER" {
		t.Error("hotkeys must match without case")
	}
}
