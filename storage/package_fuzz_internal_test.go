package storage

import (
	"bytes"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// FuzzPackageRecord feeds arbitrary bytes to the decoder of the package
// record, which a merge reads from a file a coder sends back. It must not
// panic, and what it accepts must encode to a form that decodes to the
// same record.
func FuzzPackageRecord(f *testing.F) {
	cb := &annotate.Codebook{Name: "c", Labels: []annotate.Label{{ID: "PER", Name: "Person", Kind: annotate.KindEntity, Color: "#112233"}}}
	full := packageRecordOf(&annotate.PackageInfo{
		Format: 1, ProjectID: "p", PackageID: "k", Coder: "anna", Seed: -7, Created: time.Unix(1700000000, 5).UTC(),
		Documents: []string{"d1", "", "d2"}, Sample: []string{"d1"}, Codebook: cb, CodebookLog: 3,
	})
	f.Add(full.encode())
	f.Add([]byte{})
	f.Add([]byte{1, 1, 0xff})
	f.Add([]byte{9, 3, 2, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodePackageRecord(b)
		if err != nil {
			return
		}
		_, _ = r.info() // a broken codebook inside is an error, never a panic
		once := r.encode()
		again, err := decodePackageRecord(once)
		if err != nil {
			t.Fatalf("re-decoding %x: %v", once, err)
		}
		if twice := again.encode(); !bytes.Equal(once, twice) {
			t.Fatalf("encoding is not stable:\n%x\n%x", once, twice)
		}
	})
}
