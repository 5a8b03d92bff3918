package interchange

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// TestNativeExportWritesTimesAsThePageGaveThem checks the written members:
// a date stays a date, a wall time has no offset, a stated offset is kept,
// and a relative time is there as its text alone.
func TestNativeExportWritesTimesAsThePageGaveThem(t *testing.T) {
	for _, f := range []Format{FormatJSON, FormatJSONL} {
		t.Run(string(f), func(t *testing.T) {
			data, _ := exportBytes(t, sampleProject(t), ExportOptions{Format: f})
			segs := map[string]map[string]any{}
			var doc map[string]any
			for _, d := range nativeDocuments(t, data, f) {
				if d["id"] == "doc-1" {
					doc = d
					for _, s := range d["segments"].([]any) {
						m := s.(map[string]any)
						segs[m["id"].(string)] = m
					}
				}
			}
			if doc == nil {
				t.Fatal("doc-1 not exported")
			}
			if doc["published"] != "2026-02-28" || doc["published_text"] != "28.02.2026" {
				t.Errorf("published = %v, text %v", doc["published"], doc["published_text"])
			}
			want := map[string][2]any{
				"c1": {"2026-03-01T10:30", "1. März 2026 um 10:30 Uhr"},
				"c2": {nil, "vor 8 Stunden"},
				"c3": {"2026-03-02", "2.3.2026"},
				"c4": {"2026-03-02T18:05+01:00", nil},
				"b":  {nil, nil},
			}
			for id, w := range want {
				s := segs[id]
				if s["posted"] != w[0] || s["posted_text"] != w[1] {
					t.Errorf("segment %s: posted %v text %v, want %v %v", id, s["posted"], s["posted_text"], w[0], w[1])
				}
			}
		})
	}
}

// nativeDocuments returns the document objects of a native JSON or JSONL
// export.
func nativeDocuments(t *testing.T, data []byte, f Format) []map[string]any {
	t.Helper()
	var out []map[string]any
	if f == FormatJSONL {
		for i, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
			if i == 0 {
				continue
			}
			var d map[string]any
			if err := json.Unmarshal(line, &d); err != nil {
				t.Fatal(err)
			}
			out = append(out, d)
		}
		return out
	}
	var file struct {
		Documents []map[string]any `json:"documents"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	return file.Documents
}

// TestNativeFileOfEarlierVersionsReadsItsTimes reads a file as Newsmark
// wrote it before times kept their precision: RFC 3339 instants in UTC.
func TestNativeFileOfEarlierVersionsReadsItsTimes(t *testing.T) {
	data, _ := exportBytes(t, sampleProject(t), ExportOptions{Format: FormatJSON})
	old := string(data)
	for _, r := range [][2]string{
		{`"published":"2026-02-28","published_text":"28.02.2026"`, `"published":"2026-02-28T00:00:00Z"`},
		{`"posted":"2026-03-01T10:30"`, `"posted":"2026-03-01T09:30:00Z"`},
		{`"posted_text":"1. März 2026 um 10:30 Uhr",`, ``},
	} {
		if !strings.Contains(old, r[0]) {
			t.Fatalf("export lacks %s", r[0])
		}
		old = strings.Replace(old, r[0], r[1], 1)
	}
	b := newMemStore(nil)
	batch, _ := decodeBytes(t, "old.json", []byte(old), FormatJSON, b)
	importBatch(t, b, batch)
	d, err := b.Document("doc-1")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Published; !got.Equal(annotate.WhenOf(time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC))) {
		t.Errorf("published = %+v", got)
	}
	c1, _ := d.Segment("c1")
	if got := c1.Posted; !got.Equal(annotate.WhenOf(time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC))) {
		t.Errorf("posted = %+v", got)
	}
}

func TestNativeImportNamesABadTime(t *testing.T) {
	data, _ := exportBytes(t, sampleProject(t), ExportOptions{Format: FormatJSON})
	bad := strings.Replace(string(data), `"posted":"2026-03-02"`, `"posted":"2.3.2026"`, 1)
	_, _, err := DecodeWith("bad.json", strings.NewReader(bad), DecodeOptions{Format: FormatJSON, Project: newMemStore(nil)})
	if err == nil || !strings.Contains(err.Error(), "segment c3: posted") || !strings.Contains(err.Error(), "2.3.2026") {
		t.Errorf("err = %v, want one naming segment c3's posted time", err)
	}
}
