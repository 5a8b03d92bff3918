// Package agreement measures how far the coders of a study agree, and
// settles their disagreements into a final ("gold") layer.
//
// The measures are pure functions over plain data (Alpha, CohenKappa,
// FleissKappa, UnitizingAlpha, SpanF1), tested against the worked examples
// of the methods literature; Compute gathers a project's data from a store
// and returns a Report with every figure, the units and coders behind it,
// and the places where the coders disagree. The adjudication half (Places,
// NewAccept, NewReject, NewAcceptAgreed) builds the final layer as undoable
// annotate.Change values.
//
// Offsets are code points of a segment's NFC text, end exclusive, as
// everywhere in Newsmark. A document counts when two or more coders have
// coded it: they gave it a status in progress or done, or made an
// annotation or a segment label on it.
package agreement
