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

func TestImportFilesAddsThePageAndOpensIt(t *testing.T) {
	w, store := newDesk(t)
	seed := filepath.Join("..", "..", "shared", "seeds", "000_e9a8672a2279b0f2.txt")
	if _, err := os.Stat(seed); err != nil {
		t.Fatalf("the seed page is needed beside the repository: %v", err)
	}
	w.ImportFiles([]string{seed, seed})
	eventually(t, "the seed is open", func() bool {
		return w.doc != nil && w.doc.CommentCount() == 5 && w.docs.count() == 2
	})
	docs, _ := store.Documents()
	if len(docs) != 2 {
		t.Fatalf("%d documents after importing the seed twice, want 2 (sample + seed once)", len(docs))
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
