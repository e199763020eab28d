// Package skillpulse holds the domain of the skills pipeline: the raw and
// tagged postings that travel through Kafka, the skills and mentions the
// tagger produces, and the small interfaces the stages meet through.
//
// It imports only the standard library. Each technology (Kafka, ClickHouse,
// the embedded broker) lives in its own package that implements these
// interfaces; ingest, extract and aggregate never import each other.
package skillpulse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// RawPostingVersion is the version of the raw posting format this code reads
// and writes. Producers may omit the field; it then means version 1.
const RawPostingVersion = 1

// RawPosting is one job posting as a source published it to postings.raw.
// Any Kafka client can produce it: it is a single JSON object with the fields
// below. Fields this version does not know are kept in Extra and written back
// unchanged, so an older worker never strips what a newer source added.
type RawPosting struct {
	Source      string `json:"source"`
	SourceID    string `json:"source_id"`
	Title       string `json:"title"`
	Employer    string `json:"employer"`
	Location    string `json:"location"`
	PostedAt    string `json:"posted_at"`
	Description string `json:"description"`
	URL         string `json:"url,omitempty"`
	FetchedAt   string `json:"fetched_at,omitempty"`

	// The optional fields below are set by sources that know them (a
	// structured location, a closed posting). Extract fills what is missing
	// from the text, so a posting produced by any client gets them too.

	// City, Region (state or province code, "TX") and Country ("US").
	City    string `json:"city,omitempty"`
	Region  string `json:"region,omitempty"`
	Country string `json:"country,omitempty"`
	// WorkMode is remote, hybrid or onsite.
	WorkMode string `json:"work_mode,omitempty"`
	// RoleFamily is one of the RoleFamilies.
	RoleFamily string `json:"role_family,omitempty"`
	// HealthIT is the source's own relevance verdict, when it has one.
	HealthIT *bool `json:"health_it,omitempty"`
	// ClosedAt, RFC 3339 or YYYY-MM-DD, is set when the source no longer
	// lists the posting; analysts count active postings with it.
	ClosedAt string `json:"closed_at,omitempty"`

	// Extra holds every field not listed above, verbatim.
	Extra map[string]json.RawMessage `json:"-"`
}

// Key is the Kafka message key of the posting: "source:source_id". Keying by
// it sends every version of one posting to the same partition, so they are
// processed in order.
func (p RawPosting) Key() string { return p.Source + ":" + p.SourceID }

// UnmarshalJSON decodes the known fields and keeps the rest in Extra. It
// scans the object once and decodes each known field from its raw bytes,
// so the (large) description is decoded once.
func (p *RawPosting) UnmarshalJSON(b []byte) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	if all == nil {
		return errors.New("posting is null, want an object")
	}
	*p = RawPosting{}
	for k, v := range all {
		target := p.field(k)
		if target == nil {
			if p.Extra == nil {
				p.Extra = make(map[string]json.RawMessage)
			}
			p.Extra[k] = v
			continue
		}
		if err := json.Unmarshal(v, target); err != nil {
			return fmt.Errorf("field %s: %w", k, err)
		}
	}
	return nil
}

// field returns a pointer to the field with JSON name k, or nil for a field
// this version does not know.
func (p *RawPosting) field(k string) any {
	switch k {
	case "source":
		return &p.Source
	case "source_id":
		return &p.SourceID
	case "title":
		return &p.Title
	case "employer":
		return &p.Employer
	case "location":
		return &p.Location
	case "posted_at":
		return &p.PostedAt
	case "description":
		return &p.Description
	case "url":
		return &p.URL
	case "fetched_at":
		return &p.FetchedAt
	case "city":
		return &p.City
	case "region":
		return &p.Region
	case "country":
		return &p.Country
	case "work_mode":
		return &p.WorkMode
	case "role_family":
		return &p.RoleFamily
	case "health_it":
		return &p.HealthIT
	case "closed_at":
		return &p.ClosedAt
	}
	return nil
}

// MarshalJSON writes the known fields followed by Extra.
func (p RawPosting) MarshalJSON() ([]byte, error) {
	type plain RawPosting
	known, err := json.Marshal(plain(p))
	if err != nil {
		return nil, err
	}
	if len(p.Extra) == 0 {
		return known, nil
	}
	extra, err := json.Marshal(p.Extra)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(known) + len(extra))
	buf.Write(known[:len(known)-1])
	buf.WriteByte(',')
	buf.Write(extra[1:])
	return buf.Bytes(), nil
}

// ErrInvalidPosting is wrapped by every validation error, so callers can send
// the posting to the dead-letter topic with the message as its reason.
var ErrInvalidPosting = errors.New("invalid posting")

// ParseRawPosting decodes and validates one raw posting. The error says which
// field is wrong and wraps ErrInvalidPosting.
func ParseRawPosting(b []byte) (RawPosting, error) {
	if !utf8.Valid(b) {
		return RawPosting{}, fmt.Errorf("%w: not valid UTF-8", ErrInvalidPosting)
	}
	var p RawPosting
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&p); err != nil {
		return RawPosting{}, fmt.Errorf("%w: bad JSON: %v", ErrInvalidPosting, err)
	}
	if dec.More() {
		return RawPosting{}, fmt.Errorf("%w: trailing data after the JSON object", ErrInvalidPosting)
	}
	if err := p.Validate(); err != nil {
		return RawPosting{}, err
	}
	return p, nil
}

// Validate reports the first missing or malformed field.
func (p RawPosting) Validate() error {
	switch {
	case strings.TrimSpace(p.Source) == "":
		return fmt.Errorf("%w: source is empty", ErrInvalidPosting)
	case strings.TrimSpace(p.SourceID) == "":
		return fmt.Errorf("%w: source_id is empty", ErrInvalidPosting)
	case strings.TrimSpace(p.Title) == "":
		return fmt.Errorf("%w: title is empty", ErrInvalidPosting)
	case strings.TrimSpace(p.Description) == "":
		return fmt.Errorf("%w: description is empty", ErrInvalidPosting)
	}
	if _, err := ParsePostedAt(p.PostedAt); err != nil {
		return fmt.Errorf("%w: posted_at: %v", ErrInvalidPosting, err)
	}
	if p.FetchedAt != "" {
		if _, err := ParsePostedAt(p.FetchedAt); err != nil {
			return fmt.Errorf("%w: fetched_at: %v", ErrInvalidPosting, err)
		}
	}
	if p.ClosedAt != "" {
		if _, err := ParsePostedAt(p.ClosedAt); err != nil {
			return fmt.Errorf("%w: closed_at: %v", ErrInvalidPosting, err)
		}
	}
	if p.WorkMode != "" && !validWorkMode(p.WorkMode) {
		return fmt.Errorf("%w: work_mode %q: want remote, hybrid or onsite", ErrInvalidPosting, p.WorkMode)
	}
	if p.RoleFamily != "" && !validRoleFamily(p.RoleFamily) {
		return fmt.Errorf("%w: role_family %q: want one of %s", ErrInvalidPosting, p.RoleFamily, strings.Join(RoleFamilies(), ", "))
	}
	return nil
}

// ParsePostedAt accepts RFC 3339 timestamps and plain YYYY-MM-DD dates, the
// two forms the raw posting format allows. The result is in UTC.
func ParsePostedAt(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", s)
}
