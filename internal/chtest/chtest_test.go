package chtest_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/clickhouse"
	"github.com/skillpulse/skillpulse/internal/chtest"
)

func TestMain(m *testing.M) { chtest.Main(m) }

// MustOpen connects to dsn.
func MustOpen(tb testing.TB, dsn string) *clickhouse.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := clickhouse.Open(ctx, dsn)
	if err != nil {
		tb.Fatalf("Open(%s): %v", dsn, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// databaseExists asks the server through a connection that outlives the
// tests whose databases it checks.
func databaseExists(tb testing.TB, db *clickhouse.DB, name string) bool {
	tb.Helper()
	rows, err := db.Query(context.Background(), "SELECT count() FROM system.databases WHERE name = ?", name)
	if err != nil {
		tb.Fatal(err)
	}
	return rows[0][0].(uint64) == 1
}

func dbName(tb testing.TB, dsn string) string {
	tb.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

func TestDSN(t *testing.T) {
	admin := MustOpen(t, chtest.Server(t))
	tests := []struct {
		name   string
		useEnv bool
	}{
		{"managed or CI server", false},
		{"server from the environment", true},
	}
	for _, tt := range tests {
		var names []string
		t.Run(tt.name, func(t *testing.T) {
			if tt.useEnv {
				t.Setenv(chtest.EnvDSN, chtest.Server(t))
			}
			for range 2 {
				dsn := chtest.DSN(t)
				name := dbName(t, dsn)
				names = append(names, name)
				if !databaseExists(t, admin, name) {
					t.Fatalf("database %s of %s does not exist", name, dsn)
				}
				db := MustOpen(t, dsn)
				if db.Database() != name {
					t.Errorf("Database() = %q, want %q", db.Database(), name)
				}
				rows, err := db.Query(context.Background(), "SELECT count() FROM system.tables WHERE database = ?", name)
				if err != nil {
					t.Fatal(err)
				}
				if n := rows[0][0].(uint64); n != 0 {
					t.Errorf("fresh database %s has %d tables, want 0", name, n)
				}
			}
			if names[0] == names[1] {
				t.Errorf("two DSN calls gave the same database %s", names[0])
			}
		})
		for _, name := range names {
			if databaseExists(t, admin, name) {
				t.Errorf("database %s still exists after its test ended", name)
			}
		}
	}
}
