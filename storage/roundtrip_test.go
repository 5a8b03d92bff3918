package storage_test

import (
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

func TestDocumentRoundTrip(t *testing.T) {
	emoji := &annotate.Document{
		ID:    "emoji-page",
		Title: "Famílie 👩‍👩‍👧 und q̇",
		Segments: []annotate.Segment{
			{ID: "h", Kind: annotate.KindHeadline, Text: "Familie 👩‍👩‍👧 🇩🇪 q̇ ñ"},
			{ID: "c1", Kind: annotate.KindComment, Text: "e\u0301 wird zu é; ǭ̄ bleibt", Author: "Zoë 🦊", Number: -1, Meta: map[string]string{"likes": "3"}},
		},
	}
	if err := emoji.Prepare(t0); err != nil {
		t.Fatal(err)
	}
	minimal := &annotate.Document{Segments: []annotate.Segment{{Kind: annotate.KindBody, Text: "x"}}}
	if err := minimal.Prepare(t0); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		doc  *annotate.Document
	}{
		{"article with comments, times and meta", testDocument(t, "Reform", 7)},
		{"emoji and combining characters", emoji},
		{"one segment, no metadata", minimal},
	}
	s, _ := openStore(t)
	for _, tt := range tests {
		if err := s.AddDocuments(tt.doc); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
	}
	s = reopen(t, s)
	sums, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != len(tests) {
		t.Fatalf("Documents lists %d, want %d", len(sums), len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Document(tt.doc.ID)
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, "document", got, tt.doc)
			want := annotate.DocumentSummary{
				ID: tt.doc.ID, Title: tt.doc.Title, Source: tt.doc.Source, Outlet: tt.doc.Outlet,
				Published: tt.doc.Published, Imported: tt.doc.Imported, Hash: tt.doc.Hash,
				Segments: len(tt.doc.Segments), Comments: tt.doc.CommentCount(),
			}
			sameJSON(t, "summary (in import order)", sums[i], want)
			id, err := s.DocumentByHash(tt.doc.Hash)
			if err != nil || id != tt.doc.ID {
				t.Errorf("DocumentByHash = %q, %v; want %q", id, err, tt.doc.ID)
			}
		})
	}
}

func TestAnnotationRoundTrip(t *testing.T) {
	s, _ := openStore(t)
	doc := testDocument(t, "Reform", 3)
	emoji := &annotate.Document{ID: "e", Segments: []annotate.Segment{
		{ID: "s1", Kind: annotate.KindBody, Text: "Die 👩‍👩‍👧 Familie und q̇ sagt: 🇩🇪 gewinnt."},
	}}
	if err := emoji.Prepare(t0); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDocuments(doc, emoji); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		a         annotate.Annotation
		wantExact string
	}{
		{
			name:      "entity in the body",
			a:         annotate.Annotation{DocumentID: doc.ID, SegmentID: "s3", Start: 0, End: 13, Label: "POL", Annotator: "anna"},
			wantExact: "Angela Muster",
		},
		{
			name: "claim with attributes, note, id and times",
			a: annotate.Annotation{
				ID: "claim-1", DocumentID: doc.ID, SegmentID: "s2", Start: 4, End: 43, Label: "CLAIM",
				Attributes: map[string]string{"stance": "pro", "source": "Ministerin"},
				Note:       "prüfen 🔍", Annotator: "ben",
				Created: time.Date(2026, 1, 2, 3, 4, 5, 6, berlin), Modified: time.Date(2026, 1, 3, 0, 0, 0, 1, time.UTC),
			},
			wantExact: "Ministerin sagt, die Reform komme 2027.",
		},
		{
			name:      "span in a comment",
			a:         annotate.Annotation{DocumentID: doc.ID, SegmentID: "c2", Start: 27, End: 42, Label: "CLAIM", Attributes: map[string]string{"stance": "contra"}},
			wantExact: "stimmt so nicht",
		},
		{
			// 👩‍👩‍👧 is five code points (three people joined by two ZWJ).
			name:      "emoji family counted in code points",
			a:         annotate.Annotation{DocumentID: "e", SegmentID: "s1", Start: 4, End: 9, Label: "ORG"},
			wantExact: "👩‍👩‍👧",
		},
		{
			name:      "combining character and flag",
			a:         annotate.Annotation{DocumentID: "e", SegmentID: "s1", Start: 22, End: 33, Label: "PER"},
			wantExact: "q̇ sagt: 🇩🇪",
		},
	}
	stored := make([]annotate.Annotation, len(tests))
	for i, tt := range tests {
		a := tt.a
		if err := s.AddAnnotation(&a); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		stored[i] = a
	}
	s = reopen(t, s)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := stored[i]
			if want.ID == "" || want.Created.IsZero() || want.Modified.IsZero() {
				t.Errorf("AddAnnotation left id %q, created %v, modified %v", want.ID, want.Created, want.Modified)
			}
			if tt.a.ID != "" && want.ID != tt.a.ID {
				t.Errorf("id %q replaced by %q", tt.a.ID, want.ID)
			}
			if !tt.a.Created.IsZero() && !want.Created.Equal(tt.a.Created) {
				t.Errorf("created %v replaced by %v", tt.a.Created, want.Created)
			}
			if want.Quote.Exact != tt.wantExact {
				t.Errorf("quote %q, want %q", want.Quote.Exact, tt.wantExact)
			}
			got, err := s.Annotation(want.DocumentID, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, "annotation", got, want)
		})
	}
}

