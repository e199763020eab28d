package clickhouse_test

import (
	"context"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
)

// retag is p tagged again an hour later with taxonomy version: the new
// taxonomy no longer finds the posting's first skill, and a corrected
// posting date moves it two days later.
func retag(p skillpulse.TaggedPosting, version string) skillpulse.TaggedPosting {
	q := p
	q.TaxonomyVersion = version
	q.TaggedAt = p.TaggedAt.Add(time.Hour)
	q.PostedAt = p.PostedAt.AddDate(0, 0, 2)
	if len(p.Mentions) > 0 {
		drop := p.Mentions[0].SkillID
		q.Mentions = nil
		for _, m := range p.Mentions {
			if m.SkillID != drop {
				q.Mentions = append(q.Mentions, m)
			}
		}
	}
	return q
}

// TestRetagThenRebuild re-tags part of the corpus with a new taxonomy that
// drops skills and moves days, then purges and rebuilds: every figure
// matches the ground truth of the latest tagging, with nothing counted
// twice, and every row carries the taxonomy version of its tagging.
func TestRetagThenRebuild(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	corpus := MustCorpus(t, 300, 4)
	if err := db.WriteTagged(ctx, corpus); err != nil {
		t.Fatal(err)
	}
	latest := make([]skillpulse.TaggedPosting, len(corpus))
	var again []skillpulse.TaggedPosting
	for i, p := range corpus {
		latest[i] = p
		if i%2 == 0 {
			latest[i] = retag(p, "t2")
			again = append(again, latest[i])
		}
	}
	if err := db.WriteTagged(ctx, again); err != nil {
		t.Fatal(err)
	}
	r := newRef(latest)
	// Before the rebuild the append-only states still count dropped skills.
	s := analystSlices()["everything"]
	before, err := db.TopSkills(ctx, skillpulse.TopQuery{Slice: s, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if wantTop := sortedCounts(r.counts(s), 3); len(before) == len(wantTop) && before[0].Postings == wantTop[0].Postings {
		t.Fatalf("top skill before the rebuild already matches the re-tagged truth (%v): the test proves nothing", before[0])
	}
	if err := db.PurgeSuperseded(ctx, "t2"); err != nil {
		t.Fatal(err)
	}
	if err := db.RebuildRollups(ctx); err != nil {
		t.Fatal(err)
	}
	checkFigures(t, db, r)
	rows := MustQuery(t, db, "SELECT taxonomy_version, count() FROM "+db.Database()+".posting_skills FINAL GROUP BY taxonomy_version ORDER BY taxonomy_version")
	want := map[string]uint64{}
	for _, p := range latest {
		want[p.TaxonomyVersion] += uint64(len(p.Skills()))
	}
	for _, row := range rows {
		if row[1].(uint64) != want[row[0].(string)] {
			t.Errorf("posting_skills rows of taxonomy %s = %d; want %d", row[0], row[1], want[row[0].(string)])
		}
	}
	// Rebuilding again changes nothing.
	if err := db.RebuildRollups(ctx); err != nil {
		t.Fatal(err)
	}
	checkFigures(t, db, r)
}

// TestStaleStatesWithoutRebuild documents the limit RebuildRollups fixes:
// before it, a dropped skill still counts in the rollups.
func TestStaleStatesWithoutRebuild(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	p := posting("a", day(2), hl7, comm)
	if err := db.WriteTagged(ctx, []skillpulse.TaggedPosting{p}); err != nil {
		t.Fatal(err)
	}
	q := retag(p, "t2")
	if err := db.WriteTagged(ctx, []skillpulse.TaggedPosting{q}); err != nil {
		t.Fatal(err)
	}
	count := func() uint64 {
		top, err := db.TopSkills(ctx, skillpulse.TopQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range top {
			if c.SkillID == "hl7" {
				return c.Postings
			}
		}
		return 0
	}
	if n := count(); n != 1 {
		t.Errorf("before the rebuild hl7 counts %d; the append-only states should still hold it (1)", n)
	}
	if err := db.PurgeSuperseded(ctx, "t2"); err != nil {
		t.Fatal(err)
	}
	if err := db.RebuildRollups(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Errorf("after the rebuild hl7 counts %d; want 0 (the re-tag dropped it)", n)
	}
}
