package interchange

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestEveryFormatRefusesASetWithBadItemsWholeNamingEachUnlessSkipBad(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // the first is imported (a directory for brat)
		bad   []string          // substrings naming each bad item's place
		good  int               // spans imported with SkipBad
	}{
		{"Label Studio", map[string]string{"t.json": `[{"data":{"text":"Anna trifft Ben in Köln."},"annotations":[{"result":[` +
			`{"id":"a","type":"labels","value":{"start":0,"end":4,"text":"Anna","labels":["PER"]}},` +
			`{"id":"b","type":"labels","value":{"start":12,"end":15,"text":"Bob","labels":["PER"]}},` +
			`{"id":"c","type":"labels","value":{"start":90,"end":95,"labels":["LOC"]}}]}]}]`},
			[]string{"t.json line 1 task 1 annotation 1 result 2", "t.json line 1 task 1 annotation 1 result 3"}, 1},
		{"doccano", map[string]string{"d.jsonl": `{"text":"Anna trifft Ben.","label":[[0,4,"PER"],[12,99,"PER"]]}` + "\n" +
			`{"text":"Köln ist groß.","entities":[{"id":1,"label":"LOC","start_offset":0,"end_offset":4},{"id":2,"label":"LOC"}]}`},
			[]string{"d.jsonl line 1 label 2: UTF-16 offsets [12,99) are outside the text", "d.jsonl line 2 entity 2"}, 2},
		{"brat", map[string]string{"x.txt": "Anna trifft Ben.", "x.ann": "T1\tPER 0 4\tAnna\nT2\tPER 12 15\tBob\nT3\tPER 12 40\tBen\nA1\tstance T2 pro\n"},
			[]string{"x.ann line 2 T2: the text at [12,15)", "x.ann line 3 T3: offset 40 is past the end"}, 1},
		{"W3C", map[string]string{"w.jsonld": `[` +
			`{"id":"http://example.org/ok","type":"Annotation","target":{"source":"http://example.org/page1","selector":{"type":"TextQuoteSelector","exact":"anotation"}}},` +
			`{"id":"http://example.org/gone","type":"Annotation","target":{"source":"http://example.org/page1","selector":{"type":"TextQuoteSelector","exact":"no such words"}}},` +
			`{"id":"http://example.org/image","type":"Annotation","target":"http://example.org/image1"}]`},
			[]string{"annotation http://example.org/gone: its text was not found", "annotation http://example.org/image: its target has no text selector"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var path string
			for name, content := range tt.files {
				writeFile(t, filepath.Join(dir, name), content)
				if path == "" || strings.HasSuffix(name, ".txt") {
					path = filepath.Join(dir, name)
				}
			}
			if tt.name == "brat" {
				path = dir
			}
			store := webProject(t)
			before := snap(t, store)
			_, err := Import(t.Context(), store, path, DecodeOptions{})
			var be *BadItemsError
			if !errors.As(err, &be) || !errors.Is(err, ErrBadItems) || len(be.Items) != len(tt.bad) {
				t.Fatalf("error %v, want a BadItemsError naming %d items", err, len(tt.bad))
			}
			for _, want := range tt.bad {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
			if d := diff(before, snap(t, store)); d != "" {
				t.Fatalf("the refused set changed the project: %s", d)
			}
			res, err := Import(t.Context(), store, path, DecodeOptions{SkipBad: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Store.AnnotationsAdded != tt.good || len(res.Decode.Bad) != len(tt.bad) {
				t.Errorf("with SkipBad: %d spans added (want %d), bad %q", res.Store.AnnotationsAdded, tt.good, res.Decode.Bad)
			}
		})
	}
}

func TestNULInJSONTextIsRefusedLikeNULInPlainText(t *testing.T) {
	native := `{"format":"newsmark","version":1,"offset_unit":"codepoint","documents":[` +
		`{"id":"d","hash":"x","segments":[{"id":"s1","kind":"body","text":"ab\u0000c"}],"annotations":[]}]}`
	tests := []struct{ name, file, data, want string }{
		{"Label Studio", "t.json", `[{"data":{"text":"Anna\u0000 trifft Ben"},"annotations":[]}]`, "t.json line 1: the text holds a NUL character"},
		{"doccano", "d.jsonl", `{"text":"ok"}` + "\n" + `{"text":"Köln\u0000","label":[]}`, "d.jsonl line 2: the text holds a NUL character (\\u0000 in JSON) at character 4"},
		{"native", "n.json", native, `segment "s1": its text holds a NUL character (\u0000) at character 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := sampleProject(t)
			before := snap(t, store)
			_, err := importBytes(t, store, tt.file, []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrSyntax) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if d := diff(before, snap(t, store)); d != "" {
				t.Errorf("changed the project: %s", d)
			}
		})
	}
}

func TestLabelStudioResultIDUsedTwiceInAnAnnotationIsReported(t *testing.T) {
	data := `[{"data":{"text":"Anna trifft Ben."},"annotations":[{"result":[` +
		`{"id":"r","type":"labels","value":{"start":0,"end":4,"text":"Anna","labels":["PER"]}},` +
		`{"id":"r","type":"labels","value":{"start":12,"end":15,"text":"Ben","labels":["PER"]}},` +
		`{"type":"relation","from_id":"r","to_id":"r","labels":["knows"]}]},` +
		// A second annotation may reuse the ids of the first (one made from
		// a prediction does): that is not a duplicate.
		`{"result":[{"id":"r","type":"labels","value":{"start":0,"end":4,"text":"Anna","labels":["PER"]}}]}]}]`
	_, _, err := DecodeWith("dup.json", strings.NewReader(data), DecodeOptions{Format: FormatLabelStudio})
	var be *BadItemsError
	if !errors.As(err, &be) || len(be.Items) != 1 ||
		!strings.Contains(be.Items[0], `task 1 annotation 1 result 2: result id "r" is used twice in one annotation (first at task 1 annotation 1 result 1)`) {
		t.Fatalf("error %v, want the duplicate id named once", err)
	}
	b, rep, err := DecodeWith("dup.json", strings.NewReader(data), DecodeOptions{Format: FormatLabelStudio, SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Annotations) != 1 || len(rep.Bad) != 1 {
		t.Errorf("spans %+v, bad %q", b.Annotations, rep.Bad)
	}
}
