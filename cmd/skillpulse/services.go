package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/skillpulse/skillpulse/clickhouse"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/httpapi"
	"github.com/skillpulse/skillpulse/kafka"
	"github.com/skillpulse/skillpulse/runstate"
	"github.com/skillpulse/skillpulse/tagger"
	"github.com/skillpulse/skillpulse/taxonomy"
)

// kafkaConfig resolves where Kafka is: the configured brokers, or else the
// embedded broker of a live `skillpulse run` on the same data directory.
func (m *Main) kafkaConfig(cfg config.Config, log *slog.Logger) (kafka.Config, error) {
	brokers := cfg.KafkaBrokers
	if len(brokers) == 0 {
		st, err := runstate.Read(cfg.DataDir)
		if err != nil {
			return kafka.Config{}, fmt.Errorf("no Kafka brokers: set %s (or --kafka-brokers), or start `skillpulse run` with data directory %s: %w",
				config.EnvKafkaBrokers, cfg.DataDir, err)
		}
		brokers = st.KafkaBrokers
	}
	return kafka.Config{Brokers: brokers, Logger: log.With("component", "kafka")}, nil
}

// clickhouseDSN resolves the ClickHouse DSN the same way.
func (m *Main) clickhouseDSN(cfg config.Config) (string, error) {
	if cfg.ClickHouseDSN != "" {
		return cfg.ClickHouseDSN, nil
	}
	st, err := runstate.Read(cfg.DataDir)
	if err != nil {
		return "", fmt.Errorf("no ClickHouse: set %s (or --clickhouse-dsn), or start `skillpulse run` with data directory %s: %w",
			config.EnvClickHouseDSN, cfg.DataDir, err)
	}
	return st.ClickHouseDSN, nil
}

// connectKafka resolves Kafka, creates the pipeline's topics if they are
// missing, and opens a publisher: what every command that publishes does
// first. The caller closes the publisher.
func (m *Main) connectKafka(ctx context.Context, cfg config.Config, log *slog.Logger) (kafka.Config, *kafka.Publisher, error) {
	kc, err := m.kafkaConfig(cfg, log)
	if err != nil {
		return kafka.Config{}, nil, err
	}
	if err := kafka.EnsureTopics(ctx, kc, cfg.Partitions, 1, topics(cfg)...); err != nil {
		return kafka.Config{}, nil, err
	}
	pub, err := kafka.NewPublisher(kc)
	if err != nil {
		return kafka.Config{}, nil, err
	}
	return kc, pub, nil
}

// connectClickHouse resolves the DSN and opens the store (see
// openClickHouse for tax and migrate). The caller closes it.
func (m *Main) connectClickHouse(ctx context.Context, cfg config.Config, tax *taxonomy.Taxonomy, migrate bool, log *slog.Logger) (*clickhouse.DB, error) {
	dsn, err := m.clickhouseDSN(cfg)
	if err != nil {
		return nil, err
	}
	return openClickHouse(ctx, dsn, tax, migrate, log)
}

// openClickHouse opens the store and, when migrate is set, brings the schema
// up to date and writes the taxonomy, which every writer does at start so
// the skills table always matches the tagger in use.
func openClickHouse(ctx context.Context, dsn string, tax *taxonomy.Taxonomy, migrate bool, log *slog.Logger) (*clickhouse.DB, error) {
	db, err := clickhouse.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if !migrate {
		return db, nil
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("schema migrated", "database", db.Database(), "applied", applied)
	}
	if tax != nil {
		if err := db.SyncSkills(ctx, tax.Version, tax.Skills); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// loadTagger builds the tagger from the embedded taxonomy.
func loadTagger() (*taxonomy.Taxonomy, *tagger.Tagger, error) {
	tg, tax, err := tagger.Default()
	if err != nil {
		return nil, nil, fmt.Errorf("build tagger: %w", err)
	}
	return tax, tg, nil
}

// newRegistry is the process's own metrics registry, with Go runtime and
// process collectors.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// httpServer listens on addr (":0" style addresses pick a free port) and
// serves h until Shutdown. The bound address is returned so `run` can record
// it and tests can use port 0.
func startHTTP(addr string, h http.Handler, log *slog.Logger) (*http.Server, string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server", "err", err)
		}
	}()
	return srv, ln.Addr().String(), nil
}

// readinessChecks are the /readyz checks of a process using Kafka and,
// when db is not nil, ClickHouse.
func readinessChecks(kc kafka.Config, db *clickhouse.DB) map[string]httpapi.Check {
	checks := map[string]httpapi.Check{
		"kafka": func(ctx context.Context) error { return kafka.Ping(ctx, kc) },
	}
	if db != nil {
		checks["clickhouse"] = db.Ping
	}
	return checks
}
