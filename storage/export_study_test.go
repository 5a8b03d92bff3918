package storage

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// SetPackageFormat rewrites the format number of the package record of the
// package file at path, as a newer Newsmark would write it.
func SetPackageFormat(path string, format uint64) error {
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		r, err := decodePackageRecord(meta.Get(keyPackage))
		if err != nil {
			return err
		}
		if r.PackageID == "" {
			return fmt.Errorf("%s is not a package", path)
		}
		r.Format = format
		return meta.Put(keyPackage, r.encode())
	})
}
