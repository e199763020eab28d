package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/aggregate"
	"github.com/skillpulse/skillpulse/classify"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/ingest"
	"github.com/skillpulse/skillpulse/ingest/poll"
	"github.com/skillpulse/skillpulse/ingest/source"
	"github.com/skillpulse/skillpulse/kafka"
	"github.com/skillpulse/skillpulse/sampledata"
	"github.com/skillpulse/skillpulse/taxonomy"
)

// This file builds the stages; `run` and the single-stage commands share it
// so a stage behaves the same in one process or many.

// sampleName is the cursor name of the bundled sample, so `run --sample`
// publishes it once per data directory, not on every start.
const sampleName = "sample:" + sampledata.File

// inboxDir is the directory the file source polls.
func inboxDir(cfg config.Config) string { return filepath.Join(cfg.DataDir, "inbox") }

// brokerDir is where the embedded broker persists its log and offsets.
func brokerDir(cfg config.Config) string { return filepath.Join(cfg.DataDir, "kafka") }

// newInbox builds the file source over the data directory's inbox.
func newInbox(cfg config.Config, pub skillpulse.Publisher, reg prometheus.Registerer, log *slog.Logger) (*ingest.Inbox, error) {
	cursor, err := ingest.OpenCursor(filepath.Join(cfg.DataDir, "ingest", "inbox-cursor.json"))
	if err != nil {
		return nil, err
	}
	im := &ingest.Importer{Publisher: pub, RawTopic: cfg.Topics.Raw, DLQTopic: cfg.Topics.DLQ, Metrics: ingest.NewMetrics(reg), Log: log}
	return &ingest.Inbox{Dir: inboxDir(cfg), Cursor: cursor, Importer: im, Interval: cfg.PollInterval, Log: log}, nil
}

// newPoller builds the job sources' poller; its state lives in the data
// directory's ingest/sources.
func newPoller(cfg config.Config, f source.File, pub skillpulse.Publisher, reg prometheus.Registerer, getenv func(string) string, log *slog.Logger) *poll.Poller {
	return &poll.Poller{File: f, StateDir: filepath.Join(cfg.DataDir, "ingest", "sources"), Publisher: pub,
		RawTopic: cfg.Topics.Raw, DLQTopic: cfg.Topics.DLQ, Metrics: poll.NewMetrics(reg), Log: log, Getenv: getenv}
}

// importSample publishes the bundled sample postings unless this data
// directory already has them.
func importSample(ctx context.Context, in *ingest.Inbox) (ingest.Summary, error) {
	b, err := io.ReadAll(sampledata.Postings())
	if err != nil {
		return ingest.Summary{}, fmt.Errorf("read sample: %w", err)
	}
	return ingest.ImportOnce(ctx, in.Importer, in.Cursor, sampleName, bytes.NewReader(b), ingest.JSONLines, ingest.ContentHash(b))
}

// extractWorker builds one member of the extract group.
func extractWorker(cfg config.Config, kc kafka.Config, pub skillpulse.Publisher, tax *taxonomy.Taxonomy, tg skillpulse.Tagger,
	metrics *extract.Metrics, log *slog.Logger, opts ...kafka.SubscriptionOption) (*extract.Worker, error) {
	sub, err := kafka.NewSubscription(kc, cfg.ExtractGroup, cfg.Topics.Raw, opts...)
	if err != nil {
		return nil, err
	}
	return &extract.Worker{
		Sub: sub, Pub: pub,
		Extractor:   &extract.Extractor{Tagger: tg, TaxonomyVersion: tax.Version, Classify: classify.Dimensions},
		TaggedTopic: cfg.Topics.Tagged, DLQTopic: cfg.Topics.DLQ,
		Metrics: metrics, Log: log.With("stage", "extract"),
	}, nil
}

// aggregateWorker builds one member of the aggregate group writing through
// w (the store, usually wrapped by dedupWriter).
func aggregateWorker(cfg config.Config, kc kafka.Config, pub skillpulse.Publisher, w skillpulse.PostingWriter,
	metrics *aggregate.Metrics, log *slog.Logger, opts ...kafka.SubscriptionOption) (*aggregate.Worker, error) {
	sub, err := kafka.NewSubscription(kc, cfg.AggregateGroup, cfg.Topics.Tagged, opts...)
	if err != nil {
		return nil, err
	}
	return &aggregate.Worker{
		Sub: sub, Writer: w, DLQ: pub, DLQTopic: cfg.Topics.DLQ,
		BatchSize: cfg.BatchSize, FlushInterval: cfg.FlushInterval,
		Metrics: metrics, Log: log.With("stage", "aggregate"),
	}, nil
}

// topics lists the pipeline's topics for EnsureTopics.
func topics(cfg config.Config) []string {
	return []string{cfg.Topics.Raw, cfg.Topics.Tagged, cfg.Topics.DLQ}
}
