package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// studyRun is a coding study driven through the command line, as a study
// lead and three coders would run it: a lead project, packages, coding in
// each package, merging back. Each step is a method, so that later steps
// (agreement, adjudication, export of the gold layer) can be added to
// TestStudyThroughTheCommandLine after the merge.
type studyRun struct {
	t        *testing.T
	dir      string
	lead     string              // the lead's project file
	docs     []string            // document ids, in import order
	packages map[string]string   // coder → package file
	assigned map[string][]string // coder → document ids
	sample   []string            // the overlap sample
}

// startStudy imports n short news pages into a new lead project.
func startStudy(t *testing.T, n int) *studyRun {
	t.Helper()
	s := &studyRun{t: t, dir: t.TempDir(), packages: map[string]string{}, assigned: map[string][]string{}}
	s.lead = filepath.Join(s.dir, "lead.db")
	corpus := filepath.Join(s.dir, "corpus.jsonl")
	var lines []string
	for i := range n {
		b, _ := json.Marshal(map[string]any{
			"title": fmt.Sprintf("Bericht %d", i),
			"text":  fmt.Sprintf("Die Ministerin Anna Muster sagte am Montag in Berlin, der Plan %d komme.", i),
			"comments": []map[string]string{
				{"id": "c1", "text": fmt.Sprintf("Das glaube ich nicht, Plan %d ist Unsinn.", i)},
				{"id": "c2", "text": "Endlich!"},
			},
		})
		lines = append(lines, string(b))
	}
	if err := os.WriteFile(corpus, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.cli(0, "--db", s.lead, "import", corpus)
	store, err := storage.Open(s.lead, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	docs, err := store.Documents()
	if err != nil || len(docs) != n {
		t.Fatalf("lead project holds %d documents (%v), want %d", len(docs), err, n)
	}
	for _, d := range docs {
		s.docs = append(s.docs, d.ID)
	}
	return s
}

// cli runs newsmark and fails the test unless it exits with code.
func (s *studyRun) cli(code int, args ...string) (stdout, stderr string) {
	s.t.Helper()
	got, out, errOut := runCLI(s.t, args...)
	if got != code {
		s.t.Fatalf("newsmark %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), got, code, out, errOut)
	}
	return out, errOut
}

// makePackages runs newsmark package and reads what each coder got from
// the package files.
func (s *studyRun) makePackages(args ...string) string {
	s.t.Helper()
	out, _ := s.cli(0, append([]string{"--db", s.lead, "package", "-o", filepath.Join(s.dir, "packages")}, args...)...)
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 4 && strings.HasSuffix(f[3], ".newsmark.db") {
			s.packages[f[0]] = f[3]
		}
	}
	for coder, path := range s.packages {
		store, err := storage.Open(path, storage.Options{ReadOnly: true})
		if err != nil {
			s.t.Fatal(err)
		}
		info, err := store.Package()
		store.Close()
		if err != nil || info == nil || info.Coder != coder {
			s.t.Fatalf("package %s: %+v, %v", path, info, err)
		}
		s.assigned[coder] = info.Documents
		s.sample = info.Sample
	}
	return out
}

// code opens coder's package as the coder would and calls tag for every
// document of it.
func (s *studyRun) code(coder string, tag func(store *storage.Store, doc *annotate.Document, inSample bool)) {
	s.t.Helper()
	store, err := storage.Open(s.packages[coder])
	if err != nil {
		s.t.Fatal(err)
	}
	defer store.Close()
	for _, id := range s.assigned[coder] {
		doc, err := store.Document(id)
		if err != nil {
			s.t.Fatal(err)
		}
		tag(store, doc, slices.Contains(s.sample, id))
	}
}

// span tags the first occurrence of text in the document's body.
func span(t *testing.T, store *storage.Store, doc *annotate.Document, text, label, who string) *annotate.Annotation {
	t.Helper()
	for _, seg := range doc.Segments {
		if i := strings.Index(seg.Text, text); i >= 0 && seg.Kind != annotate.KindComment {
			start := len([]rune(seg.Text[:i]))
			a := &annotate.Annotation{DocumentID: doc.ID, SegmentID: seg.ID, Start: start, End: start + len([]rune(text)), Label: label, Annotator: who}
			if err := store.AddAnnotation(a); err != nil {
				t.Fatal(err)
			}
			return a
		}
	}
	t.Fatalf("document %s has no %q", doc.ID, text)
	return nil
}

// layerOf returns the lines of `newsmark annotations` by one annotator.
func (s *studyRun) layerOf(who string) []string {
	s.t.Helper()
	out, _ := s.cli(0, "--db", s.lead, "annotations")
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 5 && f[5] == who {
			lines = append(lines, l)
		}
	}
	return lines
}

func TestStudyThroughTheCommandLine(t *testing.T) {
	s := startStudy(t, 6)

	// Packages: three coders, two documents everyone codes, the other four
	// shared out, a seed given so the draw is known.
	out := s.makePackages("--coder", "anna,ben", "--coder", "cem", "--overlap", "2", "--seed", "42")
	if !strings.Contains(out, "seed 42") || !strings.Contains(out, "overlap sample: 2 documents") {
		t.Errorf("package output does not state the seed and the sample:\n%s", out)
	}
	if len(s.packages) != 3 || len(s.sample) != 2 {
		t.Fatalf("packages %v, sample %v", s.packages, s.sample)
	}
	counts := []int{len(s.assigned["anna"]), len(s.assigned["ben"]), len(s.assigned["cem"])}
	if !slices.Equal(counts, []int{4, 3, 3}) {
		t.Errorf("documents per coder = %v, want 4, 3, 3 (2 shared, 4 dealt out)", counts)
	}
	// The same seed draws the same packages again.
	again := startStudy(t, 6)
	again.makePackages("--coder", "anna,ben,cem", "--overlap", "2", "--seed", "42")
	for _, c := range []string{"anna", "ben", "cem"} {
		if pos, posAgain := positions(s.docs, s.assigned[c]), positions(again.docs, again.assigned[c]); !slices.Equal(pos, posAgain) {
			t.Errorf("seed 42 gave %s documents %v, then %v", c, pos, posAgain)
		}
	}

	// The window opens a package with its coder as the annotator.
	p := &project{path: s.packages["ben"], explicit: true}
	store, _, _, err := p.openWindow()
	if err != nil || p.annotator != "ben" {
		t.Fatalf("opening ben's package for the window: annotator %q, %v", p.annotator, err)
	}
	store.Close()
	p = &project{path: s.packages["ben"], explicit: true, annotator: "anna"}
	if _, _, _, err := p.openWindow(); err == nil || !strings.Contains(err.Error(), "only ben codes in it") {
		t.Errorf("anna opening ben's package: %v", err)
	}

	// Coding: everyone tags the minister as PER; in the sample, anna and
	// ben tag Berlin as LOC, cem as ORG; everyone labels the first comment.
	for _, coder := range []string{"anna", "ben", "cem"} {
		s.code(coder, func(store *storage.Store, doc *annotate.Document, inSample bool) {
			span(t, store, doc, "Anna Muster", "PER", coder)
			if inSample {
				label := "LOC"
				if coder == "cem" {
					label = "ORG"
				}
				span(t, store, doc, "Berlin", label, coder)
			}
			if err := store.SetSegmentLabel(&annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: "c1", Label: "disagrees", Annotator: coder}); err != nil {
				t.Fatal(err)
			}
		})
	}
	// Statuses through the CLI: anna is done, ben has one left, cem has
	// not marked any.
	s.cli(0, append([]string{"--db", s.packages["anna"], "status", "done"}, s.assigned["anna"]...)...)
	s.cli(0, append([]string{"--db", s.packages["ben"], "status", "done"}, s.assigned["ben"][:2]...)...)
	s.cli(0, "--db", s.packages["ben"], "status", "in_progress", s.assigned["ben"][2])
	if _, errOut := s.cli(1, "--db", s.packages["cem"], "--annotator", "anna", "status", "done", s.assigned["cem"][0]); !strings.Contains(errOut, "cem's coder package") {
		t.Errorf("marking cem's document as anna: %q", errOut)
	}

	// Merge all back.
	out, _ = s.cli(0, "--db", s.lead, "merge", s.packages["anna"], s.packages["ben"], s.packages["cem"])
	for _, want := range []string{
		"(anna, 4 documents): 14 added, 0 changed, 0 removed, 0 unchanged", // 4+2 spans, 4 labels, 4 statuses
		"(ben, 3 documents): 11 added, 0 changed, 0 removed, 0 unchanged",  // 3+2 spans, 3 labels, 3 statuses
		"(cem, 3 documents): 8 added, 0 changed, 0 removed, 0 unchanged",   // 3+2 spans, 3 labels
	} {
		if !strings.Contains(out, want) {
			t.Errorf("merge output lacks %q:\n%s", want, out)
		}
	}
	layers := map[string][]string{}
	for _, c := range []string{"anna", "ben", "cem"} {
		layers[c] = s.layerOf(c)
	}
	if len(layers["anna"]) != 6 || len(layers["cem"]) != 5 {
		t.Errorf("layers after merging: anna %d spans, cem %d; want 6 and 5", len(layers["anna"]), len(layers["cem"]))
	}

	// Merging a package again changes nothing.
	out, _ = s.cli(0, "--db", s.lead, "merge", s.packages["anna"])
	if !strings.Contains(out, "0 added, 0 changed, 0 removed, 14 unchanged") {
		t.Errorf("second merge of anna's package:\n%s", out)
	}
	if got := s.layerOf("anna"); !slices.Equal(got, layers["anna"]) {
		t.Errorf("anna's layer changed on a second merge")
	}

	// cem corrects a span in the package and merges again: only cem's
	// layer changes.
	s.code("cem", func(store *storage.Store, doc *annotate.Document, inSample bool) {
		if !inSample || doc.ID != s.sample[0] {
			return
		}
		anns, _ := store.Annotations(doc.ID)
		for _, a := range anns {
			if a.Label == "ORG" {
				a.Label = "LOC"
				if err := store.UpdateAnnotation(&a); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
	out, _ = s.cli(0, "--db", s.lead, "merge", s.packages["cem"])
	if !strings.Contains(out, "0 added, 1 changed, 0 removed, 7 unchanged") {
		t.Errorf("merge of cem's later package:\n%s", out)
	}
	if !slices.Equal(s.layerOf("anna"), layers["anna"]) || !slices.Equal(s.layerOf("ben"), layers["ben"]) {
		t.Errorf("merging cem's work changed another coder's layer")
	}

	// Progress, as a table and as CSV.
	out, _ = s.cli(0, "--db", s.lead, "progress", "--format", "csv")
	if want := "coder,assigned,done,in_progress,not_started\nanna,4,4,0,0\nben,3,2,1,0\ncem,3,0,0,3\n"; out != want {
		t.Errorf("progress csv:\n%s\nwant\n%s", out, want)
	}
	out, _ = s.cli(0, "--db", s.lead, "progress")
	if !strings.Contains(out, "CODER") || !regexpLine(out, `ben\s+3\s+2\s+1\s+0`) {
		t.Errorf("progress table:\n%s", out)
	}

	// A package merged into the wrong project is refused, naming it.
	other := startStudy(t, 6)
	_, errOut := other.cli(1, "--db", other.lead, "merge", s.packages["anna"])
	if !strings.Contains(errOut, "made from another project") || !strings.Contains(errOut, "anna.newsmark.db") || !strings.Contains(errOut, "not changed") {
		t.Errorf("merging into the wrong project: %q", errOut)
	}
	if got := other.layerOf("anna"); len(got) != 0 {
		t.Errorf("the wrong project got anna's spans: %q", got)
	}
}

// positions returns where each id of ids is in all.
func positions(all, ids []string) []int {
	var out []int
	for _, id := range ids {
		out = append(out, slices.Index(all, id))
	}
	return out
}

// regexpLine reports whether some line of out matches pattern.
func regexpLine(out, pattern string) bool {
	re := regexp.MustCompile(`^` + pattern + `$`)
	for _, l := range strings.Split(out, "\n") {
		if re.MatchString(strings.TrimSpace(l)) {
			return true
		}
	}
	return false
}
