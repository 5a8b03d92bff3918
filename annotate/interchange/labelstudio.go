package interchange

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// Label Studio JSON: an array of tasks, {"data": {"text": ..., "newsmark":
// carried record}, "annotations": [{"result": [...]}]}, one annotation
// (result list) per Newsmark annotator. Span results have "type": "labels"
// and "value": {"start", "end", "text", "labels"} in code points (Label
// Studio's unit; import also reads UTF-16 code units, see lsOffsets);
// relations are results of "type": "relation" between result ids. The
// labelling config to use is <Labels name="label" toName="text"> over
// <Text name="text" value="$text"/>.

type labelStudioEncoder struct {
	w   io.Writer
	sel *selection
	n   int
}

type lsValue struct {
	Start  *int     `json:"start,omitempty"`
	End    *int     `json:"end,omitempty"`
	Text   *string  `json:"text,omitempty"`
	Labels []string `json:"labels,omitempty"`
	// Choices are labels on the whole text (type "choices").
	Choices []string `json:"choices,omitempty"`
}

type lsResult struct {
	ID        string          `json:"id,omitempty"`
	FromName  string          `json:"from_name,omitempty"`
	ToName    string          `json:"to_name,omitempty"`
	Source    string          `json:"source,omitempty"`
	Type      string          `json:"type"`
	Origin    string          `json:"origin,omitempty"`
	Value     *lsValue        `json:"value,omitempty"`
	FromID    string          `json:"from_id,omitempty"`
	ToID      string          `json:"to_id,omitempty"`
	Direction string          `json:"direction,omitempty"`
	Labels    []string        `json:"labels,omitempty"`
	Meta      json.RawMessage `json:"meta,omitempty"`
}

type lsAnnotation struct {
	ID           json.RawMessage `json:"id,omitempty"`
	CompletedBy  json.RawMessage `json:"completed_by,omitempty"`
	ModelVersion string          `json:"model_version,omitempty"`
	WasCancelled bool            `json:"was_cancelled,omitempty"`
	CreatedAt    string          `json:"created_at,omitempty"`
	UpdatedAt    string          `json:"updated_at,omitempty"`
	Result       []lsResult      `json:"result"`
}

type lsTask struct {
	ID          json.RawMessage            `json:"id,omitempty"`
	Data        map[string]json.RawMessage `json:"data"`
	Annotations []lsAnnotation             `json:"annotations,omitempty"`
	Predictions []lsAnnotation             `json:"predictions,omitempty"`
}

func (e *labelStudioEncoder) begin(sel *selection) error {
	e.sel = sel
	_, err := io.WriteString(e.w, "[\n")
	return err
}

func (e *labelStudioEncoder) document(u *docUnit, _ *ExportReport) error {
	f := flatten(u)
	e.n++
	carry, err := json.Marshal(f.carry(e.sel, func(i int) string { return u.anns[i].ID }, func(i int) string { return u.rels[i].ID }))
	if err != nil {
		return err
	}
	text, _ := json.Marshal(f.text)
	title, _ := json.Marshal(u.doc.Title)
	task := lsTask{ID: json.RawMessage(strconv.Itoa(e.n)), Data: map[string]json.RawMessage{"text": text, "title": title, "newsmark": carry}}
	byAnnotator := map[string]*lsAnnotation{}
	var order []string
	get := func(who string) *lsAnnotation {
		a, ok := byAnnotator[who]
		if !ok {
			a = &lsAnnotation{Result: []lsResult{}}
			byAnnotator[who] = a
			order = append(order, who)
		}
		return a
	}
	for i := range u.anns {
		a := &u.anns[i]
		s, en := f.span(a) // code points, as Label Studio counts (see lsOffsets)
		exact := a.Quote.Exact
		la := get(a.Annotator)
		la.Result = append(la.Result, lsResult{
			ID: a.ID, FromName: "label", ToName: "text", Type: "labels", Origin: "manual",
			Value: &lsValue{Start: &s, End: &en, Text: &exact, Labels: []string{a.Label}},
		})
		if t := a.Created; !t.IsZero() && (la.CreatedAt == "" || t.UTC().Format(time.RFC3339Nano) < la.CreatedAt) {
			la.CreatedAt = t.UTC().Format(time.RFC3339Nano)
		}
	}
	for _, r := range u.rels {
		la := get(r.Annotator)
		la.Result = append(la.Result, lsResult{ID: r.ID, Type: "relation", FromID: r.From, ToID: r.To, Direction: "right", Labels: []string{r.Type}})
	}
	for i, who := range order {
		la := byAnnotator[who]
		la.ID = json.RawMessage(strconv.Itoa(i + 1))
		task.Annotations = append(task.Annotations, *la)
	}
	if task.Annotations == nil {
		task.Annotations = []lsAnnotation{}
	}
	b, err := json.Marshal(&task)
	if err != nil {
		return err
	}
	if e.n > 1 {
		if _, err := io.WriteString(e.w, ",\n"); err != nil {
			return err
		}
	}
	_, err = e.w.Write(b)
	return err
}

