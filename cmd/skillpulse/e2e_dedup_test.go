package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/skillpulse/skillpulse/clickhouse"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/internal/chtest"
	"github.com/skillpulse/skillpulse/kafka"
	"github.com/skillpulse/skillpulse/sampledata"
	"github.com/skillpulse/skillpulse/taxonomy"
)

// plantedCopies is the number of source postings in the bundled sample
// that are copies of another (sampledata.Duplicates, the ground truth):
// the sample's distinct jobs are its distinct keys minus these.
func plantedCopies(t *testing.T) uint64 {
	t.Helper()
	gs, err := sampledata.Duplicates()
	if err != nil {
		t.Fatal(err)
	}
	var n uint64
	for _, g := range gs {
		n += uint64(len(g.Keys) - 1)
	}
	return n
}

// TestRetagCommand runs the pipeline on the fixture, then `retag`: every
// figure is unchanged (nothing counted twice), every row is re-tagged
// (newer version, the current taxonomy version), and running it again
// changes nothing either.
func TestRetagCommand(t *testing.T) {
	dsn := chtest.DSN(t)
	dir := t.TempDir()
	run := startRun(t, dir, map[string]string{config.EnvClickHouseDSN: dsn})
	db := openDB(t, dsn)
	env := map[string]string{config.EnvDataDir: dir}
	runCommand(t, env, "import", fixture)
	waitForPostings(t, db, fixturePostings)
	kc := kafka.Config{Brokers: run.info.KafkaBrokers}
	waitForCommitted(t, kc, "skillpulse-aggregate", "postings.tagged", fixtureValid)
	assertFigures(t, db, env)
	before := maxVersion(t, db)
	tax, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		out := runCommand(t, env, "retag", "--idle", "3s")
		if !strings.Contains(out, fmt.Sprintf("re-tagged %d postings with taxonomy %s", fixtureValid, tax.Version)) ||
			!strings.Contains(out, "rollups rebuilt") {
			t.Errorf("retag %d printed %q", i+1, out)
		}
		assertFigures(t, db, env)
	}
	if after := maxVersion(t, db); after <= before {
		t.Errorf("posting_skills max version %d after retag, %d before: rows were not re-tagged", after, before)
	}
	rows, err := db.Query(context.Background(), "SELECT DISTINCT taxonomy_version FROM "+db.Database()+".posting_skills FINAL")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0][0] != tax.Version {
		t.Errorf("taxonomy versions in posting_skills = %v, want only %s", rows, tax.Version)
	}
	if err := run.stop(); err != nil {
		t.Fatalf("run stopped with %v", err)
	}
}

func maxVersion(t *testing.T, db *clickhouse.DB) uint64 {
	t.Helper()
	rows, err := db.Query(context.Background(), "SELECT max(version) FROM "+db.Database()+".posting_skills")
	if err != nil {
		t.Fatal(err)
	}
	return rows[0][0].(uint64)
}
