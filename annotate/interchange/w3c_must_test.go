package interchange

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// The MUST assertions of the W3C Web Annotation test suite
// (github.com/w3c/web-annotation-tests: collections/collectionMusts.test,
// collections/pages/pageMusts.test, annotations/annotationMusts.test; their
// assertions are JSON Schemas under annotations/, collections/ and
// definitions/), mirrored here for the parts a Newsmark export uses. The
// suite itself is not part of this repository; docs/interchange.md records
// the run of its real schemas against these same exports.

// w3cIRI is the suite's "string of format uri" (definitions/id.json
// stringUri): an absolute URI.
func w3cIRI(v any) bool {
	s, ok := v.(string)
	if !ok || s == "" || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.IsAbs()
}

// w3cHasType reports whether v's "type" is want or an array holding it.
func w3cHasType(obj map[string]any, want string) bool {
	switch t := obj["type"].(type) {
	case string:
		return t == want
	case []any:
		for _, el := range t {
			if el == want {
				return true
			}
		}
	}
	return false
}

func w3cNonNegInt(v any) bool {
	n, ok := v.(float64)
	return ok && n >= 0 && n == float64(int64(n))
}

// w3cMusts returns every MUST the collection doc (with its embedded page and
// annotations) breaks, each naming the suite's schema file.
func w3cMusts(doc map[string]any) []string {
	var errs []string
	fail := func(where, file, format string, args ...any) {
		errs = append(errs, fmt.Sprintf("%s: %s: %s", where, file, fmt.Sprintf(format, args...)))
	}
	contextOK := func(v any) bool {
		const anno = "http://www.w3.org/ns/anno.jsonld"
		switch c := v.(type) {
		case string:
			return c == anno
		case []any:
			for _, el := range c {
				if el == anno {
					return true
				}
			}
		}
		return false
	}
	dateTime := func(where, file string, obj map[string]any, key string) {
		if v, ok := obj[key]; ok {
			s, _ := v.(string)
			if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
				fail(where, file, "%s %v is not an xsd:dateTime with a time zone", key, v)
			}
		}
	}
	// collections/collectionMusts.test
	if !contextOK(doc["@context"]) {
		fail("collection", "collections/5.1-collectionContextValidated.json", "@context %v lacks the anno.jsonld context", doc["@context"])
	}
	if !w3cIRI(doc["id"]) {
		fail("collection", "collections/5.1-collectionIdValidated.json", "id %v is not an IRI", doc["id"])
	}
	if !w3cHasType(doc, "AnnotationCollection") {
		fail("collection", "collections/5.1-collectionTypeValidated.json", "type %v", doc["type"])
	}
	if l, ok := doc["label"]; ok {
		if _, isStr := l.(string); !isStr {
			fail("collection", "collections/5.1-collectionLabelValidated.json", "label %v is not a string", l)
		}
	}
	if tot, ok := doc["total"]; ok && !w3cNonNegInt(tot) {
		fail("collection", "collections/5.1-collectionTotalValidated.json", "total %v", tot)
	}
	dateTime("collection", "collections/3.3.1-collectionCreatedValidated.json", doc, "created")
	dateTime("collection", "collections/3.3.1-collectionModifiedValidated.json", doc, "modified")
	page, _ := doc["first"].(map[string]any)
	if page == nil {
		if tot, _ := doc["total"].(float64); tot > 0 || !w3cIRI(doc["first"]) {
			fail("collection", "collections/5.1-collectionFirstValidated.json", "first %v is neither an embedded page nor an IRI", doc["first"])
		}
		return errs
	}
	// collections/pages/pageMusts.test
	if !w3cIRI(page["id"]) {
		fail("page", "collections/pages/5.2-pageIdValidated.json", "id %v is not an IRI", page["id"])
	}
	if !w3cHasType(page, "AnnotationPage") {
		fail("page", "collections/pages/5.2-pageTypeValidated.json", "type %v", page["type"])
	}
	items, ok := page["items"].([]any)
	if !ok {
		fail("page", "collections/pages/5.2-pageItemsValidated.json", "items is not an array")
	}
	if si, ok := page["startIndex"]; ok && !w3cNonNegInt(si) {
		fail("page", "collections/pages/5.2-pageStartIndexValidated.json", "startIndex %v", si)
	}
	// annotations/annotationMusts.test, each annotation with the context
	// of the collection it is embedded in (JSON-LD contexts are inherited).
	for i, it := range items {
		a, ok := it.(map[string]any)
		where := fmt.Sprintf("annotation %d (%v)", i, a["id"])
		if !ok {
			fail(where, "collections/pages/5.2-pageItemsValidated.json", "not an object")
			continue
		}
		if c, has := a["@context"]; has && !contextOK(c) {
			fail(where, "annotations/3.1-annotationContextValidated.json", "@context %v", c)
		}
		if !w3cIRI(a["id"]) {
			fail(where, "annotations/3.1-annotationIdValidated.json", "id %v is not an IRI", a["id"])
		}
		if !w3cHasType(a, "Annotation") {
			fail(where, "annotations/3.1-annotationTypeValidated.json", "type %v", a["type"])
		}
		if _, ok := a["body"]; ok {
			if _, both := a["bodyValue"]; both {
				fail(where, "annotations/3.2.5-notBodyBodyValue.json", "has body and bodyValue")
			}
		}
		dateTime(where, "annotations/3.3.1-annotationCreatedValidated.json", a, "created")
		dateTime(where, "annotations/3.3.1-annotationModifiedValidated.json", a, "modified")
		bodies, _ := a["body"].([]any)
		if b, ok := a["body"].(map[string]any); ok {
			bodies = []any{b}
		}
		for _, b := range bodies {
			bo, _ := b.(map[string]any)
			_, isStr := bo["value"].(string)
			if bo == nil || !w3cIRI(bo["id"]) && !(w3cHasType(bo, "TextualBody") && isStr) {
				fail(where, "annotations/3.2-bodyObjectsRecognized.json", "body %v is neither a resource with an IRI nor a TextualBody with a value", b)
			}
		}
		target, ok := a["target"]
		if !ok {
			fail(where, "annotations/3.1-targetKeyFound.json", "no target")
			continue
		}
		targets, isArr := target.([]any)
		if !isArr {
			targets = []any{target}
		}
		for _, tg := range targets {
			if w3cIRI(tg) {
				continue
			}
			obj, ok := tg.(map[string]any)
			if !ok || !w3cIRI(obj["source"]) && !w3cIRI(obj["id"]) {
				fail(where, "annotations/3.2-targetObjectsRecognized.json", "target %v is neither an IRI nor a resource whose source or id is an IRI", tg)
				continue
			}
			sels, isArr := obj["selector"].([]any)
			if !isArr && obj["selector"] != nil {
				sels = []any{obj["selector"]}
			}
			for _, s := range sels {
				so, _ := s.(map[string]any)
				switch {
				case so == nil:
					fail(where, "annotations/specificResource/4.2-selectorValidIfPresent.json", "selector %v", s)
				case w3cHasType(so, "TextQuoteSelector"):
					_, e := so["exact"].(string)
					_, p := so["prefix"].(string)
					_, x := so["suffix"].(string)
					if !e || so["prefix"] != nil && !p || so["suffix"] != nil && !x {
						fail(where, "annotations/specificResource/4.2.4-textQuoteSelectorValid.json", "%v", so)
					}
				case w3cHasType(so, "TextPositionSelector"):
					if !w3cNonNegInt(so["start"]) || !w3cNonNegInt(so["end"]) {
						fail(where, "annotations/specificResource/4.2-TextDataPositionSelectorValid.json", "start %v end %v", so["start"], so["end"])
					}
				}
			}
		}
	}
	return errs
}

