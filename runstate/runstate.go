// Package runstate records, in the data directory, the addresses of the
// services a running `skillpulse run` owns (the embedded broker, the managed
// ClickHouse, the HTTP server), so that `import`, `top`, `report` and the
// other commands pointed at the same directory find and use them.
//
// It also holds the lock that stops two `run` processes from sharing one
// data directory. It depends only on the standard library.
package runstate

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// FileName is the state file inside the data directory.
const FileName = "run.json"

// lockName is the lock file inside the data directory.
const lockName = "run.lock"

// ErrNotRunning means no live `skillpulse run` owns the data directory.
var ErrNotRunning = errors.New("no skillpulse run is active on this data directory")

// State is what a running `skillpulse run` publishes about itself.
type State struct {
	PID           int       `json:"pid"`
	KafkaBrokers  []string  `json:"kafka_brokers"`
	ClickHouseDSN string    `json:"clickhouse_dsn"`
	HTTPAddr      string    `json:"http_addr"`
	StartedAt     time.Time `json:"started_at"`
}

// Lock is an exclusive hold on a data directory.
type Lock struct{ f *os.File }

// Acquire takes the data directory's lock without waiting; it fails with a
// clear message when another process holds it. The lock dies with the
// process, so a crash never leaves the directory locked.
func Acquire(dataDir string) (*Lock, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dataDir, lockName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("data directory %s is in use by another skillpulse run", dataDir)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up.
func (l *Lock) Release() error {
	if err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN); err != nil {
		l.f.Close()
		return fmt.Errorf("unlock: %w", err)
	}
	return l.f.Close()
}

// Write records s atomically (write to a temporary file, then rename), so a
// reader never sees half a file.
func Write(dataDir string, s State) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode run state: %w", err)
	}
	path := filepath.Join(dataDir, FileName)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write run state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write run state: %w", err)
	}
	return nil
}

// Remove deletes the state file; a missing file is not an error.
func Remove(dataDir string) error {
	err := os.Remove(filepath.Join(dataDir, FileName))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove run state: %w", err)
	}
	return nil
}

// Read returns the state of the live run on dataDir, or ErrNotRunning when
// there is no state file or its process is gone (a crash leaves the file).
func Read(dataDir string) (State, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, FileName))
	if errors.Is(err, os.ErrNotExist) {
		return State{}, ErrNotRunning
	}
	if err != nil {
		return State{}, fmt.Errorf("read run state: %w", err)
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return State{}, fmt.Errorf("read run state %s: %w", filepath.Join(dataDir, FileName), err)
	}
	if !alive(s.PID) {
		return State{}, ErrNotRunning
	}
	return s, nil
}

// alive reports whether a process with this pid exists.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
