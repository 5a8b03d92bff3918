package storage_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// copyFile copies a package so that a test can spoil the copy.
func copyFile(t *testing.T, from string) string {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), filepath.Base(from))
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return to
}

func TestMergeRefusesBadPackagesAndLeavesTheProjectUnchanged(t *testing.T) {
	st := newStudy(t)
	// anna adds a label of her own to the package's codebook and uses it.
	anna := st.openPackage(t, "anna")
	own := testCodebook()
	own.Labels = append(own.Labels, annotate.Label{ID: "MINE", Name: "Mine", Kind: annotate.KindEntity, Color: "#123456"})
	if err := anna.SetCodebook(own); err != nil {
		t.Fatal(err)
	}
	st.annotate(t, anna, st.docs[0], "anna", 0, 6, "MINE")
	anna.Close()
	good := st.files["anna"].Path

	truncated := copyFile(t, good)
	info, _ := os.Stat(truncated)
	if err := os.Truncate(truncated, info.Size()/2); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(garbage, []byte(strings.Repeat("Kommentar: das ist kein Paket\n", 400)), 0o600)
	foreign := filepath.Join(t.TempDir(), "other.db")
	db, err := bbolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bbolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	db.Close()
	future := copyFile(t, good)
	if err := storage.SetPackageFormat(future, annotate.PackageFormat+1); err != nil {
		t.Fatal(err)
	}
	futureSchema := copyFile(t, good)
	if err := storage.SetSchemaVersion(futureSchema, storage.SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	plainProject := filepath.Join(t.TempDir(), "plain.db")
	if p, err := storage.Open(plainProject); err != nil {
		t.Fatal(err)
	} else {
		p.Close()
	}
	// The same documents in another project, packaged there.
	other, _ := openStore(t)
	if err := other.AddDocuments(st.docs...); err != nil {
		t.Fatal(err)
	}
	otherFiles, err := other.MakePackages(context.Background(), &annotate.PackagePlan{Coders: []string{"anna"},
		Assignments: map[string][]string{"anna": {st.docs[0].ID}}}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, path string
		want       error
		says       string
	}{
		{"a damaged (cut off) package", truncated, storage.ErrDamaged, "cut off"},
		{"a text file", garbage, storage.ErrNotNewsmark, "notes.txt"},
		{"another program's database", foreign, storage.ErrNotNewsmark, "other.db"},
		{"a package of a newer Newsmark", future, annotate.ErrNewerPackage, "format 2"},
		{"a project file of a newer Newsmark", futureSchema, storage.ErrNewerVersion, "newer version"},
		{"a project that is no package", plainProject, annotate.ErrNotPackage, "plain.db"},
		{"another project's package", otherFiles[0].Path, annotate.ErrOtherProject, "anna's package of project"},
		{"a label the project's codebook never had", good, annotate.ErrUnknownLabel, `label "MINE"`},
		{"the project itself", st.leadPath, annotate.ErrNotPackage, "this project itself"},
		{"a file that is not there", filepath.Join(t.TempDir(), "missing.db"), os.ErrNotExist, "missing.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := layer(t, st.lead)
			stateBefore := stateOf(t, st.leadPath)
			rep, err := st.lead.MergePackage(context.Background(), tt.path)
			if !errors.Is(err, tt.want) || rep != nil {
				t.Fatalf("MergePackage = %v, %v; want %v", rep, err, tt.want)
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.Contains(msg, tt.says) || !strings.Contains(msg, "the project was not changed") || !strings.Contains(msg, filepath.Base(tt.path)) {
				t.Errorf("error %q does not name the file, say %q and that nothing changed", msg, tt.says)
			}
			if stateOf(t, st.leadPath) != stateBefore {
				t.Errorf("the project file changed")
			}
			if after := layer(t, st.lead); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("the project's content changed")
			}
		})
	}
}

func TestMergeRefusesWorkOnDocumentsTheLeadChangedOrRemoved(t *testing.T) {
	st := newStudy(t)
	ben := st.openPackage(t, "ben")
	st.annotate(t, ben, st.docs[3], "ben", 0, 6, "PER")
	ben.Close()
	if err := st.lead.DeleteDocument(st.docs[3].ID); err != nil {
		t.Fatal(err)
	}
	_, err := st.lead.MergePackage(context.Background(), st.files["ben"].Path)
	if !errors.Is(err, annotate.ErrNotFound) || !strings.Contains(err.Error(), "no longer in this project") {
		t.Errorf("merge after the document was deleted = %v", err)
	}
	if sts, _ := st.lead.Statuses(); len(sts) != 0 {
		t.Errorf("statuses after a refused merge: %v", sts)
	}
}

func TestMergeIntoAPackageIsRefused(t *testing.T) {
	st := newStudy(t)
	anna := st.openPackage(t, "anna")
	_, err := anna.MergePackage(context.Background(), st.files["ben"].Path)
	if !errors.Is(err, annotate.ErrIsPackage) || !strings.Contains(err.Error(), "anna's package") {
		t.Errorf("merging into a package = %v, want ErrIsPackage", err)
	}
}
