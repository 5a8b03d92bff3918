package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

func TestThePackageFormReadsSharesCountsAndSeeds(t *testing.T) {
	docs := []string{"a", "b", "c"}
	cases := []struct {
		name    string
		form    packageForm
		want    annotate.PackageOptions
		wantErr string
	}{
		{"share", packageForm{Coders: "anna, bernd carl", Sample: "20%", Seed: "7"}, annotate.PackageOptions{Coders: []string{"anna", "bernd", "carl"}, SampleShare: 0.2, Seed: 7}, ""},
		{"German decimal share", packageForm{Coders: "anna;bernd", Sample: "12,5 %", Seed: "1"}, annotate.PackageOptions{Coders: []string{"anna", "bernd"}, SampleShare: 0.125, Seed: 1}, ""},
		{"count and per coder", packageForm{Coders: "anna\nbernd", PerCoder: "2", Sample: "1", Seed: "42"}, annotate.PackageOptions{Coders: []string{"anna", "bernd"}, PerCoder: 2, SampleCount: 1, Seed: 42}, ""},
		{"no sample", packageForm{Coders: "anna", Seed: "3"}, annotate.PackageOptions{Coders: []string{"anna"}, Seed: 3}, ""},
		{"no coder", packageForm{Coders: " , ", Seed: "3"}, annotate.PackageOptions{}, "name at least one coder"},
		{"bad share", packageForm{Coders: "anna", Sample: "120%", Seed: "3"}, annotate.PackageOptions{}, "is not a share"},
		{"bad count", packageForm{Coders: "anna", Sample: "ten", Seed: "3"}, annotate.PackageOptions{}, "neither a share"},
		{"bad seed", packageForm{Coders: "anna", Seed: "x"}, annotate.PackageOptions{}, "seed"},
		{"bad per coder", packageForm{Coders: "anna", PerCoder: "-1", Seed: "3"}, annotate.PackageOptions{}, "documents per coder"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parsePackageForm(c.form, docs)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c.want.Documents = docs
			if strings.Join(got.Coders, ",") != strings.Join(c.want.Coders, ",") || got.PerCoder != c.want.PerCoder ||
				got.SampleShare != c.want.SampleShare || got.SampleCount != c.want.SampleCount || got.Seed != c.want.Seed || len(got.Documents) != 3 {
				t.Errorf("options %+v, want %+v", got, c.want)
			}
		})
	}
}

// TestACoderPackageGoesOutAndComesBack makes packages in the lead's desk,
// codes in bernd's package in a window of its own, and merges it back.
func TestACoderPackageGoesOutAndComesBack(t *testing.T) {
	w, lead := newDesk(t) // anna leads
	addDocument(t, w, lead, "Second")
	addDocument(t, w, lead, "Third")
	// carl's earlier work in the lead project, which bernd must not see.
	start := offsetOf(t, w, "s4", "Elif Demir")
	if err := lead.AddAnnotation(&annotate.Annotation{DocumentID: w.doc.ID, SegmentID: "s4", Start: start, End: start + 10, Label: "PER", Annotator: "carl"}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range w.docs.all {
		ids = append(ids, d.ID)
	}
	opts, err := parsePackageForm(packageForm{Coders: "bernd, carl", Sample: "3", Seed: "11"}, ids)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "packages")
	var files []annotate.PackageFile
	w.makePackages(opts, dir, func(f []annotate.PackageFile, err error) {
		if err != nil {
			t.Errorf("make packages: %v", err)
		}
		files = f
	})
	w.background.Wait()
	if len(files) != 2 {
		t.Fatalf("%d packages, want one for bernd and one for carl", len(files))
	}
	bernd := filepath.Join(dir, "bernd.newsmark.db")
	if _, err := os.Stat(bernd); err != nil {
		t.Fatal(err)
	}

	// bernd opens his package: he is the annotator, sees nothing of carl's,
	// codes a name and marks the document done.
	pkg, err := storage.Open(bernd)
	if err != nil {
		t.Fatal(err)
	}
	pw := NewWindow(test.NewTempApp(t), pkg, "bernd.newsmark.db", Options{Annotator: "someone-else"})
	pw.win.Resize(fyne.NewSize(1400, 860))
	if pw.Annotator() != "bernd" || !strings.Contains(pw.who.Text, "bernd") {
		t.Errorf("the package's desk codes as %q (%q), want bernd", pw.Annotator(), pw.who.Text)
	}
	pw.askAnnotator()
	if pw.topModal() != nil || pw.Annotator() != "bernd" {
		t.Error("the annotator of a package can be changed")
	}
	pw.OpenDocument(w.doc.ID)
	if got := highlighted(pw, "s4"); len(got) != 0 {
		t.Errorf("bernd's package highlights %q", got)
	}
	if len(pw.otherCoders()) != 0 {
		t.Errorf("bernd's package knows other coders %v", pw.otherCoders())
	}
	selectText(t, pw, "s5", "Markus Brandt")
	pw.Tag("PER")
	pw.SetDocumentStatus(annotate.StatusDone)
	pw.win.Close()
	pkg.Close()

	// The lead merges it, twice, and a file that is not a package.
	var results []mergeResult
	collect := func(r []mergeResult) { results = r }
	w.mergePackages([]string{bernd}, collect)
	w.background.Wait()
	if len(results) != 1 || results[0].Err != nil {
		t.Fatalf("merge: %+v", results)
	}
	if got := results[0].Report.Annotations.Added; got != 1 {
		t.Errorf("the merge added %d annotations, want bernd's one", got)
	}
	if !strings.Contains(w.study.mergeReport, "✓ bernd.newsmark.db: bernd’s work in") {
		t.Errorf("merge report:\n%s", w.study.mergeReport)
	}
	if got := annotate.StatusOf(w.study.statuses, w.doc.ID, "bernd"); got != annotate.StatusDone {
		t.Errorf("bernd's status in the lead project after the merge = %q", got)
	}
	w.mergePackages([]string{bernd}, collect)
	w.background.Wait()
	if !strings.Contains(w.study.mergeReport, "nothing new") {
		t.Errorf("merging the same package again says:\n%s", w.study.mergeReport)
	}
	before := strings.Join(storedAnnotations(t, lead, w.doc.ID), "\n")
	notPackage := filepath.Join(t.TempDir(), "notes.newsmark.db")
	if err := os.WriteFile(notPackage, []byte("not a project"), 0o600); err != nil {
		t.Fatal(err)
	}
	w.mergePackages([]string{notPackage}, collect)
	w.background.Wait()
	if results[0].Err == nil || !strings.Contains(w.study.mergeReport, "✗ notes.newsmark.db") {
		t.Errorf("a file that is not a package: %v\n%s", results[0].Err, w.study.mergeReport)
	}
	if after := strings.Join(storedAnnotations(t, lead, w.doc.ID), "\n"); after != before {
		t.Errorf("a refused merge changed the project:\n%s\nwas:\n%s", after, before)
	}
	// The lead's desk shows bernd's work only when asked.
	w.OpenDocument(w.doc.ID)
	if got := highlighted(w, "s5"); len(got) != 0 {
		t.Errorf("the lead's desk shows %q of bernd's before choosing him", got)
	}
	w.showCoder("bernd", true)
	if got := highlighted(w, "s5"); len(got) != 1 || got[0] != "Person (bernd)" {
		t.Errorf("the lead's desk shows %q after choosing bernd", got)
	}
}
