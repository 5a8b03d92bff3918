package interchange

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

func TestMalformedInputNamesFileAndPlaceAndChangesNothing(t *testing.T) {
	nativeDoc := func(quote string) string {
		return `{"id":"d9","hash":"` + annotate.ContentHash([]annotate.Segment{{Kind: "body", Text: "abc"}}) +
			`","segments":[{"id":"s1","kind":"body","text":"abc"}],"annotations":[{"id":"x","segment":"s1","start":0,"end":2,"quote":{"exact":"` +
			quote + `","prefix":"","suffix":"c"},"label":"PER","annotator":"anna"}]}`
	}
	head := `{"format":"newsmark","version":1,"offset_unit":"codepoint","codebook":null,"annotators":[]`
	tests := []struct {
		name, file, data string
		want             []string // substrings of the error
	}{
		{"json cut short", "cut.json", head + `,"documents":[` + "\n" + nativeDoc("ab"), []string{"cut.json line 2", "ends in the middle"}},
		{"json quote that does not match", "quote.json", head + `,"documents":[` + "\n" + nativeDoc("zz") + "\n]}",
			[]string{"quote.json line 2", `document 1 (id "d9")`, `quote "zz" does not match the text "ab"`}},
		{"json from a newer Newsmark", "new.json", `{"format":"newsmark","version":99,"documents":[]}`, []string{"new.json line 1", "version 99"}},
		{"json with an unknown member", "member.json", head + `,"documents":[],"extra":1}`, []string{"member.json line 1", `unknown member "extra"`}},
		{"json of another kind", "other.json", `{"format":"newsmark","version":1,"offset_unit":"utf16","documents":[]}`, []string{`"offset_unit" is "utf16"`}},
		{"jsonl bad line", "bad.jsonl", `{"format":"newsmark","version":1,"layout":"jsonl","offset_unit":"codepoint"}` + "\n" + `{"id": 5}`,
			[]string{"bad.jsonl line 2", "expected string"}},
		{"doccano offsets past the text", "past.jsonl", `{"text":"abc","label":[[0,1,"X"]]}` + "\n" + `{"text":"abc","label":[[1,9,"X"]]}`,
			[]string{"past.jsonl line 2", "outside the text"}},
		{"doccano offsets splitting an emoji", "split.jsonl", `{"text":"😀a","label":[[1,3,"X"]]}`,
			[]string{"split.jsonl line 1", "split a character"}},
		{"doccano broken JSON", "broken.jsonl", `{"text":"abc"}` + "\n" + `{"text": "abc", "label": [[0, 1, "X"]` + "\n",
			[]string{"broken.jsonl line 2", "JSON"}},
		{"label studio text that does not match", "ls.json", `[{"data":{"text":"hello world"},"annotations":[{"result":[{"id":"r","type":"labels","value":{"start":0,"end":5,"text":"world","labels":["X"]}}]}]}]`,
			[]string{"ls.json line 1", `"value.text" is "world", but the text at [0,5) is "hello" in code points and "hello" in UTF-16 code units`}},
		{"conll line without a tag", "x.conll", "EU\tB-ORG\nrejects\tO\nGerman\n", []string{"x.conll line 3", "token and its tag"}},
		{"conll unknown tag", "y.conll", "EU\tB-ORG\nrejects\tX-Y\n", []string{"y.conll line 2", `tag "X-Y"`}},
		{"w3c not an annotation", "w.jsonld", `{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection"}` + "\n" + `[1, 2]`,
			[]string{"w.jsonld line 2", "expected a W3C Annotation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := sampleProject(t)
			before := snap(t, store)
			_, err := importBytes(t, store, tt.file, []byte(tt.data))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if !errors.Is(err, ErrSyntax) {
				t.Errorf("error does not wrap ErrSyntax: %v", err)
			}
			if d := diff(before, snap(t, store)); d != "" {
				t.Errorf("the failed import changed the project: %s", d)
			}
		})
	}
}

