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
// and "value": {"start", "end", "text", "labels"} in UTF-16 code units;
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
		s, en := f.span(a)
		us, ue := f.utf16(s), f.utf16(en)
		exact := a.Quote.Exact
		la := get(a.Annotator)
		la.Result = append(la.Result, lsResult{
			ID: a.ID, FromName: "label", ToName: "text", Type: "labels", Origin: "manual",
			Value: &lsValue{Start: &us, End: &ue, Text: &exact, Labels: []string{a.Label}},
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
			source: filepath.Base(d.name), text: text, unit: UnitUTF16, hasRels: true}
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
		add := func(a lsAnnotation, who string, kind string, k int) error {
			if a.WasCancelled {
				d.rep.skipf("%s line %d task %d: %s %d was cancelled in Label Studio", d.name, line, n, kind, k)
				return nil
			}
			created, _ := time.Parse(time.RFC3339Nano, a.CreatedAt)
			updated, _ := time.Parse(time.RFC3339Nano, a.UpdatedAt)
			for j, res := range a.Result {
				at := fmt.Sprintf("task %d %s %d result %d", n, kind, k, j+1)
				switch res.Type {
				case "labels", "hypertextlabels", "paragraphlabels":
					v := res.Value
					if v == nil || v.Start == nil || v.End == nil || len(v.Labels) == 0 {
						return fail("%s: expected \"value\" with \"start\", \"end\" and \"labels\"", at)
					}
					if v.Text != nil {
						s, ok1 := index.RuneOffsetFromUTF16(*v.Start)
						e, ok2 := index.RuneOffsetFromUTF16(*v.End)
						if ok1 && ok2 && s <= e {
							got, _ := index.Slice(s, e)
							if got != *v.Text {
								return fail("%s: the text at UTF-16 [%d,%d) is %q, but \"value.text\" says %q", at, *v.Start, *v.End, got, *v.Text)
							}
						}
					}
					for li, l := range v.Labels {
						ref := res.ID
						if li > 0 {
							ref = fmt.Sprintf("%s#%d", res.ID, li)
						}
						fd.spans = append(fd.spans, foreignSpan{ref: ref, start: *v.Start, end: *v.End, label: l,
							annotator: who, created: created, mod: updated, line: line, place: at})
					}
				case "relation":
					if res.FromID == "" || res.ToID == "" {
						return fail("%s: a relation needs \"from_id\" and \"to_id\"", at)
					}
					typ := "related"
					if len(res.Labels) > 0 {
						typ = res.Labels[0]
					}
					from, to := res.FromID, res.ToID
					if res.Direction == "left" {
						from, to = to, from
					}
					fd.rels = append(fd.rels, foreignRelation{ref: res.ID, from: from, to: to, typ: typ, annotator: who, line: line, place: at})
				case "choices":
					if res.Value == nil {
						return fail("%s: expected \"value\" with \"choices\"", at)
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
	return nil
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
