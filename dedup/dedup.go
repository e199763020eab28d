// Package dedup groups job postings that describe the same job: exact
// copies (the same employer with the same normalised text) and near copies
// (the same job reposted with small edits, or syndicated to other boards
// under other ids: same employer, similar title, same location, nearly the
// same text, posted within a window). Counts are of groups.
//
// Near copies are found with MinHash over word shingles and banded
// locality-sensitive hashing (LSH): Signature is 64 MinHash values of the
// text's 3-word shingles, split into 16 bands of 4 rows. Two texts whose
// shingle sets have Jaccard similarity J share at least one band with
// probability 1-(1-J^4)^16: 0.64 at J=0.5, 0.99 at J=0.7 and 0.9998 at
// J=0.8, so pairs above Config.TextThreshold (default 0.8) become
// candidates all but certainly (exact copies always do). A candidate
// is a duplicate when the estimated Jaccard is at least TextThreshold, the
// normalised location is the same, the title words overlap by at least
// TitleThreshold (default 0.5) and the postings are at most Window (default
// 30 days) apart. An exact copy (same employer, same text hash) needs no
// more than that.
//
// Extract computes each posting's Features (Fingerprint) and keys
// postings.tagged by the employer block, so every posting that could be a
// copy of another lands on one partition and is resolved by one aggregate
// worker at a time, in partition order. The Writer resolves a batch against
// the links already stored (through a Store, the ClickHouse posting_links
// table) and the batch itself; a source posting seen before keeps its
// stored group, so redelivery, a batch written twice and a full replay
// resolve to the same groups. It depends on the domain package only.
package dedup

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/skillpulse/skillpulse"
)

// Signature shape: SignatureSize MinHash values in Bands bands of
// SignatureSize/Bands rows.
const (
	SignatureSize = 64
	Bands         = 16
	ShingleWords  = 3
)

// Config holds the thresholds a near copy must pass.
type Config struct {
	// TextThreshold is the least estimated Jaccard similarity of the
	// texts' shingle sets. Default (0): 0.8.
	TextThreshold float64
	// TitleThreshold is the least Jaccard similarity of the titles' word
	// sets. Default (0): 0.5.
	TitleThreshold float64
	// Window is the longest time between two copies' posting dates.
	// Default (0): 30 days.
	Window time.Duration
}

func (c Config) withDefaults() Config {
	c.TextThreshold = cmp.Or(c.TextThreshold, 0.8)
	c.TitleThreshold = cmp.Or(c.TitleThreshold, 0.5)
	c.Window = cmp.Or(c.Window, 30*24*time.Hour)
	return c
}

// Words splits s into lower-case runs of letters and digits: the
// normalisation every comparison uses, so case, punctuation and markup
// spacing never matter.
func Words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// employerNoise are legal-form words dropped from employer names, so
// "Mercy Health, Inc." and "Mercy Health" are one employer.
func employerNoise(w string) bool {
	switch w {
	case "inc", "llc", "ltd", "corp", "corporation", "co", "the", "pc", "pllc", "lp":
		return true
	}
	return false
}

// Block is the normalised employer: postings of different blocks are never
// copies of each other, and extract keys postings.tagged by it so one
// block's postings are resolved in order by one worker. A posting without
// an employer is blocked on its source posting id and so only ever matches
// its own redeliveries.
func Block(employer, sourcePostingID string) string {
	ws := slices.DeleteFunc(Words(employer), employerNoise)
	if len(ws) == 0 {
		return "id:" + sourcePostingID
	}
	return strings.Join(ws, " ")
}

// LocationKey is the normalised location compared by near-copy detection.
func LocationKey(location string) string { return strings.Join(Words(location), " ") }

