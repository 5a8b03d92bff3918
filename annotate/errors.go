package annotate

import "errors"

// Sentinel errors a caller can branch on with errors.Is. Functions wrap them
// with context ("annotation a1: %w"), so the message names what was wrong.
var (
	// ErrNotFound reports a document, segment, annotation, relation or
	// annotator that does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate reports a document whose content is already in the project,
	// or an id that is already taken.
	ErrDuplicate = errors.New("already exists")
	// ErrOffsetRange reports a span whose start or end lies outside its
	// segment's text, or whose start is after its end.
	ErrOffsetRange = errors.New("offsets outside the segment")
	// ErrEmptySpan reports a span that covers no text.
	ErrEmptySpan = errors.New("empty span")
	// ErrUnknownSegment reports a span or label on a segment the document does
	// not have.
	ErrUnknownSegment = errors.New("unknown segment")
	// ErrUnknownLabel reports a label id the codebook does not define, or one
	// used where its kind is not allowed.
	ErrUnknownLabel = errors.New("unknown label")
	// ErrUnknownAttribute reports an attribute the label's schema does not
	// define.
	ErrUnknownAttribute = errors.New("unknown attribute")
	// ErrAttributeValue reports an attribute value the schema does not allow,
	// or a required attribute without a value.
	ErrAttributeValue = errors.New("attribute value not allowed")
	// ErrUnknownRelationType reports a relation type the codebook does not
	// define.
	ErrUnknownRelationType = errors.New("unknown relation type")
	// ErrInvalid reports any other value that breaks a rule of the data model
	// (an empty id, a relation that crosses documents, a malformed colour).
	ErrInvalid = errors.New("invalid")
)