func (e *labelStudioEncoder) end(*ExportReport) error {
	_, err := io.WriteString(e.w, "\n]\n")
	return err
}

func (d *decoder) labelStudio(r io.Reader) error {
	n := 0
	var units [3]int
	_, err := d.jsonValues(r, func(raw json.RawMessage, line int, off int64) error {
		n++
		fail := func(format string, args ...any) error {
			return d.errAt("", line, off, nil, format, args...)
		}
		if raw[0] != '{' {
			return fail("expected a Label Studio task object with \"data\"")
		}
		var task lsTask
		if err := json.Unmarshal(raw, &task); err != nil {
			return d.errAt("", line, off+jsonErrOffset(err, 0), nil, "task: %s", jsonErrMsg(err))
		}
		if task.Data == nil {
			return fail(`task %d: no "data": expected {"data": {"text": ...}}`, n)
		}
		field := "text"
		for _, a := range append(append([]lsAnnotation{}, task.Annotations...), task.Predictions...) {
			for _, res := range a.Result {
				if strings.HasPrefix(res.Source, "$") {
					field = res.Source[1:]
				}
			}
		}
		var text string
		rawText, ok := task.Data[field]
		if !ok {
			keys := make([]string, 0, len(task.Data))
			for k := range task.Data {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if json.Unmarshal(task.Data[k], &text) == nil && k != "title" {
					rawText, field, ok = task.Data[k], k, true
					d.rep.notef("task text read from data.%s", k)
					break
				}
			}
		}
		if !ok || json.Unmarshal(rawText, &text) != nil {
			return fail("task %d: data.%s: expected the task's text as a string", n, field)
		}
		fd := &foreignDoc{line: line, title: fmt.Sprintf("%s task %s", filepath.Base(d.name), rawKey(task.ID)),
			source: filepath.Base(d.name), text: text, unit: UnitCodePoint, hasRels: true}
		localRef := map[string]string{}
		fd.scopedRef = localRef
		if t, ok := task.Data["title"]; ok {
			var s string
			if json.Unmarshal(t, &s) == nil && s != "" {
				fd.title = s
			}
		}
		if c, ok := task.Data["newsmark"]; ok {
			var rec carried
			if err := json.Unmarshal(c, &rec); err != nil {
				return fail("task %d: data.newsmark: %s", n, jsonErrMsg(err))
			}
			fd.carry = &rec
		}
		if len(task.ID) > 0 {
			fd.meta = map[string]string{"labelstudio_id": rawKey(task.ID)}
		}
		index := annotate.NewOffsetIndex(text)
		spanRefs := map[string]string{} // result id → the place that used it first, over the task's annotations
		add := func(a lsAnnotation, who string, kind string, k int) error {
			if a.WasCancelled {
				d.rep.skipf("%s line %d task %d: %s %d was cancelled in Label Studio", d.name, line, n, kind, k)
				return nil
			}
			created, _ := time.Parse(time.RFC3339Nano, a.CreatedAt)
			updated, _ := time.Parse(time.RFC3339Nano, a.UpdatedAt)
			local := map[string]string{} // result id → ref, within this annotation
			for j, res := range a.Result {
				at := fmt.Sprintf("task %d %s %d result %d", n, kind, k, j+1)
				bad := func(format string, args ...any) {
					d.badf("%s line %d %s: %s", d.name, line, at, fmt.Sprintf(format, args...))
				}
				switch res.Type {
				case "labels", "hypertextlabels", "paragraphlabels":
					v := res.Value
					if v == nil || v.Start == nil || v.End == nil || len(v.Labels) == 0 {
						bad("expected \"value\" with \"start\", \"end\" and \"labels\"")
						continue
					}
					start, end, unit, msg := lsOffsets(index, *v.Start, *v.End, v.Text)
					if msg != "" {
						bad("%s", msg)
						continue
					}
					ref := res.ID
					if res.ID != "" {
						if first, dup := local[res.ID]; dup {
							bad("result id %q is used twice in one annotation (first at %s), so relations to it are ambiguous", res.ID, first)
							continue
						}
						if _, other := spanRefs[res.ID]; other {
							// Another annotation of the task (a prediction this
							// one was made from, say) uses the same id: keep
							// their spans apart.
							ref = fmt.Sprintf("%s@%s%d", res.ID, kind, k)
						} else {
							spanRefs[res.ID] = at
						}
						local[res.ID] = at
						localRef[kind+strconv.Itoa(k)+"\x00"+res.ID] = ref
					}
					units[unit]++
					for li, l := range v.Labels {
						r := ref
						if li > 0 {
							r = fmt.Sprintf("%s#%d", ref, li)
						}
						fd.spans = append(fd.spans, foreignSpan{ref: r, start: start, end: end, label: l,
							annotator: who, created: created, mod: updated, line: line, place: at})
					}
				case "relation":
					if res.FromID == "" || res.ToID == "" {
						bad("a relation needs \"from_id\" and \"to_id\"")
						continue
					}
					typ := "related"
					if len(res.Labels) > 0 {
						typ = res.Labels[0]
					}
					from, to := res.FromID, res.ToID
					if res.Direction == "left" {
						from, to = to, from
					}
					fd.rels = append(fd.rels, foreignRelation{ref: res.ID, from: from, to: to, typ: typ, annotator: who, line: line, place: at,
						scope: kind + strconv.Itoa(k)})
				case "choices":
					if res.Value == nil {
						bad("expected \"value\" with \"choices\"")
						continue
					}
					for _, c := range res.Value.Choices {
						fd.labels = append(fd.labels, foreignLabel{label: c, annotator: who})
					}
				default:
					d.rep.skipf("%s line %d %s: result type %q is not a text span", d.name, line, at, res.Type)
				}
			}
			return nil
		}
		for k, a := range task.Annotations {
			if err := add(a, lsAnnotator(a.CompletedBy), "annotation", k+1); err != nil {
				return err
			}
		}
		for k, p := range task.Predictions {
			who := "prediction"
			if p.ModelVersion != "" {
				who = "model:" + sanitizeID(p.ModelVersion)
			}
			if err := add(p, who, "prediction", k+1); err != nil {
				return err
			}
		}
		return d.addForeign(fd)
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return d.errAt("", 0, -1, nil, "no tasks: expected a JSON array of Label Studio tasks")
	}
	if units[lsByCodePoints] > 0 || units[lsNoText] > 0 {
		d.rep.notef("Label Studio offsets read as code points (Label Studio's unit): %d spans whose value.text matches, %d without value.text",
			units[lsByCodePoints], units[lsNoText])
	}
	if units[lsByUTF16] > 0 {
		d.rep.notef("Label Studio offsets read as UTF-16 code units: %d spans whose value.text matches only so (a file of an older Newsmark or a tool counting UTF-16)",
			units[lsByUTF16])
	}
	return nil
}

// How the offsets of one Label Studio span were read.
const (
	lsByCodePoints = iota // value.text matches the text at code points
	lsByUTF16             // value.text matches only at UTF-16 code units
	lsNoText              // no value.text: code points, Label Studio's unit
)

// lsOffsets returns a Label Studio span's code point offsets in the text of
// index. Label Studio counts code points (its end-to-end test
// web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts expects "test" at
// 21–25 in "🐱 Warning: This is a test text", and its converter slices
// Python strings, label_studio_converter/utils.py); files of older
// Newsmark versions and of tools that count JavaScript string indexes use
// UTF-16 code units. value.text, when present, decides which: the unit at
// which it matches the text. msg says what is wrong when neither fits.
func lsOffsets(index *annotate.OffsetIndex, start, end int, text *string) (s, e, how int, msg string) {
	cpOK := start >= 0 && start <= end && end <= index.Len()
	if text == nil {
		if !cpOK {
			return 0, 0, 0, fmt.Sprintf("offsets [%d,%d) are outside the text of %d characters", start, end, index.Len())
		}
		return start, end, lsNoText, ""
	}
	atCP, atUTF16 := "outside the text in code points", "outside the text or inside a character in UTF-16 code units"
	if cpOK {
		got, _ := index.Slice(start, end)
		if got == *text {
			return start, end, lsByCodePoints, ""
		}
		atCP = fmt.Sprintf("%q in code points", got)
	}
	us, ok1 := index.RuneOffsetFromUTF16(start)
	ue, ok2 := index.RuneOffsetFromUTF16(end)
	utf16OK := ok1 && ok2 && us <= ue
	if utf16OK {
		got, _ := index.Slice(us, ue)
		if got == *text {
			return us, ue, lsByUTF16, ""
		}
		atUTF16 = fmt.Sprintf("%q in UTF-16 code units", got)
	}
	if !cpOK && !utf16OK {
		return 0, 0, 0, fmt.Sprintf("offsets [%d,%d) are outside the text of %d characters", start, end, index.Len())
	}
	return 0, 0, 0, fmt.Sprintf("\"value.text\" is %q, but the text at [%d,%d) is %s and %s", *text, start, end, atCP, atUTF16)
}

// lsAnnotator names the annotator of a Label Studio annotation from its
// "completed_by": a user id, or an object with an email.
func lsAnnotator(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var obj struct {
		ID    json.RawMessage `json:"id"`
		Email string          `json:"email"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		if obj.Email != "" {
			return obj.Email
		}
		if len(obj.ID) > 0 {
			return "labelstudio-user-" + rawKey(obj.ID)
		}
		return ""
	}
	return "labelstudio-user-" + rawKey(raw)
}