func TestMalformedBratNamesTheAnnFileAndLine(t *testing.T) {
	tests := []struct {
		name, ann string
		want      string
	}{
		{"offset past the text", "T1\tPER 0 5\tAnna \nT2\tPER 6 99\tBen\n", "doc.ann line 2 T2: offset 99 is past the end"},
		{"text that does not match", "T1\tPER 0 4\tAnne\n", `doc.ann line 1 T1: the text at [0,4) is "Anna"`},
		{"missing tab", "T1 PER 0 4 Anna\n", "doc.ann line 1: expected an annotation id"},
		{"unknown line", "X1\tfoo\n", `doc.ann line 1: unknown annotation id "X1"`},
		{"bad relation", "T1\tPER 0 4\tAnna\nR1\tknows Arg1:T1\n", "doc.ann line 2: R1: expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "doc.txt"), []byte("Anna und Ben"), 0o644)
			os.WriteFile(filepath.Join(dir, "doc.ann"), []byte(tt.ann), 0o644)
			store := sampleProject(t)
			before := snap(t, store)
			_, err := Import(context.Background(), store, dir, DecodeOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if d := diff(before, snap(t, store)); d != "" {
				t.Errorf("the failed import changed the project: %s", d)
			}
			// The same inside a zip names the archive and the member.
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for name, body := range map[string]string{"doc.txt": "Anna und Ben", "doc.ann": tt.ann} {
				w, _ := zw.Create(name)
				w.Write([]byte(body))
			}
			zw.Close()
			_, err = importBytes(t, store, "set.zip", buf.Bytes())
			if err == nil || !strings.Contains(err.Error(), "set.zip:doc.ann line") {
				t.Errorf("zip error %v does not name set.zip:doc.ann and the line", err)
			}
		})
	}
	t.Run("ann without its txt", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "lonely.ann"), []byte("T1\tPER 0 4\tAnna\n"), 0o644)
		_, _, err := ReadPath(dir, DecodeOptions{})
		if err == nil || !strings.Contains(err.Error(), "lonely.ann: no lonely.txt beside it") {
			t.Errorf("error %v", err)
		}
	})
}

func TestWriteFileLeavesNothingBehindWhenAnExportFails(t *testing.T) {
	store := sampleProject(t)
	ctx := context.Background()
	t.Run("a finished export is in place and alone", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "out.json")
		if _, err := WriteFile(ctx, store, p, ExportOptions{Format: FormatJSON}, nil); err != nil {
			t.Fatal(err)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 || entries[0].Name() != "out.json" {
			t.Errorf("directory holds %v", entries)
		}
		if _, _, err := ReadPath(p, DecodeOptions{}); err != nil {
			t.Errorf("the file does not read back: %v", err)
		}
	})
	t.Run("a cancelled export leaves the old file untouched and no temporary file", func(t *testing.T) {
		for _, f := range []Format{FormatJSON, FormatCSV, FormatBrat} {
			dir := t.TempDir()
			p := filepath.Join(dir, "out"+f.Extension())
			if f == FormatBrat {
				p = filepath.Join(dir, "out.zip")
			}
			os.WriteFile(p, []byte("old"), 0o644)
			cctx, cancel := context.WithCancel(ctx)
			_, err := WriteFile(cctx, store, p, ExportOptions{Format: f}, func(done, total int) {
				if done == 1 {
					cancel() // after the first of two documents
				}
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s: error %v, want context.Canceled", f, err)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("%s: directory holds %v", f, entries)
			}
			if b, _ := os.ReadFile(p); string(b) != "old" {
				t.Errorf("%s: the old file was changed", f)
			}
		}
	})
	t.Run("brat directory: built aside, refused over files, replaces an empty one", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "brat")
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := WriteFile(cctx, store, p, ExportOptions{Format: FormatBrat}, nil); err == nil {
			t.Fatal("cancelled export succeeded")
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("a cancelled brat export left %v", entries)
		}
		os.Mkdir(p, 0o755)
		if _, err := WriteFile(ctx, store, p, ExportOptions{Format: FormatBrat}, nil); err != nil {
			t.Fatalf("export into an empty directory: %v", err)
		}
		files, _ := os.ReadDir(p)
		if len(files) != 2+3*2 { // two conf files, three files per document
			t.Errorf("brat directory holds %d files", len(files))
		}
		if _, err := WriteFile(ctx, store, p, ExportOptions{Format: FormatBrat}, nil); !errors.Is(err, ErrTargetExists) {
			t.Errorf("export over files: %v, want ErrTargetExists", err)
		}
	})
}

