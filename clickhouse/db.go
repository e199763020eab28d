// Package clickhouse stores tagged postings in ClickHouse and answers the
// analysts' questions from it: it is the pipeline's only user of the
// ClickHouse client library. It speaks the native protocol only (the HTTP
// protocol of clickhouse-go fails on ClickHouse 18.16) and uses nothing newer
// than 18.16 offers, so it works from Debian's 18.16 to current releases.
//
// It implements skillpulse.PostingWriter and skillpulse.SkillQuerier and
// must not depend on Kafka, the stages or the managed server.
package clickhouse

import (
	"context"
	"fmt"
	"reflect"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/dedup"
)

// DefaultDatabase is the database used when the DSN names none.
const DefaultDatabase = "skillpulse"

// Compile-time checks that DB is the pipeline's writer and querier and
// the dedup resolver's store.
var (
	_ skillpulse.PostingWriter = (*DB)(nil)
	_ skillpulse.SkillQuerier  = (*DB)(nil)
	_ dedup.Store              = (*DB)(nil)
)

// Config tunes the connection. Open fills it from the DSN and the options.
type Config struct {
	// DSN is clickhouse://user:pass@host:9000/db; the database defaults to
	// DefaultDatabase. Set by Open.
	DSN string
	// BatchTimeout bounds one WriteTagged or SyncSkills call, so a hung
	// server fails the batch (and the caller retries) instead of stalling.
	// Default (0): 60s.
	BatchTimeout time.Duration
	// DialTimeout bounds opening a connection. Default (0): 10s.
	DialTimeout time.Duration
	// MaxOpenConns caps the connection pool. Default (0): 4.
	MaxOpenConns int
}

// Option changes the Config before Open connects.
type Option func(*Config)

// WithBatchTimeout sets Config.BatchTimeout.
func WithBatchTimeout(d time.Duration) Option { return func(c *Config) { c.BatchTimeout = d } }

// WithDialTimeout sets Config.DialTimeout.
func WithDialTimeout(d time.Duration) Option { return func(c *Config) { c.DialTimeout = d } }

// WithMaxOpenConns sets Config.MaxOpenConns.
func WithMaxOpenConns(n int) Option { return func(c *Config) { c.MaxOpenConns = n } }

// DB is an open connection pool to one ClickHouse server and database.
// It is safe for concurrent use.
type DB struct {
	conn driver.Conn
	db   string
	cfg  Config
}

// isIdentifier reports whether s is a plain ClickHouse identifier. The
// database name is spliced into SQL as a table qualifier, so it must never
// carry anything else.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case '0' <= r && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// Open parses dsn, connects to the server without selecting the database
// (it may not exist until Migrate) and checks the server answers.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	cfg := Config{DSN: dsn}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.BatchTimeout <= 0 {
		cfg.BatchTimeout = 60 * time.Second
	}
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = 10 * time.Second
	}
	if cfg.MaxOpenConns <= 0 {
		cfg.MaxOpenConns = 4
	}
	o, err := ch.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("open clickhouse: parse DSN: %w", err)
	}
	if o.Protocol != ch.Native {
		return nil, fmt.Errorf("open clickhouse %s: only the native protocol is supported (clickhouse://host:9000/db)", o.Addr)
	}
	db := o.Auth.Database
	if db == "" {
		db = DefaultDatabase
	}
	if !isIdentifier(db) {
		return nil, fmt.Errorf("open clickhouse %s: database name %q: want letters, digits and _", o.Addr, db)
	}
	o.Auth.Database = "" // the server's default database: ours may not exist yet
	o.DialTimeout = cfg.DialTimeout
	o.MaxOpenConns = cfg.MaxOpenConns
	o.MaxIdleConns = cfg.MaxOpenConns
	conn, err := ch.Open(o)
	if err != nil {
		return nil, fmt.Errorf("open clickhouse %s: %w", o.Addr, err)
	}
	d := &DB{conn: conn, db: db, cfg: cfg}
	if err := d.Ping(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return d, nil
}

// Close releases the connections.
func (db *DB) Close() error {
	if err := db.conn.Close(); err != nil {
		return fmt.Errorf("close clickhouse: %w", err)
	}
	return nil
}

// Ping checks the server answers; readiness probes call it.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.conn.Ping(ctx); err != nil {
		return fmt.Errorf("ping clickhouse: %w", err)
	}
	return nil
}

// Database is the database every table is qualified with.
func (db *DB) Database() string { return db.db }

// Exec runs one statement that returns no rows, with args bound to its ?
// placeholders. It exists for migrations, tests and operators' tools; the
// pipeline itself uses the typed methods.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	if err := db.conn.Exec(ctx, query, args...); err != nil {
		return fmt.Errorf("clickhouse exec %q: %w", abbrev(query), err)
	}
	return nil
}

// Query runs a query with args bound to its ? placeholders and returns every
// row, each column scanned into its natural Go type (String as string,
// UInt64 as uint64, Date as time.Time...). It is for tests and small
// operator queries: it holds the whole result in memory.
func (db *DB) Query(ctx context.Context, query string, args ...any) ([][]any, error) {
	rows, err := db.conn.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("clickhouse query %q: %w", abbrev(query), err)
	}
	defer rows.Close()
	types := rows.ColumnTypes()
	var out [][]any
	for rows.Next() {
		ptrs := make([]any, len(types))
		for i, t := range types {
			ptrs[i] = reflect.New(t.ScanType()).Interface()
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("clickhouse query %q: scan: %w", abbrev(query), err)
		}
		row := make([]any, len(ptrs))
		for i, p := range ptrs {
			row[i] = reflect.ValueOf(p).Elem().Interface()
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clickhouse query %q: %w", abbrev(query), err)
	}
	return out, nil
}

// abbrev shortens a statement for an error message.
func abbrev(q string) string {
	const n = 80
	if len(q) <= n {
		return q
	}
	return q[:n] + "..."
}
