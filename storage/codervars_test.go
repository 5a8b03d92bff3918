package storage_test

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/agreement"
	"github.com/newsmark/newsmark/storage"
)

// A coder codes a document variable (the topic, a yes/no) in the package;
// the merge keeps each coder's values apart from the project's own, so the
// agreement can compare them.
func TestMergeKeepsEachCodersVariablesForAgreement(t *testing.T) {
	lead, _ := openStore(t)
	cb := testCodebook()
	cb.Variables = []annotate.VariableDef{
		{ID: "topic", Name: "Topic", Type: annotate.VarChoice, Values: []string{"politics", "economy", "sport"}},
		{ID: "relevant", Name: "Relevant", Type: annotate.VarBoolean},
	}
	if err := lead.SetCodebook(cb); err != nil {
		t.Fatal(err)
	}
	var docs []*annotate.Document
	for _, title := range []string{"Wahl", "Haushalt", "Derby", "Streik"} {
		docs = append(docs, testDocument(t, title, 2))
	}
	if err := lead.AddDocuments(docs...); err != nil {
		t.Fatal(err)
	}
	ids := []string{docs[0].ID, docs[1].ID, docs[2].ID, docs[3].ID}
	if err := lead.SetDocumentVariables(docs[0].ID, map[string]string{"topic": "economy"}); err != nil {
		t.Fatal(err)
	}
	plan := &annotate.PackagePlan{Seed: 3, Sample: ids, Coders: []string{"anna", "ben"},
		Assignments: map[string][]string{"anna": ids, "ben": ids}}
	files, err := lead.MakePackages(context.Background(), plan, filepath.Join(t.TempDir(), "packages"))
	if err != nil {
		t.Fatal(err)
	}
	coded := map[string][]string{
		"anna": {"politics", "economy", "sport", "economy"},
		"ben":  {"politics", "economy", "sport", "politics"},
	}
	for _, f := range files {
		s, err := storage.Open(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range docs {
			if err := s.SetDocumentVariables(d.ID, map[string]string{"topic": coded[f.Info.Coder][i], "relevant": "true"}); err != nil {
				t.Fatal(err)
			}
			if err := s.SetStatus(d.ID, f.Info.Coder, annotate.StatusDone); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
		rep, err := lead.MergePackage(context.Background(), f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Variables != (annotate.MergeCounts{Added: 4}) {
			t.Errorf("%s: variables merged %+v, want 4 added", f.Info.Coder, rep.Variables)
		}
		again, err := lead.MergePackage(context.Background(), f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if again.Variables != (annotate.MergeCounts{Unchanged: 4}) {
			t.Errorf("%s: merged again %+v, want 4 unchanged", f.Info.Coder, again.Variables)
		}
	}
	got, err := lead.CoderVariables(docs[3].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got["anna"]["topic"] != "economy" || got["ben"]["topic"] != "politics" || len(got) != 2 {
		t.Errorf("coders' values of the last document: %v", got)
	}
	// The project's own value stays the lead's.
	d0, err := lead.Document(docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if d0.Variables["topic"] != "economy" || len(d0.Variables) != 1 {
		t.Errorf("the project's values changed: %v", d0.Variables)
	}

	rep, err := agreement.Compute(lead, agreement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var topic *agreement.ValueRow
	for i := range rep.Values {
		if rep.Values[i].Kind == agreement.RowVariable && rep.Values[i].ID == "topic" {
			topic = &rep.Values[i]
		}
	}
	if topic == nil {
		t.Fatalf("no agreement row for the variable topic: %+v", rep.Values)
	}
	// Two coders agree on 3 of 4 documents (anna p e s e, ben p e s p).
	// Krippendorff's nominal alpha from the coincidence matrix: n = 8 values,
	// n_p = 3, n_e = 3, n_s = 2, and the one disagreeing unit gives o_ep =
	// o_pe = 1; alpha = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k
	// = 1 − 7·2 / (64 − 9 − 9 − 4) = 1 − 14/42 = 0.667.
	if f := topic.Alpha; f.Reason != "" || math.Abs(f.Value-2.0/3) > 0.0005 || f.Units != 4 || f.Coders != 2 {
		t.Errorf("alpha of topic = %+v, want 0.667 on 4 documents by 2 coders", f)
	}
}
