// Package sampledata bundles fictional Health IT job postings so that a first
// run of skillpulse (make run, skillpulse run --sample) shows a believable
// market: most-requested skills, soft versus hard, trends over the weeks.
//
// Its one job is to hand out the embedded files. The postings are written by
// the generator in internal/gen from hand-written building blocks; no text is
// scraped or taken from a third party. The package depends on nothing but the
// standard library; it never loads the samples into the pipeline itself, so
// a user's own data is never mixed with them unless they ask.
package sampledata

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// File is the name of the bundled postings file: raw postings (version 1),
// one JSON object a line, the same format `skillpulse import` reads.
const File = "postings.jsonl"

// DuplicatesFile is the name of the list of duplicate groups planted among
// the postings, kept apart so that nothing in the postings gives them away.
const DuplicatesFile = "duplicates.json"

// postings is a string, not a []byte, so that no caller can change it.
//
//go:embed postings.jsonl
var postings string

//go:embed duplicates.json
var duplicates string

// Postings returns a new reader over the bundled postings file, so callers
// can stream it into a producer the same way they stream a user's file.
func Postings() io.Reader { return strings.NewReader(postings) }

// DuplicateGroup is one job that the sample data contains more than once, the
// way job boards repost and syndicate: Keys are the postings' Kafka keys
// ("source:source_id"), the original first. Dedup tests use it as ground truth.
type DuplicateGroup struct {
	// Kind says how the copies were made: "repost" (same source, new id, a
	// few days later, tiny edits), "syndicated" (the same job on a second
	// source) or "both".
	Kind string   `json:"kind"`
	Keys []string `json:"keys"`
}

// Duplicates returns the planted duplicate groups. Every posting not named
// in a group is a distinct job.
func Duplicates() ([]DuplicateGroup, error) {
	var gs []DuplicateGroup
	if err := json.Unmarshal([]byte(duplicates), &gs); err != nil {
		return nil, fmt.Errorf("decode %s: %w", DuplicatesFile, err)
	}
	return gs, nil
}
