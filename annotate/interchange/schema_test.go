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
	"unicode/utf8"
)

// schemaPath is the native format's JSON Schema, kept in the repository.
var schemaPath = filepath.Join("..", "..", "docs", "schema", "newsmark-v1.schema.json")

// validate checks v against the subset of JSON Schema 2020-12 the Newsmark
// schema uses: $ref (local), type, const, enum, required, properties,
// additionalProperties, items, minItems, minLength, maxLength, minimum and
// pattern ("format" is an annotation only). It returns every violation with
// its JSON path.
func validate(root, schema map[string]any, v any, path string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		target := any(root)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			target = target.(map[string]any)[part]
		}
		return validate(root, target.(map[string]any), v, path)
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	if c, ok := schema["const"]; ok && fmt.Sprint(c) != fmt.Sprint(v) {
		fail("is %v, want %v", v, c)
	}
	if enum, ok := schema["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || fmt.Sprint(e) == fmt.Sprint(v)
		}
		if !found {
			fail("%v is not one of %v", v, enum)
		}
	}
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			fail("want an object")
			return errs
		}
		props, _ := schema["properties"].(map[string]any)
		reqs, _ := schema["required"].([]any)
		for _, r := range reqs {
			if _, ok := obj[r.(string)]; !ok {
				fail("required member %q is missing", r)
			}
		}
		for k, val := range obj {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, validate(root, ps, val, path+"."+k)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					fail("member %q is not in the schema", k)
				}
			case map[string]any:
				errs = append(errs, validate(root, ap, val, path+"."+k)...)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			fail("want an array")
			return errs
		}
		if m, ok := schema["minItems"].(float64); ok && float64(len(arr)) < m {
			fail("has %d items, want at least %v", len(arr), m)
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, el := range arr {
				errs = append(errs, validate(root, items, el, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			fail("want a string")
			return errs
		}
		n := float64(utf8.RuneCountInString(s))
		if m, ok := schema["minLength"].(float64); ok && n < m {
			fail("%q is shorter than %v", s, m)
		}
		if m, ok := schema["maxLength"].(float64); ok && n > m {
			fail("%q is longer than %v", s, m)
		}
		if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(s) {
			fail("%q does not match %s", s, p)
		}
	case "integer":
		n, ok := v.(float64)
		if !ok || n != float64(int64(n)) {
			fail("want an integer")
			return errs
		}
		if m, ok := schema["minimum"].(float64); ok && n < m {
			fail("%v is below %v", n, m)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			fail("want a boolean")
		}
	}
	return errs
}

func loadSchema(t *testing.T) map[string]any {
	b, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema is %v", s["$schema"])
	}
	return s
}

func TestNativeExportsFollowTheJSONSchema(t *testing.T) {
	schema := loadSchema(t)
	store := sampleProject(t)
	for _, opts := range []ExportOptions{{Format: FormatJSON}, {Format: FormatJSON, OmitText: true}} {
		data, _ := exportBytes(t, store, opts)
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		for _, e := range validate(schema, schema, v, "$") {
			t.Errorf("omit text %v: %s", opts.OmitText, e)
		}
	}
	data, _ := exportBytes(t, store, ExportOptions{Format: FormatJSONL})
	defs := schema["$defs"].(map[string]any)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 0; sc.Scan(); n++ {
		var v any
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		def := defs["document"].(map[string]any)
		if n == 0 {
			def = defs["header"].(map[string]any)
		}
		for _, e := range validate(schema, def, v, fmt.Sprintf("line %d", n+1)) {
			t.Errorf("jsonl: %s", e)
		}
	}
}

func TestSchemaValidatorCatchesMissingAndUnknownMembers(t *testing.T) {
	schema := loadSchema(t)
	store := sampleProject(t)
	data, _ := exportBytes(t, store, ExportOptions{Format: FormatJSON})
	var v map[string]any
	json.Unmarshal(data, &v)
	doc := v["documents"].([]any)[0].(map[string]any)
	delete(doc["annotations"].([]any)[0].(map[string]any), "quote")
	doc["colour"] = "red"
	errs := strings.Join(validate(schema, schema, v, "$"), "\n")
	for _, want := range []string{`$.documents[0].annotations[0]: required member "quote" is missing`, `$.documents[0]: member "colour" is not in the schema`} {
		if !strings.Contains(errs, want) {
			t.Errorf("validator missed %q; got:\n%s", want, errs)
		}
	}
}
