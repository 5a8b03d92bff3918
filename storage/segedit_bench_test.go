package storage_test

import (
	"fmt"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

// BenchmarkSplitIn2000Comments splits a comment in the middle of a forum of
// 2,000 comments with an annotation each, and takes the split back: two
// EditSegments transactions per iteration, each rewriting the document's
// segments, annotations of the split comment and segment label keys.
func BenchmarkSplitIn2000Comments(b *testing.B) {
	s, _ := openStore(b)
	doc := testDocument(b, "Forum", 2000)
	if err := s.AddDocuments(doc); err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= 2000; i++ {
		a := annotate.Annotation{DocumentID: doc.ID, SegmentID: fmt.Sprintf("c%d", i), Start: 26, End: 41, Label: "PER", Annotator: "x"}
		if err := s.AddAnnotation(&a); err != nil {
			b.Fatal(err)
		}
		if i%10 == 0 {
			l := annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: a.SegmentID, Label: "toxic", Annotator: "x"}
			if err := s.SetSegmentLabel(&l); err != nil {
				b.Fatal(err)
			}
		}
	}
	d, _ := s.Document(doc.ID)
	anns, _ := s.Annotations(doc.ID)
	labels, _ := s.SegmentLabels(doc.ID)
	edit, _, err := annotate.SplitSegment(d, anns, labels, "c1000", 22, annotate.KindComment)
	if err != nil {
		b.Fatal(err)
	}
	back := edit.Inverse()
	for b.Loop() {
		if err := s.EditSegments(edit); err != nil {
			b.Fatal(err)
		}
		if err := s.EditSegments(back); err != nil {
			b.Fatal(err)
		}
	}
}