func TestRelationSegmentLabelCodebookAnnotatorRoundTrip(t *testing.T) {
	s, _ := openStore(t)
	doc := testDocument(t, "Reform", 2)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	claim := annotate.Annotation{DocumentID: doc.ID, SegmentID: "s3", Start: 0, End: 13, Label: "PER"}
	reply := annotate.Annotation{DocumentID: doc.ID, SegmentID: "c1", Start: 27, End: 42, Label: "CLAIM", Attributes: map[string]string{"stance": "contra"}}
	for _, a := range []*annotate.Annotation{&claim, &reply} {
		if err := s.AddAnnotation(a); err != nil {
			t.Fatal(err)
		}
	}
	rels := []annotate.Relation{
		{ID: "r1", DocumentID: doc.ID, Type: "disputes", From: reply.ID, To: claim.ID, Note: "widerspricht", Annotator: "anna", Created: time.Date(2026, 2, 1, 1, 1, 1, 1, berlin)},
		{DocumentID: doc.ID, Type: "same-as", From: claim.ID, To: reply.ID},
		{ID: "a0", DocumentID: doc.ID, Type: "disputes", From: claim.ID, To: reply.ID},
	}
	for i := range rels {
		if err := s.AddRelation(&rels[i]); err != nil {
			t.Fatal(err)
		}
	}
	labels := []annotate.SegmentLabel{
		{DocumentID: doc.ID, SegmentID: "c2", Label: "toxic", Annotator: "ben", Created: time.Date(2026, 2, 2, 0, 0, 0, 0, berlin)},
		{DocumentID: doc.ID, SegmentID: "c1", Label: "on-topic", Annotator: "anna"},
		{DocumentID: doc.ID, SegmentID: "", Label: "constructive", Annotator: "anna"},
	}
	for i := range labels {
		if err := s.SetSegmentLabel(&labels[i]); err != nil {
			t.Fatal(err)
		}
	}
	annotators := []annotate.Annotator{
		{ID: "ben", Name: "Ben Müller", Created: time.Date(2025, 12, 24, 18, 0, 0, 0, berlin)},
		{ID: "anna", Name: "Anna 🦊"},
	}
	for i := range annotators {
		if err := s.AddAnnotator(&annotators[i]); err != nil {
			t.Fatal(err)
		}
	}
	s = reopen(t, s)

	gotRels, err := s.Relations(doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "relations in creation order", gotRels, rels)

	gotLabels, err := s.SegmentLabels(doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The document's own label first, then by segment order.
	sameJSON(t, "segment labels", gotLabels, []annotate.SegmentLabel{labels[2], labels[1], labels[0]})

	cb, err := s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "codebook", cb, testCodebook())

	gotAnnotators, err := s.Annotators()
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "annotators by id", gotAnnotators, []annotate.Annotator{annotators[1], annotators[0]})
}
