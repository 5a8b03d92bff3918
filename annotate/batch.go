package annotate

// Batch is what an import brings: documents with their annotations, relations
// and segment labels, plus the labels and annotators they use.
type Batch struct {
	Codebook      *Codebook // labels, relation types and segment-label sets to add if missing; may be nil
	Annotators    []Annotator
	Documents     []*Document // already Prepared
	Annotations   []Annotation
	Relations     []Relation
	SegmentLabels []SegmentLabel
	// Statuses are coders' statuses of the batch's documents. A store that
	// keeps statuses stores those the project has none of for that document
	// and coder; others ignore them.
	Statuses []DocStatus
	// CodebookLog is the change list of the codebook the batch comes with
	// (a native export keeps it); a store adds the entries it lacks.
	CodebookLog []CodebookLogEntry
}

// ImportReport says what Store.Import did.
type ImportReport struct {
	DocumentsAdded int
	// DocumentsSkipped names (by title, or id without one) the documents that
	// were already in the project, by id or content hash.
	DocumentsSkipped []string

	AnnotationsAdded, AnnotationsSkipped     int
	RelationsAdded, RelationsSkipped         int
	SegmentLabelsAdded, SegmentLabelsSkipped int
	// LabelsAdded lists the codebook ids (labels, relation types, segment
	// labels) the import added to the project's codebook.
	LabelsAdded []string
}
