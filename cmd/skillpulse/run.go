package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/skillpulse/skillpulse/aggregate"
	"github.com/skillpulse/skillpulse/broker"
	"github.com/skillpulse/skillpulse/chserver"
	"github.com/skillpulse/skillpulse/clickhouse"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/httpapi"
	"github.com/skillpulse/skillpulse/ingest/source"
	"github.com/skillpulse/skillpulse/kafka"
	"github.com/skillpulse/skillpulse/runstate"
)

// RunInfo is what a running `skillpulse run` is reachable at.
type RunInfo struct {
	KafkaBrokers  []string
	ClickHouseDSN string
	HTTPAddr      string
}

// cleanup runs deferred shutdown steps in reverse order, logging failures:
// a failed step must not skip the ones after it.
type cleanup struct {
	steps []func() error
	log   *slog.Logger
}

func (c *cleanup) add(name string, f func() error) {
	c.steps = append(c.steps, func() error {
		if err := f(); err != nil {
			c.log.Error("shutdown step failed", "step", name, "err", err)
			return err
		}
		return nil
	})
}

func (c *cleanup) run() {
	for i := len(c.steps) - 1; i >= 0; i-- {
		c.steps[i]()
	}
}

func (m *Main) runRun(ctx context.Context, args []string) error {
	fs := m.flagSet("run", "[flags]", "Runs ingest (the data directory's inbox/), extract, aggregate and the HTTP server in one process.\n"+
		"Without Kafka brokers it starts the embedded broker; without a ClickHouse DSN it starts and supervises\n"+
		"clickhouse-server; both keep their data under the data directory.")
	cf := config.Register(fs, true)
	sample := fs.Bool("sample", false, "also load the bundled sample postings (published once per data directory)")
	extractWorkers := fs.Int("extract-workers", 1, "extract consumer-group members in this process")
	sourcesFile := fs.String("sources", "", "job sources `file` (YAML, see docs/sources.md) to poll besides the inbox")
	cfg, err := m.parseConfig(fs, cf, args)
	if err != nil {
		return err
	}
	if *extractWorkers < 1 {
		return usageError{"--extract-workers must be at least 1"}
	}
	var sources source.File
	if *sourcesFile != "" {
		if sources, err = source.Load(*sourcesFile); err != nil {
			return err
		}
	}
	log := m.logger()

	lock, err := runstate.Acquire(cfg.DataDir)
	if err != nil {
		return err
	}
	cl := &cleanup{log: log}
	defer cl.run()
	cl.add("release data directory", lock.Release)

	brokers := cfg.KafkaBrokers
	if len(brokers) == 0 {
		b, err := broker.Start(broker.Config{
			DataDir: brokerDir(cfg), Listen: "127.0.0.1:0",
			Topics: topics(cfg), Partitions: cfg.Partitions, Logger: log.With("component", "broker"),
		})
		if err != nil {
			return fmt.Errorf("embedded broker: %w", err)
		}
		cl.add("stop embedded broker", b.Close)
		brokers = []string{b.Addr()}
		log.Info("embedded Kafka-protocol broker started", "addr", b.Addr(), "dir", brokerDir(cfg))
	}

	dsn := cfg.ClickHouseDSN
	var chCrash <-chan error
	if dsn == "" {
		srv, err := chserver.Start(ctx, chserver.Config{Dir: filepath.Join(cfg.DataDir, "clickhouse"), Logger: log.With("component", "clickhouse-server")})
		if err != nil {
			return fmt.Errorf("managed ClickHouse: %w", err)
		}
		cl.add("stop clickhouse-server", func() error {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			return srv.Stop(sctx)
		})
		dsn = srv.DSN(clickhouse.DefaultDatabase)
		chCrash = srv.Wait()
		log.Info("managed clickhouse-server started", "addr", srv.Addr(), "dir", srv.Dir())
	}

	kc := kafka.Config{Brokers: brokers, Logger: log.With("component", "kafka")}
	if err := kafka.EnsureTopics(ctx, kc, cfg.Partitions, 1, topics(cfg)...); err != nil {
		return err
	}
	tax, tg, err := loadTagger()
	if err != nil {
		return err
	}
	db, err := openClickHouse(ctx, dsn, tax, true, log)
	if err != nil {
		return err
	}
	cl.add("close clickhouse", db.Close)

	reg := newRegistry()
	pub, err := kafka.NewPublisher(kc)
	if err != nil {
		return err
	}
	cl.add("close kafka publisher", pub.Close)

	h := httpapi.New(httpapi.Options{Gatherer: reg, Checks: readinessChecks(kc, db), Analytics: db, Log: log})
	srv, httpAddr, err := startHTTP(cfg.HTTPAddr, h, log)
	if err != nil {
		return err
	}
	cl.add("stop http server", func() error {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	})

	inbox, err := newInbox(cfg, pub, reg, log.With("stage", "ingest"))
	if err != nil {
		return err
	}
	em := extract.NewMetrics(reg)
	var extractors []*extract.Worker
	for i := 0; i < *extractWorkers; i++ {
		w, err := extractWorker(cfg, kc, pub, tax, tg, em, log)
		if err != nil {
			return err
		}
		cl.add("leave extract group", w.Sub.Close)
		extractors = append(extractors, w)
	}
	aw, err := aggregateWorker(cfg, kc, pub, dedupWriter(db, cfg.Dedup, reg), aggregate.NewMetrics(reg), log)
	if err != nil {
		return err
	}
	cl.add("leave aggregate group", aw.Sub.Close)

	// Workers stop (draining their batches) before their subscriptions
	// close, whatever makes this function return.
	g := newGroup(ctx)
	cl.add("stop workers", func() error { g.cancel(); g.Wait(); return nil })
	for _, w := range extractors {
		g.Go("extract", w.Run)
	}
	g.Go("aggregate", aw.Run)
	reports, err := reportScheduler(cfg, db, reg, log)
	if err != nil {
		return err
	}
	if reports != nil {
		g.Go("reports", reports.Run)
	}
	if *sample {
		sum, err := importSample(ctx, inbox)
		if err != nil {
			return err
		}
		if sum.Read > 0 {
			log.Info("bundled sample postings published", "summary", sum.String())
		} else {
			log.Info("bundled sample postings already in this data directory")
		}
	}
	g.Go("ingest", inbox.Run)
	if *sourcesFile != "" {
		g.Go("sources", newPoller(cfg, sources, pub, reg, m.Getenv, log.With("stage", "ingest")).Run)
	}
	if chCrash != nil {
		g.Go("clickhouse-server", func(ctx context.Context) error {
			select {
			case err := <-chCrash:
				if err == nil {
					err = fmt.Errorf("exited")
				}
				return fmt.Errorf("managed server stopped unexpectedly: %w", err)
			case <-ctx.Done():
				return nil
			}
		})
	}

	info := RunInfo{KafkaBrokers: brokers, ClickHouseDSN: dsn, HTTPAddr: httpAddr}
	if err := runstate.Write(cfg.DataDir, runstate.State{PID: os.Getpid(), KafkaBrokers: brokers, ClickHouseDSN: dsn,
		HTTPAddr: httpAddr, StartedAt: time.Now().UTC()}); err != nil {
		return err
	}
	cl.add("remove run state", func() error { return runstate.Remove(cfg.DataDir) })
	log.Info("skillpulse is running", "http", "http://"+httpAddr, "inbox", inboxDir(cfg), "data_dir", cfg.DataDir)
	fmt.Fprintf(m.Stderr, "\nskillpulse is running. Drop JSON lines or CSV postings into %s.\n"+
		"API: http://%s/api/v1/skills/top   metrics: http://%s/metrics\n"+
		"In another terminal: skillpulse top --data-dir %s\nPress Ctrl-C to stop.\n\n", inboxDir(cfg), httpAddr, httpAddr, cfg.DataDir)
	if m.Ready != nil {
		m.Ready(info)
	}
	err = g.Wait()
	if err == nil {
		log.Info("shutting down: batches drained and committed")
	}
	return err
}
