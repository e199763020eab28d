// Package chtest gives every test in the repository a real ClickHouse: a
// fresh, uniquely named database on either the server CI provides
// (SKILLPULSE_TEST_CLICKHOUSE_DSN) or one managed clickhouse-server started
// once per test binary. Tests never mock ClickHouse.
//
// It is test support only: production code must not import it. It depends
// on chserver for the managed server and on the clickhouse adapter to
// create and drop databases.
package chtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/chserver"
	"github.com/skillpulse/skillpulse/clickhouse"
)

// EnvDSN names the environment variable with the DSN of an existing server
// to test against; CI sets it so every package shares one server.
const EnvDSN = "SKILLPULSE_TEST_CLICKHOUSE_DSN"

// shared is the managed server of this test binary. It is package-level
// state on purpose: a test binary starts one server lazily for all its
// tests (starting one per test would cost seconds each), and Main stops it
// after the last test. Nothing outside this test-only package sees it.
var shared struct {
	once   sync.Once
	server *chserver.Server
	dir    string
	dsn    string // server DSN without a database
	err    error
	seq    atomic.Uint64
}

// Main runs the tests and then stops the managed server, if one was
// started, and removes its directory. Call it from TestMain:
//
//	func TestMain(m *testing.M) { chtest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if shared.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := shared.server.Stop(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "chtest: stop clickhouse-server:", err)
		}
		cancel()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// DSN returns the DSN of a fresh, empty database, created for this test and
// dropped when it ends. It fails the test, never skips it, when neither
// SKILLPULSE_TEST_CLICKHOUSE_DSN nor a local clickhouse-server is available.
func DSN(tb testing.TB) string {
	tb.Helper()
	base := serverDSN(tb)
	name := fmt.Sprintf("test_%s_%d_%d", sanitize(tb.Name()), os.Getpid(), shared.seq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := clickhouse.Open(ctx, withDatabase(tb, base, "default"))
	if err != nil {
		tb.Fatalf("chtest: connect to %s: %v", redact(base), err)
	}
	defer db.Close()
	if err := db.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("chtest: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		db, err := clickhouse.Open(ctx, withDatabase(tb, base, "default"))
		if err != nil {
			tb.Errorf("chtest: drop database %s: %v", name, err)
			return
		}
		defer db.Close()
		if err := db.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
			tb.Errorf("chtest: %v", err)
		}
	})
	return withDatabase(tb, base, name)
}

// Server returns the DSN of the server DSN uses, without a database, for
// tests that manage databases themselves.
func Server(tb testing.TB) string {
	tb.Helper()
	return serverDSN(tb)
}

func serverDSN(tb testing.TB) string {
	tb.Helper()
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		return dsn
	}
	shared.once.Do(startShared)
	if shared.err != nil {
		tb.Fatalf("chtest: no ClickHouse to test against: %v\n"+
			"Install clickhouse-server (Debian: apt-get install clickhouse-server) or set %s=clickhouse://default@127.0.0.1:9000/default",
			shared.err, EnvDSN)
	}
	return shared.dsn
}

func startShared() {
	dir, err := os.MkdirTemp("", "skillpulse-chtest-")
	if err != nil {
		shared.err = fmt.Errorf("create server directory: %w", err)
		return
	}
	shared.dir = dir
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	s, err := chserver.Start(ctx, chserver.Config{Dir: dir})
	if err != nil {
		shared.err = err
		return
	}
	shared.server = s
	shared.dsn = s.DSN("default")
}

// withDatabase replaces the database path of dsn, keeping user, host and
// query parameters.
func withDatabase(tb testing.TB, dsn, database string) string {
	tb.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("chtest: parse %s: %v", EnvDSN, err)
	}
	u.Path = "/" + database
	u.RawPath = ""
	return u.String()
}

// redact hides a password in dsn for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable DSN)"
	}
	return u.Redacted()
}

// sanitize turns a test name into identifier characters, short enough to
// keep database names readable.
func sanitize(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 40 {
			break
		}
	}
	return b.String()
}
