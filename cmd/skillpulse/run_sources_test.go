package main

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/internal/chtest"
)

// TestRunPollsSources runs the whole pipeline with a sources file served by
// the replay server: postings from every source kind reach ClickHouse with
// their dimensions, without a separate ingest process.
func TestRunPollsSources(t *testing.T) {
	_, srv := newReplay(t)
	sources := writeSources(t, srv.URL)
	dsn := chtest.DSN(t)
	env := map[string]string{config.EnvClickHouseDSN: dsn, "USAJOBS_API_KEY": "test-key", "USAJOBS_USER_AGENT": "ops@example.org"}
	startRun(t, t.TempDir(), env, "--sources", sources)
	db := openDB(t, dsn)

	want := []string{"ashby", "greenhouse", "hospital-export", "jsonld", "lever", "rss", "smartrecruiters", "usajobs", "workday"}
	var got []string
	waitFor(t, 90*time.Second, "postings of every source kind in ClickHouse", func() (bool, error) {
		rows, err := db.Query(context.Background(), "SELECT DISTINCT source FROM "+db.Database()+".postings")
		if err != nil {
			return false, err
		}
		got = got[:0]
		for _, r := range rows {
			got = append(got, r[0].(string))
		}
		sort.Strings(got)
		return slices.Equal(got, want), fmt.Errorf("sources so far: %v", got)
	})
	rows, err := db.Query(context.Background(),
		"SELECT count() FROM "+db.Database()+".postings FINAL WHERE region != '' AND role_family != ''")
	if err != nil {
		t.Fatal(err)
	}
	if n := rows[0][0].(uint64); n == 0 {
		t.Error("no posting from the sources has a region and a role family")
	}
}
