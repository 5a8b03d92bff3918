package storage

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// This file looks at a file before bbolt does. bbolt initialises an empty
// file as a new database, and maps a file cut short without noticing that
// its pages are missing (reading them would crash the program), so Open
// first reads the two meta pages itself, read-only, as bbolt's own
// getPageSize and meta functions do, and refuses what bbolt must not touch.

// bbolt's meta page, in the byte order of the machine that wrote it: a
// 16-byte page header, then magic, version, page size, flags (uint32 each),
// root bucket page and sequence, freelist page, high-water page id,
// transaction id and an FNV-64a checksum of the fields before it (uint64
// each).
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	boltMetaOffset   = 16 // size of the page header
	boltMetaSize     = 64
	boltChecksumSpan = 56 // bytes of the meta covered by the checksum
	boltNoFreelist   = ^uint64(0)
)

// boltMeta is the part of a bbolt meta page that Open checks.
type boltMeta struct {
	pageSize uint64
	root     uint64
	freelist uint64
	pgid     uint64 // high-water mark: pages in use
	txid     uint64
}

// parseBoltMeta reads a meta page from the start of p. It reports whether p
// starts with bbolt's magic number at all (hasMagic) and whether the meta is
// valid (ok), as bbolt's Meta.Validate decides.
func parseBoltMeta(p []byte) (m boltMeta, hasMagic, ok bool) {
	if len(p) < boltMetaOffset+boltMetaSize {
		return boltMeta{}, false, false
	}
	b := p[boltMetaOffset : boltMetaOffset+boltMetaSize]
	ne := binary.NativeEndian
	if ne.Uint32(b[0:]) != boltMagic {
		return boltMeta{}, false, false
	}
	h := fnv.New64a()
	h.Write(b[:boltChecksumSpan])
	if ne.Uint32(b[4:]) != boltVersion || ne.Uint64(b[56:]) != h.Sum64() {
		return boltMeta{}, true, false
	}
	return boltMeta{
		pageSize: uint64(ne.Uint32(b[8:])),
		root:     ne.Uint64(b[16:]),
		freelist: ne.Uint64(b[32:]),
		pgid:     ne.Uint64(b[40:]),
		txid:     ne.Uint64(b[48:]),
	}, true, true
}

// inspectFile checks that the existing file at path looks like a complete
// bbolt database. It opens the file read-only and never writes to it.
func inspectFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("open %s: %w (it is not a regular file)", path, ErrNotNewsmark)
	}
	size := info.Size()
	if size == 0 {
		return fmt.Errorf("open %s: %w (the file is empty)", path, ErrNotNewsmark)
	}

	read := func(off int64) []byte {
		buf := make([]byte, 4096)
		n, err := f.ReadAt(buf, off)
		if err != nil && err != io.EOF {
			return nil
		}
		return buf[:n]
	}
	m0, magic0, ok0 := parseBoltMeta(read(0))
	var (
		m1             boltMeta
		magic1, ok1    bool
		secondPageSize []int64
	)
	if ok0 {
		secondPageSize = []int64{int64(m0.pageSize)}
	} else {
		// Meta page 0 is unreadable: look for page 1 at every page size
		// bbolt supports, as bbolt does.
		for i := 0; i <= 14; i++ {
			secondPageSize = append(secondPageSize, 1024<<i)
		}
	}
	for _, pos := range secondPageSize {
		if pos >= size {
			break
		}
		m, hasMagic, ok := parseBoltMeta(read(pos))
		magic1 = magic1 || hasMagic
		if ok {
			m1, ok1 = m, true
			break
		}
	}

	var m boltMeta
	switch {
	case ok0 && ok1:
		m = m0
		if m1.txid > m0.txid {
			m = m1
		}
	case ok0:
		m = m0
	case ok1:
		m = m1
	case magic0 || magic1:
		return fmt.Errorf("open %s: %w (both copies of its header are broken)", path, ErrDamaged)
	default:
		return fmt.Errorf("open %s: %w (it is not a database file)", path, ErrNotNewsmark)
	}
	if m.pageSize < 1024 || m.pageSize > 1<<24 || m.pageSize&(m.pageSize-1) != 0 {
		return fmt.Errorf("open %s: %w (its header gives a page size of %d bytes)", path, ErrDamaged, m.pageSize)
	}
	if m.pgid < 2 || m.root >= m.pgid || (m.freelist != boltNoFreelist && m.freelist >= m.pgid) {
		return fmt.Errorf("open %s: %w (its header points outside the file)", path, ErrDamaged)
	}
	if need := m.pgid * m.pageSize; need/m.pageSize != m.pgid || uint64(size) < need {
		return fmt.Errorf("open %s: %w (it is %d bytes long but its data needs %d bytes: it was probably cut off while copying or saving)",
			path, ErrDamaged, size, m.pgid*m.pageSize)
	}
	return nil
}
