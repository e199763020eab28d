package runstate_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/runstate"
)

func TestWriteReadRemove(t *testing.T) {
	dir := t.TempDir()
	if _, err := runstate.Read(dir); !errors.Is(err, runstate.ErrNotRunning) {
		t.Fatalf("Read on empty dir: got %v, want ErrNotRunning", err)
	}
	want := runstate.State{
		PID:           os.Getpid(),
		KafkaBrokers:  []string{"127.0.0.1:9092"},
		ClickHouseDSN: "clickhouse://default@127.0.0.1:9000/skillpulse",
		HTTPAddr:      "127.0.0.1:8080",
		StartedAt:     time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC),
	}
	if err := runstate.Write(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := runstate.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.PID != want.PID || got.ClickHouseDSN != want.ClickHouseDSN || got.KafkaBrokers[0] != want.KafkaBrokers[0] || !got.StartedAt.Equal(want.StartedAt) {
		t.Errorf("Read = %+v, want %+v", got, want)
	}
	if err := runstate.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := runstate.Read(dir); !errors.Is(err, runstate.ErrNotRunning) {
		t.Errorf("Read after Remove: got %v, want ErrNotRunning", err)
	}
}

func TestReadDeadProcessIsNotRunning(t *testing.T) {
	dir := t.TempDir()
	// A pid far above pid_max on Linux cannot belong to a live process.
	if err := runstate.Write(dir, runstate.State{PID: 1 << 30}); err != nil {
		t.Fatal(err)
	}
	if _, err := runstate.Read(dir); !errors.Is(err, runstate.ErrNotRunning) {
		t.Errorf("Read with dead pid: got %v, want ErrNotRunning", err)
	}
}

func TestReadCorruptFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, runstate.FileName), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runstate.Read(dir); err == nil || errors.Is(err, runstate.ErrNotRunning) {
		t.Errorf("Read of corrupt file: got %v, want a decode error", err)
	}
}

func TestLockIsExclusive(t *testing.T) {
	dir := t.TempDir()
	l, err := runstate.Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := runstate.Acquire(dir); err == nil {
		t.Fatal("second Acquire succeeded while the first holds the lock")
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := runstate.Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	l2.Release()
}
