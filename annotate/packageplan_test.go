package annotate

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func docIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("d%03d", i)
	}
	return ids
}

func TestPlanPackagesGivesEveryCoderTheSampleAndDealsTheRest(t *testing.T) {
	tests := []struct {
		name      string
		opts      PackageOptions
		sample    int
		perCoder  []int
		unusedMax int
	}{
		{"share of all, rest shared out", PackageOptions{Coders: []string{"anna", "ben", "cem"}, Documents: docIDs(100), SampleShare: 0.2}, 20, []int{47, 47, 46}, 0},
		{"count and documents per coder", PackageOptions{Coders: []string{"anna", "ben", "cem"}, Documents: docIDs(100), SampleCount: 5, PerCoder: 10}, 5, []int{10, 10, 10}, 100 - 5 - 15},
		{"no overlap", PackageOptions{Coders: []string{"anna", "ben"}, Documents: docIDs(5)}, 0, []int{3, 2}, 0},
		{"everything overlaps", PackageOptions{Coders: []string{"anna", "ben"}, Documents: docIDs(4), SampleShare: 1}, 4, []int{4, 4}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Seed = 42
			plan, err := PlanPackages(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Sample) != tt.sample {
				t.Errorf("sample of %d, want %d", len(plan.Sample), tt.sample)
			}
			used := map[string]int{}
			for i, c := range tt.opts.Coders {
				docs := plan.Assignments[c]
				if len(docs) != tt.perCoder[i] {
					t.Errorf("%s gets %d documents, want %d", c, len(docs), tt.perCoder[i])
				}
				for _, id := range plan.Sample {
					if !slices.Contains(docs, id) {
						t.Errorf("%s lacks sample document %s", c, id)
					}
				}
				if !slices.IsSorted(docs) {
					t.Errorf("%s's documents are not in project order: %v", c, docs)
				}
				for _, id := range docs {
					used[id]++
				}
			}
			for id, n := range used {
				if n > 1 && !slices.Contains(plan.Sample, id) {
					t.Errorf("document %s outside the sample goes to %d coders", id, n)
				}
			}
			if unused := len(tt.opts.Documents) - len(used); unused != tt.unusedMax {
				t.Errorf("%d documents unused, want %d", unused, tt.unusedMax)
			}
		})
	}
}

func TestPlanPackagesDependsOnTheSeedOnly(t *testing.T) {
	opts := PackageOptions{Coders: []string{"anna", "ben"}, Documents: docIDs(50), SampleCount: 10, Seed: 7}
	a, _ := PlanPackages(opts)
	b, _ := PlanPackages(opts)
	if !slices.Equal(a.Sample, b.Sample) || !slices.Equal(a.Assignments["ben"], b.Assignments["ben"]) {
		t.Errorf("the same seed drew two plans")
	}
	opts.Seed = 8
	c, _ := PlanPackages(opts)
	if slices.Equal(a.Sample, c.Sample) {
		t.Errorf("seeds 7 and 8 drew the same sample %v", a.Sample)
	}
}

func TestPlanPackagesRefusesImpossibleOptions(t *testing.T) {
	tests := []struct {
		name string
		opts PackageOptions
	}{
		{"no coders", PackageOptions{Documents: docIDs(3)}},
		{"coder twice", PackageOptions{Coders: []string{"a", "a"}, Documents: docIDs(3)}},
		{"empty coder", PackageOptions{Coders: []string{" "}, Documents: docIDs(3)}},
		{"no documents", PackageOptions{Coders: []string{"a"}}},
		{"share above one", PackageOptions{Coders: []string{"a"}, Documents: docIDs(3), SampleShare: 1.5}},
		{"sample larger than pool", PackageOptions{Coders: []string{"a"}, Documents: docIDs(3), SampleCount: 4}},
		{"per coder below sample", PackageOptions{Coders: []string{"a"}, Documents: docIDs(9), SampleCount: 4, PerCoder: 3}},
		{"not enough documents", PackageOptions{Coders: []string{"a", "b"}, Documents: docIDs(9), SampleCount: 1, PerCoder: 6}},
		{"document twice", PackageOptions{Coders: []string{"a"}, Documents: []string{"x", "x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := PlanPackages(tt.opts); !errors.Is(err, ErrInvalid) {
				t.Errorf("PlanPackages = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestProgressCountsAssignedDocumentsPerCoder(t *testing.T) {
	docs := []DocumentSummary{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	packages := []PackageInfo{
		{Coder: "ben", Documents: []string{"a", "b"}},
		{Coder: "anna", Documents: []string{"b", "c", "gone"}},
		{Coder: "ben", Documents: []string{"c"}},
	}
	statuses := []DocStatus{
		{DocumentID: "a", Annotator: "ben", Status: StatusDone},
		{DocumentID: "c", Annotator: "ben", Status: StatusInProgress},
		{DocumentID: "b", Annotator: "anna", Status: StatusDone},
		{DocumentID: "a", Annotator: "lead", Status: StatusDone},
	}
	got := Progress(docs, packages, statuses)
	want := []CoderProgress{
		{Coder: "anna", Assigned: 2, Done: 1, NotStarted: 1},
		{Coder: "ben", Assigned: 3, Done: 1, InProgress: 1, NotStarted: 1},
		{Coder: "lead", Assigned: 3, Done: 1, NotStarted: 2},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Progress = %+v\nwant %+v", got, want)
	}
}
