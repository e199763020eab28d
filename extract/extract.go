// Package extract turns raw postings into tagged postings: HTML to text,
// the posting's stable id and text hash, its duplicate fingerprint (package
// dedup), and skill mentions from the tagger.
//
// The Worker consumes postings.raw as a consumer group, publishes
// postings.tagged, sends what it cannot use to postings.dlq with the reason,
// and commits offsets only after both are acknowledged. It depends on the
// domain interfaces, not on Kafka or ClickHouse packages.
package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/dedup"
	"github.com/skillpulse/skillpulse/htmltext"
)

// Extractor tags one posting. It is what `skillpulse tag` and the worker
// share, so the CLI is the extractor itself, not a copy of it.
type Extractor struct {
	Tagger          skillpulse.Tagger
	TaxonomyVersion string
	// Classify, if set, fills the posting's dimensions (location, work
	// mode, role family, Health IT relevance) from its fields and text. It
	// must keep what the raw posting already states. Nil keeps the raw
	// posting's own fields only.
	Classify func(p skillpulse.RawPosting, text string) skillpulse.Dimensions
	// Now stamps TaggedAt; default time.Now.
	Now func() time.Time
}

// RawDimensions are the dimensions a raw posting states itself.
func RawDimensions(p skillpulse.RawPosting) skillpulse.Dimensions {
	d := skillpulse.Dimensions{City: p.City, Region: p.Region, Country: p.Country, WorkMode: p.WorkMode, RoleFamily: p.RoleFamily}
	if p.HealthIT != nil {
		d.HealthIT = *p.HealthIT
	}
	return d
}

// PostingText is the text a posting is tagged on: the title, a blank line,
// then the description as plain text. Titles name skills too ("Epic Beaker
// Analyst"), and mention offsets refer to this text.
func PostingText(p skillpulse.RawPosting) string {
	return strings.TrimSpace(p.Title) + "\n\n" + htmltext.FromHTML(p.Description)
}

// PostingID is the stable id of a posting: the first 16 hex digits of the
// SHA-256 of its key (source:source_id). Every version and every redelivery
// of the same source posting gets the same id, which is what makes writes
// idempotent downstream.
func PostingID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// TextHash hashes the text with case and whitespace folded, so that the same
// ad reposted with different spacing or capitalisation hashes the same.
func TextHash(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:16])
}

// Extract tags a valid raw posting and fingerprints it for duplicate
// grouping (dedup.Fingerprint). It does not fail: validation happened in
// skillpulse.ParseRawPosting, and a posting without skills is still a
// posting that counts in every share's denominator.
func (e *Extractor) Extract(p skillpulse.RawPosting) skillpulse.TaggedPosting {
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	text := PostingText(p)
	posted, _ := skillpulse.ParsePostedAt(p.PostedAt) // validated by ParseRawPosting
	var fetched time.Time
	if p.FetchedAt != "" {
		fetched, _ = skillpulse.ParsePostedAt(p.FetchedAt)
	}
	var closed time.Time
	if p.ClosedAt != "" {
		closed, _ = skillpulse.ParsePostedAt(p.ClosedAt) // validated by ParseRawPosting
	}
	dims := RawDimensions(p)
	if e.Classify != nil {
		dims = e.Classify(p, text)
	}
	mentions := e.Tagger.Tag(text)
	if mentions == nil {
		mentions = []skillpulse.Mention{}
	}
	tp := skillpulse.TaggedPosting{
		Version:         skillpulse.TaggedPostingVersion,
		PostingID:       PostingID(p.Key()),
		Key:             p.Key(),
		Source:          p.Source,
		SourceID:        p.SourceID,
		Title:           strings.TrimSpace(p.Title),
		Employer:        strings.TrimSpace(p.Employer),
		Location:        strings.TrimSpace(p.Location),
		URL:             p.URL,
		PostedAt:        posted,
		FetchedAt:       fetched,
		TextHash:        TextHash(text),
		TextBytes:       len(text),
		Dimensions:      dims,
		ClosedAt:        closed,
		TaxonomyVersion: e.TaxonomyVersion,
		TaggedAt:        now().UTC(),
		Mentions:        mentions,
	}
	dedup.Fingerprint(&tp, text)
	return tp
}
