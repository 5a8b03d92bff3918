package app

import (
	"sync"

	"fyne.io/fyne/v2/lang"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
)

// The default codebook's names and descriptions are stored in English in
// every project, whatever the language of the window that created it: a
// project is shared between coders (coder packages, merges), and its
// exports and agreement reports should not depend on who created it. The
// window shows them in its own language instead, as long as they are as
// shipped: a default label whose name a coder changed shows what the coder
// wrote. The translations are in assets/lang under the keys
// codebookKeys returns, e.g. "codebook.label.PER.name".

var (
	defaultTextsOnce sync.Once
	defaultTexts     map[string]string // key → the shipped English text
)

// codebookKeys returns every translatable text of a codebook by its key:
// names, descriptions, attribute names, descriptions and values, relation
// types, comment label sets and their labels.
func codebookKeys(cb *annotate.Codebook) map[string]string {
	m := map[string]string{}
	put := func(key, text string) {
		if text != "" {
			m[key] = text
		}
	}
	for _, l := range cb.Labels {
		k := "codebook.label." + l.ID
		put(k+".name", l.Name)
		put(k+".description", l.Description)
		for _, a := range l.Attributes {
			put(attrKey(l.ID, a.Name), a.Name)
			put(attrKey(l.ID, a.Name)+".description", a.Description)
			for _, v := range a.Values {
				put(valueKey(l.ID, a.Name, v), v)
			}
		}
	}
	for _, r := range cb.RelationTypes {
		put("codebook.relation."+r.ID+".name", r.Name)
		put("codebook.relation."+r.ID+".description", r.Description)
	}
	for _, s := range cb.SegmentLabelSets {
		put("codebook.set."+s.ID+".name", s.Name)
		put("codebook.set."+s.ID+".description", s.Description)
		for _, l := range s.Labels {
			put("codebook.set."+s.ID+".label."+l.ID+".name", l.Name)
			put("codebook.set."+s.ID+".label."+l.ID+".description", l.Description)
		}
	}
	return m
}

func attrKey(label, attr string) string { return "codebook.label." + label + ".attr." + attr }

func valueKey(label, attr, value string) string {
	return attrKey(label, attr) + ".value." + value
}

// codebookText returns text, the codebook's text under key, in the
// window's language if it is the default codebook's text as shipped.
func codebookText(key, text string) string {
	defaultTextsOnce.Do(func() { defaultTexts = codebookKeys(assets.DefaultCodebook()) })
	if text == "" || defaultTexts[key] != text {
		return text
	}
	return lang.X(key, text)
}

// labelText is a label's name as the window shows it.
func (w *Window) labelText(l *annotate.Label) string { return labelName(l) }

// labelName is a label's name as the window shows it.
func labelName(l *annotate.Label) string {
	return codebookText("codebook.label."+l.ID+".name", l.Name)
}

// labelDescription is a label's description as the window shows it.
func labelDescription(l *annotate.Label) string {
	return codebookText("codebook.label."+l.ID+".description", l.Description)
}

// attributeText is an attribute's name as the window shows it.
func attributeText(label string, a annotate.AttributeDef) string {
	if t := codebookText(attrKey(label, a.Name), a.Name); t != a.Name {
		return t
	}
	return displayName(a.Name)
}

// valueText is an attribute value as the window shows it; the value
// stored is always the codebook's own.
func valueText(label, attr, value string) string {
	return codebookText(valueKey(label, attr, value), value)
}

// relationText is a relation type's name as the window shows it.
func relationText(r *annotate.RelationType) string {
	return codebookText("codebook.relation."+r.ID+".name", r.Name)
}

// segmentLabelText is a comment label's name as the window shows it.
func segmentLabelText(set string, l annotate.SegmentLabelDef) string {
	return codebookText("codebook.set."+set+".label."+l.ID+".name", l.Name)
}
