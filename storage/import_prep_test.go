package storage_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// Import prepares large batches on other goroutines (prep.go) and takes
// the rest of its work, and small batches, the plain way. The tests below
// hold the two paths to the same results and the same errors.

// TestImportPrepared runs the import tests with every batch prepared.
func TestImportPrepared(t *testing.T) {
	defer storage.SetPrepMin(0)()
	t.Run("StoresBatch", TestImportStoresBatch)
	t.Run("SkipsWhatIsAlreadyThere", TestImportSkipsWhatIsAlreadyThere)
	t.Run("AttachesToTheDocumentWithTheSameText", TestImportAttachesToTheDocumentWithTheSameText)
	t.Run("IsAllOrNothing", TestImportIsAllOrNothing)
}

// mixedBatch returns a batch of 70 new documents (three prep units of
// documents) with 60 annotations each (four prep units of annotations),
// among them every case Import treats apart: annotations without id or
// times, with and without quotes, attributes and notes, ids repeated within
// the batch (once as an invalid annotation, which is skipped unvalidated),
// annotations of documents that the project already has, by id or by
// content, annotations not grouped by document, a document given twice, and
// texts with emoji and characters outside ASCII.
func mixedBatch(t *testing.T, project *annotate.Document) *annotate.Batch {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 6))
	b := &annotate.Batch{
		Codebook:   &annotate.Codebook{Labels: []annotate.Label{{ID: "LOC", Name: "Ort", Kind: annotate.KindEntity, Color: "#911eb4"}}},
		Annotators: []annotate.Annotator{{ID: "imp", Name: "Importer"}},
	}
	labels := []string{"PER", "ORG", "POL", "CLAIM", "LOC"}
	for i := range 70 {
		d := testDocument(t, fmt.Sprintf("Stück %d 🦊", i), 3+i%5)
		d.ID = fmt.Sprintf("mix-%02d", i)
		d.Segments[2].Text += " Ärger über 🚲-Wege, „sagt“ sie."
		d.Hash = annotate.ContentHash(d.Segments)
		b.Documents = append(b.Documents, d)
	}
	b.Documents = append(b.Documents, b.Documents[7]) // the same document again: skipped
	// The project's document under its own id, and under another id with
	// the same content: both skipped, their annotations attached to it.
	b.Documents = append(b.Documents, project)
	twin := *project
	twin.ID = "twin-of-project"
	b.Documents = append(b.Documents, &twin)

	n := 0
	add := func(d *annotate.Document, docID string) {
		seg := d.Segments[rng.IntN(len(d.Segments))]
		x := annotate.NewOffsetIndex(seg.Text)
		start := rng.IntN(x.Len())
		end := min(x.Len(), start+1+rng.IntN(20))
		a := annotate.Annotation{
			ID: fmt.Sprintf("m%05d", n), DocumentID: docID, SegmentID: seg.ID, Start: start, End: end,
			Label: labels[n%len(labels)], Annotator: "imp", Created: t0, Modified: t0.Add(time.Hour),
		}
		if a.Label == "CLAIM" {
			a.Attributes = map[string]string{"stance": "pro", "source": "Zeitung"}
			a.Note = "prüfen"
		}
		switch n % 7 {
		case 0:
			a.Quote, _ = x.Quote(start, end, annotate.QuoteContext)
		case 1:
			a.Quote = annotate.Quote{Exact: x.Text()[mustByte(t, x, start):mustByte(t, x, end)]}
		case 2:
			a.Created, a.Modified = time.Time{}, time.Time{}
		case 3:
			a.ID = "" // Import gives it one
		}
		b.Annotations = append(b.Annotations, a)
		n++
	}
	for i, d := range b.Documents[:70] {
		for range 60 {
			add(d, d.ID)
		}
		if i%10 == 9 { // an earlier document again: not grouped
			add(b.Documents[i-5], b.Documents[i-5].ID)
		}
	}
	for range 30 {
		add(project, project.ID)
		add(project, twin.ID)
	}
	// Repeated ids: the first one counts, the others are skipped, valid or
	// not.
	again := b.Annotations[100]
	b.Annotations = append(b.Annotations, again)
	again.Label = "NOPE"
	b.Annotations = append(b.Annotations, again)
	again = b.Annotations[2500]
	again.Start, again.End = 0, 0
	b.Annotations = append(b.Annotations, again)
	return b
}

