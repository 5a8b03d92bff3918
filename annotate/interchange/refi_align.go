package interchange

import (
	"github.com/newsmark/newsmark/annotate"
)

// AlignQDC prepares a codebook read from a .qdc for annotate.MergeCodebook:
// a .qdc carries no ids, label kinds, keys, relation types or variables,
// so its entries come with ids made from their names. Each entry that is
// one of the project's (same GUID, its own or the one Newsmark derives
// from the project's id, else the same id, or for a comment-label set the
// same name) takes the project's id, and what REFI-QDA cannot carry (kind,
// key, attribute types the file does not state) is taken from the project,
// so that a codebook that went to a QDA program and came back merges as
// the same codebook rather than as new labels. Neither argument is changed.
func AlignQDC(project, file *annotate.Codebook) *annotate.Codebook {
	if project == nil || file == nil {
		return file
	}
	_, remap, _ := mergeCodebook(project, file)
	out := annotate.CloneCodebook(file)
	for i := range out.Labels {
		l := &out.Labels[i]
		old := l.ID
		if id, ok := remap[old]; ok {
			if pl, ok := project.Label(id); ok {
				l.ID = id
				if l.GUID == "" {
					l.GUID = labelGUID(pl)
				}
				l.Kind, l.Hotkey = pl.Kind, pl.Hotkey
			}
		}
		if p, ok := remap[l.Parent]; ok {
			if _, ok := project.Label(p); ok {
				l.Parent = p
			}
		}
	}
	for si := range out.SegmentLabelSets {
		set := &out.SegmentLabelSets[si]
		for _, ps := range project.SegmentLabelSets {
			if ps.ID == set.ID || ps.Name == set.Name {
				set.ID = ps.ID
				if set.GUID == "" {
					set.GUID = ps.GUID
				}
				break
			}
		}
		for li := range set.Labels {
			l := &set.Labels[li]
			if id, ok := remap[l.ID]; ok {
				if _, _, ok := project.SegmentLabel(id); ok {
					l.ID = id
				}
			}
		}
	}
	return out
}
