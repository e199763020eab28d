package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/skillpulse/skillpulse/ingest/state"
)

// Cursor remembers which inputs were already imported, by name and content
// hash, in a JSON file, so a restart neither re-reads everything nor loses
// its place. A file whose content changed is imported again: that is safe
// because every count downstream is idempotent per posting.
type Cursor struct {
	path string
	mu   sync.Mutex
	done map[string]string // name -> sha256 of content
}

// OpenCursor loads the cursor file at path, or starts empty if it is missing.
func OpenCursor(path string) (*Cursor, error) {
	c := &Cursor{path: path, done: map[string]string{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read ingest cursor: %w", err)
	}
	if err := json.Unmarshal(b, &c.done); err != nil {
		return nil, fmt.Errorf("read ingest cursor %s: %w", path, err)
	}
	return c, nil
}

// Done reports whether name was imported with exactly this content hash.
func (c *Cursor) Done(name, hash string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done[name] == hash
}

// Len is the number of inputs recorded.
func (c *Cursor) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.done)
}

// Mark records name as imported with this hash and saves the file
// atomically. Call it only after the import's messages are acknowledged.
func (c *Cursor) Mark(name, hash string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done[name] = hash
	b, err := json.MarshalIndent(c.done, "", "  ")
	if err != nil {
		return fmt.Errorf("encode ingest cursor: %w", err)
	}
	if err := state.WriteFile(c.path, b); err != nil {
		return fmt.Errorf("save ingest cursor: %w", err)
	}
	return nil
}

// ContentHash is the cursor's hash of an input's bytes.
func ContentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Inbox imports every JSON lines or CSV file (optionally .gz) dropped into a
// directory: the file source `skillpulse run` and `skillpulse ingest` poll.
type Inbox struct {
	Dir      string
	Cursor   *Cursor
	Importer *Importer
	// Interval between scans in Run. Default 5s.
	Interval time.Duration
	Log      *slog.Logger
}

// inboxExts are the file names the inbox picks up; others are ignored so
// that editors' temporary files and partial uploads (.part) are left alone.
var inboxExts = []string{".jsonl", ".ndjson", ".json", ".csv", ".jsonl.gz", ".ndjson.gz", ".json.gz", ".csv.gz"}

// Once imports every new or changed file once and returns the combined summary.
func (in *Inbox) Once(ctx context.Context) (Summary, error) {
	var total Summary
	if err := os.MkdirAll(in.Dir, 0o755); err != nil {
		return total, fmt.Errorf("inbox %s: %w", in.Dir, err)
	}
	entries, err := os.ReadDir(in.Dir)
	if err != nil {
		return total, fmt.Errorf("inbox %s: %w", in.Dir, err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.Type().IsRegular() && hasAnySuffix(strings.ToLower(e.Name()), inboxExts) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	// A file that fails is reported and the others still go: it is retried
	// on the next scan, since the cursor only records files that succeeded.
	var errs []error
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		sum, err := in.importFile(ctx, name)
		total.Add(sum)
		if err != nil {
			errs = append(errs, err)
		}
	}
	in.Importer.Metrics.filesImported(in.Cursor.Len())
	return total, errors.Join(errs...)
}

func (in *Inbox) importFile(ctx context.Context, name string) (Summary, error) {
	b, err := os.ReadFile(filepath.Join(in.Dir, name))
	if err != nil {
		return Summary{}, fmt.Errorf("inbox: %w", err)
	}
	hash := ContentHash(b)
	if in.Cursor.Done(name, hash) {
		return Summary{}, nil
	}
	sum, err := ImportOnce(ctx, in.Importer, in.Cursor, name, bytes.NewReader(b), FormatOf(name), hash)
	if err != nil {
		return sum, err
	}
	in.logger().Info("imported", "file", name, "summary", sum.String())
	return sum, nil
}

// ImportOnce imports r unless the cursor already has name with this hash,
// and marks it done afterwards. It is how both the inbox and the bundled
// sample avoid republishing on every restart.
func ImportOnce(ctx context.Context, im *Importer, c *Cursor, name string, r io.Reader, f Format, hash string) (Summary, error) {
	if c.Done(name, hash) {
		return Summary{}, nil
	}
	sum, err := im.Import(ctx, name, r, f)
	if err != nil {
		return sum, err
	}
	return sum, c.Mark(name, hash)
}

// Run scans the inbox every Interval until ctx ends. A failed scan is logged
// and retried on the next tick: one bad file never stops the worker.
func (in *Inbox) Run(ctx context.Context) error {
	interval := in.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := in.Once(ctx); err != nil && ctx.Err() == nil {
			in.logger().Error("inbox scan failed", "dir", in.Dir, "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func (in *Inbox) logger() *slog.Logger {
	if in.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return in.Log
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
