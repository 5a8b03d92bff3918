package interchange

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// Tests on real files from other tools: /work/shared/fixtures/formats
// (see SOURCES.md there).

// bratSpans returns the T lines of a .ann file without their ids, sorted:
// "LABEL START END\tTEXT".
func bratSpans(t *testing.T, ann string) []string {
	var out []string
	for _, l := range strings.Split(ann, "\n") {
		if strings.HasPrefix(l, "T") {
			_, rest, _ := strings.Cut(l, "\t")
			out = append(out, rest)
		}
	}
	slices.Sort(out)
	return out
}

func TestBratCoNLL2002DocumentsImportAndExportBackWithTheSameSpans(t *testing.T) {
	for _, dir := range []string{"CoNLL-ST_2002_esp", "CoNLL-ST_2002_ned"} {
		t.Run(dir, func(t *testing.T) {
			src := filepath.Join(fixtures(t), "brat", dir)
			store := newMemStore(sampleCodebook())
			res, err := Import(context.Background(), store, src, DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			// Original spans per text.
			want := map[string][]string{}
			nspans := 0
			files, _ := filepath.Glob(filepath.Join(src, "*.txt"))
			for _, f := range files {
				text, _ := os.ReadFile(f)
				ann, _ := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".ann")
				want[string(text)] = bratSpans(t, string(ann))
				nspans += len(want[string(text)])
			}
			if res.Store.DocumentsAdded != len(files) || res.Store.AnnotationsAdded != nspans {
				t.Fatalf("imported %d documents and %d spans, want %d and %d (report %+v)", res.Store.DocumentsAdded, res.Store.AnnotationsAdded, len(files), nspans, res)
			}
			// PER, ORG, LOC and MISC are the codebook's own labels.
			for _, m := range res.Decode.Labels {
				if m.Added || m.How != "same id" {
					t.Errorf("label %s mapped as %+v, want the codebook's own", m.Foreign, m)
				}
			}
			out := filepath.Join(t.TempDir(), "export")
			if _, err := WriteFile(context.Background(), store, out, ExportOptions{Format: FormatBrat}, nil); err != nil {
				t.Fatal(err)
			}
			got, _ := filepath.Glob(filepath.Join(out, "*.txt"))
			if len(got) != len(files) {
				t.Fatalf("exported %d texts, want %d", len(got), len(files))
			}
			for _, f := range got {
				text, _ := os.ReadFile(f)
				ann, _ := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".ann")
				w, ok := want[string(text)]
				if !ok {
					t.Errorf("%s: text differs from every original", f)
					continue
				}
				if g := bratSpans(t, string(ann)); !slices.Equal(g, w) {
					t.Errorf("%s: spans differ:\nwant %q\n got %q", f, w, g)
				}
			}
			for _, conf := range []string{"annotation.conf", "visual.conf"} {
				if _, err := os.Stat(filepath.Join(out, conf)); err != nil {
					t.Errorf("export has no %s", conf)
				}
			}
			// A second import of the same files adds nothing.
			again, err := Import(context.Background(), store, src, DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if again.Store.DocumentsAdded != 0 || again.Store.AnnotationsAdded != 0 || again.Store.AnnotationsSkipped != nspans {
				t.Errorf("second import: %+v", again.Store)
			}
		})
	}
}

func TestBratTutorialImportsRelationsAndReportsWhatItSkips(t *testing.T) {
	dir := filepath.Join(fixtures(t), "brat", "tutorial_news")
	// A brat document is read from its .txt as well as from its .ann.
	if b, _, err := ReadPath(filepath.Join(dir, "060-relation_annotation.txt"), DecodeOptions{}); err != nil || len(b.Annotations) != 10 {
		t.Errorf("reading the .txt: %v", err)
	}
	b, rep, err := ReadPath(filepath.Join(dir, "060-relation_annotation.ann"), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Documents) != 1 || len(b.Annotations) != 10 || len(b.Relations) != 1 {
		t.Errorf("got %d documents, %d spans, %d relations; want 1, 10, 1", len(b.Documents), len(b.Annotations), len(b.Relations))
	}
	if !containsSub(rep.Skipped, "equivalence") {
		t.Errorf("the * line is not reported: %q", rep.Skipped)
	}
	b, rep, err = ReadPath(filepath.Join(dir, "080-event-annotation.ann"), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Annotations) != 21 || !containsSub(rep.Skipped, "E1: brat events") {
		t.Errorf("events: %d spans, skipped %q", len(b.Annotations), rep.Skipped)
	}
	// New labels are added to the codebook and reported.
	if b.Codebook == nil || len(b.Codebook.Labels) != 2 {
		t.Errorf("codebook added: %+v", b.Codebook)
	}
	for _, m := range rep.Labels {
		if !m.Added || m.How != "new" {
			t.Errorf("mapping %+v, want a new label", m)
		}
	}
}

