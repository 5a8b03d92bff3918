package interchange

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// These tests run the round trips against the real bbolt store (package
// storage) on temporary files: export from one project with WriteFile,
// import into a new one with Import, and import again into both.

func openStore(t *testing.T, cb *annotate.Codebook) *storage.Store {
	t.Helper()
	s, err := storage.Open(filepath.Join(t.TempDir(), "project.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if cb != nil {
		if err := s.SetCodebook(cb); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestRoundTripsThroughFilesWithTheRealStore(t *testing.T) {
	ctx := context.Background()
	for _, f := range []Format{FormatJSON, FormatJSONL, FormatBrat, FormatDoccano, FormatLabelStudio, FormatCoNLL, FormatW3C, FormatQDPX} {
		t.Run(string(f), func(t *testing.T) {
			a := openStore(t, sampleCodebook())
			fillSample(t, a)
			path := filepath.Join(t.TempDir(), "export"+f.Extension())
			if f == FormatBrat {
				path = filepath.Join(t.TempDir(), "brat")
			}
			rep, err := WriteFile(ctx, a, path, ExportOptions{Format: f}, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := snap(t, a)
			if f == FormatCoNLL {
				kept := conllKept(rep, want)
				want.Anns = filterAnns(want.Anns, kept)
				want.Rels = filterRels(want.Rels, kept)
			}
			var b *storage.Store
			if f == FormatW3C {
				// W3C carries no text: the new project has the documents.
				b = openStore(t, sampleCodebook())
				for i := range want.Docs {
					if err := b.AddDocuments(&want.Docs[i]); err != nil {
						t.Fatal(err)
					}
				}
			} else {
				b = openStore(t, nil)
			}
			res, err := Import(ctx, b, path, DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(want, snap(t, b)); d != "" {
				t.Fatalf("the project after export and import differs: %s\ndecode report %+v\nstore report %+v", d, res.Decode, res.Store)
			}
			for name, s := range map[string]*storage.Store{"new project": b, "source project": a} {
				before := snap(t, s)
				again, err := Import(ctx, s, path, DecodeOptions{})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				st := again.Store
				if st.DocumentsAdded+st.AnnotationsAdded+st.RelationsAdded+st.SegmentLabelsAdded != 0 {
					t.Errorf("importing again into the %s added %+v", name, st)
				}
				if d := diff(before, snap(t, s)); d != "" {
					t.Errorf("importing again changed the %s: %s", name, d)
				}
			}
		})
	}
}

func filterAnns(as []annotate.Annotation, keep map[string]bool) []annotate.Annotation {
	var out []annotate.Annotation
	for _, a := range as {
		if keep[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

func filterRels(rs []annotate.Relation, keep map[string]bool) []annotate.Relation {
	var out []annotate.Relation
	for _, r := range rs {
		if keep[r.From] && keep[r.To] {
			out = append(out, r)
		}
	}
	return out
}

func TestFailedImportLeavesTheRealStoreUnchanged(t *testing.T) {
	s := openStore(t, sampleCodebook())
	fillSample(t, s)
	before := snap(t, s)
	// Valid first document, broken second one: nothing of either is stored.
	p := filepath.Join(t.TempDir(), "half.jsonl")
	writeFile(t, p, `{"text":"Anna und Ben","label":[[0,4,"PER"]]}`+"\n"+`{"text":"abc","label":[[2,9,"PER"]]}`+"\n")
	if _, err := Import(context.Background(), s, p, DecodeOptions{}); err == nil {
		t.Fatal("no error")
	}
	if d := diff(before, snap(t, s)); d != "" {
		t.Errorf("the failed import changed the project: %s", d)
	}
}
