package annotate

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// NewID returns a new id: 12 hex digits of the current time in milliseconds
// followed by 16 random hex digits. Ids sort by creation time and are unique
// across machines, so projects can be merged without renumbering.
func NewID() string {
	var b [14]byte
	ms := uint64(time.Now().UnixMilli())
	var t [8]byte
	binary.BigEndian.PutUint64(t[:], ms)
	copy(b[:6], t[2:])
	_, _ = rand.Read(b[6:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
