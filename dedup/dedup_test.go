package dedup_test

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/dedup"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/sampledata"
)

// noTags is a tagger that finds nothing: dedup does not look at skills.
type noTags struct{}

func (noTags) Tag(string) []skillpulse.Mention { return nil }

// MustTagged extracts raw postings the way the extract stage does.
func MustTagged(tb testing.TB, raws []skillpulse.RawPosting) []skillpulse.TaggedPosting {
	tb.Helper()
	e := &extract.Extractor{Tagger: noTags{}, TaxonomyVersion: "t"}
	out := make([]skillpulse.TaggedPosting, 0, len(raws))
	for _, r := range raws {
		if err := r.Validate(); err != nil {
			tb.Fatalf("%s: %v", r.Key(), err)
		}
		out = append(out, e.Extract(r))
	}
	return out
}

// MustSample reads the bundled sample postings.
func MustSample(tb testing.TB) []skillpulse.RawPosting {
	tb.Helper()
	var out []skillpulse.RawPosting
	sc := bufio.NewScanner(sampledata.Postings())
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		p, err := skillpulse.ParseRawPosting(sc.Bytes())
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// pairs lists the unordered key pairs sharing a group.
func pairs(groups map[string][]string) map[[2]string]bool {
	out := map[[2]string]bool{}
	for _, keys := range groups {
		for i, a := range keys {
			for _, b := range keys[i+1:] {
				out[[2]string{min(a, b), max(a, b)}] = true
			}
		}
	}
	return out
}

// precisionRecall compares the predicted pairs with the true ones.
func precisionRecall(got, want map[[2]string]bool) (precision, recall float64) {
	tp := 0
	for p := range got {
		if want[p] {
			tp++
		}
	}
	precision, recall = 1, 1
	if len(got) > 0 {
		precision = float64(tp) / float64(len(got))
	}
	if len(want) > 0 {
		recall = float64(tp) / float64(len(want))
	}
	return precision, recall
}

// resolvedGroups resolves the postings in batches of size n and returns
// group id -> keys.
func resolvedGroups(tb testing.TB, ps []skillpulse.TaggedPosting, r *dedup.Resolver, n int) map[string][]string {
	tb.Helper()
	groups := map[string][]string{}
	for i := 0; i < len(ps); i += n {
		b := slices.Clone(ps[i:min(i+n, len(ps))])
		if err := r.Resolve(context.Background(), b); err != nil {
			tb.Fatal(err)
		}
		if s, ok := r.Store.(*memStore); ok {
			s.add(b)
		}
		for _, p := range b {
			groups[p.PostingID] = append(groups[p.PostingID], p.Key)
		}
	}
	return groups
}

// memStore is a Store in memory, standing in for posting_links in unit
// tests; the ClickHouse one is tested in package clickhouse.
type memStore struct{ links map[string]dedup.Link }

func (s *memStore) add(b []skillpulse.TaggedPosting) {
	for _, p := range b {
		s.links[p.SourcePostingID] = dedup.LinkOf(p)
	}
}

func (s *memStore) DedupLinks(_ context.Context, blocks, ids []string, from, to time.Time) ([]dedup.Link, error) {
	var out []dedup.Link
	for _, l := range s.links {
		if slices.Contains(ids, l.SourcePostingID) ||
			(slices.Contains(blocks, l.Block) && !l.PostedAt.Before(from) && !l.PostedAt.After(to)) {
			out = append(out, l)
		}
	}
	return out, nil
}

// TestSampleDuplicates measures pair-level precision and recall on the
// bundled sample's planted groups and reports the duplicate rate.
func TestSampleDuplicates(t *testing.T) {
	ps := MustTagged(t, MustSample(t))
	planted, err := sampledata.Duplicates()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for i, g := range planted {
		want[fmt.Sprint(i)] = g.Keys
	}
	for _, batch := range []int{1, 7, len(ps)} {
		t.Run(fmt.Sprintf("batches of %d", batch), func(t *testing.T) {
			groups := resolvedGroups(t, ps, &dedup.Resolver{Store: &memStore{links: map[string]dedup.Link{}}}, batch)
			p, r := precisionRecall(pairs(groups), pairs(want))
			rate := 1 - float64(len(groups))/float64(len(ps))
			t.Logf("sample: %d postings, %d deduplicated, duplicate rate %.3f, pair precision %.3f recall %.3f",
				len(ps), len(groups), rate, p, r)
			if p < 0.95 || r < 0.95 {
				t.Errorf("precision %.3f recall %.3f; want both >= 0.95", p, r)
			}
		})
	}
}

// TestResolveIsSticky resolves the sample, then replays it in another
// batching and in reverse: every source posting keeps its group.
func TestResolveIsSticky(t *testing.T) {
	ps := MustTagged(t, MustSample(t))
	store := &memStore{links: map[string]dedup.Link{}}
	r := &dedup.Resolver{Store: store}
	first := map[string]string{}
	for k, keys := range resolvedGroups(t, ps, r, 50) {
		for _, key := range keys {
			first[key] = k
		}
	}
	rev := slices.Clone(ps)
	slices.Reverse(rev)
	for name, replay := range map[string][]skillpulse.TaggedPosting{"same order": ps, "reversed": rev} {
		t.Run(name, func(t *testing.T) {
			for k, keys := range resolvedGroups(t, replay, r, 33) {
				for _, key := range keys {
					if first[key] != k {
						t.Errorf("%s: group %s on replay, %s first", key, k, first[key])
					}
				}
			}
		})
	}
}

// variant builds a copy of p under another key with optional edits.
func variant(p skillpulse.RawPosting, source, id string, days int, edit func(*skillpulse.RawPosting)) skillpulse.RawPosting {
	c := p
	c.Source, c.SourceID = source, id
	at, _ := skillpulse.ParsePostedAt(p.PostedAt)
	c.PostedAt = at.AddDate(0, 0, days).Format(time.DateOnly)
	if edit != nil {
		edit(&c)
	}
	return c
}

// TestPlantedCorpus builds duplicates of every kind and look-alikes that
// are not duplicates from distinct sample jobs, and checks each case.
func TestPlantedCorpus(t *testing.T) {
	sample := MustSample(t)
	// Originals: the first 12 sample postings that are no planted copy.
	inGroup := map[string]bool{}
	gs, _ := sampledata.Duplicates()
	for _, g := range gs {
		for _, k := range g.Keys {
			inGroup[k] = true
		}
	}
	var base []skillpulse.RawPosting
	for _, p := range sample {
		if !inGroup[p.Key()] && len(base) < 12 {
			base = append(base, p)
		}
	}
	smallEdit := func(c *skillpulse.RawPosting) {
		c.Description = strings.Replace(c.Description, "</p>", " Apply today.</p>", 1)
		c.Title = "Sr. " + c.Title
	}
	tests := []struct {
		name string
		orig skillpulse.RawPosting
		copy skillpulse.RawPosting
		dup  bool
	}{
		{"exact repost", base[0], variant(base[0], base[0].Source, "X1", 3, nil), true},
		{"exact text, other location, after the window", base[1], variant(base[1], "indeed", "X2", 40, func(c *skillpulse.RawPosting) { c.Location = "Anywhere" }), true},
		{"repost with small edits", base[2], variant(base[2], base[2].Source, "X3", 7, smallEdit), true},
		{"syndicated with small edits", base[3], variant(base[3], "lever", "X4", 1, smallEdit), true},
		{"syndicated, employer spelled with Inc.", base[4], variant(base[4], "indeed", "X5", 0, func(c *skillpulse.RawPosting) {
			c.Employer += ", Inc."
			smallEdit(c)
		}), true},
		{"same title and text at another hospital", base[5], variant(base[5], "indeed", "X6", 0, func(c *skillpulse.RawPosting) {
			c.Employer = "Some Other Hospital"
		}), false},
		{"similar role in another city", base[6], variant(base[6], base[6].Source, "X7", 2, func(c *skillpulse.RawPosting) {
			c.Location = "Springfield, IL"
			smallEdit(c)
		}), false},
		{"edited copy outside the window", base[7], variant(base[7], base[7].Source, "X8", 45, smallEdit), false},
		{"another job of the same employer", base[8], variant(base[9], base[9].Source, "X9", 1, func(c *skillpulse.RawPosting) {
			c.Employer, c.Location = base[8].Employer, base[8].Location
		}), false},
	}
	var all []skillpulse.RawPosting
	want := map[string][]string{}
	for _, tt := range tests {
		all = append(all, tt.orig, tt.copy)
		if tt.dup {
			want[tt.name] = []string{tt.orig.Key(), tt.copy.Key()}
		}
	}
	groups := resolvedGroups(t, MustTagged(t, all), &dedup.Resolver{}, len(all))
	groupOf := map[string]string{}
	for g, keys := range groups {
		for _, k := range keys {
			groupOf[k] = g
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := groupOf[tt.orig.Key()] == groupOf[tt.copy.Key()]; got != tt.dup {
				t.Errorf("%s and %s grouped = %v; want %v", tt.orig.Key(), tt.copy.Key(), got, tt.dup)
			}
		})
	}
	p, r := precisionRecall(pairs(groups), pairs(want))
	t.Logf("planted corpus: pair precision %.3f recall %.3f", p, r)
	if p < 0.95 || r < 0.95 {
		t.Errorf("precision %.3f recall %.3f; want both >= 0.95", p, r)
	}
}

func TestSimilarity(t *testing.T) {
	text := "Build and support Epic Cadence templates, work queues and reports for ambulatory clinics across the region"
	tests := []struct {
		name     string
		a, b     string
		lo, high float64
	}{
		{"identical", text, text, 1, 1},
		{"case and punctuation", text, strings.ToUpper(strings.ReplaceAll(text, ",", " ;")), 1, 1},
		{"one word changed", text, strings.Replace(text, "ambulatory", "inpatient", 1), 0.6, 0.95},
		{"unrelated", text, "Lead the security operations centre and respond to incidents on the network perimeter", 0, 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := dedup.Similarity(dedup.Signature(tt.a), dedup.Signature(tt.b))
			if s < tt.lo || s > tt.high {
				t.Errorf("Similarity = %.3f; want in [%.2f, %.2f]", s, tt.lo, tt.high)
			}
		})
	}
}
