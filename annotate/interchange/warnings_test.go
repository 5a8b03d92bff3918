package interchange

import (
	"context"
	"io"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

// TestExportKeepsAFewWarningsAndCountsTheRest exports to CoNLL a document
// with hundreds of overlapping spans, each of which the format cannot hold
// and warns about, and checks that the report keeps the first MaxWarnings
// and counts the others, so that an export's memory stays flat however
// many spans a corpus has.
func TestExportKeepsAFewWarningsAndCountsTheRest(t *testing.T) {
	s := sampleProject(t)
	sums, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := s.Document(sums[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	seg := doc.Segments[0]
	n := annotate.RuneCount(seg.Text)
	added := 0
	for i := 0; i < n && added < MaxWarnings+150; i++ {
		for j := i + 1; j <= n && added < MaxWarnings+150; j++ {
			a := &annotate.Annotation{DocumentID: doc.ID, SegmentID: seg.ID, Start: i, End: j, Label: "PER", Annotator: "anna", Created: t0, Modified: t0}
			if err := s.AddAnnotation(a); err == nil {
				added++
			}
		}
	}
	rep, err := Export(context.Background(), s, io.Discard, ExportOptions{Format: FormatCoNLL}, nil)
	if err != nil {
		t.Fatal(err)
	}
	total := len(rep.Warnings) + rep.WarningsLeftOut
	if len(rep.Warnings) != MaxWarnings || total < added-50 {
		t.Errorf("%d spans added: %d warnings kept, %d left out; want %d kept and the rest counted", added, len(rep.Warnings), rep.WarningsLeftOut, MaxWarnings)
	}
}
