package chserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/chserver"
	"github.com/skillpulse/skillpulse/clickhouse"
)

// MustStart starts a server on dir and stops it when the test ends.
func MustStart(tb testing.TB, dir string) *chserver.Server {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	began := time.Now()
	s, err := chserver.Start(ctx, chserver.Config{Dir: dir})
	if err != nil {
		tb.Fatalf("Start: %v", err)
	}
	tb.Logf("clickhouse-server ready on %s in %s", s.Addr(), time.Since(began).Round(time.Millisecond))
	tb.Cleanup(func() { MustStop(tb, s) })
	return s
}

// MustStop stops s within 30s.
func MustStop(tb testing.TB, s *chserver.Server) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		tb.Errorf("Stop: %v", err)
	}
}

// MustOpen connects to database on s through the native protocol.
func MustOpen(tb testing.TB, s *chserver.Server, database string) *clickhouse.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := clickhouse.Open(ctx, s.DSN(database))
	if err != nil {
		tb.Fatalf("Open %s: %v", s.DSN(database), err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func count(tb testing.TB, db *clickhouse.DB, query string) uint64 {
	tb.Helper()
	rows, err := db.Query(context.Background(), query)
	if err != nil {
		tb.Fatal(err)
	}
	if len(rows) != 1 || len(rows[0]) != 1 {
		tb.Fatalf("%s: got %v, want one value", query, rows)
	}
	n, ok := rows[0][0].(uint64)
	if !ok {
		tb.Fatalf("%s: got %T, want uint64", query, rows[0][0])
	}
	return n
}

func TestRestartKeepsData(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()

	first := MustStart(t, dir)
	if got, want := first.DSN("x"), "clickhouse://default@"+first.Addr()+"/x"; got != want {
		t.Errorf("DSN = %q, want %q", got, want)
	}
	db := MustOpen(t, first, "default")
	for _, stmt := range []string{
		"CREATE DATABASE IF NOT EXISTS keep",
		"CREATE TABLE keep.t (id UInt64, name String) ENGINE = MergeTree ORDER BY id",
		"INSERT INTO keep.t SELECT number, toString(number) FROM system.numbers LIMIT 1000",
	} {
		if err := db.Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	before := count(t, db, "SELECT count() FROM keep.t")
	if before != 1000 {
		t.Fatalf("rows before restart = %d, want 1000", before)
	}
	db.Close()
	MustStop(t, first)
	if err, ok := <-first.Wait(); ok || err != nil {
		t.Errorf("Wait after Stop = %v, %v; want a closed channel", err, ok)
	}
	if _, err := os.Stat(filepath.Join(dir, chserver.StateFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("state file after Stop: %v, want it removed", err)
	}

	second := MustStart(t, dir)
	db2 := MustOpen(t, second, "keep")
	if after := count(t, db2, "SELECT count() FROM keep.t"); after != before {
		t.Errorf("rows after restart = %d, want %d", after, before)
	}
	st, err := chserver.ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Addr() != second.Addr() || st.OwnerPID != os.Getpid() {
		t.Errorf("state = %+v, want addr %s owned by %d", st, second.Addr(), os.Getpid())
	}

	// A crash nobody asked for is reported on Wait.
	if err := syscall.Kill(st.PID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-second.Wait():
		if err == nil {
			t.Error("Wait after a crash delivered nil, want the exit error")
		}
		t.Logf("Wait after SIGKILL: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not report the crash")
	}
}

func TestLeftoverServer(t *testing.T) {
	dir := t.TempDir()
	first := MustStart(t, dir)
	st, err := chserver.ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("owner alive", func(t *testing.T) {
		alive := st
		alive.OwnerPID = os.Getppid() // a live process that is not us
		MustWriteState(t, dir, alive)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		s, err := chserver.Start(ctx, chserver.Config{Dir: dir})
		if !errors.Is(err, chserver.ErrAlreadyRunning) {
			if s != nil {
				MustStop(t, s)
			}
			t.Fatalf("Start over a live owner's server: %v, want ErrAlreadyRunning", err)
		}
	})

	t.Run("owner dead", func(t *testing.T) {
		orphan := st
		orphan.OwnerPID = deadPID(t)
		MustWriteState(t, dir, orphan)
		second := MustStart(t, dir)
		select {
		case <-first.Wait():
		case <-time.After(10 * time.Second):
			t.Fatal("the orphaned server is still running")
		}
		if second.Addr() == first.Addr() {
			t.Errorf("second server reuses %s; want a fresh start", first.Addr())
		}
		db := MustOpen(t, second, "default")
		if err := db.Ping(context.Background()); err != nil {
			t.Error(err)
		}
	})
}

func TestStartErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  chserver.Config
		want error
	}{
		{"missing binary", chserver.Config{Dir: t.TempDir(), Binary: "/nonexistent/clickhouse-server"}, chserver.ErrBinaryNotFound},
		{"empty dir", chserver.Config{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := chserver.Start(context.Background(), tt.cfg)
			if err == nil {
				MustStop(t, s)
				t.Fatal("Start succeeded, want an error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Start: %v, want %v", err, tt.want)
			}
		})
	}
}

// MustWriteState overwrites the state file as a crashed run would leave it.
func MustWriteState(tb testing.TB, dir string, st chserver.State) {
	tb.Helper()
	b, err := json.Marshal(st)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, chserver.StateFileName), b, 0o640); err != nil {
		tb.Fatal(err)
	}
}

// deadPID returns the pid of a process that has exited.
func deadPID(tb testing.TB) int {
	tb.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		tb.Fatal(err)
	}
	return cmd.Process.Pid
}
