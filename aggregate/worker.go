// Package aggregate moves tagged postings from postings.tagged into the
// analyst tables.
//
// The Worker is one member of the aggregate consumer group. It gathers a
// bounded batch, writes it through skillpulse.PostingWriter, and only then
// commits the Kafka offsets. A crash between the write and the commit makes
// Kafka redeliver the batch; the writer is idempotent per posting, so the
// second write changes no figure. While the store is down the worker retries
// with backoff and fetches nothing more: memory stays bounded by BatchSize.
//
// It depends on the domain interfaces only, never on extract or ingest.
package aggregate

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/internal/batch"
)

// Worker runs the aggregate stage.
type Worker struct {
	Sub    skillpulse.Subscription
	Writer skillpulse.PostingWriter
	// DLQ receives tagged messages that cannot be decoded; DLQTopic names it.
	DLQ      skillpulse.Publisher
	DLQTopic string
	// BatchSize is the most postings per write. Default 1000.
	BatchSize int
	// FlushInterval is the longest a partial batch waits. Default 1s.
	FlushInterval time.Duration
	// RetryMin and RetryMax bound the backoff between failed writes.
	// Defaults 200ms and 30s.
	RetryMin, RetryMax time.Duration
	// DrainTimeout bounds the final write and commit after ctx ends. Default 30s.
	DrainTimeout time.Duration
	Metrics      *Metrics
	Log          *slog.Logger
}

// Run consumes until ctx ends, writes and commits the batch in hand, and
// returns nil. It returns an error only when the batch in hand cannot be
// written before the drain deadline or a commit fails; then nothing of that
// batch is committed and a restart redelivers it.
func (w *Worker) Run(ctx context.Context) error {
	size, interval := w.BatchSize, w.FlushInterval
	if size <= 0 {
		size = 1000
	}
	if interval <= 0 {
		interval = time.Second
	}
	if err := batch.Consume(ctx, w.Sub, size, interval, cmp.Or(w.DrainTimeout, 30*time.Second), w.flush); err != nil {
		return fmt.Errorf("aggregate: %w", err)
	}
	return nil
}

// flush decodes, writes (retrying until it succeeds or the drain deadline
// passes), publishes dead letters, then commits.
func (w *Worker) flush(ctx context.Context, msgs []skillpulse.Message) error {
	batch := make([]skillpulse.TaggedPosting, 0, len(msgs))
	var dead []skillpulse.Message
	for _, m := range msgs {
		tp, err := DecodeTagged(m.Value)
		if err != nil {
			w.logger().Warn("tagged message to dead-letter topic", "partition", m.Partition, "offset", m.Offset, "reason", err)
			dead = append(dead, skillpulse.NewDeadLetter("aggregate", err.Error(), m, time.Now()).Message(w.DLQTopic))
			continue
		}
		batch = append(batch, tp)
	}
	// ctx outlives a shutdown signal by DrainTimeout (batch.Consume): the
	// write, possibly retrying, and the commit drain the batch in hand.
	if len(batch) > 0 {
		if err := w.writeWithRetry(ctx, batch); err != nil {
			return err
		}
	}
	if len(dead) > 0 {
		if err := w.DLQ.Publish(ctx, dead...); err != nil {
			return fmt.Errorf("dead letters: %w", err)
		}
		w.Metrics.deadLettered(len(dead))
	}
	if err := w.Sub.Commit(ctx, msgs...); err != nil {
		return fmt.Errorf("commit after write: %w", err)
	}
	return nil
}

func (w *Worker) writeWithRetry(ctx context.Context, batch []skillpulse.TaggedPosting) error {
	lo, hi := w.RetryMin, w.RetryMax
	if lo <= 0 {
		lo = 200 * time.Millisecond
	}
	if hi <= 0 {
		hi = 30 * time.Second
	}
	backoff := lo
	for attempt := 1; ; attempt++ {
		start := time.Now()
		err := w.Writer.WriteTagged(ctx, batch)
		w.Metrics.write(len(batch), time.Since(start), err)
		if err == nil {
			return nil
		}
		w.logger().Error("write failed; will retry", "postings", len(batch), "attempt", attempt, "backoff", backoff, "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("write %d postings: gave up after %d attempts: %w", len(batch), attempt, err)
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, hi)
	}
}

func (w *Worker) logger() *slog.Logger {
	if w.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Log
}

// DecodeTagged decodes a postings.tagged value and checks what the tables
// need: a known version, a posting id, a posting date, and mentions that
// name a skill and a kind.
func DecodeTagged(b []byte) (skillpulse.TaggedPosting, error) {
	var tp skillpulse.TaggedPosting
	if err := json.Unmarshal(b, &tp); err != nil {
		return tp, fmt.Errorf("bad tagged posting JSON: %w", err)
	}
	switch {
	case tp.Version != skillpulse.TaggedPostingVersion:
		return tp, fmt.Errorf("tagged posting version %d, want %d", tp.Version, skillpulse.TaggedPostingVersion)
	case tp.PostingID == "":
		return tp, errors.New("tagged posting without posting_id")
	case tp.PostedAt.IsZero():
		return tp, errors.New("tagged posting without posted_at")
	}
	for i, m := range tp.Mentions {
		if m.SkillID == "" || (m.Kind != skillpulse.Soft && m.Kind != skillpulse.Hard) {
			return tp, fmt.Errorf("mention %d: want skill_id and kind soft|hard, got %q %q", i, m.SkillID, m.Kind)
		}
	}
	return tp, nil
}
