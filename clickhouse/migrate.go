package clickhouse

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
)

// migrationFiles are the schema versions, applied in version order. It is
// package-level only because go:embed requires it; nothing writes to it.
// Each file is NNNN_name.sql; ${DB} in it stands for the database.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one parsed schema version.
type migration struct {
	version    int
	name       string
	statements []string
}

// Migrate creates the database if needed and applies every embedded schema
// version not yet recorded in schema_migrations, in order, returning the
// versions it applied (none when the schema is current). Statements are
// idempotent, so two processes migrating at once are harmless: the loser
// re-runs IF NOT EXISTS statements and records the same versions again,
// which the ReplacingMergeTree collapses.
func (db *DB) Migrate(ctx context.Context) (applied []int, err error) {
	ms, err := loadMigrations(db.db)
	if err != nil {
		return nil, err
	}
	if err := db.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+db.db); err != nil {
		return nil, fmt.Errorf("migrate %s: %w", db.db, err)
	}
	if err := db.Exec(ctx, "CREATE TABLE IF NOT EXISTS "+db.db+`.schema_migrations (
    version UInt32,
    name String,
    applied_at DateTime
) ENGINE = ReplacingMergeTree ORDER BY version`); err != nil {
		return nil, fmt.Errorf("migrate %s: %w", db.db, err)
	}
	done, err := db.appliedVersions(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate %s: %w", db.db, err)
	}
	for _, m := range ms {
		if done[m.version] {
			continue
		}
		for i, stmt := range m.statements {
			if err := db.Exec(ctx, stmt); err != nil && !alreadyApplied(stmt, err) {
				return applied, fmt.Errorf("migrate %s: %04d_%s statement %d: %w", db.db, m.version, m.name, i+1, err)
			}
		}
		if err := db.recordMigration(ctx, m); err != nil {
			return applied, fmt.Errorf("migrate %s: %w", db.db, err)
		}
		applied = append(applied, m.version)
	}
	return applied, nil
}

// alreadyApplied reports whether err only says an ALTER ... ADD COLUMN found
// its column there already: 18.16 has no ADD COLUMN IF NOT EXISTS, and a
// concurrent migration (or one interrupted after the ALTER) may have added it.
func alreadyApplied(stmt string, err error) bool {
	// 18.16 answers 44 (ILLEGAL_COLUMN), current releases 15 (DUPLICATE_COLUMN).
	var ex *ch.Exception
	return strings.HasPrefix(stmt, "ALTER TABLE") && errors.As(err, &ex) &&
		(ex.Code == 15 || ex.Code == 44) && strings.Contains(ex.Message, "already exists")
}

func (db *DB) appliedVersions(ctx context.Context) (map[int]bool, error) {
	rows, err := db.conn.Query(ctx, "SELECT DISTINCT version FROM "+db.db+".schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	done := make(map[int]bool)
	for rows.Next() {
		var v uint32
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		done[int(v)] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	return done, nil
}

func (db *DB) recordMigration(ctx context.Context, m migration) error {
	b, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+db.db+".schema_migrations (version, name, applied_at)")
	if err != nil {
		return fmt.Errorf("record migration %d: %w", m.version, err)
	}
	if err := b.Append(uint32(m.version), m.name, time.Now().UTC().Truncate(time.Second)); err != nil {
		_ = b.Abort()
		return fmt.Errorf("record migration %d: %w", m.version, err)
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("record migration %d: %w", m.version, err)
	}
	return nil
}

// loadMigrations reads the embedded files in version order with ${DB}
// replaced by database.
func loadMigrations(database string) ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		v, name, ok := parseMigrationName(e.Name())
		if !ok {
			return nil, fmt.Errorf("embedded migration %s: want NNNN_name.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read embedded migration %s: %w", e.Name(), err)
		}
		stmts := splitStatements(strings.ReplaceAll(string(b), "${DB}", database))
		if len(stmts) == 0 {
			return nil, fmt.Errorf("embedded migration %s has no statements", e.Name())
		}
		ms = append(ms, migration{version: v, name: name, statements: stmts})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	return ms, nil
}

// splitStatements splits a migration file into statements: a statement
// ends with ';' at the end of a line. Lines starting with "--" are comments
// and dropped, so a ';' in a comment never splits.
func splitStatements(sql string) []string {
	var stmts []string
	var cur strings.Builder
	for line := range strings.Lines(sql) {
		line = strings.TrimRight(line, " \t\r\n")
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		body, end := strings.CutSuffix(line, ";")
		cur.WriteString(body)
		cur.WriteByte('\n')
		if end {
			if s := strings.TrimSpace(cur.String()); s != "" {
				stmts = append(stmts, s)
			}
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		stmts = append(stmts, s)
	}
	return stmts
}

// parseMigrationName splits NNNN_name.sql into its version and name.
func parseMigrationName(file string) (version int, name string, ok bool) {
	base, isSQL := strings.CutSuffix(file, ".sql")
	num, name, found := strings.Cut(base, "_")
	if !isSQL || !found || len(num) != 4 || name == "" {
		return 0, "", false
	}
	v, err := strconv.Atoi(num)
	if err != nil || v <= 0 {
		return 0, "", false
	}
	return v, name, true
}
