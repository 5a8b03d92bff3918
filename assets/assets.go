// Package assets holds what Newsmark ships inside its binary: the icon, the
// default codebook a new project starts with, and the sample document shown
// on the first start.
package assets

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

//go:embed icon.png
var iconPNG []byte

//go:embed codebook.json
var codebookJSON []byte

//go:embed sample.json
var sampleJSON []byte

// IconPNG returns the application icon as a 256×256 PNG.
func IconPNG() []byte { return iconPNG }

// DefaultCodebook returns a fresh copy of the codebook a new project starts
// with: PER, ORG, LOC and MISC entities (the CoNLL/GermEval convention),
// claim labels (factual claim with check-worthiness, opinion, quoted
// statement and its source), relation types and comment label sets.
func DefaultCodebook() *annotate.Codebook {
	cb, err := annotate.DecodeCodebook(bytes.NewReader(codebookJSON))
	if err != nil {
		// The file is embedded at build time and checked by a test.
		panic(fmt.Sprintf("assets: embedded codebook.json: %v", err))
	}
	return cb
}

// sampleFile is the shape of sample.json: an article as a list of segments,
// and its comments with their metadata.
type sampleFile struct {
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	Outlet    string    `json:"outlet"`
	Published time.Time `json:"published"`
	Language  string    `json:"language"`
	Segments  []struct {
		Kind annotate.SegmentKind `json:"kind"`
		Text string               `json:"text"`
	} `json:"segments"`
	Comments []struct {
		ID      string    `json:"id"`
		Author  string    `json:"author"`
		Time    time.Time `json:"time"`
		Title   string    `json:"title"`
		ReplyTo string    `json:"reply_to"`
		Text    string    `json:"text"`
	} `json:"comments"`
}

// SampleDocument returns the sample article with its reader comments that a
// new project starts with, prepared and ready to store. The article and the
// comments were written for Newsmark; the town and paper are made up.
func SampleDocument(now time.Time) (*annotate.Document, error) {
	var f sampleFile
	if err := json.Unmarshal(sampleJSON, &f); err != nil {
		return nil, fmt.Errorf("assets: sample.json: %w", err)
	}
	doc := &annotate.Document{
		Title:     f.Title,
		Source:    f.Source,
		Outlet:    f.Outlet,
		Published: sampleTime(f.Published),
		Language:  f.Language,
	}
	for _, s := range f.Segments {
		doc.Segments = append(doc.Segments, annotate.Segment{Kind: s.Kind, Text: s.Text})
	}
	for i, c := range f.Comments {
		doc.Segments = append(doc.Segments, annotate.Segment{
			ID: c.ID, Kind: annotate.KindComment, Text: c.Text,
			Author: c.Author, Posted: sampleTime(c.Time), Number: i + 1, Title: c.Title, ReplyTo: c.ReplyTo,
		})
	}
	if err := doc.Prepare(now); err != nil {
		return nil, fmt.Errorf("assets: sample.json: %w", err)
	}
	return doc, nil
}

// sampleTime is a time of sample.json, which gives minutes and an offset.
func sampleTime(t time.Time) annotate.When {
	if t.IsZero() {
		return annotate.When{}
	}
	return annotate.When{Time: t, Precision: annotate.PrecisionMinute, Zoned: true}
}
