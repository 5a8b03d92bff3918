package interchange

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

func readCSV(t *testing.T, data []byte) (rows []map[string]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func TestCSVNeutralisesCellsASpreadsheetWouldRunUnlessRaw(t *testing.T) {
	s := newMemStore(sampleCodebook())
	doc := &annotate.Document{ID: "d", Title: "=HYPERLINK(\"http://x\")", Source: "@evil", Segments: []annotate.Segment{
		{ID: "b", Kind: annotate.KindBody, Text: "=1+2 und +49 sowie -5 und @user\tTab\rCR sicher"}}}
	if err := doc.Prepare(t0); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	addSpans(t, s, doc, []spanSpec{
		{id: "f1", seg: "b", exact: "=1+2", label: "MISC", who: "anna", note: "+note"},
		{id: "f2", seg: "b", exact: "+49", label: "MISC", who: "anna"},
		{id: "f3", seg: "b", exact: "-5", label: "MISC", who: "anna"},
		{id: "f4", seg: "b", exact: "@user", label: "PER", who: "anna"},
		{id: "f5", seg: "b", exact: "\tTab", label: "MISC", who: "anna"},
		{id: "f6", seg: "b", exact: "\rCR", label: "MISC", who: "anna"},
		{id: "f7", seg: "b", exact: "sicher", label: "MISC", who: "anna"},
	})
	want := map[string]string{"f1": "'=1+2", "f2": "'+49", "f3": "'-5", "f4": "'@user", "f5": "'\tTab", "f6": "'\rCR", "f7": "sicher"}
	data, _ := exportBytes(t, s, ExportOptions{Format: FormatCSV})
	for _, r := range readCSV(t, data) {
		if r["row_kind"] != "span" {
			continue
		}
		if r["exact"] != want[r["annotation_id"]] {
			t.Errorf("%s: exact %q, want %q", r["annotation_id"], r["exact"], want[r["annotation_id"]])
		}
		if r["document_title"] != `'=HYPERLINK("http://x")` || r["document_source"] != "'@evil" {
			t.Errorf("document cells %q %q are not neutralised", r["document_title"], r["document_source"])
		}
		if r["annotation_id"] == "f1" && r["note"] != "'+note" {
			t.Errorf("note %q", r["note"])
		}
	}
	raw, _ := exportBytes(t, s, ExportOptions{Format: FormatCSV, RawCSV: true})
	for _, r := range readCSV(t, raw) {
		if r["row_kind"] != "span" {
			continue
		}
		a, _ := s.Annotation("d", r["annotation_id"])
		if r["exact"] != a.Quote.Exact {
			t.Errorf("raw: %s exact %q, want %q", a.ID, r["exact"], a.Quote.Exact)
		}
	}
}

func TestCSVHoldsWhatItsSummaryCounts(t *testing.T) {
	s := sampleProject(t)
	data, rep := exportBytes(t, s, ExportOptions{Format: FormatCSV})
	count := map[string]int{}
	spans := map[string]bool{}
	var rel, label map[string]string
	for _, r := range readCSV(t, data) {
		count[r["row_kind"]]++
		switch r["row_kind"] {
		case "span":
			spans[r["annotation_id"]] = true
		case "relation":
			if r["annotation_id"] == "r1" {
				rel = r
			}
		case "segment_label":
			if r["segment_id"] == "c1" {
				label = r
			}
		}
	}
	if len(spans) != rep.Annotations || count["relation"] != rep.Relations || count["segment_label"] != rep.SegmentLabels ||
		count["document_variable"] != rep.DocumentVariables {
		t.Errorf("the file holds %d spans, %v; the report says %+v", len(spans), count, rep)
	}
	if rep.Relations != 2 || rep.SegmentLabels != 2 || rep.DocumentVariables == 0 {
		t.Errorf("report %+v: the sample has 2 relations, 2 segment labels and document facts", rep)
	}
	if rel["label"] != "disputes" || rel["from_id"] != "a10" || rel["to_id"] != "a8" || rel["note"] != "comment disputes" {
		t.Errorf("relation row %v", rel)
	}
	if label["label"] != "off_topic" || label["segment_kind"] != "comment" || label["value"] != "relevance" || label["annotator"] != "anna" {
		t.Errorf("comment label row %v", label)
	}
}