func containsSub(list []string, sub string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.Contains(s, sub) })
}

func TestLabelStudioSpanReadsFebruary22AfterImportAndEveryRoundTrip(t *testing.T) {
	check := func(t *testing.T, s *memStore, via string) {
		t.Helper()
		found := false
		for _, a := range snap(t, s).Anns {
			if a.Start == 343 && a.End == 354 && a.Quote.Exact == "February 22" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no span 343–354 reading \"February 22\"; spans %+v", via, snap(t, s).Anns)
		}
	}
	for _, file := range []string{"ls_editor_example_named_entity_annotation_1.json", "ls_editor_example_named_entity_tasks.json"} {
		t.Run(file, func(t *testing.T) {
			data := readFixture(t, filepath.Join("label_studio", file))
			src := newMemStore(sampleCodebook())
			b, rep := decodeBytes(t, file, data, "", src)
			if rep.Format != FormatLabelStudio {
				t.Errorf("detected %s", rep.Format)
			}
			importBatch(t, src, b)
			check(t, src, "import")
			for _, m := range rep.Labels {
				if m.Foreign == "Date" && !m.Added {
					t.Errorf("Date should be added to the codebook: %+v", m)
				}
			}
			for _, f := range []Format{FormatJSON, FormatJSONL, FormatBrat, FormatDoccano, FormatLabelStudio, FormatCoNLL, FormatW3C} {
				t.Run(string(f), func(t *testing.T) {
					data, _ := exportBytes(t, src, ExportOptions{Format: f})
					dst := newMemStore(sampleCodebook())
					if f == FormatW3C {
						// W3C holds no text: the documents are already there.
						for _, d := range snap(t, src).Docs {
							if err := dst.AddDocuments(&d); err != nil {
								t.Fatal(err)
							}
						}
					}
					b, _ := decodeBytes(t, "roundtrip", data, f, dst)
					importBatch(t, dst, b)
					check(t, dst, string(f))
				})
			}
		})
	}
}