func TestExportSelectsDocumentsAnnotatorsAndReportsProgress(t *testing.T) {
	store := sampleProject(t)
	var calls [][2]int
	data, rep := func() ([]byte, ExportReport) {
		var buf bytes.Buffer
		rep, err := Export(context.Background(), store, &buf, ExportOptions{Format: FormatJSONL, Annotators: []string{"ben"}}, func(done, total int) {
			calls = append(calls, [2]int{done, total})
		})
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), rep
	}()
	if len(calls) != 3 || calls[0] != [2]int{0, 2} || calls[2] != [2]int{2, 2} {
		t.Errorf("progress calls %v", calls)
	}
	// ben made a4, a5, a7, a9, the relation r2 and one segment label.
	if rep.Annotations != 4 || rep.Relations != 1 || rep.SegmentLabels != 1 {
		t.Errorf("report %+v", rep)
	}
	b, _ := decodeBytes(t, "ben.jsonl", data, FormatJSONL, nil)
	for _, a := range b.Annotations {
		if a.Annotator != "ben" {
			t.Errorf("annotation of %s exported", a.Annotator)
		}
	}
	if len(b.Annotators) != 1 || b.Annotators[0].ID != "ben" {
		t.Errorf("annotators %+v", b.Annotators)
	}

	_, rep = exportBytes(t, store, ExportOptions{Format: FormatCSV, Documents: []string{"doc-2"}})
	if rep.Documents != 1 || rep.Annotations != 2 {
		t.Errorf("one document: %+v", rep)
	}
	if _, err := Export(context.Background(), store, &bytes.Buffer{}, ExportOptions{Format: FormatCSV, Documents: []string{"nope"}}, nil); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}
	if _, err := Export(context.Background(), store, &bytes.Buffer{}, ExportOptions{Format: "xml"}, nil); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("unknown format: %v", err)
	}
}

func TestExportWithoutTextsImportsOnlyWhereTheDocumentsAre(t *testing.T) {
	store := sampleProject(t)
	data, _ := exportBytes(t, store, ExportOptions{Format: FormatJSON, OmitText: true})
	if bytes.Contains(data, []byte(`"text"`)) || !bytes.Contains(data, []byte(`"text_included":false`)) {
		t.Fatal("texts were exported")
	}
	if !bytes.Contains(data, []byte(`"exact":"Henriette Reker"`)) {
		t.Error("quotes must stay")
	}
	// Into the project that has the documents: everything is already there.
	b, _ := decodeBytes(t, "notext.json", data, FormatJSON, store)
	rep := importBatch(t, store, b)
	if rep.AnnotationsAdded != 0 || rep.AnnotationsSkipped != 13 {
		t.Errorf("import into the source project: %+v", rep)
	}
	// Into a project without them: a clear error.
	_, _, err := DecodeWith("notext.json", bytes.NewReader(data), DecodeOptions{Project: newMemStore(nil)})
	if err == nil || !strings.Contains(err.Error(), "no text") {
		t.Errorf("error %v", err)
	}
	for _, f := range []Format{FormatBrat, FormatDoccano, FormatLabelStudio, FormatCoNLL} {
		if _, err := Export(context.Background(), store, &bytes.Buffer{}, ExportOptions{Format: f, OmitText: true}, nil); !errors.Is(err, ErrNeedsText) {
			t.Errorf("%s without text: %v, want ErrNeedsText", f, err)
		}
	}
}

func TestFormatNamesParseAndDescribeThemselves(t *testing.T) {
	for _, f := range Formats() {
		got, err := ParseFormat(strings.ToUpper(string(f)))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
		if f.Title() == "" || f.OffsetUnit() == "" {
			t.Errorf("%s has no title or offset unit", f)
		}
	}
	if got, _ := ParseFormat("label-studio"); got != FormatLabelStudio {
		t.Errorf("label-studio parsed as %q", got)
	}
	if _, err := ParseFormat("docx"); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("docx: %v", err)
	}
	if FormatCSV.CanImport() || len(ImportFormats()) != 9 {
		t.Error("CSV is export only; the other nine import")
	}
	if _, _, err := Decode("x.csv", strings.NewReader("a,b"), FormatCSV); !errors.Is(err, ErrNotImportable) {
		t.Errorf("decode CSV: %v", err)
	}
}
