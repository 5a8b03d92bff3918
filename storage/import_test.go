package storage_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

// importBatch returns a batch of two new documents with annotations, a
// relation, segment labels, the labels they use and their annotators.
func importBatch(t *testing.T) *annotate.Batch {
	t.Helper()
	d1, d2 := testDocument(t, "Import eins", 2), testDocument(t, "Import zwei", 1)
	d1.ID, d2.ID = "imp-1", "imp-2"
	return &annotate.Batch{
		Codebook: &annotate.Codebook{
			Labels: []annotate.Label{
				{ID: "PER", Name: "Person (imported, ignored)", Kind: annotate.KindEntity, Color: "#000000"},
				{ID: "LOC", Name: "Location", Kind: annotate.KindEntity, Color: "#911eb4", Hotkey: "P"},
			},
			RelationTypes: []annotate.RelationType{{ID: "supports", Name: "supports", Directed: true}},
			SegmentLabelSets: []annotate.SegmentLabelSet{
				{ID: "tone", Name: "Tone", Labels: []annotate.SegmentLabelDef{
					{ID: "toxic", Name: "toxic", Color: "#000000"},
					{ID: "ironic", Name: "ironic", Color: "#aaaaaa"},
				}},
				{ID: "quality", Name: "Quality", Exclusive: true, Labels: []annotate.SegmentLabelDef{
					{ID: "good", Name: "good", Color: "#00aa00"},
				}},
			},
		},
		Annotators: []annotate.Annotator{{ID: "imp", Name: "Importer"}, {ID: "anna", Name: "Anna"}},
		Documents:  []*annotate.Document{d1, d2},
		Annotations: []annotate.Annotation{
			{ID: "i1", DocumentID: "imp-1", SegmentID: "s3", Start: 0, End: 13, Label: "PER", Annotator: "imp",
				Quote: annotate.Quote{Exact: "Angela Muster"}},
			{ID: "i2", DocumentID: "imp-1", SegmentID: "s3", Start: 43, End: 49, Label: "LOC", Annotator: "imp"},
			{ID: "i3", DocumentID: "imp-2", SegmentID: "c1", Start: 0, End: 9, Label: "ORG", Annotator: "imp"},
		},
		Relations: []annotate.Relation{
			{ID: "ir1", DocumentID: "imp-1", Type: "supports", From: "i2", To: "i1", Annotator: "imp"},
		},
		SegmentLabels: []annotate.SegmentLabel{
			{DocumentID: "imp-1", SegmentID: "c1", Label: "ironic", Annotator: "imp"},
			{DocumentID: "imp-1", SegmentID: "c2", Label: "good", Annotator: "imp"},
			{DocumentID: "imp-2", Label: "off-topic", Annotator: "imp"},
		},
	}
}

func TestImportStoresBatch(t *testing.T) {
	s, _ := openStore(t)
	b := importBatch(t)
	rep, err := s.Import(b)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "report", rep, annotate.ImportReport{
		DocumentsAdded: 2, AnnotationsAdded: 3, RelationsAdded: 1, SegmentLabelsAdded: 3,
		LabelsAdded: []string{"LOC", "supports", "ironic", "good"},
	})
	s = reopen(t, s)

	cb, err := s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	per, _ := cb.Label("PER")
	loc, ok := cb.Label("LOC")
	if !ok || per.Name != "Person" {
		t.Errorf("labels after import: PER %+v, LOC %v", per, ok)
	} else if loc.Hotkey != "" {
		t.Errorf("LOC kept hotkey %q, which PER has", loc.Hotkey)
	}
	if set, _, ok := cb.SegmentLabel("ironic"); !ok || set.ID != "tone" {
		t.Errorf("ironic was not added to the tone set")
	}
	if _, _, ok := cb.SegmentLabel("good"); !ok {
		t.Errorf("the quality set was not added")
	}
	annotators, err := s.Annotators()
	if err != nil || len(annotators) != 2 {
		t.Errorf("annotators %+v, %v", annotators, err)
	}
	anns, err := s.Annotations("imp-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(anns) != 2 || anns[0].Quote.Exact != "Angela Muster" || anns[1].Quote.Exact != "Berlin" || anns[0].Quote.Suffix == "" {
		t.Errorf("imported annotations %+v", anns)
	}
	assertCounts(t, s, "imp-1", 2)
	assertCounts(t, s, "imp-2", 1)
	// The batch itself is not modified.
	sameJSON(t, "batch after import", b, importBatch(t))
}

func TestImportSkipsWhatIsAlreadyThere(t *testing.T) {
	s, _ := openStore(t)
	if _, err := s.Import(importBatch(t)); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Import(importBatch(t))
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "report of the second import", rep, annotate.ImportReport{
		DocumentsSkipped:   []string{"Import eins", "Import zwei"},
		AnnotationsSkipped: 3, RelationsSkipped: 1, SegmentLabelsSkipped: 3,
	})
	sums, err := s.Documents()
	if err != nil || len(sums) != 2 {
		t.Errorf("documents after a second import: %d, %v", len(sums), err)
	}
}

