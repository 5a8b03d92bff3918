// Package annotate is Newsmark's domain: documents made of segments (the
// article's parts and every reader comment), span annotations pointing into
// segment text, relations between spans, labels on whole segments, the
// codebook that defines all labels, and the annotators who made them.
//
// Offsets are counted in Unicode code points (runes) of a segment's
// NFC-normalised text, with the end exclusive, as the W3C
// TextPositionSelector defines them. offsets.go is the one place that converts
// them to and from UTF-8 byte offsets and UTF-16 code units.
//
// The package knows nothing of Fyne or bbolt: Store is the interface that
// package storage implements and package app uses.
package annotate
