package agreement_test

import (
	"errors"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/agreement"
)

func goldSpans(t *testing.T, s annotate.Store, gold string) []annotate.Annotation {
	t.Helper()
	all, err := s.Annotations("d1")
	if err != nil {
		t.Fatal(err)
	}
	var out []annotate.Annotation
	for _, a := range all {
		if a.Annotator == gold {
			out = append(out, a)
		}
	}
	return out
}

func adjudicate(t *testing.T, s annotate.Store, gold string) *agreement.Adjudication {
	t.Helper()
	adj, err := agreement.Adjudicate(s, "d1", agreement.AdjudicationOptions{Gold: gold})
	if err != nil {
		t.Fatal(err)
	}
	return adj
}

func TestPlacesGroupOverlappingSpansOfAllCoders(t *testing.T) {
	s, _ := openStudy(t)
	codeTwoCoders(t, s)
	span(t, s, "ben", "c2", 0, 3, "ORG", nil)
	adj := adjudicate(t, s, "")
	if len(adj.Places) != 3 || adj.Left() != 3 {
		t.Fatalf("places %d, left %d: %+v", len(adj.Places), adj.Left(), adj.Places)
	}
	per, org, lone := adj.Places[0], adj.Places[1], adj.Places[2]
	if !per.Agreed || len(per.Versions) != 2 || per.Start != 0 || per.End != 13 {
		t.Errorf("person place: %+v", per)
	}
	if org.Agreed || org.Start != 18 || org.End != 32 || len(org.Versions) != 2 {
		t.Errorf("organisation place: %+v", org)
	}
	if lone.Agreed || len(lone.Versions) != 1 || lone.Versions[0].Coder != "ben" || len(lone.Silent) != 1 || lone.Silent[0] != "anna" {
		t.Errorf("ben's lone place: %+v", lone)
	}
}

func TestAcceptAgreedIsOneUndoableStep(t *testing.T) {
	s, _ := openStudy(t)
	codeTwoCoders(t, s)
	change, n, err := agreement.NewAcceptAgreed(s, []string{"d1"}, agreement.AdjudicationOptions{})
	if err != nil || n != 1 || change == nil {
		t.Fatalf("accept agreed: %v, %d places, change %v", err, n, change)
	}
	var h annotate.History
	if err := h.Do(s, change); err != nil {
		t.Fatal(err)
	}
	gold := goldSpans(t, s, "gold")
	if len(gold) != 1 || gold[0].Start != 0 || gold[0].End != 13 || gold[0].Label != "PER" || gold[0].Quote.Exact != "Angela Merkel" {
		t.Fatalf("gold layer: %+v", gold)
	}
	if left := adjudicate(t, s, "gold").Left(); left != 1 {
		t.Errorf("left = %d, want 1", left)
	}
	// Accepting again finds nothing new.
	if _, n, _ := agreement.NewAcceptAgreed(s, []string{"d1"}, agreement.AdjudicationOptions{}); n != 0 {
		t.Errorf("second accept found %d places", n)
	}
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	if gold := goldSpans(t, s, "gold"); len(gold) != 0 {
		t.Errorf("after undo the gold layer has %+v", gold)
	}
	if left := adjudicate(t, s, "gold").Left(); left != 2 {
		t.Errorf("left after undo = %d, want 2", left)
	}
}

func TestAcceptingAVersionReplacesWhatTheFinalLayerHadThere(t *testing.T) {
	s, _ := openStudy(t)
	codeTwoCoders(t, s)
	org := adjudicate(t, s, "final").Places[1]
	var h annotate.History
	for _, coder := range []string{"anna", "ben"} {
		c, err := agreement.NewAccept(&org, coder, "final")
		if err != nil {
			t.Fatal(err)
		}
		if err := h.Do(s, c); err != nil {
			t.Fatal(err)
		}
		org = adjudicate(t, s, "final").Places[1]
	}
	gold := goldSpans(t, s, "final")
	if len(gold) != 1 || gold[0].End != 32 || gold[0].Annotator != "final" {
		t.Fatalf("final layer: %+v", gold)
	}
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	if gold := goldSpans(t, s, "final"); len(gold) != 1 || gold[0].End != 25 {
		t.Errorf("after undo: %+v, want anna's version", gold)
	}
	if _, err := agreement.NewAccept(&org, "cara", "final"); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("accepting a coder without a version: %v", err)
	}
}

func TestRejectingAPlaceSettlesItAndUndoBringsItBack(t *testing.T) {
	s, _ := openStudy(t)
	codeTwoCoders(t, s)
	org := adjudicate(t, s, "gold").Places[1]
	var h annotate.History
	if err := h.Do(s, agreement.NewReject(&org, "gold")); err != nil {
		t.Fatal(err)
	}
	adj := adjudicate(t, s, "gold")
	if !adj.Places[1].Rejected || adj.Left() != 1 {
		t.Errorf("after reject: rejected %v, left %d", adj.Places[1].Rejected, adj.Left())
	}
	// Another final layer has its own decisions.
	if adjudicate(t, s, "other").Left() != 2 {
		t.Errorf("a rejection for gold settled a place of another final layer")
	}
	if _, err := h.Undo(s); err != nil {
		t.Fatal(err)
	}
	if adj := adjudicate(t, s, "gold"); adj.Places[1].Rejected || adj.Left() != 2 {
		t.Errorf("after undo: rejected %v, left %d", adj.Places[1].Rejected, adj.Left())
	}
}
