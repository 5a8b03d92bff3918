package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/interchange"
)

// eventually waits up to 20 s for cond, which the desk's goroutines make
// true.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting until %s", what)
}

// seedPage is the shared seed page: an article with 5 of the 31 comments
// the page announces.
func seedPage(t *testing.T) string {
	t.Helper()
	seed := filepath.Join("..", "..", "shared", "seeds", "000_e9a8672a2279b0f2.txt")
	if _, err := os.Stat(seed); err != nil {
		t.Fatalf("the seed page is needed beside the repository: %v", err)
	}
	return seed
}

func documentCount(t *testing.T, s annotate.Store) int {
	t.Helper()
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	return len(docs)
}

func TestAnImportShowsWhatItWillBringAndWritesOnlyWhenConfirmed(t *testing.T) {
	cases := []struct {
		name    string
		answer  string
		wantDoc int
	}{
		{"confirmed", "Import", 2},
		{"cancelled", "Cancel", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, store := newDesk(t)
			seed := seedPage(t)
			w.ImportFiles([]string{seed, seed})
			w.background.Wait()
			if w.preview == nil {
				t.Fatal("the import does not ask before it writes")
			}
			if n := documentCount(t, store); n != 1 {
				t.Fatalf("the project holds %d documents before the import was confirmed, want 1", n)
			}
			shown := strings.Join(w.preview.lines, "\n")
			for _, want := range []string{
				"This will add 1 document with 5 comments",
				"“USA und Russland Geheimdienste wollen im Kampf gegen IS kooperieren” (5 comments)",
				"found 5 of the 31 comments the page announces",
				"same content as a page before it in this import",
			} {
				if !strings.Contains(shown, want) {
					t.Errorf("the question shows:\n%s\nwant it to say %q", shown, want)
				}
			}
			tapInOverlay(t, w, c.answer)
			w.background.Wait()
			if c.wantDoc == 2 && (w.doc == nil || w.doc.CommentCount() != 5 || w.docs.count() != 2) {
				t.Errorf("after the import the desk shows %q of %d documents, want the seed page of 2", w.title(), w.docs.count())
			}
			if n := documentCount(t, store); n != c.wantDoc {
				t.Fatalf("%d documents after the answer %q, want %d", n, c.answer, c.wantDoc)
			}
		})
	}
}

func TestAnAnnotationSetShowsItsAnnotationsBeforeItIsStored(t *testing.T) {
	src, _ := newDesk(t)
	selectText(t, src, "c1", "St. Anna hospital")
	src.Tag("ORG")
	path := filepath.Join(t.TempDir(), "set.json")
	src.Export(path, interchange.ExportOptions{Format: interchange.FormatJSON})
	eventually(t, "the export is written", func() bool {
		fi, err := os.Stat(path)
		return err == nil && fi.Size() > 0
	})

	w, store := newDesk(t)
	w.ImportFiles([]string{path})
	w.background.Wait()
	if w.preview == nil {
		t.Fatal("the import does not ask before it writes")
	}
	if got := storedAnnotations(t, store, w.doc.ID); len(got) != 0 {
		t.Fatalf("annotations stored before the import was confirmed: %v", got)
	}
	shown := strings.Join(w.preview.lines, "\n")
	if !strings.Contains(shown, "1 annotation") || !strings.Contains(shown, "set.json") {
		t.Errorf("the question shows:\n%s\nwant the file and its 1 annotation", shown)
	}
	tapInOverlay(t, w, "Import")
	w.background.Wait()
	if got := storedAnnotations(t, store, w.doc.ID); len(got) != 1 {
		t.Errorf("stored after confirming: %v, want the one annotation", got)
	}
}

func TestExportWritesTheChosenDocumentAndItReadsBack(t *testing.T) {
	w, _ := newDesk(t)
	selectText(t, w, "c1", "St. Anna hospital")
	w.Tag("ORG")
	path := filepath.Join(t.TempDir(), "out.json")
	w.Export(path, interchange.ExportOptions{Format: interchange.FormatJSON, Documents: []string{w.doc.ID}})
	eventually(t, "the export is written", func() bool {
		_, err := os.Stat(path)
		return err == nil
	})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var head struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil || head.Format != "newsmark" {
		t.Fatalf("export is not Newsmark JSON: %v %q", err, head.Format)
	}
	b, _, err := interchange.ReadPath(path, interchange.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Documents) != 1 || len(b.Annotations) != 1 || b.Annotations[0].Quote.Exact != "St. Anna hospital" {
		t.Errorf("read back %d documents, %d annotations", len(b.Documents), len(b.Annotations))
	}
}

// overlayText returns the texts of the labels in the window's top overlay
// (an open dialog), joined by new lines.
func overlayText(w *Window) string {
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Label:
			b.WriteString(o.Text + "\n")
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(o)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return b.String()
}

func TestImportSummaryShowsTheWarningsOfACorpus(t *testing.T) {
	w, _ := newDesk(t)
	path := filepath.Join(t.TempDir(), "posts.csv")
	csv := "doc_id,text,comment_id,parent_id,comment_text,likes\n1,Artikel.,a,,Erster.,3\n1,Artikel.,b,zz,Waise.,1\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	w.ImportFiles([]string{path})
	var text string
	eventually(t, "the import summary shows", func() bool {
		fyne.DoAndWait(func() { text = overlayText(w) })
		return strings.Contains(text, "⚠")
	})
	for _, want := range []string{"⚠ posts.csv:3: comment b replies to \"zz\"", "likes as comment metadata"} {
		if !strings.Contains(text, want) {
			t.Errorf("import summary does not say %q:\n%s", want, text)
		}
	}
}

func TestTheDefaultExportFileNameIsTheDocumentsTitle(t *testing.T) {
	w, _ := newDesk(t)
	one := []string{w.doc.ID}
	cases := []struct {
		name   string
		title  string
		format interchange.Format
		docs   []string
		want   string
	}{
		{"one document as JSON", "", interchange.FormatJSON, one, "Lindenfeld council approves night bus trial after two-year debate.json"},
		{"one document as brat", "", interchange.FormatBrat, one, "Lindenfeld council approves night bus trial after two-year debate-brat.zip"},
		{"a title with a slash and a colon", "Bus/Bahn: 3 Fragen?", interchange.FormatJSON, one, "Bus Bahn 3 Fragen.json"},
		{"a title of dots", "...", interchange.FormatJSON, one, "newsmark-export.json"},
		{"all documents", "", interchange.FormatJSON, nil, "newsmark-export.json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.title != "" {
				w.doc.Title = c.title
			}
			if got := w.exportFileName(interchange.ExportOptions{Format: c.format, Documents: c.docs}); got != c.want {
				t.Errorf("proposed %q, want %q", got, c.want)
			}
		})
	}
}
