package storage

import (
	"math"
	"runtime"

	"go.etcd.io/bbolt"
)

// bbolt maps the file into memory, and when a commit needs pages beyond the
// mapping it maps the file again, larger (doubling from 32 KB to 1 GB, then
// 1 GB at a time). Before each new mapping it copies every key and value
// that the writing transaction holds out of the old one. For a small change
// that costs nothing, but an import of 1,000,000 annotations into a new
// project crossed the mapping's end about 15 times during its commit and
// copied all 1,000,000 records each time: 9 of its 16 seconds, and 11 GB of
// garbage. So a project opened for writing is mapped with room to grow from
// the start.
//
// The mapping is address space, not memory: pages are read in as they are
// used, and on Linux, macOS and the BSDs a mapping longer than the file is
// fine. Windows is left as it was, since there bbolt makes the file as long
// as the mapping; and so are 32-bit systems, whose address space is small.
var initialMmapSize = func() int {
	if runtime.GOOS == "windows" || math.MaxInt <= math.MaxInt32 {
		return 0
	}
	return 1 << 30
}()

// growStep sets how far bbolt grows the file when a commit needs more
// room. bbolt grows a file to the length of its mapping while the mapping
// is at most DB.AllocSize (16 MB by default), and to what the commit needs
// plus AllocSize once it is longer. With the mapping of initialMmapSize
// the second rule holds from the start, which would make every new project
// 16 MB long (mostly a hole in the file, but 16 MB to copy, and a file cut
// in half would then often still hold all its data). Setting AllocSize to
// the size of the data before the commit (at least 32 KB, at most 16 MB)
// keeps files as long as they were: about twice their data while small,
// then 16 MB at a time. Every write transaction calls it before its
// commit; only the writer reads AllocSize.
func growStep(tx *bbolt.Tx) {
	if initialMmapSize == 0 {
		return
	}
	const minStep, maxStep = 32 << 10, 16 << 20
	tx.DB().AllocSize = int(min(max(tx.Size(), minStep), maxStep))
}
