package annotate

import (
	"slices"
	"strings"
)

// CoderProgress is how far one coder has got with the documents assigned to
// them.
type CoderProgress struct {
	Coder                        string
	Assigned                     int
	Done, InProgress, NotStarted int
}

// Progress counts, per coder, the assigned documents that are done, in
// progress and not started. A coder's assigned documents are those of the
// packages made for them; a coder with statuses but no package (one who
// codes in the project itself) is counted against every document. Coders
// come sorted by name. A document that is no longer in the project is not
// counted.
func Progress(docs []DocumentSummary, packages []PackageInfo, statuses []DocStatus) []CoderProgress {
	inProject := make(map[string]bool, len(docs))
	all := make([]string, 0, len(docs))
	for _, d := range docs {
		inProject[d.ID] = true
		all = append(all, d.ID)
	}
	assigned := map[string]map[string]bool{}
	var coders []string
	for _, p := range packages {
		set, ok := assigned[p.Coder]
		if !ok {
			set = map[string]bool{}
			assigned[p.Coder] = set
			coders = append(coders, p.Coder)
		}
		for _, id := range p.Documents {
			if inProject[id] {
				set[id] = true
			}
		}
	}
	status := map[string]map[string]Status{}
	var loose []string
	for _, s := range statuses {
		if status[s.Annotator] == nil {
			status[s.Annotator] = map[string]Status{}
			if _, ok := assigned[s.Annotator]; !ok {
				loose = append(loose, s.Annotator)
			}
		}
		status[s.Annotator][s.DocumentID] = s.Status
	}
	slices.Sort(coders)
	slices.Sort(loose)
	out := make([]CoderProgress, 0, len(coders)+len(loose))
	count := func(coder string, ids []string) CoderProgress {
		p := CoderProgress{Coder: coder}
		for _, id := range ids {
			p.Assigned++
			switch status[coder][id] {
			case StatusDone:
				p.Done++
			case StatusInProgress:
				p.InProgress++
			default:
				p.NotStarted++
			}
		}
		return p
	}
	for _, c := range coders {
		var ids []string
		for _, id := range all {
			if assigned[c][id] {
				ids = append(ids, id)
			}
		}
		out = append(out, count(c, ids))
	}
	for _, c := range loose {
		out = append(out, count(c, all))
	}
	slices.SortFunc(out, func(a, b CoderProgress) int { return strings.Compare(a.Coder, b.Coder) })
	return out
}