// Signature is the MinHash signature of text's ShingleWords-word shingles.
// A text shorter than a shingle is one shingle of all its words.
func Signature(text string) []uint32 {
	ws := Words(text)
	sig := make([]uint32, SignatureSize)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	n := max(len(ws)-ShingleWords+1, 1)
	h := fnv.New64a()
	for i := range n {
		h.Reset()
		for _, w := range ws[i:min(i+ShingleWords, len(ws))] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		x := h.Sum64()
		for j := range sig {
			if v := uint32(mix(x^seeds(j)) >> 32); v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig
}

// seeds is the j-th hash function's seed: splitmix64 of j, fixed forever
// because stored signatures are compared with new ones.
func seeds(j int) uint64 { return mix(uint64(j)*0x9e3779b97f4a7c15 + 1) }

// mix is the splitmix64 finaliser, a fast well-distributed 64-bit hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Similarity estimates the Jaccard similarity of two signatures: the share
// of positions where they agree. Signatures of other lengths compare as 0.
func Similarity(a, b []uint32) float64 {
	if len(a) != SignatureSize || len(b) != SignatureSize {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / SignatureSize
}

// BandKeys are the LSH band keys of a signature: two signatures that share
// one are candidates.
func BandKeys(sig []uint32) []uint64 {
	if len(sig) != SignatureSize {
		return nil
	}
	rows := SignatureSize / Bands
	keys := make([]uint64, Bands)
	var buf [4]byte
	for b := range keys {
		h := fnv.New64a()
		binary.LittleEndian.PutUint32(buf[:], uint32(b))
		h.Write(buf[:])
		for _, v := range sig[b*rows : (b+1)*rows] {
			binary.LittleEndian.PutUint32(buf[:], v)
			h.Write(buf[:])
		}
		keys[b] = h.Sum64()
	}
	return keys
}

// jaccard is the Jaccard similarity of two word sets.
func jaccard(a, b []string) float64 {
	set := make(map[string]int, len(a)+len(b))
	for _, w := range a {
		set[w] |= 1
	}
	for _, w := range b {
		set[w] |= 2
	}
	if len(set) == 0 {
		return 1
	}
	both := 0
	for _, v := range set {
		if v == 3 {
			both++
		}
	}
	return float64(both) / float64(len(set))
}

// Fingerprint fills the posting's dedup fields from its text (the text
// the tagger read): SourcePostingID (the posting id before grouping),
// DedupBlock and MinHash. Extract calls it; PostingID is left alone and
// is the group id until a Writer resolves it.
func Fingerprint(p *skillpulse.TaggedPosting, text string) {
	if p.SourcePostingID == "" {
		p.SourcePostingID = p.PostingID
	}
	p.DedupBlock = Block(p.Employer, p.SourcePostingID)
	p.MinHash = Signature(text)
}

// Link is one source posting and the deduplicated posting it belongs to:
// what the Store keeps and the posting_links table holds.
type Link struct {
	SourcePostingID string
	// GroupID is the deduplicated posting's id: the SourcePostingID of the
	// group's first resolved member.
	GroupID  string
	Key      string
	Source   string
	Block    string
	Title    string
	Location string
	TextHash string
	PostedAt time.Time
	MinHash  []uint32
	// GroupPostedAt is the posting time of the group's first member, the
	// time every member counts on.
	GroupPostedAt time.Time
}

// LinkOf is the link a resolved posting stores.
func LinkOf(p skillpulse.TaggedPosting) Link {
	return Link{
		SourcePostingID: cmp.Or(p.SourcePostingID, p.PostingID), GroupID: p.PostingID, Key: p.Key, Source: p.Source,
		Block: p.DedupBlock, Title: p.Title, Location: p.Location, TextHash: p.TextHash,
		PostedAt: ownPostedAt(p), MinHash: p.MinHash, GroupPostedAt: p.PostedAt,
	}
}

// Duplicate reports whether two source postings are copies of one job under
// the thresholds of c (defaults filled in for zero fields).
func (c Config) Duplicate(a, b Link) bool {
	c = c.withDefaults()
	if a.Block != b.Block {
		return false
	}
	if a.SourcePostingID == b.SourcePostingID || (a.TextHash != "" && a.TextHash == b.TextHash) {
		return true
	}
	gap := a.PostedAt.Sub(b.PostedAt)
	if gap < 0 {
		gap = -gap
	}
	return gap <= c.Window && LocationKey(a.Location) == LocationKey(b.Location) &&
		jaccard(Words(a.Title), Words(b.Title)) >= c.TitleThreshold &&
		Similarity(a.MinHash, b.MinHash) >= c.TextThreshold
}

// Store keeps the links across batches, processes and restarts.
type Store interface {
	// DedupLinks returns the stored links whose block is one of blocks and
	// whose posting time is in [from, to], plus those of the given source
	// posting ids in those blocks whatever their time.
	DedupLinks(ctx context.Context, blocks, sourceIDs []string, from, to time.Time) ([]Link, error)
}

// Resolver assigns each posting of a batch its group.
type Resolver struct {
	Config Config
	// Store holds earlier batches' links; nil resolves within the batch only.
	Store Store
}

// Resolve sets each posting's PostingID to its group's id and its PostedAt
// to the group's first posting time (SourcePostedAt keeps its own), in
// batch order: a source posting already linked keeps its group; otherwise
// it joins the group of the earliest-posted stored or earlier-in-batch
// posting it duplicates, or starts its own. Postings without a signature
// (written by an extract that predates dedup) keep their id.
func (r *Resolver) Resolve(ctx context.Context, batch []skillpulse.TaggedPosting) error {
	cfg := r.Config.withDefaults()
	var blocks, ids []string
	var from, to time.Time
	for i := range batch {
		p := &batch[i]
		if len(p.MinHash) == 0 {
			continue
		}
		blocks = append(blocks, p.DedupBlock)
		ids = append(ids, cmp.Or(p.SourcePostingID, p.PostingID))
		at := ownPostedAt(*p)
		if from.IsZero() || at.Before(from) {
			from = at
		}
		if at.After(to) {
			to = at
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(blocks)
	blocks = slices.Compact(blocks)
	var known []Link
	if r.Store != nil {
		var err error
		known, err = r.Store.DedupLinks(ctx, blocks, ids, from.Add(-cfg.Window), to.Add(cfg.Window))
		if err != nil {
			return fmt.Errorf("dedup: read links: %w", err)
		}
	}
	idx := newIndex()
	for _, l := range known {
		idx.add(l)
	}
	for i := range batch {
		p := &batch[i]
		if len(p.MinHash) == 0 {
			continue
		}
		if p.SourcePostingID == "" {
			p.SourcePostingID = p.PostingID
		}
		own := ownPostedAt(*p)
		p.SourcePostedAt = own
		if l, ok := idx.byID[p.SourcePostingID]; ok {
			p.PostingID, p.PostedAt = l.GroupID, l.GroupPostedAt
			continue
		}
		me := LinkOf(*p)
		me.PostedAt = own
		var best *Link
		for _, c := range idx.candidates(me) {
			if !cfg.Duplicate(me, *c) {
				continue
			}
			if best == nil || c.PostedAt.Before(best.PostedAt) ||
				(c.PostedAt.Equal(best.PostedAt) && c.SourcePostingID < best.SourcePostingID) {
				best = c
			}
		}
		if best != nil {
			p.PostingID, p.PostedAt = best.GroupID, best.GroupPostedAt
		} else {
			p.PostingID, p.PostedAt = p.SourcePostingID, own
		}
		l := LinkOf(*p)
		l.PostedAt = own
		idx.add(l)
	}
	return nil
}

// ownPostedAt is the source posting's own posting time.
func ownPostedAt(p skillpulse.TaggedPosting) time.Time {
	if !p.SourcePostedAt.IsZero() {
		return p.SourcePostedAt
	}
	return p.PostedAt
}

// index finds candidate links by exact text or LSH band within a block.
type index struct {
	byID   map[string]*Link
	byText map[string][]*Link
	byBand map[uint64][]*Link
}

func newIndex() *index {
	return &index{byID: map[string]*Link{}, byText: map[string][]*Link{}, byBand: map[uint64][]*Link{}}
}

func (x *index) add(l Link) {
	if _, ok := x.byID[l.SourcePostingID]; ok {
		return
	}
	p := &l
	x.byID[l.SourcePostingID] = p
	if l.TextHash != "" {
		k := l.Block + "\x00" + l.TextHash
		x.byText[k] = append(x.byText[k], p)
	}
	for b, k := range BandKeys(l.MinHash) {
		k = mix(k ^ uint64(b)<<56 ^ blockHash(l.Block))
		x.byBand[k] = append(x.byBand[k], p)
	}
}

func blockHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// candidates are the indexed links sharing a band or the exact text with l.
func (x *index) candidates(l Link) []*Link {
	seen := map[*Link]bool{}
	var out []*Link
	addAll := func(ls []*Link) {
		for _, c := range ls {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	if l.TextHash != "" {
		addAll(x.byText[l.Block+"\x00"+l.TextHash])
	}
	for b, k := range BandKeys(l.MinHash) {
		addAll(x.byBand[mix(k^uint64(b)<<56^blockHash(l.Block))])
	}
	return out
}

// Writer groups each batch's copies, then writes it through Next: the
// aggregate stage's PostingWriter when dedup is on.
type Writer struct {
	Resolver Resolver
	Next     skillpulse.PostingWriter
	// Metrics, if set, counts own and duplicate postings per batch written.
	Metrics *Metrics
}

// WriteTagged resolves a copy of the batch (the caller may retry with the
// original) and writes it. Resolving is deterministic given the stored
// links, so a retried or redelivered batch writes the same rows.
func (w *Writer) WriteTagged(ctx context.Context, batch []skillpulse.TaggedPosting) error {
	b := slices.Clone(batch)
	if err := w.Resolver.Resolve(ctx, b); err != nil {
		return err
	}
	if err := w.Next.WriteTagged(ctx, b); err != nil {
		return err
	}
	w.Metrics.observe(b)
	return nil
}
