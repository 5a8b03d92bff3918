package importer

import (
	"fmt"
	"strconv"

	"github.com/newsmark/newsmark/annotate"
)

// SplitNoteKey is the key in Document.Meta of the page split's note: what
// the page shows of its comments that the split did not find. The import
// report prints it beside the document, and the desk shows it.
const SplitNoteKey = "split_note"

// noteSplit compares what the page states and shows with what the split
// found and writes a note into doc.Meta when they disagree: more comments
// announced than found, or author/time blocks after the article (unused)
// that were not read as comments. A page that states no number and shows
// no unused comment evidence gets no note.
func noteSplit(doc *annotate.Document, unused int) {
	found := doc.CommentCount()
	stated := -1
	if t, ok := doc.Meta["comments_total"]; ok {
		if n, err := strconv.Atoi(t); err == nil {
			stated = n
		}
	}
	pingbacks, _ := strconv.Atoi(doc.Meta["pingbacks"])
	switch {
	case stated > found+pingbacks && pingbacks > 0:
		// Blogs count pingbacks among their comments ("36 Comments").
		doc.Meta[SplitNoteKey] = fmt.Sprintf("found %d of the %d comments the page announces (and %d pingbacks)", found, stated, pingbacks)
	case stated > found+pingbacks:
		doc.Meta[SplitNoteKey] = fmt.Sprintf("found %d of the %d comments the page announces", found, stated)
	case unused > 0 && found == 0:
		doc.Meta[SplitNoteKey] = fmt.Sprintf("found no comments, but the page shows %d author and time lines after the article", unused)
	case unused > 0:
		doc.Meta[SplitNoteKey] = fmt.Sprintf("found %d comments; %d more author and time lines after the article were not read as comments", found, unused)
	}
}
