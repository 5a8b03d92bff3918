package storage_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// openStore opens a new project in a temporary directory with the test
// codebook, and closes it when the test ends.
func openStore(t testing.TB) (*storage.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "project.db")
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SetCodebook(testCodebook()); err != nil {
		t.Fatal(err)
	}
	return s, path
}

// reopen closes s and opens its file again, so that what a test reads next
// comes from the disk.
func reopen(t testing.TB, s *storage.Store) *storage.Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := storage.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	return s2
}

func testCodebook() *annotate.Codebook {
	return &annotate.Codebook{
		Name: "test",
		Labels: []annotate.Label{
			{ID: "PER", Name: "Person", Kind: annotate.KindEntity, Color: "#e6194b", Hotkey: "p", Description: "a person"},
			{ID: "ORG", Name: "Organisation", Kind: annotate.KindEntity, Color: "#3cb44b", Hotkey: "o"},
			{ID: "POL", Name: "Politician", Kind: annotate.KindEntity, Parent: "PER", Color: "#ffe119"},
			{ID: "CLAIM", Name: "Claim", Kind: annotate.KindClaim, Color: "#4363d8", Hotkey: "c", Attributes: []annotate.AttributeDef{
				{Name: "stance", Description: "the writer's stance", Values: []string{"pro", "contra", "neutral"}, Required: true},
				{Name: "source"},
			}},
		},
		RelationTypes: []annotate.RelationType{
			{ID: "disputes", Name: "disputes", Description: "rejects the claim", Directed: true},
			{ID: "same-as", Name: "same as"},
		},
		SegmentLabelSets: []annotate.SegmentLabelSet{
			{ID: "relevance", Name: "Relevance", Exclusive: true, Labels: []annotate.SegmentLabelDef{
				{ID: "on-topic", Name: "on topic", Color: "#00ff00", Description: "about the article"},
				{ID: "off-topic", Name: "off topic", Color: "#ff0000"},
			}},
			{ID: "tone", Name: "Tone", Labels: []annotate.SegmentLabelDef{
				{ID: "constructive", Name: "constructive", Color: "#0000ff"},
				{ID: "toxic", Name: "toxic", Color: "#000000"},
			}},
		},
	}
}

var (
	berlin = time.FixedZone("", 2*3600)
	t0     = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)
)

// testDocument returns a Prepared news page: headline, lead, body, a
// caption and n reader comments, every third one a reply.
func testDocument(t testing.TB, title string, n int) *annotate.Document {
	t.Helper()
	d := &annotate.Document{
		Title:     title,
		Source:    "https://example.org/news/" + title,
		Outlet:    "Example Zeitung",
		Published: annotate.When{Time: time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC), Precision: annotate.PrecisionDay, Text: "13.03.2026"},
		Language:  "de",
		Meta:      map[string]string{"comments_total": fmt.Sprint(n), "section": "Politik"},
		Segments: []annotate.Segment{
			{Kind: annotate.KindHeadline, Text: title},
			{Kind: annotate.KindLead, Text: "Die Ministerin sagt, die Reform komme 2027."},
			{Kind: annotate.KindBody, Text: "Angela Muster (SPD) erklärte am Freitag in Berlin, die Reform werde pünktlich kommen. Kritiker widersprechen."},
			{Kind: annotate.KindCaption, Text: "Foto: dpa"},
		},
	}
	for i := 1; i <= n; i++ {
		c := annotate.Segment{
			ID:     fmt.Sprintf("c%d", i),
			Kind:   annotate.KindComment,
			Text:   fmt.Sprintf("Kommentar %d zu %s: Das stimmt so nicht, sagt Leser %d.", i, title, i),
			Author: fmt.Sprintf("leser%d", i),
			Posted: testPosted(i),
			Number: i,
		}
		if i%3 == 0 {
			c.ReplyTo = fmt.Sprintf("c%d", i-1)
			c.Title = "Antwort"
		}
		d.Segments = append(d.Segments, c)
	}
	if err := d.Prepare(t0); err != nil {
		t.Fatal(err)
	}
	return d
}

// sameJSON fails the test unless got and want have the same JSON form,
// which compares times by instant and zone offset.
func sameJSON(t testing.TB, what string, got, want any) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// fileState is what must not change about a file that Open refuses.
type fileState struct {
	sum   [32]byte
	size  int64
	mtime time.Time
	mode  os.FileMode
}

func stateOf(t testing.TB, path string) fileState {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileState{sum: sha256.Sum256(b), size: info.Size(), mtime: info.ModTime(), mode: info.Mode()}
}

// testPosted returns the time of comment i, each in one of the ways a page
// gives one: to the second with an offset, to the minute as a wall time, a
// date alone, and a relative time kept only as text.
func testPosted(i int) annotate.When {
	switch i % 4 {
	case 1:
		return annotate.When{Time: time.Date(2026, 3, 13, 19, 0, i, 0, berlin), Precision: annotate.PrecisionSecond, Zoned: true}
	case 2:
		return annotate.When{Time: time.Date(2026, 3, 13, 19, i, 0, 0, time.UTC), Precision: annotate.PrecisionMinute, Text: fmt.Sprintf("13.03.2026, 19:%02d Uhr", i)}
	case 3:
		return annotate.When{Time: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC), Precision: annotate.PrecisionDay, Text: "14. März 2026"}
	}
	return annotate.When{Text: "vor 8 Stunden"}
}