func TestImportAttachesToTheDocumentWithTheSameText(t *testing.T) {
	s, _ := openStore(t)
	stored := testDocument(t, "Reform", 2)
	if err := s.AddDocuments(stored); err != nil {
		t.Fatal(err)
	}
	again := testDocument(t, "Reform", 2)
	again.ID, again.Title = "other-id", "" // same text, another id and no title
	again.Hash = annotate.ContentHash(again.Segments)
	rep, err := s.Import(&annotate.Batch{
		Documents: []*annotate.Document{again},
		Annotations: []annotate.Annotation{
			{ID: "x1", DocumentID: "other-id", SegmentID: "c2", Start: 0, End: 9, Label: "ORG", Annotator: "imp"},
		},
		SegmentLabels: []annotate.SegmentLabel{{DocumentID: "other-id", SegmentID: "c1", Label: "toxic", Annotator: "imp"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.DocumentsAdded != 0 || !slices.Equal(rep.DocumentsSkipped, []string{"other-id"}) || rep.AnnotationsAdded != 1 || rep.SegmentLabelsAdded != 1 {
		t.Errorf("report %+v", rep)
	}
	a, err := s.Annotation(stored.ID, "x1")
	if err != nil {
		t.Fatalf("the annotation was not attached to the stored document: %v", err)
	}
	if a.DocumentID != stored.ID {
		t.Errorf("annotation points to %s", a.DocumentID)
	}
	if _, err := s.Document("other-id"); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("the duplicate was stored: %v", err)
	}
	assertCounts(t, s, stored.ID, 1)
}

// TestImportIsAllOrNothing spoils one item at the end of a good batch and
// checks that the import fails with the right sentinel and leaves the file
// exactly as it was.
func TestImportIsAllOrNothing(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(b *annotate.Batch)
		want  error
	}{
		{"annotation with an unknown label", func(b *annotate.Batch) {
			b.Annotations = append(b.Annotations, annotate.Annotation{DocumentID: "imp-2", SegmentID: "c1", Start: 0, End: 3, Label: "NOPE"})
		}, annotate.ErrUnknownLabel},
		{"annotation whose quote does not match (UTF-16 offsets)", func(b *annotate.Batch) {
			d := b.Documents[1]
			d.Segments[0].Text = "🦊🦊 Fuchs und Hase"
			d.Hash = annotate.ContentHash(d.Segments)
			// Counted in UTF-16 units, "Fuchs" is [5,10); in code points it is [3,8).
			b.Annotations = append(b.Annotations, annotate.Annotation{DocumentID: "imp-2", SegmentID: "s1", Start: 5, End: 10, Label: "PER",
				Quote: annotate.Quote{Exact: "Fuchs"}})
		}, annotate.ErrInvalid},
		{"annotation of a document neither in the batch nor the project", func(b *annotate.Batch) {
			b.Annotations = append(b.Annotations, annotate.Annotation{DocumentID: "elsewhere", SegmentID: "s1", Start: 0, End: 1, Label: "PER"})
		}, annotate.ErrNotFound},
		{"annotation out of range", func(b *annotate.Batch) {
			b.Annotations = append(b.Annotations, annotate.Annotation{DocumentID: "imp-2", SegmentID: "s1", Start: 0, End: 500, Label: "PER"})
		}, annotate.ErrOffsetRange},
		{"relation of an unknown type", func(b *annotate.Batch) {
			b.Relations = append(b.Relations, annotate.Relation{DocumentID: "imp-1", Type: "nope", From: "i1", To: "i2"})
		}, annotate.ErrUnknownRelationType},
		{"relation to a missing annotation", func(b *annotate.Batch) {
			b.Relations = append(b.Relations, annotate.Relation{DocumentID: "imp-1", Type: "supports", From: "i1", To: "ghost"})
		}, annotate.ErrNotFound},
		{"two labels of an exclusive set", func(b *annotate.Batch) {
			b.SegmentLabels = append(b.SegmentLabels,
				annotate.SegmentLabel{DocumentID: "imp-1", SegmentID: "c1", Label: "on-topic", Annotator: "imp"},
				annotate.SegmentLabel{DocumentID: "imp-1", SegmentID: "c1", Label: "off-topic", Annotator: "imp"})
		}, annotate.ErrDuplicate},
		{"document id taken by another text", func(b *annotate.Batch) {
			d := testDocument(t, "Fremd", 1)
			d.ID = "project-doc"
			b.Documents = append(b.Documents, d)
		}, annotate.ErrDuplicate},
		{"document not Prepared", func(b *annotate.Batch) {
			b.Documents = append(b.Documents, &annotate.Document{ID: "raw", Segments: []annotate.Segment{{ID: "s1", Text: "x"}}})
		}, annotate.ErrInvalid},
		{"codebook label with a bad colour", func(b *annotate.Batch) {
			b.Codebook.Labels = append(b.Codebook.Labels, annotate.Label{ID: "BAD", Name: "bad", Color: "blue"})
		}, annotate.ErrInvalid},
		{"codebook relation type whose id is a label", func(b *annotate.Batch) {
			b.Codebook.RelationTypes = append(b.Codebook.RelationTypes, annotate.RelationType{ID: "ORG", Name: "org"})
		}, annotate.ErrDuplicate},
		{"annotator without id", func(b *annotate.Batch) {
			b.Annotators = append(b.Annotators, annotate.Annotator{Name: "nobody"})
		}, annotate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, path := openStore(t)
			pd := testDocument(t, "Projekt", 1)
			pd.ID = "project-doc"
			if err := s.AddDocuments(pd); err != nil {
				t.Fatal(err)
			}
			before := stateOf(t, path)
			b := importBatch(t)
			tt.spoil(b)
			rep, err := s.Import(b)
			if !errors.Is(err, tt.want) {
				t.Errorf("Import: %v, want %v", err, tt.want)
			}
			sameJSON(t, "report of a failed import", rep, annotate.ImportReport{})
			if after := stateOf(t, path); after.sum != before.sum {
				t.Error("the failed import changed the file")
			}
			sums, err := s.Documents()
			if err != nil || len(sums) != 1 {
				t.Errorf("documents after a failed import: %d, %v", len(sums), err)
			}
		})
	}
}
