package interchange

import (
	"strings"

	"github.com/newsmark/newsmark/annotate"
)

// AlignQDC prepares a codebook read from a .qdc for annotate.MergeCodebook:
// a .qdc carries no ids, label kinds, keys, relation types or variables,
// so its entries come with ids made from their names. Each entry that is
// one of the project's (same GUID, its own or the one Newsmark derives
// from the project's id, else the same id, or for a comment-label set the
// same name) takes the project's id, and what REFI-QDA cannot carry or
// writes in its own way (kind, key, whether a comment-label set is single
// choice, attribute types, colours in capitals, GUIDs Newsmark derives) is
// taken from the project,
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
				if l.GUID == "" || normGUID(l.GUID) == normGUID(labelGUID(pl)) {
					l.GUID = pl.GUID // the same GUID, as the project keeps it
				}
				l.Kind, l.Hotkey = pl.Kind, pl.Hotkey
				if strings.EqualFold(l.Color, pl.Color) {
					l.Color = pl.Color // a .qdc writes colours in capitals
				}
				for ai := range l.Attributes {
					if pa, ok := pl.Attribute(l.Attributes[ai].Name); ok && pa.Kind() == l.Attributes[ai].Kind() {
						l.Attributes[ai].Type = pa.Type // the type as the project states it
					}
				}
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
		var ps *annotate.SegmentLabelSet
		for pi := range project.SegmentLabelSets {
			if p := &project.SegmentLabelSets[pi]; p.ID == set.ID || p.Name == set.Name {
				ps = p
				break
			}
		}
		if ps == nil {
			continue
		}
		// A .qdc cannot say whether a set is single choice.
		set.ID, set.Exclusive = ps.ID, ps.Exclusive
		if set.GUID == "" {
			set.GUID = ps.GUID
		}
		for li := range set.Labels {
			l := &set.Labels[li]
			id, ok := remap[l.ID]
			if !ok {
				continue
			}
			_, pl, ok := project.SegmentLabel(id)
			if !ok {
				continue
			}
			l.ID = id
			if l.GUID == "" || normGUID(l.GUID) == normGUID(segLabelGUID(ps, pl)) {
				l.GUID = pl.GUID
			}
			if strings.EqualFold(l.Color, pl.Color) {
				l.Color = pl.Color
			}
		}
	}
	return out
}
