package storage_test

import (
	"fmt"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

// BenchmarkMergeLabelUsed20000Times merges ORG into PER in a project of
// 200 documents with 40,000 annotations, 20,000 of them ORG, and undoes
// it: two EditCodebook transactions per iteration, the merge relabelling
// 20,000 annotations and the undo moving each back by id.
func BenchmarkMergeLabelUsed20000Times(b *testing.B) {
	s, _ := openStore(b)
	batch := &annotate.Batch{}
	for d := range 200 {
		doc := testDocument(b, fmt.Sprintf("Forum %d", d), 100)
		batch.Documents = append(batch.Documents, doc)
		for i := 1; i <= 100; i++ {
			for j, label := range []string{"ORG", "PER"} {
				batch.Annotations = append(batch.Annotations, annotate.Annotation{
					ID: fmt.Sprintf("a%d-%d", i, j), DocumentID: doc.ID, SegmentID: fmt.Sprintf("c%d", i),
					Start: 26 + j, End: 41, Label: label, Annotator: "x",
				})
			}
		}
	}
	if _, err := s.Import(batch); err != nil {
		b.Fatal(err)
	}
	cb, err := s.Codebook()
	if err != nil {
		b.Fatal(err)
	}
	var h annotate.History
	for b.Loop() {
		merge, err := annotate.NewMergeLabels(cb, "ORG", "PER")
		if err != nil {
			b.Fatal(err)
		}
		if err := h.Do(s, merge); err != nil {
			b.Fatal(err)
		}
		if len(merge.Edit.Done.Moves) != 20000 {
			b.Fatalf("the merge moved %d annotations", len(merge.Edit.Done.Moves))
		}
		if _, err := h.Undo(s); err != nil {
			b.Fatal(err)
		}
	}
}
