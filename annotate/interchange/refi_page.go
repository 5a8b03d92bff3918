package interchange

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

// splitPage splits a foreign text source that looks like a news page with
// reader comments (package importer finds at least one comment in it) into
// the page's segments, so that a page coded in another program comes back
// as article and comments. It keeps one segment (returns nil) unless the
// split loses nothing: the text is NFC, every segment's text is found in it
// in order, and every span lies inside one segment. Lines the page parser
// drops (page chrome) are then simply not part of any segment.
func splitPage(name string, fd *foreignDoc) []segmentText {
	if !norm.NFC.IsNormalString(fd.text) || fd.unit != UnitCodePoint {
		return nil
	}
	doc, err := importer.ParseText(name, fd.text, importer.Options{})
	if err != nil || doc.CommentCount() == 0 {
		return nil
	}
	segs := make([]segmentText, 0, len(doc.Segments))
	byteAt, cpAt := 0, 0
	for _, s := range doc.Segments {
		i := strings.Index(fd.text[byteAt:], s.Text)
		if i < 0 || s.Text == "" {
			return nil
		}
		start := cpAt + annotate.RuneCount(fd.text[byteAt:byteAt+i])
		n := annotate.RuneCount(s.Text)
		segs = append(segs, segmentText{seg: s, start: start, length: n, orig: s.Text})
		byteAt += i + len(s.Text)
		cpAt = start + n
	}
	starts := make([]int, len(segs))
	lengths := make([]int, len(segs))
	for i, s := range segs {
		starts[i], lengths[i] = s.start, s.length
	}
	for _, sp := range fd.spans {
		if _, ok := segmentAt(starts, lengths, sp.start, sp.end); !ok || sp.start < segs[0].start {
			return nil
		}
	}
	for i := range segs {
		segs[i].seg.Text = ""
	}
	return segs
}
