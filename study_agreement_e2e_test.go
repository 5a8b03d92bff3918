package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// TestStudyFromPackagesToTheGoldLayer runs issue 10's study end to end
// through the command line: packages for three coders with an overlap
// sample, coding in each package, merging back (twice), agreement with the
// figures computed by hand below, accepting every agreed span, settling
// the disagreements one by one, and exporting the gold layer.
func TestStudyFromPackagesToTheGoldLayer(t *testing.T) {
	s := startStudy(t, 6)
	s.makePackages("--coder", "anna,ben,cem", "--overlap", "2", "--seed", "7")
	if len(s.sample) != 2 {
		t.Fatalf("sample %v", s.sample)
	}
	// Everyone tags the minister as PER; anna and ben tag Berlin as LOC,
	// cem as ORG. Comment stance: c1 "disagrees" from all three; c2
	// "agrees" from anna and ben, "neutral" from cem.
	for _, coder := range []string{"anna", "ben", "cem"} {
		s.code(coder, func(store *storage.Store, doc *annotate.Document, inSample bool) {
			span(t, store, doc, "Anna Muster", "PER", coder)
			if !inSample {
				return
			}
			label, c2 := "LOC", "agrees"
			if coder == "cem" {
				label, c2 = "ORG", "neutral"
			}
			span(t, store, doc, "Berlin", label, coder)
			for seg, l := range map[string]string{"c1": "disagrees", "c2": c2} {
				if err := store.SetSegmentLabel(&annotate.SegmentLabel{DocumentID: doc.ID, SegmentID: seg, Label: l, Annotator: coder}); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	packages := []string{"--db", s.lead, "merge", s.packages["anna"], s.packages["ben"], s.packages["cem"]}
	s.cli(0, packages...)
	if out, _ := s.cli(0, packages...); strings.Count(out, "): 0 added, 0 changed, 0 removed") != 3 {
		t.Fatalf("merging again changed something:\n%s", out)
	}

	out, _ := s.cli(0, "--db", s.lead, "agreement", "--format", "json", "--draws", "200", "--seed", "3")
	// The report as JSON, read as a script would.
	var raw struct {
		Coders    []string
		Documents []string
		Seed      int64
		Draws     int
		Spans     []struct {
			Label  string
			AlphaU struct {
				Value  *float64
				Units  int
				Coders int
			} `json:"alpha_u"`
			F1 []struct {
				A, B  string
				Exact struct{ Value *float64 }
			}
		}
		Values []struct {
			ID     string
			Alpha  struct{ Value, Low, High *float64 }
			Fleiss struct{ Value *float64 }
			Cohen  []struct {
				A, B  string
				Kappa struct{ Value *float64 }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	// Only the two sample documents were coded by two or more coders.
	if len(raw.Documents) != 2 || strings.Join(raw.Coders, ",") != "anna,ben,cem" || raw.Seed != 3 || raw.Draws != 200 {
		t.Fatalf("documents %v, coders %v, seed %d, draws %d", raw.Documents, raw.Coders, raw.Seed, raw.Draws)
	}
	is := func(what string, got *float64, want float64) {
		t.Helper()
		if got == nil || math.Abs(*got-want) > 0.0005 {
			t.Errorf("%s = %v, want %.3f", what, got, want)
		}
	}
	for _, row := range raw.Spans {
		if row.Label == "PER" {
			is("αu(PER)", row.AlphaU.Value, 1)
		}
		if row.Label != "" {
			continue
		}
		// Over all labels, exact match: anna and ben agree on all 4 spans;
		// with cem, the 2 PER spans of 4 each match: 2·2/8.
		want := map[string]float64{"anna-ben": 1, "anna-cem": 0.5, "ben-cem": 0.5}
		for _, p := range row.F1 {
			is("F1 "+p.A+"-"+p.B, p.Exact.Value, want[p.A+"-"+p.B])
		}
		if row.AlphaU.Units != 2 || row.AlphaU.Coders != 3 {
			t.Errorf("αu rests on %d units, %d coders; want 2, 3", row.AlphaU.Units, row.AlphaU.Coders)
		}
	}
	found := false
	for _, row := range raw.Values {
		if row.ID != "stance" {
			continue
		}
		found = true
		// Units c1, c2 of two documents: (D,D,D) twice, (A,A,N) twice.
		// Coincidences: o(D,D) = 6, o(A,A) = 2, o(A,N) = o(N,A) = 2; n_D = 6,
		// n_A = 4, n_N = 2, n = 12. α = 1 − 11·4 / (2·(24 + 12 + 8)) = .5.
		is("alpha(stance)", row.Alpha.Value, 0.5)
		if row.Alpha.Low == nil || row.Alpha.High == nil {
			t.Errorf("alpha(stance) has no interval")
		}
		// Fleiss: P̄ = (1 + 1 + 1/3 + 1/3)/4 = 2/3, P̄_e = 1/4 + 1/9 + 1/36 =
		// 14/36, κ = (2/3 − 14/36)/(1 − 14/36) = 5/11.
		is("fleiss(stance)", row.Fleiss.Value, 5.0/11)
		// Cohen anna–ben: always alike, κ = 1; anna–cem: p_o = 1/2,
		// p_e = 1/4, κ = 1/3.
		for _, c := range row.Cohen {
			switch c.A + "-" + c.B {
			case "anna-ben":
				is("cohen anna-ben", c.Kappa.Value, 1)
			case "anna-cem", "ben-cem":
				is("cohen "+c.A+"-"+c.B, c.Kappa.Value, 1.0/3)
			}
		}
	}
	if !found {
		t.Errorf("no stance row:\n%s", out)
	}

	// Adjudication: the minister is agreed in both sample documents.
	out, _ = s.cli(0, "--db", s.lead, "adjudicate", "--accept-agreed")
	if !strings.Contains(out, "accepted 2 places all coders agree on into gold") || !strings.Contains(out, "2 documents, 4 places, 2 left to settle") {
		t.Fatalf("accept agreed:\n%s", out)
	}
	berlin := regexp.MustCompile(`(?m)^(\S+)\s+\S+\s+\S+\s+open\s+anna\s+(\S+)\s+LOC\s+"Berlin"$`).FindAllStringSubmatch(out, -1)
	if len(berlin) != 2 {
		t.Fatalf("anna's open Berlin places: %v\n%s", berlin, out)
	}
	out, _ = s.cli(0, "--db", s.lead, "adjudicate", "--accept", berlin[0][2])
	if !strings.Contains(out, "accepted anna's version") || !strings.Contains(out, "1 left to settle") {
		t.Fatalf("accept anna's Berlin:\n%s", out)
	}
	out, _ = s.cli(0, "--db", s.lead, "adjudicate", "--reject", berlin[1][2])
	if !strings.Contains(out, "0 left to settle") {
		t.Fatalf("reject the other Berlin:\n%s", out)
	}

	// The gold layer exports like any coder's: the two ministers and one
	// Berlin.
	path := filepath.Join(s.dir, "gold.csv")
	s.cli(0, "--db", s.lead, "export", "--format", "csv", "--annotator", "gold", "-o", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, row := range rows[1:] {
		if row[7] != "gold" {
			t.Errorf("gold export has %s's span: %v", row[7], row)
		}
		got[row[8]+" "+row[15]]++
	}
	if got["PER Anna Muster"] != 2 || got["LOC Berlin"] != 1 || len(got) != 2 {
		t.Errorf("gold export: %v", got)
	}
}
