package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/skillpulse/skillpulse/chserver"
	"github.com/skillpulse/skillpulse/clickhouse"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/runstate"
)

func (m *Main) runMigrate(ctx context.Context, args []string) error {
	fs := m.flagSet("migrate", "[flags]", "Creates the database named in the DSN if needed and applies the schema migrations that are not\n"+
		"yet recorded in its schema_migrations table, then writes the taxonomy to the skills table. Safe to\n"+
		"run again and from several processes. With no DSN and no running `skillpulse run`, it starts the\n"+
		"data directory's managed clickhouse-server for the duration.")
	cf := config.Register(fs, false)
	cfg, err := m.parseConfig(fs, cf, args)
	if err != nil {
		return err
	}
	log := m.logger()
	dsn, err := m.clickhouseDSN(cfg)
	if err != nil && cfg.ClickHouseDSN == "" {
		// No DSN and no live run: migrate the data directory's own server.
		lock, lerr := runstate.Acquire(cfg.DataDir)
		if lerr != nil {
			return lerr
		}
		defer lock.Release()
		srv, serr := chserver.Start(ctx, chserver.Config{Dir: filepath.Join(cfg.DataDir, "clickhouse"), Logger: log})
		if serr != nil {
			return fmt.Errorf("managed ClickHouse: %w", serr)
		}
		defer func() {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			srv.Stop(sctx)
		}()
		dsn, err = srv.DSN(clickhouse.DefaultDatabase), nil
	}
	if err != nil {
		return err
	}
	tax, _, err := loadTagger()
	if err != nil {
		return err
	}
	db, err := clickhouse.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if err := db.SyncSkills(ctx, tax.Version, tax.Skills); err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(m.Stdout, "database %s is up to date; taxonomy %s (%d skills) written\n", db.Database(), tax.Version, len(tax.Skills))
		return nil
	}
	fmt.Fprintf(m.Stdout, "database %s: applied migrations %v; taxonomy %s (%d skills) written\n", db.Database(), applied, tax.Version, len(tax.Skills))
	return nil
}
