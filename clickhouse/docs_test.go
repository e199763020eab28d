package clickhouse_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/dedup"
)

// dictionary is the data dictionary whose examples the test runs.
const dictionary = "../docs/data-dictionary.md"

// MustExamples reads the ```sql blocks of the data dictionary.
func MustExamples(tb testing.TB) []string {
	tb.Helper()
	b, err := os.ReadFile(dictionary)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllStringSubmatch(string(b), -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

// TestDataDictionaryExamples runs every example query of the data
// dictionary on the real server over a generated corpus plus the bundled
// sample written through dedup, and checks that each returns rows; the
// first (top hard skills of a slice) must agree with TopSkills.
func TestDataDictionaryExamples(t *testing.T) {
	examples := MustExamples(t)
	if len(examples) < 10 {
		t.Fatalf("%s has %d SQL examples, want at least 10", dictionary, len(examples))
	}
	db := MustOpen(t)
	ctx := context.Background()
	if err := db.WriteTagged(ctx, MustCorpus(t, 1500, 5)); err != nil {
		t.Fatal(err)
	}
	w := &dedup.Writer{Resolver: dedup.Resolver{Store: db}, Next: db}
	if err := w.WriteTagged(ctx, MustSampleTagged(t)); err != nil {
		t.Fatal(err)
	}
	for i, q := range examples {
		t.Run(strings.Fields(q)[1], func(t *testing.T) {
			rows, err := db.Query(ctx, strings.ReplaceAll(q, "skillpulse.", db.Database()+"."))
			if err != nil {
				t.Fatalf("example %d: %v\n%s", i+1, err, q)
			}
			if len(rows) == 0 {
				t.Fatalf("example %d returned no rows:\n%s", i+1, q)
			}
			if i != 0 {
				return
			}
			top, err := db.TopSkills(ctx, skillpulse.TopQuery{Limit: 20, Slice: skillpulse.Slice{
				From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC),
				Kind: skillpulse.Hard, RoleFamily: skillpulse.RoleEHRAnalyst, Region: "TX",
			}})
			if err != nil {
				t.Fatal(err)
			}
			if len(top) != len(rows) {
				t.Fatalf("example 1: %d rows, TopSkills %d", len(rows), len(top))
			}
			for j, c := range top {
				if rows[j][0] != c.SkillID || rows[j][2] != c.Postings {
					t.Errorf("example 1 row %d = %v; TopSkills says %s %d", j, rows[j], c.SkillID, c.Postings)
				}
			}
		})
	}
}
