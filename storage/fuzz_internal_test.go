package storage

import (
	"bytes"
	"testing"
)

// FuzzDecodeRecord feeds arbitrary bytes to every record decoder. None may
// panic, and whatever one accepts must encode to a canonical form that
// decodes and encodes to itself.
func FuzzDecodeRecord(f *testing.F) {
	likes := sampleRecords()
	for _, rec := range likes {
		f.Add(rec.encode())
	}
	f.Add([]byte{})
	f.Add([]byte{0})
	f.Add([]byte{1, 0x80})
	f.Add([]byte{2, 0, 3, 10, 0xff})
	f.Add([]byte{11, 3, 2, 0, 4})
	f.Fuzz(func(t *testing.T, b []byte) {
		for name, like := range likes {
			rec, err := decodeAny(like, b)
			if err != nil {
				continue
			}
			once := rec.(interface{ encode() []byte }).encode()
			again, err := decodeAny(like, once)
			if err != nil {
				t.Fatalf("%s: re-decoding %x: %v", name, once, err)
			}
			twice := again.(interface{ encode() []byte }).encode()
			if !bytes.Equal(once, twice) {
				t.Fatalf("%s: encoding is not stable:\n%x\n%x", name, once, twice)
			}
		}
	})
}
