package clickhouse_test

import (
	"bufio"
	"context"
	"testing"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/dedup"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/sampledata"
)

type noTags struct{}

func (noTags) Tag(string) []skillpulse.Mention { return nil }

// MustSampleTagged is the bundled sample as extract publishes it.
func MustSampleTagged(tb testing.TB) []skillpulse.TaggedPosting {
	tb.Helper()
	e := &extract.Extractor{Tagger: noTags{}, TaxonomyVersion: "t"}
	var out []skillpulse.TaggedPosting
	sc := bufio.NewScanner(sampledata.Postings())
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		p, err := skillpulse.ParseRawPosting(sc.Bytes())
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, e.Extract(p))
	}
	return out
}

// TestDedupThroughClickHouse resolves the sample against posting_links on
// the real server in small batches, then replays it through a fresh
// resolver (a restarted worker): the deduplicated count is the planted
// ground truth and does not move, and posting_groups keeps the links.
func TestDedupThroughClickHouse(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	ps := MustSampleTagged(t)
	planted, err := sampledata.Duplicates()
	if err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, g := range planted {
		copies += len(g.Keys) - 1
	}
	want := uint64(len(ps) - copies)
	for _, run := range []string{"first run", "replay after restart"} {
		w := &dedup.Writer{Resolver: dedup.Resolver{Store: db}, Next: db}
		for i := 0; i < len(ps); i += 25 {
			if err := w.WriteTagged(ctx, ps[i:min(i+25, len(ps))]); err != nil {
				t.Fatalf("%s: %v", run, err)
			}
		}
		n, err := db.PostingCount(ctx, skillpulse.Slice{})
		if err != nil || n != want {
			t.Errorf("%s: PostingCount = %d, %v; want %d (%d keys - %d planted copies)", run, n, err, want, len(ps), copies)
		}
	}
	// Every planted group is one deduplicated posting holding all its keys
	// and sources, first and last seen spanning its copies.
	for _, g := range planted {
		rows := MustQuery(t, db, "SELECT posting_id, copies, length(sources), first_seen <= last_seen FROM "+db.Database()+
			".posting_groups WHERE has(posting_keys, ?)", g.Keys[0])
		if len(rows) != 1 || rows[0][1].(uint64) != uint64(len(g.Keys)) || rows[0][3].(uint8) != 1 {
			t.Errorf("group of %v: posting_groups rows %v", g.Keys, rows)
		}
		if g.Kind != "repost" && len(rows) == 1 && rows[0][2].(uint64) < 2 {
			t.Errorf("%s group %v: sources %v, want at least 2", g.Kind, g.Keys, rows[0][2])
		}
	}
}
