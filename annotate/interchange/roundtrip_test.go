package interchange

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

func TestNativeExportImportReproducesTheProjectExactly(t *testing.T) {
	for _, f := range []Format{FormatJSON, FormatJSONL} {
		t.Run(string(f), func(t *testing.T) {
			a := sampleProject(t)
			data, rep := exportBytes(t, a, ExportOptions{Format: f})
			if rep.Documents != 2 || rep.Annotations != 13 || rep.Relations != 2 || rep.SegmentLabels != 2 {
				t.Errorf("export report %+v", rep)
			}
			b := newMemStore(nil)
			batch, _ := decodeBytes(t, "export."+string(f), data, f, b)
			importBatch(t, b, batch)
			if d := diff(snap(t, a), snap(t, b)); d != "" {
				t.Fatalf("imported project differs: %s", d)
			}
			wantCB, _ := a.Codebook()
			gotCB, _ := b.Codebook()
			if !reflect.DeepEqual(wantCB.Labels, gotCB.Labels) || !reflect.DeepEqual(wantCB.RelationTypes, gotCB.RelationTypes) ||
				!reflect.DeepEqual(wantCB.SegmentLabelSets, gotCB.SegmentLabelSets) {
				t.Errorf("codebook differs:\nwant %+v\n got %+v", wantCB, gotCB)
			}
			wantP, _ := a.Annotators()
			gotP, _ := b.Annotators()
			for i := range wantP {
				wantP[i].Created = canonTime(wantP[i].Created)
			}
			if d := diff(wantP, gotP); d != "" {
				t.Errorf("annotators differ: %s", d)
			}

			// Importing the same export again adds nothing and says so.
			before := snap(t, b)
			batch, _ = decodeBytes(t, "export."+string(f), data, f, b)
			again := importBatch(t, b, batch)
			if again.DocumentsAdded != 0 || len(again.DocumentsSkipped) != 2 || again.AnnotationsAdded != 0 ||
				again.AnnotationsSkipped != 13 || again.RelationsSkipped != 2 || again.SegmentLabelsSkipped != 2 {
				t.Errorf("second import report %+v", again)
			}
			if d := diff(before, snap(t, b)); d != "" {
				t.Errorf("second import changed the project: %s", d)
			}
		})
	}
}

// conllKept returns the ids of the spans a CoNLL export keeps: all but
// those its warnings say are left out.
func conllKept(rep ExportReport, s snapshot) map[string]bool {
	leftOut := regexp.MustCompile(`^conll: document [^:]+: span (\S+) .*\bis left out\b`)
	kept := map[string]bool{}
	for _, a := range s.Anns {
		kept[a.ID] = true
	}
	for _, w := range rep.Warnings {
		if m := leftOut.FindStringSubmatch(w); m != nil {
			kept[m[1]] = false
		}
	}
	return kept
}

func TestForeignFormatsRoundTripSpansQuotesAndEverythingCarried(t *testing.T) {
	for _, f := range []Format{FormatBrat, FormatDoccano, FormatLabelStudio, FormatCoNLL} {
		t.Run(string(f), func(t *testing.T) {
			a := sampleProject(t)
			data, rep := exportBytes(t, a, ExportOptions{Format: f})
			want := snap(t, a)
			if f == FormatCoNLL {
				kept := conllKept(rep, want)
				if kept["a6"] || kept["a9"] || !kept["a7"] || !kept["a8"] {
					t.Errorf("CoNLL should keep the longest of overlapping spans and name the others; warnings %q", rep.Warnings)
				}
				if rep.Annotations != 11 || rep.Relations != 2 {
					t.Errorf("CoNLL report counts %d spans and %d relations, want the 11 and 2 its tags hold", rep.Annotations, rep.Relations)
				}
				want.Anns = slices.DeleteFunc(want.Anns, func(x annotate.Annotation) bool { return !kept[x.ID] })
				want.Rels = slices.DeleteFunc(want.Rels, func(r annotate.Relation) bool { return !kept[r.From] || !kept[r.To] })
			}
			b := newMemStore(nil)
			name := "export" + f.Extension()
			if f == FormatBrat {
				name = "export.zip"
			}
			batch, drep := decodeBytes(t, name, data, f, b)
			importBatch(t, b, batch)
			got := snap(t, b)
			if d := diff(want, got); d != "" {
				t.Fatalf("%s round trip differs: %s\nreport %+v", f, d, drep)
			}
			// The labels the import added keep the codebook's definitions.
			cb, _ := b.Codebook()
			if l, ok := cb.Label("CLAIM"); !ok || l.Kind != annotate.KindClaim || len(l.Attributes) != 2 {
				t.Errorf("label CLAIM after import: %+v", l)
			}
			if l, ok := cb.Label("QUOTE"); ok && l.Parent != "CLAIM" {
				t.Errorf("label QUOTE lost its parent: %+v", l)
			}

			// Back into the project it came from: nothing is added twice.
			batch, _ = decodeBytes(t, name, data, f, a)
			before := snap(t, a)
			r := importBatch(t, a, batch)
			if r.DocumentsAdded != 0 || r.AnnotationsAdded != 0 || r.RelationsAdded != 0 || r.SegmentLabelsAdded != 0 {
				t.Errorf("re-import into the source project added %+v", r)
			}
			if d := diff(before, snap(t, a)); d != "" {
				t.Errorf("re-import changed the project: %s", d)
			}
		})
	}
}

func TestW3CRoundTripAnchorsInTheProjectsDocuments(t *testing.T) {
	a := sampleProject(t)
	data, _ := exportBytes(t, a, ExportOptions{Format: FormatW3C})
	// A project with the same documents but no annotations.
	b := newMemStore(sampleCodebook())
	want := snap(t, a)
	for i := range want.Docs {
		if err := b.AddDocuments(&want.Docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	batch, rep := decodeBytes(t, "export.jsonld", data, FormatW3C, b)
	if len(rep.Skipped) > 0 {
		t.Errorf("skipped: %q", rep.Skipped)
	}
	importBatch(t, b, batch)
	if d := diff(want, snap(t, b)); d != "" {
		t.Fatalf("W3C round trip differs: %s", d)
	}
	// Without the newsmark member, the selectors alone anchor every span.
	stripped := stripNewsmark(t, data)
	c := newMemStore(sampleCodebook())
	for i := range want.Docs {
		if err := c.AddDocuments(&want.Docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	batch, rep = decodeBytes(t, "plain.jsonld", stripped, FormatW3C, c)
	importBatch(t, c, batch)
	got := snap(t, c)
	if len(got.Anns) != len(want.Anns) {
		t.Fatalf("selectors anchored %d of %d spans; skipped %q", len(got.Anns), len(want.Anns), rep.Skipped)
	}
	for i := range want.Anns {
		w, g := want.Anns[i], got.Anns[i]
		if w.ID != g.ID || w.SegmentID != g.SegmentID || w.Start != g.Start || w.End != g.End || w.Quote != g.Quote {
			t.Errorf("span %s anchored at %s [%d,%d) %q, want %s [%d,%d) %q", w.ID, g.SegmentID, g.Start, g.End, g.Quote.Exact, w.SegmentID, w.Start, w.End, w.Quote.Exact)
		}
	}
}

// stripNewsmark removes the "newsmark" members of a W3C export, leaving
// only standard Web Annotation.
func stripNewsmark(t *testing.T, data []byte) []byte {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	items := v["first"].(map[string]any)["items"].([]any)
	for _, it := range items {
		delete(it.(map[string]any), "newsmark")
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