func TestDoccanoFixturesImport(t *testing.T) {
	tests := []struct {
		file                      string
		docs, spans, rels, labels int
		note                      string // a note the report must hold
		skipped                   string
		err                       string // the error must contain this
	}{
		{file: "export_sequence_labeling.example.jsonl", docs: 3, spans: 4},
		{file: "import_sequence_labeling.example.jsonl", docs: 3, spans: 3},
		{file: "import_relation_extraction.example.jsonl", docs: 1, spans: 4, rels: 3},
		{file: "export_relation_extraction.example.prettyprinted.jsonl", docs: 1, spans: 4, rels: 3, note: "pretty-printed"},
		{file: "export_text_classification.example.jsonl", docs: 3, labels: 3},
		{file: "import_tests_example_overlapping.jsonl", docs: 1, spans: 1, skipped: "twice"},
		{file: "import_tests_sequence_labeling.jsonl", err: `import_tests_sequence_labeling.jsonl line 3 (byte 135): no "text"`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := readFixture(t, filepath.Join("doccano", tt.file))
			store := newMemStore(sampleCodebook())
			before := snap(t, store)
			res, err := importBytes(t, store, tt.file, data)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				if d := diff(before, snap(t, store)); d != "" {
					t.Errorf("a failed import changed the project: %s", d)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Decode.Format != FormatDoccano {
				t.Errorf("detected %s", res.Decode.Format)
			}
			s := res.Store
			if s.DocumentsAdded != tt.docs || s.AnnotationsAdded != tt.spans || s.RelationsAdded != tt.rels || s.SegmentLabelsAdded != tt.labels {
				t.Errorf("added %d documents, %d spans, %d relations, %d labels; want %d, %d, %d, %d",
					s.DocumentsAdded, s.AnnotationsAdded, s.RelationsAdded, s.SegmentLabelsAdded, tt.docs, tt.spans, tt.rels, tt.labels)
			}
			if tt.note != "" && !containsSub(res.Decode.Notes, tt.note) {
				t.Errorf("notes %q lack %q", res.Decode.Notes, tt.note)
			}
			if tt.skipped != "" && !containsSub(res.Decode.Skipped, tt.skipped) {
				t.Errorf("skipped %q lack %q", res.Decode.Skipped, tt.skipped)
			}
		})
	}
	t.Run("PERSON maps onto the codebook's PER by its name", func(t *testing.T) {
		store := newMemStore(sampleCodebook())
		res, err := importBytes(t, store, "x.jsonl", readFixture(t, "doccano/export_sequence_labeling.example.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range res.Decode.Labels {
			got = append(got, m.Foreign+"→"+m.Label+" "+m.How)
		}
		want := []string{"ORG→ORG same id", "MISC→MISC same id", "PERSON→PER same name"}
		if !slices.Equal(got, want) {
			t.Errorf("label mappings %q, want %q", got, want)
		}
	})
}

// importBytes writes data to a temporary file named name and imports it.
func importBytes(t *testing.T, store *memStore, name string, data []byte) (ImportResult, error) {
	t.Helper()
	return importBytesWith(t, store, name, data, DecodeOptions{})
}

func importBytesWith(t *testing.T, store *memStore, name string, data []byte, opts DecodeOptions) (ImportResult, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	opts.Now = func() time.Time { return t0 }
	return Import(context.Background(), store, p, opts)
}

// webProject holds documents whose sources and texts fit the W3C examples.
func webProject(t *testing.T) *memStore {
	s := newMemStore(sampleCodebook())
	ebook := strings.Repeat("It was a dark and stormy night; the rain fell in torrents. ", 20)
	for _, d := range []*annotate.Document{
		{ID: "page1", Source: "http://example.org/page1", Segments: []annotate.Segment{{Kind: annotate.KindBody,
			Text: "Intro. And this is an anotation that has some typos.\n\nSome text before the Selected Text and text after it."}}},
		{ID: "ebook1", Source: "http://example.org/ebook1", Segments: []annotate.Segment{{Kind: annotate.KindBody, Text: ebook}}},
		{ID: "document1", Source: "http://example.com/document1", Segments: []annotate.Segment{{Kind: annotate.KindBody,
			Text: "I say with a particular bit of text in it."}}},
	} {
		if err := d.Prepare(t0); err != nil {
			t.Fatal(err)
		}
		if err := s.AddDocuments(d); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestW3CExamplesImportTheirTextQuoteAndTextPositionTargets(t *testing.T) {
	tests := []struct {
		file  string
		doc   string
		exact string
		label string
	}{
		{"anno26.json", "page1", "anotation", "annotation"},
		{"anno27.json", "ebook1", "", "annotation"},
		{"anno32.json", "page1", "Selected Text", "annotation"},
		{"anno41.json", "document1", "with a particular bit", "love"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := webProject(t)
			res, err := importBytes(t, s, tt.file, readFixture(t, "w3c_web_annotation/"+tt.file))
			if err != nil {
				t.Fatal(err)
			}
			anns, _ := s.Annotations(tt.doc)
			if len(anns) != 1 {
				t.Fatalf("%d spans in %s, want 1 (report %+v)", len(anns), tt.doc, res)
			}
			a := anns[0]
			if tt.exact != "" && a.Quote.Exact != tt.exact {
				t.Errorf("quote %q, want %q", a.Quote.Exact, tt.exact)
			}
			if tt.file == "anno27.json" && (a.Start != 412 || a.End != 795) {
				t.Errorf("position [%d,%d), want [412,795)", a.Start, a.End)
			}
			if tt.file == "anno41.json" {
				if a.Start != 6 || a.End != 27 || a.Annotator != "user1" || !strings.Contains(a.Note, "particular bit") ||
					!a.Created.Equal(time.Date(2015, 10, 13, 13, 0, 0, 0, time.UTC)) {
					t.Errorf("anno41 imported as %+v", a)
				}
			}
			if a.Label != tt.label {
				t.Errorf("label %q, want %q", a.Label, tt.label)
			}
		})
	}
	t.Run("collection1.json", func(t *testing.T) {
		// Most of the examples target images and other resources without a
		// text selector: bad items, so the set is refused whole, naming each,
		// unless they are to be skipped.
		s := webProject(t)
		before := snap(t, s)
		data := readFixture(t, "w3c_web_annotation/collection1.json")
		_, err := importBytes(t, s, "collection1.json", data)
		var be *BadItemsError
		if !errors.As(err, &be) || len(be.Items) < 30 || !containsSub(be.Items, "anno1: its target has no text selector") ||
			!strings.Contains(err.Error(), "anno40: its target has no text selector") {
			t.Fatalf("error %v, want every bad annotation named", err)
		}
		if d := diff(before, snap(t, s)); d != "" {
			t.Fatalf("the refused import changed the project: %s", d)
		}
		res, err := importBytesWith(t, s, "collection1.json", data, DecodeOptions{SkipBad: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Store.AnnotationsAdded != 4 {
			t.Errorf("added %d spans, want the 4 text targets (report %+v)", res.Store.AnnotationsAdded, res.Decode)
		}
		if len(res.Decode.Bad) != len(be.Items) {
			t.Errorf("skipping lists %d bad items, refusing named %d", len(res.Decode.Bad), len(be.Items))
		}
	})
}

func TestHypothesisRecordImportsItsUTF16PositionOrQuote(t *testing.T) {
	h := readFixture(t, "hypothesis/elife_hypothesis_api_annotation.json")
	const prefix, exact, suffix = " 2007; Rigort et al., 2012). We ", "imaged", " Golgi stacks within the native "
	// 100 emoji take 200 UTF-16 code units: the record's UTF-16 position
	// 12301 is code point 12201 here.
	pad := strings.Repeat("😀", 100) + strings.Repeat("a", 12301-200-len(prefix))
	for _, tt := range []struct {
		name  string
		text  string
		start int
	}{
		{"position in UTF-16 units", pad + prefix + exact + suffix + "end.", 12201},
		{"quote found when the position is off", "Moved. " + prefix + exact + suffix, 7 + len(prefix)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newMemStore(sampleCodebook())
			d := &annotate.Document{ID: "elife", Source: "https://elifesciences.org/articles/32493",
				Segments: []annotate.Segment{{Kind: annotate.KindBody, Text: tt.text}}}
			if err := d.Prepare(t0); err != nil {
				t.Fatal(err)
			}
			if err := s.AddDocuments(d); err != nil {
				t.Fatal(err)
			}
			res, err := importBytes(t, s, "hypothesis.json", h)
			if err != nil {
				t.Fatal(err)
			}
			anns, _ := s.Annotations("elife")
			if len(anns) != 1 {
				t.Fatalf("%d spans, want 1 (report %+v)", len(anns), res.Decode)
			}
			a := anns[0]
			if a.Start != tt.start || a.Quote.Exact != exact || a.Note != "took image of" || a.Label != "comment" ||
				a.Annotator != "acct:m8nl1gze@elifesciences.org" {
				t.Errorf("imported %+v", a)
			}
			people, _ := s.Annotators()
			if len(people) != 1 || people[0].Name != "Giorgio Sironi" {
				t.Errorf("annotators %+v", people)
			}
		})
	}
}

func TestCoNLLFilesFromOtherToolsImport(t *testing.T) {
	t.Run("GermEval keeps nested spans and one document per source", func(t *testing.T) {
		data := readFixture(t, "germeval2014/NER-de-dev.news_subset_first120.tsv")
		b, rep := decodeBytes(t, "NER-de-dev.tsv", data, "", nil)
		if rep.Format != FormatCoNLL {
			t.Fatalf("detected %s", rep.Format)
		}
		outer, nested := 0, 0
		for _, l := range strings.Split(string(data), "\n") {
			f := strings.Split(l, "\t")
			if len(f) >= 4 && !strings.HasPrefix(l, "#") {
				if strings.HasPrefix(f[2], "B-") {
					outer++
				}
				if strings.HasPrefix(f[3], "B-") {
					nested++
				}
			}
		}
		if len(b.Documents) != 120 || len(b.Annotations) != outer+nested {
			t.Errorf("%d documents, %d spans; want 120 and %d+%d", len(b.Documents), len(b.Annotations), outer, nested)
		}
		if !strings.HasPrefix(b.Documents[0].Source, "http://www.heise.de/") || b.Documents[0].Segments[0].Text[:16] != "Gleich darauf en" {
			t.Errorf("first document %+v", b.Documents[0])
		}
		found := false
		for _, a := range b.Annotations {
			found = found || a.Quote.Exact == "Ecce homo" && a.Label == "OTH"
		}
		if !found {
			t.Error("span \"Ecce homo\" (B-OTH I-OTH) not found")
		}
	})
	t.Run("CoNLL-2003 columns with numeric tokens", func(t *testing.T) {
		data := "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\n1990 CD I-NP O\nBonn NNP I-NP B-LOC\n"
		b, _ := decodeBytes(t, "x.conll", []byte(data), "", nil)
		if len(b.Annotations) != 2 || b.Documents[0].Segments[0].Text != "EU 1990 Bonn" {
			t.Errorf("decoded %q with %d spans", b.Documents[0].Segments[0].Text, len(b.Annotations))
		}
	})
	t.Run("doccano's two-column file", func(t *testing.T) {
		b, _ := decodeBytes(t, "x.conll", readFixture(t, "doccano/import_tests_sequence_labeling.conll"), "", nil)
		if len(b.Documents) != 1 || len(b.Annotations) != 2 || b.Documents[0].Segments[0].Text != "JAPAN GET\nNadim Ladki" {
			t.Errorf("decoded %+v %+v", b.Documents[0], b.Annotations)
		}
	})
}

func TestDetectTellsFormatsApartFromNameAndContent(t *testing.T) {
	tests := []struct {
		name, head string
		want       Format
	}{
		{"x.json", `{"format":"newsmark","version":1,`, FormatJSON},
		{"x.jsonl", `{"format":"newsmark","version":1,"layout":"jsonl"}`, FormatJSONL},
		{"x.json", `{"@context": "http://www.w3.org/ns/anno.jsonld"`, FormatW3C},
		{"x.json", `{"updated": "2017", "target": [], "uri": "u", "user": "acct:x"}`, FormatW3C},
		{"x.json", `[{"data": {"text": "a"}, "annotations": []}]`, FormatLabelStudio},
		{"x.jsonl", `{"text": "a", "label": [[0, 1, "X"]]}`, FormatDoccano},
		{"x.ann", ``, FormatBrat},
		{"x.zip", ``, FormatBrat},
		{"x.conll", ``, FormatCoNLL},
		{"x.txt", "EU\tB-ORG\nrejects\tO\n", FormatCoNLL},
	}
	for _, tt := range tests {
		got, ok := Detect(tt.name, []byte(tt.head))
		if !ok || got != tt.want {
			t.Errorf("Detect(%q, %q) = %s, %v; want %s", tt.name, tt.head, got, ok, tt.want)
		}
	}
	// Newsmark's own foreign exports carry a {"format": "newsmark"} record
	// inside; they are still their own format.
	store := sampleProject(t)
	for _, f := range []Format{FormatDoccano, FormatLabelStudio, FormatW3C, FormatJSON, FormatJSONL, FormatCoNLL} {
		data, _ := exportBytes(t, store, ExportOptions{Format: f})
		if got, ok := Detect("export"+f.Extension(), data[:min(len(data), sniffLen)]); !ok || got != f {
			t.Errorf("Detect(our %s export) = %s, %v", f, got, ok)
		}
	}
	if _, ok := Detect("x.bin", []byte{0, 1, 2}); ok {
		t.Error("binary data detected as a format")
	}
	_ = bytes.MinRead
}
