package interchange

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

// bratConfAttributes reads the [attributes] section of an annotation.conf
// by brat's own rules (nlplab/brat server/src/projectconfig.py: a line is
// TERMS, a tab, then arguments split at commas; each argument must match
// ^(\S*?):(\S*)$, else brat refuses the configuration; values are split at
// bars). It returns each attribute's values; a flag (binary attribute) has
// none.
func bratConfAttributes(t *testing.T, conf string) map[string][]string {
	t.Helper()
	argRE := regexp.MustCompile(`^(\S*?):(\S*)$`)
	out := map[string][]string{}
	section := ""
	for _, l := range strings.Split(conf, "\n") {
		if strings.HasPrefix(l, "[") {
			section = strings.Trim(strings.TrimSpace(l), "[]")
			continue
		}
		if section != "attributes" || strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		name, args, _ := strings.Cut(l, "\t")
		out[name] = nil
		for _, a := range strings.Split(args, ",") {
			a = strings.TrimSpace(a)
			if a == "" {
				continue
			}
			m := argRE.FindStringSubmatch(a)
			if m == nil {
				t.Fatalf("brat cannot parse argument %q of %q", a, l)
			}
			if m[1] == "Value" {
				out[name] = strings.Split(m[2], "|")
			}
		}
	}
	return out
}

// bratALine reads an A line as brat does (server/src/annotation.py,
// _parse_attribute_annotation): "(.+?) (.+?) (.+?)$", the value being the
// rest of the line.
func bratALine(rest string) (name, target, value string) {
	m := regexp.MustCompile(`^(.+?) (.+?) (.+?)$`).FindStringSubmatch(rest)
	if m == nil {
		return "", "", ""
	}
	return m[1], m[2], m[3]
}

func TestBratAttributeValuesSurviveBratsEditor(t *testing.T) {
	cb := sampleCodebook()
	for i := range cb.Labels {
		if cb.Labels[i].ID == "CLAIM" {
			cb.Labels[i].Attributes = []annotate.AttributeDef{
				{Name: "verdict", Values: []string{"true", "mostly true", "mostly false"}},
				{Name: "remark", Description: "free text"},
			}
		}
	}
	s := newMemStore(cb)
	doc := &annotate.Document{ID: "d", Segments: []annotate.Segment{{ID: "b", Kind: annotate.KindBody, Text: "Radwege gibt es. Köln plant mehr."}}}
	if err := doc.Prepare(t0); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	addSpans(t, s, doc, []spanSpec{
		{id: "a", seg: "b", exact: "Radwege gibt es", label: "CLAIM", who: "anna", attrs: map[string]string{"verdict": "mostly true", "remark": "yes, very | sure"}},
		{id: "b", seg: "b", exact: "Köln plant mehr", label: "CLAIM", who: "anna", attrs: map[string]string{"verdict": "true"}},
	})
	dir := filepath.Join(t.TempDir(), "brat")
	if _, err := WriteFile(context.Background(), s, dir, ExportOptions{Format: FormatBrat}, nil); err != nil {
		t.Fatal(err)
	}
	conf, _ := os.ReadFile(filepath.Join(dir, "annotation.conf"))
	attrs := bratConfAttributes(t, string(conf))
	for name, values := range attrs {
		if len(values) == 0 {
			t.Errorf("attribute %s is a flag in annotation.conf:\n%s", name, conf)
		}
	}
	annPath := filepath.Join(dir, "d.ann")
	ann, _ := os.ReadFile(annPath)
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(string(ann), "\n"), "\n") {
		id, rest, _ := strings.Cut(l, "\t")
		if strings.HasPrefix(id, "A") {
			name, target, value := bratALine(rest)
			if !slices.Contains(attrs[name], value) {
				t.Errorf("A line %q: value %q is not one annotation.conf offers for %s (%q), so brat's editor cannot keep it", l, value, name, attrs[name])
			}
			// brat's editor: the coder changes span b's verdict to another
			// value the configuration offers.
			if target == "T2" && name == "verdict" {
				l = id + "\t" + name + " " + target + " " + attrs["verdict"][2]
			}
		}
		lines = append(lines, l)
	}
	// ... and gives span b the remark the other span has.
	for _, l := range lines {
		if id, rest, _ := strings.Cut(l, "\t"); strings.HasPrefix(id, "A") {
			if name, target, value := bratALine(rest); name == "remark" && target == "T1" {
				lines = append(lines, "A9\tremark T2 "+value)
			}
		}
	}
	if err := os.WriteFile(annPath, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, rep, err := ReadPath(dir, DecodeOptions{Project: newMemStore(cb)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]string{}
	for _, a := range b.Annotations {
		got[a.Quote.Exact] = a.Attributes
	}
	want := map[string]map[string]string{
		"Radwege gibt es": {"verdict": "mostly true", "remark": "yes, very | sure"},
		"Köln plant mehr": {"verdict": "mostly false", "remark": "yes, very | sure"},
	}
	if d := diff(want, got); d != "" {
		t.Errorf("attributes after brat's editor: %s\nreport %+v", d, rep)
	}
}

func TestBratAttributeValueWithSpacesReadsAsBratReadsIt(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "x.txt"), "Radwege gibt es.")
	writeFile(t, filepath.Join(dir, "x.ann"), "T1\tCLAIM 0 15\tRadwege gibt es\nA1\tstance T1 very much pro\n")
	b, _, err := ReadPath(dir, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Annotations) != 1 || b.Annotations[0].Attributes["stance"] != "very much pro" {
		t.Errorf("spans %+v, want stance \"very much pro\"", b.Annotations)
	}
}
