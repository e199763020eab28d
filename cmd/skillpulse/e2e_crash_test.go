package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/aggregate"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/internal/chtest"
	"github.com/skillpulse/skillpulse/kafka"
)

// errKilled stands for the process dying: the rows are in ClickHouse, the
// offsets are not committed.
var errKilled = errors.New("killed between insert and commit")

// dyingSubscription fails every Commit, as a process killed right after its
// ClickHouse insert would never commit.
type dyingSubscription struct{ skillpulse.Subscription }

func (dyingSubscription) Commit(context.Context, ...skillpulse.Message) error { return errKilled }

// TestKillBetweenInsertAndCommit writes the fixture's tagged postings with
// an aggregate worker that dies after its insert and before its commit, then
// lets a fresh worker of the same group take over: Kafka redelivers the
// whole batch, it is inserted a second time, and every figure still equals
// the ground truth.
func TestKillBetweenInsertAndCommit(t *testing.T) {
	kc := startBroker(t)
	dsn := chtest.DSN(t)
	db := openDB(t, dsn)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	publishTaggedFixture(t, kc)
	cfg := config.Default()

	first := mustAggregateWorker(t, cfg, kc, db, func(s skillpulse.Subscription) skillpulse.Subscription { return dyingSubscription{s} })
	if err := first.Run(context.Background()); !errors.Is(err, errKilled) {
		t.Fatalf("first worker: %v, want it to die at commit", err)
	}
	first.Sub.Close()
	// The insert landed, the commit did not.
	if n, err := db.PostingCount(context.Background(), skillpulse.Slice{}); err != nil || n != fixturePostings {
		t.Fatalf("after the kill ClickHouse has %d postings (%v), want %d", n, err, fixturePostings)
	}
	if p, err := kafka.GroupProgress(context.Background(), kc, cfg.AggregateGroup, "postings.tagged"); err != nil || p.Committed != 0 {
		t.Fatalf("after the kill the group committed %+v (%v), want nothing", p, err)
	}

	second := mustAggregateWorker(t, cfg, kc, db, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- second.Run(ctx) }()
	waitForCommitted(t, kc, cfg.AggregateGroup, "postings.tagged", fixtureValid)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	second.Sub.Close()
	assertFigures(t, db, map[string]string{config.EnvClickHouseDSN: dsn})
}

// mustAggregateWorker builds the production aggregate worker (dedup in
// front of ClickHouse) with a small flush interval; wrap, if set, wraps its
// subscription.
func mustAggregateWorker(t *testing.T, cfg config.Config, kc kafka.Config, db skillpulse.PostingWriter,
	wrap func(skillpulse.Subscription) skillpulse.Subscription) *aggregate.Worker {
	t.Helper()
	pub, err := kafka.NewPublisher(kc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pub.Close() })
	cfg.FlushInterval = 200 * time.Millisecond
	w, err := aggregateWorker(cfg, kc, pub, dedupWriter(db, cfg.Dedup, prometheus.NewRegistry()), nil, slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	w.DrainTimeout = 5 * time.Second
	if wrap != nil {
		w.Sub = wrap(w.Sub)
	}
	return w
}

// publishTaggedFixture tags the fixture's valid lines with the production
// extractor and publishes them to postings.tagged.
func publishTaggedFixture(t *testing.T, kc kafka.Config) {
	t.Helper()
	tax, tg, err := loadTagger()
	if err != nil {
		t.Fatal(err)
	}
	ex := &extract.Extractor{Tagger: tg, TaxonomyVersion: tax.Version}
	f, err := os.Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var msgs []skillpulse.Message
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p, err := skillpulse.ParseRawPosting(sc.Bytes())
		if err != nil {
			continue // the fixture's invalid lines never reach postings.tagged
		}
		b, err := json.Marshal(ex.Extract(p))
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, skillpulse.Message{Topic: "postings.tagged", Key: []byte(p.Key()), Value: b})
	}
	if len(msgs) != fixtureValid {
		t.Fatalf("fixture has %d valid lines, want %d", len(msgs), fixtureValid)
	}
	pub, err := kafka.NewPublisher(kc)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	if err := pub.Publish(context.Background(), msgs...); err != nil {
		t.Fatal(err)
	}
}
