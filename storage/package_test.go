package storage_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// study is a lead project with four documents, an annotation of the lead's
// own in each, and packages for anna and ben sharing two documents.
type study struct {
	lead     *storage.Store
	leadPath string
	docs     []*annotate.Document
	files    map[string]annotate.PackageFile // by coder
}

func newStudy(t *testing.T) *study {
	t.Helper()
	lead, path := openStore(t)
	st := &study{lead: lead, leadPath: path, files: map[string]annotate.PackageFile{}}
	for i := range 4 {
		st.docs = append(st.docs, testDocument(t, fmt.Sprintf("Bericht %d", i), 3))
	}
	if err := lead.AddDocuments(st.docs...); err != nil {
		t.Fatal(err)
	}
	for _, d := range st.docs {
		st.annotate(t, lead, d, "lead", 0, 6, "ORG")
	}
	plan := &annotate.PackagePlan{
		Seed: 11, Sample: []string{st.docs[0].ID, st.docs[1].ID}, Coders: []string{"anna", "ben"},
		Assignments: map[string][]string{
			"anna": {st.docs[0].ID, st.docs[1].ID, st.docs[2].ID},
			"ben":  {st.docs[0].ID, st.docs[1].ID, st.docs[3].ID},
		},
	}
	files, err := lead.MakePackages(context.Background(), plan, filepath.Join(t.TempDir(), "packages"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		st.files[f.Info.Coder] = f
	}
	return st
}

// annotate adds a span of the body segment (segment 2) of d.
func (st *study) annotate(t *testing.T, s *storage.Store, d *annotate.Document, who string, start, end int, label string) *annotate.Annotation {
	t.Helper()
	a := &annotate.Annotation{DocumentID: d.ID, SegmentID: d.Segments[2].ID, Start: start, End: end, Label: label, Annotator: who}
	if label == "CLAIM" {
		a.Attributes = map[string]string{"stance": "pro"}
	}
	if err := s.AddAnnotation(a); err != nil {
		t.Fatal(err)
	}
	return a
}

// openPackage opens coder's package for coding; it is closed when the test
// ends or by the caller.
func (st *study) openPackage(t *testing.T, coder string) *storage.Store {
	t.Helper()
	s, err := storage.Open(st.files[coder].Path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// layer dumps every annotation, relation, segment label and status of the
// project, one line each, sorted.
func layer(t *testing.T, s *storage.Store) []string {
	t.Helper()
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range docs {
		anns, _ := s.Annotations(d.ID)
		for _, a := range anns {
			out = append(out, fmt.Sprintf("A %s %s %s %d-%d %s %v %q %s", a.Annotator, d.ID, a.ID, a.Start, a.End, a.Label, a.Attributes, a.Note, a.Modified))
		}
		rels, _ := s.Relations(d.ID)
		for _, r := range rels {
			out = append(out, fmt.Sprintf("R %s %s %s %s>%s", r.Annotator, d.ID, r.Type, r.From, r.To))
		}
		labels, _ := s.SegmentLabels(d.ID)
		for _, l := range labels {
			out = append(out, fmt.Sprintf("L %s %s %s %s", l.Annotator, d.ID, l.SegmentID, l.Label))
		}
	}
	sts, err := s.Statuses()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range sts {
		out = append(out, fmt.Sprintf("S %s %s %s", x.Annotator, x.DocumentID, x.Status))
	}
	slices.Sort(out)
	return out
}

func ofAnnotator(lines []string, who string) []string {
	var out []string
	for _, l := range lines {
		if strings.Fields(l)[1] == who {
			out = append(out, l)
		}
	}
	return out
}

func TestPackageHoldsTheCodersDocumentsAndNoOneElsesWork(t *testing.T) {
	st := newStudy(t)
	// anna coded doc 0 in the lead project before: that comes along.
	st.annotate(t, st.lead, st.docs[0], "anna", 7, 12, "PER")
	if err := st.lead.SetStatus(st.docs[0].ID, "anna", annotate.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	if err := st.lead.SetStatus(st.docs[0].ID, "ben", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	// Packages made afterwards, into another directory.
	plan := &annotate.PackagePlan{Seed: 3, Coders: []string{"anna"}, Assignments: map[string][]string{"anna": {st.docs[0].ID, st.docs[3].ID}}}
	files, err := st.lead.MakePackages(context.Background(), plan, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := storage.Open(files[0].Path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer pkg.Close()
	docs, _ := pkg.Documents()
	if len(docs) != 2 || docs[0].ID != st.docs[0].ID || docs[1].ID != st.docs[3].ID {
		t.Fatalf("package documents = %+v", docs)
	}
	got := layer(t, pkg)
	if len(got) != 2 || !strings.HasPrefix(got[0], "A anna") || got[1] != "S anna "+st.docs[0].ID+" in_progress" {
		t.Errorf("package content = %q, want anna's annotation and status only", got)
	}
	info, err := pkg.Package()
	if err != nil || info == nil {
		t.Fatalf("Package() = %v, %v", info, err)
	}
	leadID, _ := st.lead.ProjectID()
	if info.Coder != "anna" || info.ProjectID != leadID || info.Seed != 3 || info.Format != annotate.PackageFormat ||
		len(info.Documents) != 2 || info.Codebook == nil || len(info.Codebook.Labels) != 4 || info.Created.IsZero() {
		t.Errorf("package record = %+v", info)
	}
	if id, _ := pkg.ProjectID(); id != leadID {
		t.Errorf("package's project id %s, want the lead's %s", id, leadID)
	}
	cb, _ := pkg.Codebook()
	sameJSON(t, "package codebook", cb, testCodebook())
	list, err := st.lead.Packages()
	if err != nil || len(list) != 3 || list[2].PackageID != info.PackageID {
		t.Errorf("lead's packages = %d, %v; want the three made", len(list), err)
	}
}

func TestMakePackagesRefusesToOverwriteAndLeavesNothingBehind(t *testing.T) {
	st := newStudy(t)
	dir := filepath.Dir(st.files["anna"].Path)
	os.Remove(st.files["ben"].Path)
	plan := &annotate.PackagePlan{Coders: []string{"ben", "anna"}, Assignments: map[string][]string{"ben": {st.docs[0].ID}, "anna": {st.docs[0].ID}}}
	_, err := st.lead.MakePackages(context.Background(), plan, dir)
	if !errors.Is(err, annotate.ErrDuplicate) || !strings.Contains(err.Error(), "anna.newsmark.db") {
		t.Fatalf("MakePackages over an existing file = %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d files after a refused MakePackages, want anna's old one", len(entries))
	}
	pkg := st.openPackage(t, "anna")
	if _, err := pkg.MakePackages(context.Background(), plan, t.TempDir()); !errors.Is(err, annotate.ErrIsPackage) {
		t.Errorf("MakePackages from a package = %v, want ErrIsPackage", err)
	}
}

func TestMergeBringsTheCodersLayerAndAgainChangesNothing(t *testing.T) {
	st := newStudy(t)
	before := layer(t, st.lead)

	anna := st.openPackage(t, "anna")
	d0, d2 := st.docs[0], st.docs[2]
	a1 := st.annotate(t, anna, d0, "anna", 0, 6, "PER")
	a2 := st.annotate(t, anna, d0, "anna", 7, 12, "CLAIM")
	st.annotate(t, anna, d2, "anna", 0, 6, "ORG")
	if err := anna.AddRelation(&annotate.Relation{DocumentID: d0.ID, Type: "disputes", From: a1.ID, To: a2.ID, Annotator: "anna"}); err != nil {
		t.Fatal(err)
	}
	if err := anna.SetSegmentLabel(&annotate.SegmentLabel{DocumentID: d0.ID, SegmentID: "c1", Label: "toxic", Annotator: "anna"}); err != nil {
		t.Fatal(err)
	}
	if err := anna.SetStatus(d0.ID, "anna", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := anna.SetStatus(d2.ID, "anna", annotate.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	annaLayer := layer(t, anna)
	anna.Close()

	rep, err := st.lead.MergePackage(context.Background(), st.files["anna"].Path)
	if err != nil {
		t.Fatal(err)
	}
	wantCounts := map[string]annotate.MergeCounts{
		"annotations": {Added: 3}, "relations": {Added: 1}, "segment labels": {Added: 1}, "statuses": {Added: 2},
	}
	gotCounts := map[string]annotate.MergeCounts{
		"annotations": rep.Annotations, "relations": rep.Relations, "segment labels": rep.SegmentLabels, "statuses": rep.Statuses,
	}
	for k, want := range wantCounts {
		if gotCounts[k] != want {
			t.Errorf("first merge: %s %+v, want %+v", k, gotCounts[k], want)
		}
	}
	if rep.Coder != "anna" || rep.Documents != 3 || len(rep.CodebookChanges) != 0 {
		t.Errorf("report = %+v", rep)
	}
	after := layer(t, st.lead)
	if !slices.Equal(ofAnnotator(after, "anna"), annaLayer) {
		t.Errorf("anna's layer in the lead project:\n%s\nwant\n%s", strings.Join(ofAnnotator(after, "anna"), "\n"), strings.Join(annaLayer, "\n"))
	}
	if !slices.Equal(ofAnnotator(after, "lead"), ofAnnotator(before, "lead")) {
		t.Errorf("the lead's own work changed")
	}

	again, err := st.lead.MergePackage(context.Background(), st.files["anna"].Path)
	if err != nil {
		t.Fatal(err)
	}
	if tot := again.Total(); tot.Added+tot.Changed+tot.Removed != 0 || tot.Unchanged != 7 {
		t.Errorf("second merge: %+v, want 7 unchanged and nothing else", tot)
	}
	if !slices.Equal(layer(t, st.lead), after) {
		t.Errorf("merging the same package again changed the project")
	}
}

func TestMergeOfALaterVersionUpdatesOnlyThatCodersLayer(t *testing.T) {
	st := newStudy(t)
	d0, d1 := st.docs[0], st.docs[1]
	ben := st.openPackage(t, "ben")
	bk := st.annotate(t, ben, d0, "ben", 0, 6, "PER")
	ben.Close()
	if _, err := st.lead.MergePackage(context.Background(), st.files["ben"].Path); err != nil {
		t.Fatal(err)
	}
	anna := st.openPackage(t, "anna")
	keep := st.annotate(t, anna, d0, "anna", 0, 6, "PER")
	edit := st.annotate(t, anna, d0, "anna", 7, 12, "PER")
	drop := st.annotate(t, anna, d1, "anna", 7, 12, "ORG")
	if err := anna.SetSegmentLabel(&annotate.SegmentLabel{DocumentID: d1.ID, SegmentID: "c2", Label: "on-topic", Annotator: "anna"}); err != nil {
		t.Fatal(err)
	}
	if err := anna.SetStatus(d0.ID, "anna", annotate.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	anna.Close()
	if _, err := st.lead.MergePackage(context.Background(), st.files["anna"].Path); err != nil {
		t.Fatal(err)
	}
	others := ofAnnotator(layer(t, st.lead), "ben")

	// The coder goes on working: one label changed, one span deleted, one
	// added, a comment label swapped in its exclusive set, the status done.
	anna = st.openPackage(t, "anna")
	edit.Label = "ORG"
	if err := anna.UpdateAnnotation(edit); err != nil {
		t.Fatal(err)
	}
	if err := anna.DeleteAnnotation(d1.ID, drop.ID); err != nil {
		t.Fatal(err)
	}
	st.annotate(t, anna, d1, "anna", 0, 6, "PER")
	if err := anna.SetSegmentLabel(&annotate.SegmentLabel{DocumentID: d1.ID, SegmentID: "c2", Label: "off-topic", Annotator: "anna"}); err != nil {
		t.Fatal(err)
	}
	if err := anna.SetStatus(d0.ID, "anna", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	annaLayer := layer(t, anna)
	anna.Close()

	rep, err := st.lead.MergePackage(context.Background(), st.files["anna"].Path)
	if err != nil {
		t.Fatal(err)
	}
	if want := (annotate.MergeCounts{Added: 1, Changed: 1, Removed: 1, Unchanged: 1}); rep.Annotations != want {
		t.Errorf("annotations %+v, want %+v", rep.Annotations, want)
	}
	if want := (annotate.MergeCounts{Added: 1, Removed: 1}); rep.SegmentLabels != want {
		t.Errorf("segment labels %+v, want %+v", rep.SegmentLabels, want)
	}
	if want := (annotate.MergeCounts{Changed: 1}); rep.Statuses != want {
		t.Errorf("statuses %+v, want %+v", rep.Statuses, want)
	}
	after := layer(t, st.lead)
	if !slices.Equal(ofAnnotator(after, "anna"), annaLayer) {
		t.Errorf("anna's layer:\n%s\nwant\n%s", strings.Join(ofAnnotator(after, "anna"), "\n"), strings.Join(annaLayer, "\n"))
	}
	if !slices.Equal(ofAnnotator(after, "ben"), others) || len(others) != 1 || !strings.Contains(others[0], bk.ID) {
		t.Errorf("ben's layer changed: %q, was %q", ofAnnotator(after, "ben"), others)
	}
	_ = keep
	summaries, _ := st.lead.Documents()
	for _, d := range summaries {
		anns, _ := st.lead.Annotations(d.ID)
		if d.Annotations != len(anns) {
			t.Errorf("document %s counts %d annotations, holds %d", d.ID, d.Annotations, len(anns))
		}
	}
	usage, err := storage.UsageCounts(st.lead)
	if err != nil {
		t.Fatal(err)
	}
	if usage["lPER"] != 3 || usage["lORG"] != 5 || usage["soff-topic"] != 1 || usage["son-topic"] != 0 {
		t.Errorf("usage counts after merging = %v", usage)
	}
}

func TestMakePackagesCancelledLeavesNoFilesAndRecordsNothing(t *testing.T) {
	st := newStudy(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "round2")
	plan := &annotate.PackagePlan{Coders: []string{"anna"}, Assignments: map[string][]string{"anna": {st.docs[0].ID}}}
	if _, err := st.lead.MakePackages(ctx, plan, dir); !errors.Is(err, context.Canceled) {
		t.Fatalf("MakePackages with a cancelled context = %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a cancelled MakePackages left %d files", len(entries))
	}
	if list, _ := st.lead.Packages(); len(list) != 2 {
		t.Errorf("the project records %d packages, want the 2 made before", len(list))
	}
}
