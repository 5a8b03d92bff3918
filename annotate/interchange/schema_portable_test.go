package interchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// nonPortable matches regular expression syntax that not every Draft
// 2020-12 validator compiles: Unicode property classes (\p, \P) need the
// ECMA-262 "u" flag and are unknown to Python's re (python-jsonschema
// cannot compile them); \u escapes are unknown to Go's RE2, \x{…} to
// ECMA-262 and Python; (?…) groups, \A, \Z and \z differ between engines.
var nonPortable = regexp.MustCompile(`\\[pPuAZz]|\\x\{|\(\?`)

// portableEngine compiles a schema pattern with Go's regexp after checking
// that it uses only syntax that ECMA-262, Python's re and RE2 read alike,
// so that a validator in any language accepts the schema.
func portableEngine(pattern string) (jsonschema.Regexp, error) {
	if m := nonPortable.FindString(pattern); m != "" {
		return nil, fmt.Errorf("pattern %q uses %q, which not every JSON Schema validator compiles", pattern, m)
	}
	return regexp.Compile(pattern)
}

// compileSchema compiles the native format's schema (and a part of it, by
// JSON pointer) with santhosh-tekuri/jsonschema, a full Draft 2020-12
// validator that shares nothing with the hand-written validate.
func compileSchema(t *testing.T, pointer string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(schemaPath)
	url := "file://" + filepath.ToSlash(abs)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseRegexpEngine(portableEngine)
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url + pointer)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}

func TestEveryNativeExportPassesASecondIndependentSchemaValidator(t *testing.T) {
	whole := compileSchema(t, "")
	header := compileSchema(t, "#/$defs/header")
	document := compileSchema(t, "#/$defs/document")
	store := sampleProject(t)
	check := func(name string, sch *jsonschema.Schema, data []byte) {
		t.Helper()
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, omit := range []bool{false, true} {
		data, _ := exportBytes(t, store, ExportOptions{Format: FormatJSON, OmitText: omit})
		check(fmt.Sprintf("json (omit text %v)", omit), whole, data)
		data, _ = exportBytes(t, store, ExportOptions{Format: FormatJSONL, OmitText: omit})
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			sch := document
			if n == 1 {
				sch = header
			}
			check(fmt.Sprintf("jsonl (omit text %v) line %d", omit, n), sch, sc.Bytes())
		}
	}
	// The validator does reject what the schema forbids: a label id with a
	// space, a span without its quote.
	data, _ := exportBytes(t, store, ExportOptions{Format: FormatJSON})
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	v["codebook"].(map[string]any)["labels"].([]any)[0].(map[string]any)["id"] = "P E R"
	delete(v["documents"].([]any)[0].(map[string]any)["annotations"].([]any)[0].(map[string]any), "quote")
	bad, _ := json.Marshal(v)
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	err := whole.Validate(inst)
	if err == nil || !strings.Contains(err.Error(), "P E R") || !strings.Contains(err.Error(), "quote") {
		t.Errorf("a broken export passed or the error misses a violation: %v", err)
	}
}

func TestSchemaPatternsCompileInEveryValidator(t *testing.T) {
	b, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(v any, path string)
	n := 0
	walk = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			for k, el := range x {
				if p, ok := el.(string); ok && k == "pattern" {
					n++
					if _, err := portableEngine(p); err != nil {
						t.Errorf("%s: %v", path, err)
					}
				}
				walk(el, path+"/"+k)
			}
		case []any:
			for i, el := range x {
				walk(el, fmt.Sprintf("%s/%d", path, i))
			}
		}
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	walk(doc, "#")
	if n == 0 {
		t.Fatal("no patterns found: the walk is broken")
	}
	// The label id pattern still refuses what a label id cannot hold.
	idPat := doc.(map[string]any)["$defs"].(map[string]any)["label"].(map[string]any)["properties"].(map[string]any)["id"].(map[string]any)["pattern"].(string)
	re := regexp.MustCompile(idPat)
	for s, want := range map[string]bool{"PER": true, "Merge_org": true, "Köln": true, "x:y-z.1": true, "日本": true,
		"a b": false, "a/b": false, `a"b`: false, "": false, "a\tb": false} {
		if re.MatchString(s) != want {
			t.Errorf("label id %q: match %v, want %v", s, !want, want)
		}
	}
}
