// Package storage keeps a Newsmark project in one bbolt database file: the
// implementation of annotate.Store.
//
// Every method that changes data is one bbolt Update transaction, committed
// and synced to disk before it returns; a crash or power cut loses nothing
// that a method reported done, and never half of a change. A staged import
// (BeginImport, stage.go) writes in several transactions, but out of sight:
// its documents become visible together in its last one. Open waits for
// the file's lock for a bounded time (ErrAlreadyOpen), refuses files that
// are not Newsmark projects (ErrNotNewsmark), are damaged (ErrDamaged) or
// come from a newer version (ErrNewerVersion) without changing a byte of
// them, and upgrades older ones in one transaction (migrate.go).
//
// # Layout
//
// schema.go declares every bucket and key; records.go the records and their
// field numbers; codec.go their encoding, a compact tag-length-value format
// whose decoder skips unknown fields. Keys are stable string ids (the ids
// of package annotate: annotate.NewID gives time-sortable ones) or
// big-endian uint64 numbers.
//
//	meta/
//	    magic                 "newsmark project"
//	    version               schema version, big-endian uint64 (SchemaVersion)
//	    project               the project's identity, a random id (made on
//	                          first need; a package holds its lead's)
//	    package               packageRecord, in a coder package only
//	packages/                 (made by the first package)
//	    <package id>          packageRecord of a package made from here
//	documents/
//	    <document id>         documentRecord: metadata, content hash, import
//	                          sequence, and counts of segments, comments and
//	                          annotations kept up to date by every change
//	hashes/
//	    <content hash>        document id
//	docdata/
//	    <document id>/
//	        segments/
//	            <position>    segmentRecord; position = 1, 2, ... in page order
//	        segids/
//	            <segment id>  position
//	        annotations/
//	            <annotation id>   annotationRecord, with its quote
//	        relations/
//	            <relation id>     relationRecord, with a creation sequence
//	        seglabels/
//	            <position><label id>0x00<annotator id>   segmentLabelRecord;
//	                              position 0 is the whole document
//	        status/           (made by the document's first status)
//	            <annotator id>    statusRecord
//	        rejections/       (made by the document's first rejection)
//	            <final layer>0x00<annotation id>   empty: rejected for it
//	codebook/
//	    codebook              codebookRecord
//	annotators/
//	    <annotator id>        annotatorRecord
//	usage/
//	    l<label id>           number of annotations with the label
//	    r<relation type id>   number of relations of the type
//	    s<segment label id>   number of segment labels with it
//	staging/                  (version 3)
//	    <import number>/      one per staged import in progress
//	        <document id>/    laid out as docdata/<document id>, moved there
//	                          by the import's last transaction; Open deletes
//	                          what a crash left
//	codebooklog/              (after version 3; missing = an empty list)
//	    <sequence>            codebookLogRecord: one codebook change
//
// Documents lists the documents bucket alone, so it never reads a segment's
// text. Annotations reads one document's annotations bucket and sorts it.
// The usage counts let SetCodebook refuse to drop an entry in use without
// scanning every annotation.
package storage