func mustByte(t *testing.T, x *annotate.OffsetIndex, cp int) int {
	t.Helper()
	b, ok := x.ByteOffset(cp)
	if !ok {
		t.Fatalf("offset %d outside the text", cp)
	}
	return b
}

// importedState is what an import left in a project, with the ids and
// times that Import makes up (for annotations without them) blanked.
type importedState struct {
	Report      annotate.ImportReport
	Documents   []annotate.DocumentSummary
	Annotations map[string][]annotate.Annotation
	Usage       map[string]uint64
}

func importMixed(t *testing.T, prepared bool, spoil func(b *annotate.Batch)) (importedState, error, bool) {
	t.Helper()
	if prepared {
		defer storage.SetPrepMin(0)()
	} else {
		defer storage.SetPrepMin(1 << 30)()
	}
	s, path := openStore(t)
	project := testDocument(t, "Projekt", 4)
	project.ID = "project-doc"
	if err := s.AddDocuments(project); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	b := mixedBatch(t, project)
	// The project has one of the batch's annotations already.
	for _, a := range b.Annotations {
		if a.DocumentID == project.ID && a.ID != "" {
			a.Label, a.Attributes, a.Note = "PER", nil, ""
			if err := s.AddAnnotation(&a); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if spoil != nil {
		spoil(b)
	}
	before := stateOf(t, path)
	rep, err := s.Import(b)
	if err != nil {
		return importedState{}, err, stateOf(t, path).sum == before.sum
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	st := importedState{Report: rep, Annotations: map[string][]annotate.Annotation{}}
	if st.Documents, err = s.Documents(); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, a := range b.Annotations {
		ids[a.ID] = true
	}
	for i := range st.Documents {
		st.Documents[i].Imported = time.Time{}
		list, err := s.Annotations(st.Documents[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		for k := range list {
			if !ids[list[k].ID] {
				list[k].ID = ""
			}
			if !list[k].Created.Before(start) {
				list[k].Created, list[k].Modified = time.Time{}, time.Time{}
			}
		}
		// Made-up ids decided the order of equal spans: order by content.
		slices.SortStableFunc(list, func(a, b annotate.Annotation) int {
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			return strings.Compare(string(ja), string(jb))
		})
		st.Annotations[st.Documents[i].ID] = list
	}
	if st.Usage, err = storage.UsageCounts(s); err != nil {
		t.Fatal(err)
	}
	return st, nil, false
}

// samePaths reports the first difference between what the prepared and the
// plain import stored.
func samePaths(t *testing.T, prepared, plain importedState) {
	t.Helper()
	sameJSON(t, "report", prepared.Report, plain.Report)
	sameJSON(t, "documents", prepared.Documents, plain.Documents)
	sameJSON(t, "usage counts", prepared.Usage, plain.Usage)
	for id, want := range plain.Annotations {
		got := prepared.Annotations[id]
		if len(got) != len(want) {
			t.Errorf("document %s: %d annotations, want %d", id, len(got), len(want))
			continue
		}
		for k := range want {
			sameJSON(t, "annotation of "+id, got[k], want[k])
		}
	}
}

func TestImportPreparedStoresWhatThePlainPathStores(t *testing.T) {
	plain, err, _ := importMixed(t, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	prepared, err, _ := importMixed(t, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	samePaths(t, prepared, plain)

	// And the plain path did what Import promises.
	rep := plain.Report
	if rep.DocumentsAdded != 70 || len(rep.DocumentsSkipped) != 3 || rep.AnnotationsSkipped != 4 ||
		rep.AnnotationsAdded+rep.AnnotationsSkipped != 70*60+7+60+3 {
		t.Errorf("report %+v", rep)
	}
	total := 0
	for _, d := range plain.Documents {
		if len(plain.Annotations[d.ID]) != d.Annotations {
			t.Errorf("document %s counts %d annotations and lists %d", d.ID, d.Annotations, len(plain.Annotations[d.ID]))
		}
		total += d.Annotations
		for _, a := range plain.Annotations[d.ID] {
			if a.Quote.Exact == "" {
				t.Fatalf("annotation %+v has no quote", a)
			}
		}
	}
	var used uint64
	for k, n := range plain.Usage {
		if strings.HasPrefix(k, "l") {
			used += n
		}
	}
	if used != uint64(total) {
		t.Errorf("usage counts %d annotations, documents %d", used, total)
	}
}

// TestImportPreparedFailsAsThePlainPath spoils one item of a large batch,
// behind several prepared units, and checks that both paths fail with the
// same error and leave the file as it was.
func TestImportPreparedFailsAsThePlainPath(t *testing.T) {
	// at returns the first annotation from i on that has an id (errors
	// name the annotation by id, and Import makes up the missing ones).
	at := func(b *annotate.Batch, i int) *annotate.Annotation {
		for b.Annotations[i].ID == "" {
			i++
		}
		return &b.Annotations[i]
	}
	tests := []struct {
		name  string
		spoil func(b *annotate.Batch)
		want  error
	}{
		{"unknown label", func(b *annotate.Batch) { at(b, 3000).Label = "NOPE" }, annotate.ErrUnknownLabel},
		{"attribute value not allowed", func(b *annotate.Batch) {
			a := at(b, 3003)
			a.Label, a.Attributes = "CLAIM", map[string]string{"stance": "vielleicht"}
		}, annotate.ErrAttributeValue},
		{"unknown attribute", func(b *annotate.Batch) {
			at(b, 2999).Attributes = map[string]string{"farbe": "rot"}
		}, annotate.ErrUnknownAttribute},
		{"required attribute missing", func(b *annotate.Batch) {
			a := at(b, 2998)
			a.Label, a.Attributes = "CLAIM", nil
		}, annotate.ErrAttributeValue},
		{"quote that does not match", func(b *annotate.Batch) { at(b, 2100).Quote.Exact = "anders" }, annotate.ErrInvalid},
		{"span past the end", func(b *annotate.Batch) { at(b, 2200).End = 100000 }, annotate.ErrOffsetRange},
		{"negative start", func(b *annotate.Batch) { at(b, 2201).Start = -1 }, annotate.ErrOffsetRange},
		{"start after end", func(b *annotate.Batch) {
			a := at(b, 2202)
			a.Start, a.End = a.End, a.Start
		}, annotate.ErrOffsetRange},
		{"empty span", func(b *annotate.Batch) {
			a := at(b, 2300)
			a.End = a.Start
		}, annotate.ErrEmptySpan},
		{"unknown segment", func(b *annotate.Batch) { at(b, 2400).SegmentID = "c999" }, annotate.ErrUnknownSegment},
		{"id too long", func(b *annotate.Batch) { at(b, 2500).ID = strings.Repeat("x", 2000) }, annotate.ErrInvalid},
		{"unknown document", func(b *annotate.Batch) { at(b, 2600).DocumentID = "elsewhere" }, annotate.ErrNotFound},
		{"invalid annotation of a document the project has", func(b *annotate.Batch) {
			at(b, len(b.Annotations)-20).Label = "NOPE"
		}, annotate.ErrUnknownLabel},
		{"document not Prepared", func(b *annotate.Batch) { b.Documents[40].Segments[1].Text += "!" }, annotate.ErrInvalid},
		{"document missing", func(b *annotate.Batch) { b.Documents[50] = nil }, annotate.ErrInvalid},
		{"document id taken by another text", func(b *annotate.Batch) {
			d := testDocument(t, "Fremd", 1)
			d.ID = "project-doc"
			b.Documents[60] = d
		}, annotate.ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, plainErr, plainSame := importMixed(t, false, tt.spoil)
			_, prepErr, prepSame := importMixed(t, true, tt.spoil)
			if !errors.Is(plainErr, tt.want) {
				t.Fatalf("plain import: %v, want %v", plainErr, tt.want)
			}
			if prepErr == nil || prepErr.Error() != plainErr.Error() {
				t.Errorf("prepared import failed with\n%v\nthe plain one with\n%v", prepErr, plainErr)
			}
			if !plainSame || !prepSame {
				t.Errorf("a failed import changed the file (plain %v, prepared %v)", !plainSame, !prepSame)
			}
		})
	}
}
