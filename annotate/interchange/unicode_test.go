package interchange

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// The exports are read back here with nothing but the standard library and
// the format's own offset unit, independently of this package's decoders:
// slicing each format's text at each span's offsets, counted the way the
// format says, must give the span's quote. The sample texts hold emoji
// (ZWJ sequences, flags, one outside the BMP before later spans) and a
// combining character without a precomposed form.

func sliceRunes(s string, start, end int) (string, bool) {
	r := []rune(s)
	if start < 0 || end > len(r) || start > end {
		return "", false
	}
	return string(r[start:end]), true
}

func sliceUTF16(s string, start, end int) (string, bool) {
	u := utf16.Encode([]rune(s))
	if start < 0 || end > len(u) || start > end {
		return "", false
	}
	return string(utf16.Decode(u[start:end])), true
}

// quotes returns the sample project's quotes by annotation id.
func quotes(t *testing.T, s *memStore) map[string]string {
	out := map[string]string{}
	for _, a := range snap(t, s).Anns {
		out[a.ID] = a.Quote.Exact
	}
	return out
}

func TestEveryExportCountsOffsetsInItsStatedUnit(t *testing.T) {
	s := sampleProject(t)
	want := quotes(t, s)
	// Spans after an astral character: their UTF-16 offsets differ from
	// their code point offsets, so a wrong unit cannot pass.
	sameInBoth := 0

	t.Run("doccano counts UTF-16 code units", func(t *testing.T) {
		data, _ := exportBytes(t, s, ExportOptions{Format: FormatDoccano})
		if FormatDoccano.OffsetUnit() != UnitUTF16 {
			t.Fatal("doccano must state UTF-16")
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<20)
		n := 0
		for sc.Scan() {
			var line struct {
				Text     string `json:"text"`
				Entities []struct {
					ID          int    `json:"id"`
					StartOffset int    `json:"start_offset"`
					EndOffset   int    `json:"end_offset"`
					Label       string `json:"label"`
				} `json:"entities"`
				Newsmark struct {
					Annotations []struct{ Ref, ID string } `json:"annotations"`
				} `json:"newsmark"`
			}
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				t.Fatal(err)
			}
			for i, e := range line.Entities {
				got, ok := sliceUTF16(line.Text, e.StartOffset, e.EndOffset)
				id := line.Newsmark.Annotations[i].ID
				if !ok || got != want[id] {
					t.Errorf("entity %d [%d,%d) slices to %q, want %q", e.ID, e.StartOffset, e.EndOffset, got, want[id])
				}
				if cp, _ := sliceRunes(line.Text, e.StartOffset, e.EndOffset); cp == want[id] {
					sameInBoth++
				}
				n++
			}
		}
		if n != len(want) {
			t.Errorf("%d entities, want %d", n, len(want))
		}
		if sameInBoth >= n {
			t.Error("no span's UTF-16 offsets differ from its code point offsets: the test proves nothing")
		}
	})

	// Label Studio counts code points: its end-to-end test
	// web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts expects "test"
	// at 21–25 in "🐱 Warning: This is a test text", and
	// label-studio-converter slices Python strings by them
	// (label_studio_converter/utils.py, create_tokens_and_tags).
	t.Run("Label Studio counts code points", func(t *testing.T) {
		data, _ := exportBytes(t, s, ExportOptions{Format: FormatLabelStudio})
		var tasks []struct {
			Data        struct{ Text string } `json:"data"`
			Annotations []struct {
				Result []struct {
					ID    string `json:"id"`
					Type  string `json:"type"`
					Value struct {
						Start, End int
						Text       string
					} `json:"value"`
				} `json:"result"`
			} `json:"annotations"`
		}
		if err := json.Unmarshal(data, &tasks); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, task := range tasks {
			for _, a := range task.Annotations {
				for _, r := range a.Result {
					if r.Type != "labels" {
						continue
					}
					got, ok := sliceRunes(task.Data.Text, r.Value.Start, r.Value.End)
					if !ok || got != want[r.ID] || r.Value.Text != want[r.ID] {
						t.Errorf("result %s [%d,%d) slices to %q (text %q), want %q", r.ID, r.Value.Start, r.Value.End, got, r.Value.Text, want[r.ID])
					}
					n++
				}
			}
		}
		if n != len(want) {
			t.Errorf("%d results, want %d", n, len(want))
		}
	})

	t.Run("brat counts code points", func(t *testing.T) {
		data, _ := exportBytes(t, s, ExportOptions{Format: FormatBrat})
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string]string{}
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			files[f.Name] = string(b)
		}
		n := 0
		for name, ann := range files {
			if !strings.HasSuffix(name, ".ann") {
				continue
			}
			text := files[strings.TrimSuffix(name, ".ann")+".txt"]
			for _, line := range strings.Split(strings.TrimSpace(ann), "\n") {
				if !strings.HasPrefix(line, "T") {
					continue
				}
				f := strings.SplitN(line, "\t", 3)
				def := strings.Fields(strings.ReplaceAll(f[1], ";", " "))
				var parts []string
				for i := 1; i+1 < len(def); i += 2 {
					s, _ := strconv.Atoi(def[i])
					e, _ := strconv.Atoi(def[i+1])
					got, ok := sliceRunes(text, s, e)
					if !ok {
						t.Fatalf("%s: %s outside the text", name, line)
					}
					parts = append(parts, got)
				}
				if strings.Join(parts, " ") != f[2] {
					t.Errorf("%s: %s: the text at its offsets is %q", name, line, strings.Join(parts, " "))
				}
				n++
			}
		}
		if n != len(want) {
			t.Errorf("%d T lines, want %d", n, len(want))
		}
	})

	t.Run("W3C counts code points of the joined segments", func(t *testing.T) {
		data, _ := exportBytes(t, s, ExportOptions{Format: FormatW3C})
		var coll struct {
			First struct {
				Items []struct {
					ID     string          `json:"id"`
					Target json.RawMessage `json:"target"`
				} `json:"items"`
			} `json:"first"`
		}
		if err := json.Unmarshal(data, &coll); err != nil {
			t.Fatal(err)
		}
		joined := map[string]string{}
		for _, d := range snap(t, s).Docs {
			var parts []string
			for _, sg := range d.Segments {
				parts = append(parts, sg.Text)
			}
			joined[w3cSource(&d)] = strings.Join(parts, SegmentSeparator)
		}
		n := 0
		for _, it := range coll.First.Items {
			var tg struct {
				Source   string `json:"source"`
				Selector []struct {
					Type       string `json:"type"`
					Exact      string `json:"exact"`
					Start, End int
				} `json:"selector"`
			}
			if json.Unmarshal(it.Target, &tg) != nil {
				continue // a relation targets annotation ids
			}
			id := strings.TrimPrefix(it.ID, urnAnnotation)
			for _, sel := range tg.Selector {
				switch sel.Type {
				case "TextPositionSelector":
					got, ok := sliceRunes(joined[tg.Source], sel.Start, sel.End)
					if !ok || got != want[id] {
						t.Errorf("%s position [%d,%d) slices to %q, want %q", id, sel.Start, sel.End, got, want[id])
					}
					n++
				case "TextQuoteSelector":
					if sel.Exact != want[id] {
						t.Errorf("%s quote %q, want %q", id, sel.Exact, want[id])
					}
				}
			}
		}
		if n != len(want) {
			t.Errorf("%d position selectors, want %d", n, len(want))
		}
	})

	t.Run("CSV counts code points and states UTF-16 too", func(t *testing.T) {
		data, _ := exportBytes(t, s, ExportOptions{Format: FormatCSV})
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		texts := map[string]string{}
		for _, d := range snap(t, s).Docs {
			for _, sg := range d.Segments {
				texts[d.ID+"/"+sg.ID] = sg.Text
			}
		}
		seen := map[string]bool{}
		for _, r := range rows[1:] {
			if r[col["row_kind"]] != "span" {
				continue
			}
			text := texts[r[col["document_id"]]+"/"+r[col["segment_id"]]]
			at := func(name string) int { n, _ := strconv.Atoi(r[col[name]]); return n }
			id := r[col["annotation_id"]]
			cp, _ := sliceRunes(text, at("start"), at("end"))
			u, _ := sliceUTF16(text, at("utf16_start"), at("utf16_end"))
			if cp != want[id] || u != want[id] || r[col["exact"]] != want[id] {
				t.Errorf("row %v: code points give %q, UTF-16 gives %q, want %q", r[:8], cp, u, want[id])
			}
			seen[id] = true
		}
		if len(seen) != len(want) {
			t.Errorf("%d spans in the CSV, want %d", len(seen), len(want))
		}
		// One row per attribute: a8 has two.
		n := 0
		for _, r := range rows[1:] {
			if r[col["annotation_id"]] == "a8" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("a8 has %d rows, want one per attribute (2)", n)
		}
	})

	t.Run("CoNLL tokens rebuild the quotes", func(t *testing.T) {
		data, rep := exportBytes(t, s, ExportOptions{Format: FormatCoNLL})
		kept := conllKept(rep, snap(t, s))
		// Read the BIO tags as any CoNLL reader would and join the tokens of
		// each span with the text between them.
		var text []rune
		var spans []string
		var cur []string
		pos := 0
		var startPos, endPos int
		flush := func() {
			if cur != nil {
				spans = append(spans, string(text[startPos:endPos]))
				cur = nil
			}
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "# newsmark_text = ") {
				var s string
				json.Unmarshal([]byte(strings.TrimPrefix(line, "# newsmark_text = ")), &s)
				text, pos = []rune(s), 0
				continue
			}
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			f := strings.Split(line, "\t")
			tok := []rune(f[0])
			for string(text[pos:pos+len(tok)]) != f[0] {
				pos++
			}
			switch {
			case strings.HasPrefix(f[1], "B-"):
				flush()
				cur, startPos = []string{f[0]}, pos
			case strings.HasPrefix(f[1], "I-"):
				cur = append(cur, f[0])
			default:
				flush()
			}
			pos += len(tok)
			if cur != nil {
				endPos = pos
			}
		}
		flush()
		n := 0
		for id, ok := range kept {
			if ok {
				n++
				found := false
				for _, sp := range spans {
					found = found || sp == want[id]
				}
				if !found {
					t.Errorf("span %s %q is not among the CoNLL spans %q", id, want[id], spans)
				}
			}
		}
		if len(spans) != n {
			t.Errorf("%d CoNLL spans, want %d", len(spans), n)
		}
	})
}
