package interchange

import (
	"testing"

	"github.com/newsmark/newsmark/annotate"
)

func TestLabelMapperPrefersIdThenNameThenAliasThenAddsAValidLabel(t *testing.T) {
	cb := sampleCodebook()
	cb.Labels[2].Name = "Ort" // LOC: so LOCATION can only match by alias
	m := newLabelMapper(cb)
	tests := []struct {
		foreign, want, how string
		added              bool
	}{
		{"PER", "PER", "same id", false},
		{"person", "PER", "same name", false},
		{"LOCATION", "LOC", "alias", false},
		{"Date", "Date", "new", true},
		{"Merge org", "Merge_org", "new", true},
		{"disputes", "disputes_2", "new", true}, // the id is taken by a relation type
	}
	for _, tt := range tests {
		if got := m.span(tt.foreign, nil); got != tt.want {
			t.Errorf("span(%q) = %q, want %q", tt.foreign, got, tt.want)
		}
		last := m.maps[len(m.maps)-1]
		if last.How != tt.how || last.Added != tt.added {
			t.Errorf("span(%q) mapping %+v, want how %q added %v", tt.foreign, last, tt.how, tt.added)
		}
	}
	m.span("Date", nil)
	if m.maps[3].Count != 2 {
		t.Errorf("Date count %d, want 2", m.maps[3].Count)
	}
	added := m.codebook()
	merged := *cb
	merged.Labels = append(append([]annotate.Label{}, cb.Labels...), added.Labels...)
	if err := merged.Validate(); err != nil {
		t.Errorf("codebook with the added labels is invalid: %v", err)
	}
}

func TestImportedSpanMissingARequiredAttributeIsReportedNotFatal(t *testing.T) {
	cb := sampleCodebook()
	claim, _ := cb.Label("CLAIM")
	claim.Attributes[0].Required = true // stance
	store := newMemStore(cb)
	res, err := importBytes(t, store, "claims.jsonl", []byte(`{"text":"Die Stadt plant Radwege. Anna sagt das.","label":[[0,23,"CLAIM"],[25,29,"PER"]]}`))
	if err != nil {
		t.Fatal(err)
	}
	if res.Store.AnnotationsAdded != 1 || !containsSub(res.Decode.Skipped, "attribute stance needs a value") {
		t.Errorf("added %d spans; skipped %q", res.Store.AnnotationsAdded, res.Decode.Skipped)
	}
}

func TestCarriedLabelDefinitionsAreCheckedBeforeTheyReachTheCodebook(t *testing.T) {
	m := newLabelMapper(nil)
	m.span("A", &annotate.Label{ID: "A", Parent: "B", Color: "red", Attributes: []annotate.AttributeDef{{Name: ""}, {Name: "x"}, {Name: "x"}}})
	m.span("B", &annotate.Label{ID: "B", Parent: "A", Color: "#123456"})
	m.span("C", &annotate.Label{ID: "C", Parent: "nowhere"})
	cb := m.codebook()
	if err := cb.Validate(); err != nil {
		t.Fatalf("added codebook invalid: %v", err)
	}
	a, _ := cb.Label("A")
	if len(a.Attributes) != 1 || a.Color == "red" {
		t.Errorf("label A added as %+v", a)
	}
	if c, _ := cb.Label("C"); c.Parent != "" {
		t.Errorf("C keeps an unknown parent %q", c.Parent)
	}
}
