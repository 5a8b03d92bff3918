package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

func TestMergeFollowsLabelsTheCodebookMovedSinceThePackageWasMade(t *testing.T) {
	st := newStudy(t)
	d0 := st.docs[0]
	anna := st.openPackage(t, "anna")
	pol := st.annotate(t, anna, d0, "anna", 0, 6, "POL")
	org := st.annotate(t, anna, d0, "anna", 7, 12, "ORG")
	claim := st.annotate(t, anna, d0, "anna", 13, 20, "CLAIM")
	if err := anna.AddRelation(&annotate.Relation{DocumentID: d0.ID, Type: "same-as", From: claim.ID, To: org.ID, Annotator: "anna"}); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"toxic", "off-topic"} {
		if err := anna.SetSegmentLabel(&annotate.SegmentLabel{DocumentID: d0.ID, SegmentID: "c1", Label: l, Annotator: "anna"}); err != nil {
			t.Fatal(err)
		}
	}
	anna.Close()

	// Meanwhile the lead merges POL into PER, gives ORG the id ORGA, merges
	// the comment label toxic into constructive and deletes CLAIM with its
	// annotations, each an undoable change that the codebook log keeps.
	var h annotate.History
	edit := func(make func(cb *annotate.Codebook) (*annotate.EditCodebook, error)) {
		t.Helper()
		cb, err := st.lead.Codebook()
		if err != nil {
			t.Fatal(err)
		}
		c, err := make(cb)
		if err != nil {
			t.Fatal(err)
		}
		if err := h.Do(st.lead, c); err != nil {
			t.Fatal(err)
		}
	}
	edit(func(cb *annotate.Codebook) (*annotate.EditCodebook, error) {
		return annotate.NewMergeLabels(cb, "POL", "PER")
	})
	edit(func(cb *annotate.Codebook) (*annotate.EditCodebook, error) {
		return annotate.NewRenameLabel(cb, "ORG", "ORGA", "Organisation (any)")
	})
	edit(func(cb *annotate.Codebook) (*annotate.EditCodebook, error) {
		return annotate.NewMergeLabels(cb, "toxic", "constructive")
	})
	edit(func(cb *annotate.Codebook) (*annotate.EditCodebook, error) {
		return annotate.NewDeleteLabel(cb, "CLAIM", "")
	})

	rep, err := st.lead.MergePackage(context.Background(), st.files["anna"].Path)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Relabelled != 3 || rep.LeftOut != 2 {
		t.Errorf("relabelled %d, left out %d; want 3 (POL, ORG, toxic) and 2 (the CLAIM span and its relation)", rep.Relabelled, rep.LeftOut)
	}
	changes := strings.Join(rep.CodebookChanges, "; ")
	for _, want := range []string{"label POL became PER", "label ORG became ORGA", "comment label toxic was merged into constructive", "label CLAIM (Claim) was deleted"} {
		if !strings.Contains(changes, want) {
			t.Errorf("codebook changes %q lack %q", changes, want)
		}
	}
	got := map[string]string{}
	anns, _ := st.lead.Annotations(d0.ID)
	for _, a := range anns {
		if a.Annotator == "anna" {
			got[a.ID] = a.Label
		}
	}
	if len(got) != 2 || got[pol.ID] != "PER" || got[org.ID] != "ORGA" {
		t.Errorf("anna's spans in the project: %v; want the POL span as PER, the ORG span as ORGA, no CLAIM", got)
	}
	labels, _ := st.lead.SegmentLabels(d0.ID)
	var annas []string
	for _, l := range labels {
		if l.Annotator == "anna" {
			annas = append(annas, l.Label)
		}
	}
	if strings.Join(annas, ",") != "off-topic,constructive" && strings.Join(annas, ",") != "constructive,off-topic" {
		t.Errorf("anna's comment labels: %v", annas)
	}
	// Merging again still changes nothing.
	again, err := st.lead.MergePackage(context.Background(), st.files["anna"].Path)
	if err != nil {
		t.Fatal(err)
	}
	if tot := again.Total(); tot.Added+tot.Changed+tot.Removed != 0 {
		t.Errorf("second merge after the codebook changes: %+v", tot)
	}
}