// w3cProject is the sample project plus a document whose source is a file
// name (not an IRI) with a label on a comment and one on the whole text.
func w3cProject(t *testing.T) *memStore {
	t.Helper()
	s := sampleProject(t)
	d3 := &annotate.Document{ID: "doc-3", Title: "Lokal", Source: "artikel vom 3. März.html", Segments: []annotate.Segment{
		{ID: "b", Kind: annotate.KindBody, Text: "Ein Text über Köln."},
		{ID: "c1", Kind: annotate.KindComment, Text: "Gut so!"},
		{ID: "c2", Kind: annotate.KindComment, Text: "Gut so!"}}}
	if err := d3.Prepare(t0); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDocuments(d3); err != nil {
		t.Fatal(err)
	}
	addSpans(t, s, d3, []spanSpec{{id: "k1", seg: "b", exact: "Köln", label: "LOC", who: "anna", note: "Stadt"}})
	for _, l := range []annotate.SegmentLabel{
		{DocumentID: "doc-3", SegmentID: "c1", Label: "on_topic", Annotator: "anna", Created: t0},
		{DocumentID: "doc-3", SegmentID: "c2", Label: "off_topic", Annotator: "anna", Created: t0},
		{DocumentID: "doc-3", SegmentID: "c2", Label: "constructive", Annotator: "ben", Created: t0},
		{DocumentID: "doc-3", Label: "constructive", Annotator: "ben", Created: t0},
	} {
		if err := s.SetSegmentLabel(&l); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestW3CExportsMeetTheWebAnnotationTestSuitesMUSTs(t *testing.T) {
	s := w3cProject(t)
	variants := map[string]ExportOptions{
		"everything":                  {Format: FormatW3C},
		"one annotator":               {Format: FormatW3C, Annotators: []string{"ben"}},
		"a document with a file name": {Format: FormatW3C, Documents: []string{"doc-3"}},
		"a document without labels":   {Format: FormatW3C, Documents: []string{"doc-2"}},
	}
	for name, opts := range variants {
		t.Run(name, func(t *testing.T) {
			data, _ := exportBytes(t, s, opts)
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			for _, e := range w3cMusts(doc) {
				t.Error(e)
			}
		})
	}
	t.Run("an empty project", func(t *testing.T) {
		data, _ := exportBytes(t, newMemStore(sampleCodebook()), ExportOptions{Format: FormatW3C})
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		for _, e := range w3cMusts(doc) {
			t.Error(e)
		}
	})
	t.Run("the checks catch what the suite catches", func(t *testing.T) {
		data, _ := exportBytes(t, s, ExportOptions{Format: FormatW3C})
		var doc map[string]any
		json.Unmarshal(data, &doc)
		page := doc["first"].(map[string]any)
		delete(page, "id")
		items := page["items"].([]any)
		delete(items[0].(map[string]any), "id")
		items[1].(map[string]any)["target"].(map[string]any)["source"] = "artikel.html"
		items[2].(map[string]any)["target"].(map[string]any)["selector"].([]any)[1].(map[string]any)["start"] = 2.5
		got := strings.Join(w3cMusts(doc), "\n")
		for _, want := range []string{"page: collections/pages/5.2-pageIdValidated.json", "annotation 0 (<nil>): annotations/3.1-annotationIdValidated.json",
			"annotations/3.2-targetObjectsRecognized.json: target", "annotations/specificResource/4.2-TextDataPositionSelectorValid.json: start 2.5"} {
			if !strings.Contains(got, want) {
				t.Errorf("the checks missed %q; got:\n%s", want, got)
			}
		}
	})
}

func TestW3CImportBringsBackCommentLabelsWithoutTheNewsmarkMember(t *testing.T) {
	a := w3cProject(t)
	want := snap(t, a)
	data, _ := exportBytes(t, a, ExportOptions{Format: FormatW3C})
	for name, file := range map[string][]byte{"with the newsmark member": data, "standard members only": stripNewsmark(t, data)} {
		t.Run(name, func(t *testing.T) {
			b := newMemStore(sampleCodebook())
			for i := range want.Docs {
				if err := b.AddDocuments(&want.Docs[i]); err != nil {
					t.Fatal(err)
				}
			}
			batch, rep := decodeBytes(t, "export.jsonld", file, FormatW3C, b)
			importBatch(t, b, batch)
			got := snap(t, b)
			if d := diff(want.Labels, got.Labels); d != "" {
				t.Errorf("segment labels differ (%d of %d came back): %s\nreport %+v", len(got.Labels), len(want.Labels), d, rep)
			}
			comments := 0
			for _, l := range got.Labels {
				if l.SegmentID != "" {
					comments++
				}
			}
			if comments != 4 {
				t.Errorf("%d comment labels came back, want 4", comments)
			}
		})
	}
}

func TestW3CTargetSourceIsAnIRIAndAFileSourceStillAnchors(t *testing.T) {
	a := w3cProject(t)
	data, _ := exportBytes(t, a, ExportOptions{Format: FormatW3C, Documents: []string{"doc-3"}})
	if !strings.Contains(string(data), `"source":"urn:newsmark:document:doc-3"`) || strings.Contains(string(data), `artikel vom`) {
		t.Fatalf("a file-name source is not replaced by the document's URN:\n%s", data)
	}
	b := newMemStore(sampleCodebook())
	d, _ := a.Document("doc-3")
	if err := b.AddDocuments(d); err != nil {
		t.Fatal(err)
	}
	batch, rep := decodeBytes(t, "doc3.jsonld", stripNewsmark(t, data), FormatW3C, b)
	if len(batch.Annotations) != 1 || batch.Annotations[0].Quote.Exact != "Köln" || len(rep.Bad) > 0 {
		t.Errorf("anchored %+v, report %+v", batch.Annotations, rep)
	}
}

func TestW3CFractionalPositionIsReportedAsWhatItIs(t *testing.T) {
	s := webProject(t)
	anno := func(sel string) string {
		return `{"@context":"http://www.w3.org/ns/anno.jsonld","id":"http://example.org/anno9","type":"Annotation",` +
			`"body":{"type":"TextualBody","purpose":"tagging","value":"x"},"target":{"source":"http://example.org/page1","selector":` + sel + `}}`
	}
	_, err := importBytes(t, s, "frac.jsonld", []byte(anno(`{"type":"TextPositionSelector","start":2.5,"end":7}`)))
	if err == nil || !strings.Contains(err.Error(), "anno9: its TextPositionSelector has start 2.5 and end 7, expected whole numbers") {
		t.Errorf("error %v, want the fractional start named", err)
	}
	// With a quote that anchors it, the span is imported and the position
	// is noted as what it is.
	res, err := importBytes(t, s, "frac2.jsonld", []byte(anno(`[{"type":"TextPositionSelector","start":2.5,"end":7},{"type":"TextQuoteSelector","exact":"anotation"}]`)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Store.AnnotationsAdded != 1 || !containsSub(res.Decode.Notes, "start 2.5 and end 7") {
		t.Errorf("added %d, notes %q", res.Store.AnnotationsAdded, res.Decode.Notes)
	}
}
