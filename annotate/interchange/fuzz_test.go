package interchange

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Each decoder is fuzzed with real files and this package's own exports as
// seeds. The property: decoding never panics, and a batch it returns
// without error is one the store accepts whole (every document, span,
// relation and label valid), so a successful decode never meets a
// validation error at import. Decoding skips bad items (SkipBad), so the
// property covers the batch that is left when they are taken out; without
// SkipBad the same input decodes to that batch or to an error.

func fuzzDecode(t *testing.T, name string, data []byte, f Format) {
	project := newMemStore(nil)
	b, _, err := DecodeWith(name, bytes.NewReader(data), DecodeOptions{Format: f, Project: project, Now: func() time.Time { return t0 }, SkipBad: true})
	if err != nil {
		return
	}
	if _, err := project.Import(b); err != nil {
		t.Fatalf("decoded without error, but the store refuses the batch: %v", err)
	}
}

func seedFiles(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join(fixtures(f), pattern))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

func seedExport(f *testing.F, format Format) {
	data, _ := exportBytes(f, sampleProject(f), ExportOptions{Format: format})
	f.Add(data)
}

func FuzzDecodeNative(f *testing.F) {
	seedExport(f, FormatJSON)
	data, _ := exportBytes(f, sampleProject(f), ExportOptions{Format: FormatJSON, Documents: []string{"doc-2"}})
	f.Add(data)
	f.Add([]byte(`{"format":"newsmark","version":1,"documents":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, "f.json", data, FormatJSON) })
}

func FuzzDecodeNativeJSONL(f *testing.F) {
	seedExport(f, FormatJSONL)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, "f.jsonl", data, FormatJSONL) })
}

func FuzzDecodeBrat(f *testing.F) {
	// The fuzzer varies the .ann file of a document; its text is fixed.
	text := readFixture(f, "brat/CoNLL-ST_2002_ned/ned.train-doc-46.txt")
	seedFiles(f, "brat/CoNLL-ST_2002_ned/ned.train-doc-46.ann")
	f.Add([]byte("T1\tORG 0 9\tDe Morgen\nA1\tNeg T1\nR1\tx Arg1:T1 Arg2:T1\n#1\tAnnotatorNotes T1\tnote\n"))
	f.Add([]byte("T1\tORG 0 2;3 9\tDe Morgen\nE1\tORG:T1\n*\tAlias T1 T1\n"))
	f.Add([]byte("T1\tORG 0 9\tDe Morgan\nT2\tPER 0 99\tx\nA1\tstance T1 very much pro\nA2\tv T2 mostly_true\n"))
	f.Fuzz(func(t *testing.T, ann []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		// Stored, not deflated: the fuzzer's time goes to the decoder.
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "doc.txt", Method: zip.Store})
		w.Write(text)
		w, _ = zw.CreateHeader(&zip.FileHeader{Name: "doc.ann", Method: zip.Store})
		w.Write(ann)
		zw.Close()
		fuzzDecode(t, "f.zip", buf.Bytes(), FormatBrat)
	})
}

func FuzzDecodeBratCarried(f *testing.F) {
	// A whole Newsmark brat export as the seed: the fuzzer may break the
	// archive, the texts, the .ann files or the carried records.
	seedExport(f, FormatBrat)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, "f.zip", data, FormatBrat) })
}

func FuzzDecodeDoccano(f *testing.F) {
	seedFiles(f, "doccano/*.jsonl")
	seedExport(f, FormatDoccano)
	f.Add([]byte(`{"text":"😀a","label":[[2,3,"X"]]}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, "f.jsonl", data, FormatDoccano) })
}

func FuzzDecodeLabelStudio(f *testing.F) {
	seedFiles(f, "label_studio/*.json")
	seedExport(f, FormatLabelStudio)
	f.Add([]byte(`[{"data":{"text":"🐱 Warning: This is a test text"},"annotations":[{"result":[` +
		`{"id":"r","type":"labels","value":{"start":22,"end":26,"text":"test","labels":["region"]}},` +
		`{"id":"r","type":"labels","value":{"start":21,"end":25,"text":"test","labels":["region"]}},` +
		`{"type":"relation","from_id":"r","to_id":"r"}]},{"result":[{"id":"r","type":"labels","value":{"start":0,"end":1,"labels":["x"]}}]}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, "f.json", data, FormatLabelStudio) })
}

func FuzzDecodeW3C(f *testing.F) {
	seedFiles(f, "w3c_web_annotation/*.json")
	seedFiles(f, "hypothesis/*.json")
	seedExport(f, FormatW3C)
	f.Fuzz(func(t *testing.T, data []byte) {
		// W3C anchors in project documents: give it the sample's.
		project := newMemStore(sampleCodebook())
		for _, d := range snap(t, sampleProject(t)).Docs {
			project.AddDocuments(&d)
		}
		project.AddDocuments(webProject(t).docs["page1"])
		b, _, err := DecodeWith("f.jsonld", bytes.NewReader(data), DecodeOptions{Format: FormatW3C, Project: project, SkipBad: true})
		if err != nil {
			return
		}
		if _, err := project.Import(b); err != nil {
			t.Fatalf("decoded without error, but the store refuses the batch: %v", err)
		}
	})
}

func FuzzDecodeCoNLL(f *testing.F) {
	seedFiles(f, "doccano/*.conll")
	seedExport(f, FormatCoNLL)
	f.Add([]byte("#\thttp://x\t[2010]\n1\tEcce\tB-OTH\tO\n2\thomo\tI-OTH\tB-PER\n\n-DOCSTART- O\nEU\tS-ORG\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, "f.conll", data, FormatCoNLL) })
}
