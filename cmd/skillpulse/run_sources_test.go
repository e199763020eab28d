package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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

// TestClosedPostingReachesClickHouse removes a posting from a Greenhouse
// board while run polls it every second: the closure travels through
// postings.raw and extract into the postings table's closed_at, so analysts
// can count active postings.
func TestClosedPostingReachesClickHouse(t *testing.T) {
	rp, srv := newReplay(t)
	yaml := fmt.Sprintf("allow_private_networks: true\nfetch: {timeout: 5s, min_interval: 1ms, backoff_base: 10ms, max_retries: 1}\n"+
		"sources:\n  - {kind: greenhouse, name: amplitude, board: amplitude, base_url: %q, interval: 1s}\n", srv.URL)
	sources := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(sources, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	dsn := chtest.DSN(t)
	startRun(t, t.TempDir(), map[string]string{config.EnvClickHouseDSN: dsn}, "--sources", sources)
	db := openDB(t, dsn)
	const closedKey = "greenhouse:amplitude/8651132002"
	closedAt := func() (uint32, error) {
		rows, err := db.Query(context.Background(),
			"SELECT toUInt32(argMax(closed_at, version)) FROM "+db.Database()+".postings WHERE posting_key = ?", closedKey)
		if err != nil || len(rows) == 0 {
			return 0, err
		}
		return rows[0][0].(uint32), nil
	}
	waitFor(t, 60*time.Second, closedKey+" in ClickHouse, open", func() (bool, error) {
		rows, err := db.Query(context.Background(), "SELECT count() FROM "+db.Database()+".postings WHERE posting_key = ?", closedKey)
		return err == nil && rows[0][0].(uint64) > 0, err
	})
	if at, err := closedAt(); err != nil || at != 0 {
		t.Fatalf("closed_at of a listed posting = %d (%v), want 0", at, err)
	}

	var board struct {
		Jobs []map[string]any `json:"jobs"`
	}
	b, err := os.ReadFile(filepath.Join(sourcesDir, "greenhouse/jobs.json"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // keep the ids as written
	if err := dec.Decode(&board); err != nil {
		t.Fatal(err)
	}
	var keep []map[string]any
	for _, j := range board.Jobs {
		if fmt.Sprint(j["id"]) != "8651132002" {
			keep = append(keep, j)
		}
	}
	if len(keep) != len(board.Jobs)-1 {
		t.Fatalf("fixture has no job 8651132002 to remove (ids: %d jobs)", len(board.Jobs))
	}
	board.Jobs = keep
	nb, _ := json.Marshal(board)
	rp.set("/v1/boards/amplitude/jobs", nb)
	waitFor(t, 60*time.Second, closedKey+" closed in ClickHouse", func() (bool, error) {
		at, err := closedAt()
		return at > 0, err
	})
}
