package skillpulse

import (
	"fmt"
	"time"
)

// Kind separates soft skills (communication, leadership...) from hard skills
// (Epic Cadence, HL7, SQL...): the split every durable-skills figure rests on.
type Kind string

// The two kinds a skill can have.
const (
	Soft Kind = "soft"
	Hard Kind = "hard"
)

// ParseKind accepts "soft" or "hard"; the empty string means both and is
// returned as "" without error so that query filters can leave it out.
func ParseKind(s string) (Kind, error) {
	switch Kind(s) {
	case Soft, Hard, "":
		return Kind(s), nil
	}
	return "", fmt.Errorf("kind %q: want soft or hard", s)
}

// Skill is one entry of the taxonomy. ID is stable across taxonomy versions:
// ClickHouse rows and dashboards refer to it, so it is never reused.
type Skill struct {
	ID       string   `json:"id" yaml:"id"`
	Name     string   `json:"name" yaml:"name"`
	Kind     Kind     `json:"kind" yaml:"kind"`
	Category string   `json:"category" yaml:"category"`
	Aliases  []string `json:"aliases,omitempty" yaml:"aliases,omitempty"`
	// ESCO is the ESCO concept URI, where one exists.
	ESCO string `json:"esco,omitempty" yaml:"esco,omitempty"`
	// ONET is the O*NET-SOC or commodity code, where one exists.
	ONET string `json:"onet,omitempty" yaml:"onet,omitempty"`
}

// Mention is one span of text the tagger read as a skill. Start and End are
// UTF-8 byte offsets into the text the tagger was given, End exclusive, and
// Text is exactly text[Start:End].
type Mention struct {
	SkillID  string `json:"skill_id"`
	Skill    string `json:"skill"`
	Kind     Kind   `json:"kind"`
	Category string `json:"category"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
}

// Tagger finds skill mentions in plain text. Implementations must be safe for
// concurrent use and must never return offsets outside the text or inside a
// UTF-8 sequence.
type Tagger interface {
	Tag(text string) []Mention
}

// TaggedPostingVersion is the version of the postings.tagged message format.
const TaggedPostingVersion = 1

// TaggedPosting is what extract publishes to postings.tagged and aggregate
// writes to ClickHouse: the posting's dimensions plus every skill mention.
// PostingID identifies the deduplicated posting; every message for the same
// PostingID describes the same job, so writing one twice changes no count.
type TaggedPosting struct {
	Version   int    `json:"version"`
	PostingID string `json:"posting_id"`
	Key       string `json:"key"`
	Source    string `json:"source"`
	SourceID  string `json:"source_id"`
	Title     string `json:"title"`
	Employer  string `json:"employer"`
	Location  string `json:"location"`
	URL       string `json:"url,omitempty"`
	// PostedAt is the posting date in UTC; its calendar day is the day the
	// posting counts on in skill_daily.
	PostedAt  time.Time `json:"posted_at"`
	FetchedAt time.Time `json:"fetched_at,omitzero"`
	// TextHash is a hash of the normalised description text (hex), the key
	// for exact-duplicate detection.
	TextHash  string `json:"text_hash"`
	TextBytes int    `json:"text_bytes"`
	// Dimensions are the analyst filters: location, work mode, role
	// family, Health IT relevance.
	Dimensions
	// ClosedAt is when the source stopped listing the posting; zero while
	// it is open.
	ClosedAt        time.Time `json:"closed_at,omitzero"`
	TaxonomyVersion string    `json:"taxonomy_version"`
	TaggedAt        time.Time `json:"tagged_at"`
	Mentions        []Mention `json:"mentions"`

	// The fields below group copies of one job (package dedup). Messages
	// without them count each source posting on its own.

	// SourcePostingID is the source posting's own id (the SHA-256 prefix
	// of Key); PostingID becomes the group's id when the posting is a copy.
	SourcePostingID string `json:"source_posting_id,omitempty"`
	// SourcePostedAt is the source posting's own posting time once
	// grouping has moved PostedAt to the group's first posting time.
	SourcePostedAt time.Time `json:"source_posted_at,omitzero"`
	// DedupBlock is the normalised employer: only postings of one block
	// can be copies, and postings.tagged is keyed by it.
	DedupBlock string `json:"dedup_block,omitempty"`
	// MinHash is the MinHash signature of the tagged text's word shingles.
	MinHash []uint32 `json:"minhash,omitempty"`
}

// Skills returns the first mention of each distinct skill, in text order:
// a posting requests a skill once however often it names it.
func (t TaggedPosting) Skills() []Mention {
	seen := make(map[string]bool, len(t.Mentions))
	out := make([]Mention, 0, len(t.Mentions))
	for _, m := range t.Mentions {
		if seen[m.SkillID] {
			continue
		}
		seen[m.SkillID] = true
		out = append(out, m)
	}
	return out
}

// PostedDay is the UTC calendar day the posting counts on.
func (t TaggedPosting) PostedDay() time.Time {
	y, m, d := t.PostedAt.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
