package annotate

// Store keeps a project: its documents, annotations, relations, segment
// labels, codebook and annotators. Every method that changes data is one
// transaction, durable when the method returns: there is no Save.
//
// Methods return errors that wrap ErrNotFound, ErrDuplicate or the
// validation errors of this package, so callers can branch with errors.Is.
type Store interface {
	// AddDocuments stores new documents, each already Prepared, all or none.
	// A document whose Hash is already in the project fails the whole call
	// with an error wrapping ErrDuplicate that names it.
	AddDocuments(docs ...*Document) error
	// Document returns a document with all its segments.
	Document(id string) (*Document, error)
	// Documents lists every document, in import order, without text.
	Documents() ([]DocumentSummary, error)
	// DocumentByHash returns the id of the document with the given content
	// hash, or ErrNotFound.
	DocumentByHash(hash string) (string, error)
	// DeleteDocument removes a document with its annotations, relations and
	// segment labels.
	DeleteDocument(id string) error

	// AddAnnotation validates a against its document and the codebook, fills
	// in its quote, and stores it. It gives a an id and times if it has none.
	AddAnnotation(a *Annotation) error
	// UpdateAnnotation replaces a stored annotation (label, attributes, note,
	// offsets), validated as AddAnnotation does, and sets its Modified time.
	UpdateAnnotation(a *Annotation) error
	// DeleteAnnotation removes an annotation and the relations that use it.
	DeleteAnnotation(docID, id string) error
	// Annotation returns one annotation.
	Annotation(docID, id string) (*Annotation, error)
	// Annotations returns a document's annotations ordered by segment order,
	// then start, then end.
	Annotations(docID string) ([]Annotation, error)

	// AddRelation validates and stores a relation between two annotations of
	// one document.
	AddRelation(r *Relation) error
	// DeleteRelation removes a relation.
	DeleteRelation(docID, id string) error
	// Relations returns a document's relations in creation order.
	Relations(docID string) ([]Relation, error)

	// SetSegmentLabel gives a segment (or the document, with SegmentID "")
	// a label. In an exclusive set, it replaces the annotator's other label of
	// that set on the segment.
	SetSegmentLabel(l *SegmentLabel) error
	// RemoveSegmentLabel takes a label off a segment.
	RemoveSegmentLabel(l SegmentLabel) error
	// SegmentLabels returns a document's segment labels.
	SegmentLabels(docID string) ([]SegmentLabel, error)

	// Codebook returns the project's codebook.
	Codebook() (*Codebook, error)
	// SetCodebook validates and replaces the codebook. It refuses to drop a
	// label, relation type or segment label that stored data still uses.
	SetCodebook(c *Codebook) error

	// Annotators lists the project's annotators by id.
	Annotators() ([]Annotator, error)
	// AddAnnotator stores an annotator; an existing id is left as it is.
	AddAnnotator(a *Annotator) error

	// Import stores a batch in one transaction, all or nothing. Codebook
	// entries the project lacks are added (existing ids are kept as they
	// are). A document whose id or content hash is already in the project is
	// not stored again: its annotations are attached to the existing document
	// and it is reported as skipped. Annotations, relations and segment labels
	// already present (same id or key) are skipped and counted. The first
	// invalid item aborts the import and leaves the project unchanged.
	Import(b *Batch) (ImportReport, error)

	// Close releases the project file.
	Close() error
}

// StagedImporter is implemented by a store that can take the documents of
// one import in several parts without holding them all in memory at once.
// It is apart from Store so that test doubles of Store need not implement
// it; an importer falls back to one Import call on a store without it.
type StagedImporter interface {
	// BeginImport starts an import whose documents nobody sees until its
	// Commit.
	BeginImport() (ImportStage, error)
}

// ImportStage is one import in progress. Its documents become part of the
// project together, in Commit's one transaction, or not at all: nothing of
// it is visible before Commit returns, and after an Abort, a failed Commit
// or a crash the project is as it was (a store cleans what a crash left
// when it is opened next).
type ImportStage interface {
	// Add stores documents out of sight. A document whose content hash or
	// id (with the same content) is already in the project or in this
	// import is left out and reported by Commit as skipped; a document
	// whose id is taken by another text is an error wrapping ErrDuplicate,
	// as in Import. The caller may drop the documents once Add returns.
	Add(docs []*Document) error
	// Commit makes every document added part of the project, in one
	// transaction, and reports them as Import does. The stage is done
	// afterwards, whatever the outcome.
	Commit() (ImportReport, error)
	// Abort drops everything added. It may be called after Commit and more
	// than once; only the first call of an unfinished stage does anything.
	Abort() error
}

// DocumentEditor is implemented by a store that can change a document's
// segments and title by hand (split, merge, kind, comment header, rename)
// and remove several documents at once. Each method is one transaction.
// It is apart from Store so that test doubles of Store need not implement
// it; the changes that need it (EditSegments, RenameDocument,
// RemoveDocuments) fail on a store without it.
type DocumentEditor interface {
	// EditSegments applies e if the document's segments are still e.From:
	// it replaces them with e.To, moves the annotations of e.Spans (their
	// quotes follow the new text), takes off and puts on the segment labels
	// of e, keeps every other annotation and relation, and updates the
	// document's counts and content hash. A document whose segments are not
	// e.From gets an error wrapping ErrInvalid and is left as it is.
	EditSegments(e *SegmentEdit) error
	// SetDocumentTitle renames a document.
	SetDocumentTitle(id, title string) error
	// DeleteDocuments removes documents with their annotations, relations
	// and segment labels, all or none.
	DeleteDocuments(ids ...string) error
}
