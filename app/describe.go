package app

import (
	"fyne.io/fyne/v2/lang"

	"github.com/newsmark/newsmark/annotate"
)

// describeChange says what a change did, for the status line, in the
// window's language. annotate's Describe is English (the domain knows no
// languages); changes the window describes itself (splits, imports,
// tag all) carry their words already, and a change this does not know
// keeps its English.
func describeChange(c annotate.Change) string {
	switch c := c.(type) {
	case *annotate.CreateAnnotation:
		return sprintf(lang.L("tag %s as %s"), quoteShort(c.Annotation.Quote.Exact), c.Annotation.Label)
	case *annotate.DeleteAnnotation:
		return sprintf(lang.L("delete %s %s"), c.Annotation.Label, quoteShort(c.Annotation.Quote.Exact))
	case *annotate.EditAnnotation:
		what := c.What
		switch what {
		case "", "annotation":
			what = lang.L("annotation")
		case "label":
			what = lang.L("label")
		case "note":
			what = lang.L("note")
		default:
			what = attributeText(c.After.Label, annotate.AttributeDef{Name: what})
		}
		return sprintf(lang.L("change %s of %s"), what, quoteShort(c.Before.Quote.Exact))
	case *annotate.SetSegmentLabel:
		return lang.L("label comment as ") + c.Label.Label
	case *annotate.RemoveSegmentLabel:
		return lang.L("remove comment label ") + c.Label.Label
	case *annotate.LinkAnnotations:
		return sprintf(lang.L("link annotations (%s)"), c.Relation.Type)
	case *annotate.Unlink:
		return sprintf(lang.L("remove link (%s)"), c.Relation.Type)
	case *annotate.RenameDocument:
		return lang.L("rename document to ") + quoteShort(c.After)
	}
	return c.Describe()
}
