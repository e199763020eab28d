package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/skillpulse/skillpulse/aggregate"
	"github.com/skillpulse/skillpulse/broker"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/httpapi"
	"github.com/skillpulse/skillpulse/ingest/poll"
	"github.com/skillpulse/skillpulse/ingest/source"
)

// The single-stage commands: each runs one stage against shared brokers and
// ClickHouse, and serves /metrics, /healthz and /readyz on --http-addr, so a
// multi-process deployment scales each stage on its own.

// serveUntilDone serves h on addr until ctx ends.
func serveUntilDone(ctx context.Context, addr string, h http.Handler, log *slog.Logger) (stop func(), err error) {
	srv, bound, err := startHTTP(addr, h, log)
	if err != nil {
		return nil, err
	}
	log.Info("serving", "http", "http://"+bound)
	return func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}, nil
}

func (m *Main) runIngest(ctx context.Context, args []string) error {
	fs := m.flagSet("ingest", "[--sources FILE] [--once] [flags]", "Polls the data directory's inbox/ for JSON lines and CSV files (optionally .gz) and, with --sources,\n"+
		"the job sources a sources file lists (job board APIs, career pages, feeds, files; see docs/sources.md),\n"+
		"and publishes their postings to postings.raw. Each source's state (seen postings, ETags) lives in the\n"+
		"data directory, so only new and changed postings are published and vanished ones are closed.")
	cf := config.Register(fs, true)
	once := fs.Bool("once", false, "scan the inbox and every source once, print a summary and exit")
	sourcesFile := fs.String("sources", "", "sources `file` (YAML); empty: the inbox only")
	cfg, err := m.parseConfig(fs, cf, args)
	if err != nil {
		return err
	}
	var sources source.File
	if *sourcesFile != "" {
		if sources, err = source.Load(*sourcesFile); err != nil {
			return err
		}
	}
	log := m.logger().With("stage", "ingest")
	kc, pub, err := m.connectKafka(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pub.Close()
	reg := newRegistry()
	inbox, err := newInbox(cfg, pub, reg, log)
	if err != nil {
		return err
	}
	poller := newPoller(cfg, sources, pub, reg, m.Getenv, log)
	if *once {
		sum, err := inbox.Once(ctx)
		fmt.Fprintln(m.Stdout, "inbox:", sum.String())
		if err != nil {
			return err
		}
		reports, err := poller.Once(ctx)
		if err != nil {
			return err
		}
		return printReports(m.Stdout, reports)
	}
	stop, err := serveUntilDone(ctx, cfg.HTTPAddr, httpapi.New(httpapi.Options{Gatherer: reg, Checks: readinessChecks(kc, nil), Log: log}), log)
	if err != nil {
		return err
	}
	defer stop()
	g := newGroup(ctx)
	g.Go("inbox", inbox.Run)
	g.Go("sources", poller.Run)
	return g.Wait()
}

// printReports prints one line per source and a total, and fails when a
// source's pass was incomplete, so a cron job notices.
func printReports(w io.Writer, reports []poll.Report) error {
	var total poll.Report
	failed := 0
	for _, r := range reports {
		fmt.Fprintln(w, r.String())
		total.Fetched += r.Fetched
		total.New += r.New
		total.Changed += r.Changed
		total.Closed += r.Closed
		total.Rejected += r.Rejected
		if r.Err != nil {
			failed++
		}
	}
	if len(reports) == 0 {
		return nil
	}
	fmt.Fprintf(w, "sources: %d ok, %d failed; fetched %d, new %d, changed %d, closed %d, rejected %d\n",
		len(reports)-failed, failed, total.Fetched, total.New, total.Changed, total.Closed, total.Rejected)
	if failed > 0 {
		return fmt.Errorf("%d of %d sources failed (see above)", failed, len(reports))
	}
	return nil
}

func (m *Main) runExtract(ctx context.Context, args []string) error {
	fs := m.flagSet("extract", "[flags]", "Consumes postings.raw in the extract consumer group, tags skills, publishes postings.tagged\n"+
		"and sends unusable input to postings.dlq with the reason.")
	cf := config.Register(fs, true)
	workers := fs.Int("workers", 1, "consumer-group members in this process")
	cfg, err := m.parseConfig(fs, cf, args)
	if err != nil {
		return err
	}
	if *workers < 1 {
		return usageError{"--workers must be at least 1"}
	}
	log := m.logger()
	tax, tg, err := loadTagger()
	if err != nil {
		return err
	}
	kc, pub, err := m.connectKafka(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pub.Close()
	reg := newRegistry()
	metrics := extract.NewMetrics(reg)
	stop, err := serveUntilDone(ctx, cfg.HTTPAddr, httpapi.New(httpapi.Options{Gatherer: reg, Checks: readinessChecks(kc, nil), Log: log}), log)
	if err != nil {
		return err
	}
	defer stop()
	g := newGroup(ctx)
	for i := 0; i < *workers; i++ {
		w, err := extractWorker(cfg, kc, pub, tax, tg, metrics, log)
		if err != nil {
			g.cancel()
			g.Wait()
			return err
		}
		defer w.Sub.Close()
		g.Go("extract", w.Run)
	}
	return g.Wait()
}

func (m *Main) runAggregate(ctx context.Context, args []string) error {
	fs := m.flagSet("aggregate", "[flags]", "Consumes postings.tagged in the aggregate consumer group and writes the ClickHouse tables,\n"+
		"committing offsets only after ClickHouse has the rows. Migrates the schema at start.")
	cf := config.Register(fs, true)
	cfg, err := m.parseConfig(fs, cf, args)
	if err != nil {
		return err
	}
	log := m.logger()
	tax, _, err := loadTagger()
	if err != nil {
		return err
	}
	db, err := m.connectClickHouse(ctx, cfg, tax, true, log)
	if err != nil {
		return err
	}
	defer db.Close()
	kc, pub, err := m.connectKafka(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pub.Close()
	reg := newRegistry()
	stop, err := serveUntilDone(ctx, cfg.HTTPAddr, httpapi.New(httpapi.Options{Gatherer: reg, Checks: readinessChecks(kc, db), Log: log}), log)
	if err != nil {
		return err
	}
	defer stop()
	w, err := aggregateWorker(cfg, kc, pub, dedupWriter(db, cfg.Dedup, reg), aggregate.NewMetrics(reg), log)
	if err != nil {
		return err
	}
	defer w.Sub.Close()
	return w.Run(ctx)
}

func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := m.flagSet("serve", "[flags]", "Serves the web dashboard at /, the analyst API under /api/v1/, /metrics, /healthz and /readyz from ClickHouse,\n"+
		"and runs the scheduled market reports of the configuration (reports.jobs).")
	cf := config.Register(fs, true)
	cfg, err := m.parseConfig(fs, cf, args)
	if err != nil {
		return err
	}
	log := m.logger()
	db, err := m.connectClickHouse(ctx, cfg, nil, false, log)
	if err != nil {
		return err
	}
	defer db.Close()
	reg := newRegistry()
	checks := map[string]httpapi.Check{"clickhouse": db.Ping}
	stop, err := serveUntilDone(ctx, cfg.HTTPAddr, httpapi.New(httpapi.Options{Gatherer: reg, Checks: checks, Analytics: db, Log: log}), log)
	if err != nil {
		return err
	}
	defer stop()
	reports, err := reportScheduler(cfg, db, reg, log)
	if err != nil {
		return err
	}
	if reports != nil {
		return reports.Run(ctx)
	}
	<-ctx.Done()
	return nil
}

func (m *Main) runBroker(ctx context.Context, args []string) error {
	fs := m.flagSet("broker", "--listen HOST:PORT --data-dir DIR", "Runs the embedded Kafka-protocol broker (franz-go kfake) on its own, persisting to DIR/kafka,\n"+
		"for multi-process deployments on one machine. Beyond one machine, use real Kafka.")
	cf := config.Register(fs, false)
	listen := fs.String("listen", "127.0.0.1:9092", "listen `address`")
	cfg, err := m.parseConfig(fs, cf, args)
	if err != nil {
		return err
	}
	log := m.logger().With("component", "broker")
	b, err := broker.Start(broker.Config{DataDir: brokerDir(cfg), Listen: *listen, Topics: topics(cfg), Partitions: cfg.Partitions, Logger: log})
	if err != nil {
		return err
	}
	defer b.Close()
	log.Info("broker listening", "addr", b.Addr(), "dir", brokerDir(cfg))
	fmt.Fprintln(m.Stdout, b.Addr())
	<-ctx.Done()
	return nil
}
