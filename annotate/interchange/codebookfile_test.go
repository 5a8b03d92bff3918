package interchange

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/newsmark/newsmark/annotate"
)

func TestCodebookFileRoundTripsAndFollowsTheSchema(t *testing.T) {
	cb := codebookWithEverything()
	log := []annotate.CodebookLogEntry{{Time: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), Annotator: "anna", What: "rename label", Relabel: map[string]string{"MISC": "OTHER"}}}
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, cb, log); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t, "#/$defs/codebook_file").Validate(inst); err != nil {
		t.Error(err)
	}
	got, err := ReadCodebook("cb.json", &buf)
	if err != nil {
		t.Fatal(err)
	}
	sameJSONValue(t, "codebook", got.Codebook, cb)
	sameJSONValue(t, "change list", got.Log, log)
}

func TestReadCodebookTakesABareCodebookAndNamesTheFileOfABadOne(t *testing.T) {
	bare := `{"name":"x","labels":[{"id":"A","name":"a","kind":"entity","color":"#000000"}]}`
	got, err := ReadCodebook("bare.json", strings.NewReader(bare))
	if err != nil || len(got.Codebook.Labels) != 1 {
		t.Fatalf("bare codebook: %v %+v", err, got)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"syntax error", "{\n\"name\": \"x\",\n\"labels\": [}\n", "bad.json line 3"},
		{"wrong type", `{"name": 5, "labels": []}`, "bad.json line 1"},
		{"newer version", `{"format":"newsmark-codebook","version":9,"codebook":{"name":"x","labels":[]}}`, "version 9"},
		{"no codebook", `{"format":"newsmark-codebook","version":1}`, `"codebook" is missing`},
		{"invalid codebook", `{"name":"x","labels":[{"id":"A B","name":"a","kind":"entity","color":"#000000"}]}`, `"A B"`},
		{"empty", ``, "bad.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCodebook("bad.json", strings.NewReader(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "bad.json") {
				t.Errorf("error %v, want one naming bad.json and %q", err, tc.want)
			}
			if !errors.Is(err, annotate.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
}

func FuzzReadCodebook(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, codebookWithEverything(), []annotate.CodebookLogEntry{{What: "x", Relabel: map[string]string{"a": "b"}}}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"name":"x","labels":[{"id":"A","name":"a","kind":"entity","color":"#000000","attributes":[{"name":"s","type":"multi","values":["a|b"]}]}]}`))
	f.Add([]byte(`{"format":"newsmark-codebook","version":1,"codebook":{"name":"x","labels":[],"variables":[{"id":"v","name":"v","type":"choice"}]}}`))
	f.Add([]byte(`{"format":"newsmark-codebook","version":1,"codebook":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadCodebook("fuzz.json", bytes.NewReader(data))
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.json") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		if err := got.Codebook.Validate(); err != nil {
			t.Errorf("a codebook read without error does not validate: %v", err)
		}
		var out bytes.Buffer
		if err := WriteCodebook(&out, got.Codebook, got.Log); err != nil {
			t.Fatal(err)
		}
		again, err := ReadCodebook("again.json", &out)
		if err != nil {
			t.Fatalf("a written codebook does not read back: %v", err)
		}
		sameJSONValue(t, "codebook", again.Codebook, got.Codebook)
	})
}
