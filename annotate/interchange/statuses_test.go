package interchange

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/newsmark/newsmark/annotate"
)

// A study's progress travels with the native export: each coder's status of
// each document comes back in the new project, and the file follows the
// schema.
func TestNativeExportCarriesTheCodersStatuses(t *testing.T) {
	a := openStore(t, sampleCodebook())
	fillSample(t, a)
	sums, err := a.Documents()
	if err != nil || len(sums) == 0 {
		t.Fatalf("documents: %v %v", sums, err)
	}
	doc := sums[0].ID
	if err := a.SetStatus(doc, "anna", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := a.SetStatus(doc, "ben", annotate.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	want, err := a.Statuses()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := exportBytes(t, a, ExportOptions{Format: FormatJSON})
	if !strings.Contains(string(data), `"statuses"`) || !strings.Contains(string(data), `"version":2`) && !strings.Contains(string(data), `"version": 2`) {
		t.Fatalf("the export has no statuses, or is not version 2:\n%.600s", data)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t, "").Validate(inst); err != nil {
		t.Errorf("the export does not follow the schema: %v", err)
	}

	// Only ben's work: only ben's status.
	benOnly, _ := exportBytes(t, a, ExportOptions{Format: FormatJSON, Annotators: []string{"ben"}})
	if strings.Contains(string(benOnly), `"annotator":"anna","status"`) || strings.Contains(string(benOnly), `"status":"done"`) {
		t.Errorf("an export of ben's work carries anna's status:\n%s", benOnly)
	}

	path := filepath.Join(t.TempDir(), "study.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	b := openStore(t, nil)
	if _, err := Import(context.Background(), b, path, DecodeOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := b.Statuses()
	if err != nil {
		t.Fatal(err)
	}
	key := func(s annotate.DocStatus) string {
		return s.DocumentID + " " + s.Annotator + " " + string(s.Status) + " " + s.Modified.UTC().String()
	}
	var w, g []string
	for _, s := range want {
		w = append(w, key(s))
	}
	for _, s := range got {
		g = append(g, key(s))
	}
	if !slices.Equal(w, g) {
		t.Errorf("statuses after the round trip:\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

func TestNativeImportRefusesAStatusThatIsNotOne(t *testing.T) {
	a := openStore(t, sampleCodebook())
	fillSample(t, a)
	sums, _ := a.Documents()
	if err := a.SetStatus(sums[0].ID, "anna", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	data, _ := exportBytes(t, a, ExportOptions{Format: FormatJSON})
	bad := bytes.Replace(data, []byte(`"status":"done"`), []byte(`"status":"finished"`), 1)
	if bytes.Equal(bad, data) {
		t.Fatalf("no status in the export:\n%.400s", data)
	}
	path := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(path, bad, 0o644)
	b := openStore(t, nil)
	if _, err := Import(context.Background(), b, path, DecodeOptions{}); err == nil || !strings.Contains(err.Error(), "finished") {
		t.Errorf("import of a status %q: %v", "finished", err)
	}
	if sums, _ := b.Documents(); len(sums) != 0 {
		t.Errorf("a refused import left %d documents", len(sums))
	}
}
