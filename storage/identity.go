package storage

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
)

// packageRecord is the value of keyPackage in a coder package's meta
// bucket, and of a package id in the lead project's bucketPackages.
type packageRecord struct {
	Format      uint64    // 1
	ProjectID   string    // 2
	PackageID   string    // 3
	Coder       string    // 4
	Seed        int64     // 5
	Created     time.Time // 6
	Documents   []string  // 7, one string each
	Sample      []string  // 8, one string each
	Codebook    []byte    // 9, an encoded codebookRecord
	CodebookLog uint64    // 10
}

func packageRecordOf(p *annotate.PackageInfo) packageRecord {
	r := packageRecord{
		Format: uint64(p.Format), ProjectID: p.ProjectID, PackageID: p.PackageID, Coder: p.Coder,
		Seed: p.Seed, Created: p.Created, Documents: p.Documents, Sample: p.Sample,
		CodebookLog: uint64(p.CodebookLog),
	}
	if p.Codebook != nil {
		cr := codebookRecordOf(p.Codebook)
		r.Codebook = cr.encode()
	}
	return r
}

func (r *packageRecord) encode() []byte {
	e := encoder{b: make([]byte, 0, 256+len(r.Codebook))}
	e.uint(1, r.Format)
	e.string(2, r.ProjectID)
	e.string(3, r.PackageID)
	e.string(4, r.Coder)
	e.int(5, r.Seed)
	e.time(6, r.Created)
	for _, id := range r.Documents {
		e.stringAlways(7, id)
	}
	for _, id := range r.Sample {
		e.stringAlways(8, id)
	}
	e.string(9, string(r.Codebook))
	e.uint(10, r.CodebookLog)
	return e.b
}

func decodePackageRecord(b []byte) (packageRecord, error) {
	var r packageRecord
	d := newDecoder(b)
	for d.next() {
		switch d.field {
		case 1:
			r.Format = d.uint()
		case 2:
			r.ProjectID = d.string()
		case 3:
			r.PackageID = d.string()
		case 4:
			r.Coder = d.string()
		case 5:
			r.Seed = d.int()
		case 6:
			r.Created = d.time()
		case 7:
			r.Documents = append(r.Documents, d.string())
		case 8:
			r.Sample = append(r.Sample, d.string())
		case 9:
			r.Codebook = []byte(d.string())
		case 10:
			r.CodebookLog = d.uint()
		}
	}
	return r, d.err
}

// info returns the record as the domain's PackageInfo.
func (r *packageRecord) info() (annotate.PackageInfo, error) {
	p := annotate.PackageInfo{
		Format: int(min(r.Format, 1<<31)), ProjectID: r.ProjectID, PackageID: r.PackageID, Coder: r.Coder,
		Seed: r.Seed, Created: r.Created, Documents: r.Documents, Sample: r.Sample,
		CodebookLog: int(min(r.CodebookLog, 1<<31)),
	}
	if len(r.Codebook) > 0 {
		cr, err := decodeCodebookRecord(r.Codebook)
		if err != nil {
			return p, fmt.Errorf("the codebook of package %s: %w", r.PackageID, err)
		}
		p.Codebook = cr.codebook()
	}
	return p, nil
}

// ProjectID returns the project's identity. A project that has none yet
// (made by an earlier Newsmark) gets one now, unless it is open read-only:
// then the id is "".
func (s *Store) ProjectID() (string, error) {
	var id string
	err := s.view(func(tx *bbolt.Tx) error {
		id = string(tx.Bucket(bucketMeta).Get(keyProject))
		return nil
	})
	if err != nil || id != "" || s.readOnly {
		return id, err
	}
	err = s.update("give the project an identity", func(c *change) error {
		id, err = c.projectID()
		return err
	})
	return id, err
}

// projectID returns the project's identity, giving it one if it has none.
func (c *change) projectID() (string, error) {
	meta := c.tx.Bucket(bucketMeta)
	if id := meta.Get(keyProject); len(id) > 0 {
		return string(id), nil
	}
	id := annotate.NewID()
	return id, meta.Put(keyProject, []byte(id))
}

// Package returns the record of a coder package, or nil for a project that
// is not one.
func (s *Store) Package() (*annotate.PackageInfo, error) {
	var p *annotate.PackageInfo
	err := s.view(func(tx *bbolt.Tx) error {
		var err error
		p, err = readPackage(tx)
		return err
	})
	return p, err
}

// readPackage returns the package record of the file of tx, or nil.
func readPackage(tx *bbolt.Tx) (*annotate.PackageInfo, error) {
	v := tx.Bucket(bucketMeta).Get(keyPackage)
	if v == nil {
		return nil, nil
	}
	r, err := decodePackageRecord(v)
	if err != nil {
		return nil, fmt.Errorf("package record: %w", err)
	}
	p, err := r.info()
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Packages lists the coder packages made from this project, oldest first.
func (s *Store) Packages() ([]annotate.PackageInfo, error) {
	var list []annotate.PackageInfo
	err := s.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketPackages)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			r, err := decodePackageRecord(v)
			if err != nil {
				return fmt.Errorf("package %q: %w", k, err)
			}
			p, err := r.info()
			if err != nil {
				return err
			}
			list = append(list, p)
			return nil
		})
	})
	slices.SortStableFunc(list, func(a, b annotate.PackageInfo) int { return a.Created.Compare(b.Created) })
	return list, err
}

// documentOrder returns the ids of the project's documents in import
// order.
func documentOrder(tx *bbolt.Tx) ([]string, error) {
	type entry struct {
		id  string
		seq uint64
	}
	var list []entry
	err := tx.Bucket(bucketDocuments).ForEach(func(k, v []byte) error {
		r, err := decodeDocumentRecord(v, false)
		if err != nil {
			return fmt.Errorf("document %q: %w", k, err)
		}
		list = append(list, entry{string(k), r.Seq})
		return nil
	})
	slices.SortFunc(list, func(a, b entry) int { return cmp.Compare(a.seq, b.seq) })
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.id
	}
	return ids, err
}
