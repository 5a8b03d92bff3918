package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// lsEmojiText is the task text of Label Studio's own end-to-end test
// web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts (its data in
// web/libs/editor/tests/integration/data/ner/emoji.ts), which expects the
// region "test" at start 21, end 25: code points, not UTF-16 code units
// (22–26).
const lsEmojiText = "🐱 Warning: This is a test text"

func lsEmojiTask(start, end int, text string) string {
	value := map[string]any{"start": start, "end": end, "labels": []string{"region"}}
	if text != "" {
		value["text"] = text
	}
	task := []any{map[string]any{
		"id": 1, "data": map[string]any{"text": lsEmojiText},
		"annotations": []any{map[string]any{"id": 1, "result": []any{map[string]any{
			"id": "r1", "from_name": "tag", "to_name": "text", "type": "labels", "value": value}}}},
	}}
	b, _ := json.Marshal(task)
	return string(b)
}

func TestLabelStudioImportReadsEitherUnitByValueTextAndSaysWhich(t *testing.T) {
	tests := []struct {
		name       string
		start, end int
		text       string
		wantNote   string
	}{
		{"Label Studio's own emoji test: code points", 21, 25, "test", "read as code points (Label Studio's unit): 1 spans whose value.text matches"},
		{"older Newsmark file: UTF-16 code units", 22, 26, "test", "read as UTF-16 code units: 1 spans"},
		{"no value.text: code points", 21, 25, "", "0 spans whose value.text matches, 1 without value.text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, rep := decodeBytes(t, "emoji.json", []byte(lsEmojiTask(tt.start, tt.end, tt.text)), FormatLabelStudio, nil)
			if len(b.Annotations) != 1 {
				t.Fatalf("%d spans, want 1; report %+v", len(b.Annotations), rep)
			}
			a := b.Annotations[0]
			if a.Quote.Exact != "test" || a.Start != 21 || a.End != 25 {
				t.Errorf("span %q at [%d,%d), want \"test\" at [21,25)", a.Quote.Exact, a.Start, a.End)
			}
			if !containsSub(rep.Notes, tt.wantNote) {
				t.Errorf("notes %q lack %q", rep.Notes, tt.wantNote)
			}
		})
	}
	t.Run("value.text matching neither unit is a bad item", func(t *testing.T) {
		_, _, err := DecodeWith("emoji.json", strings.NewReader(lsEmojiTask(21, 25, "text")), DecodeOptions{Format: FormatLabelStudio})
		var be *BadItemsError
		if !errors.As(err, &be) || len(be.Items) != 1 || !strings.Contains(be.Items[0], `task 1 annotation 1 result 1: "value.text" is "text"`) {
			t.Fatalf("error %v, want one bad item naming task 1 annotation 1 result 1", err)
		}
	})
}

func TestLabelStudioExportWritesCodePointsThatItsConverterSlices(t *testing.T) {
	s := newMemStore(sampleCodebook())
	doc := &annotate.Document{ID: "e", Title: "emoji", Segments: []annotate.Segment{
		{ID: "h", Kind: annotate.KindHeadline, Text: lsEmojiText},
		{ID: "b", Kind: annotate.KindBody, Text: "😀 Grüße aus Zürich\nund Köln"},
	}}
	if err := doc.Prepare(t0); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	addSpans(t, s, doc, []spanSpec{
		{id: "x1", seg: "h", exact: "test", label: "MISC", who: "anna"},
		{id: "x2", seg: "b", exact: "Zürich", label: "LOC", who: "anna"},
	})
	data, _ := exportBytes(t, s, ExportOptions{Format: FormatLabelStudio})
	var tasks []lsTask
	if err := json.Unmarshal(data, &tasks); err != nil {
		t.Fatal(err)
	}
	var text string
	if err := json.Unmarshal(tasks[0].Data["text"], &text); err != nil {
		t.Fatal(err)
	}
	runes := []rune(text) // label_studio_converter slices Python str: code points
	want := map[string][2]int{"x1": {21, 25}, "x2": {44, 50}}
	for _, r := range tasks[0].Annotations[0].Result {
		w := want[r.ID]
		if *r.Value.Start != w[0] || *r.Value.End != w[1] {
			t.Errorf("%s at [%d,%d), want %v", r.ID, *r.Value.Start, *r.Value.End, w)
		}
		if got := string(runes[*r.Value.Start:*r.Value.End]); got != *r.Value.Text {
			t.Errorf("%s: the text at the offsets is %q, value.text %q", r.ID, got, *r.Value.Text)
		}
	}
	// And back: the same spans, with the note that code points were read.
	b, rep, err := DecodeWith("ls.json", bytes.NewReader(data), DecodeOptions{Format: FormatLabelStudio, Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Annotations) != 2 || !containsSub(rep.Notes, "read as code points") {
		t.Errorf("import back: %d spans, notes %q", len(b.Annotations), rep.Notes)
	}
}
