package extract

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/internal/batch"
)

// Worker runs the extract stage as one member of the extract consumer group.
type Worker struct {
	Sub       skillpulse.Subscription
	Pub       skillpulse.Publisher
	Extractor *Extractor
	// TaggedTopic and DLQTopic name the output topics.
	TaggedTopic, DLQTopic string
	// BatchSize is the most messages handled between two commits. Default 200.
	BatchSize int
	// BatchWait is how long a partial batch waits for more input. Default 100ms.
	BatchWait time.Duration
	// DrainTimeout bounds the final publish and commit after ctx ends. Default 30s.
	DrainTimeout time.Duration
	Metrics      *Metrics
	Log          *slog.Logger
}

// Run consumes until ctx ends, then finishes the batch in hand (publish and
// commit) and returns nil. Any other error is returned after logging: the
// messages of the failed batch are not committed, so a restart redelivers
// them and nothing is lost.
func (w *Worker) Run(ctx context.Context) error {
	size, wait := w.BatchSize, w.BatchWait
	if size <= 0 {
		size = 200
	}
	if wait <= 0 {
		wait = 100 * time.Millisecond
	}
	if err := batch.Consume(ctx, w.Sub, size, wait, cmp.Or(w.DrainTimeout, 30*time.Second), w.handle); err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	return nil
}

// handle tags a batch, publishes tagged postings and dead letters in one
// call, then commits the input.
func (w *Worker) handle(ctx context.Context, batch []skillpulse.Message) error {
	out := make([]skillpulse.Message, 0, len(batch))
	for _, m := range batch {
		out = append(out, w.process(m))
	}
	if err := w.Pub.Publish(ctx, out...); err != nil {
		return fmt.Errorf("publish %d messages: %w", len(out), err)
	}
	if err := w.Sub.Commit(ctx, batch...); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	w.Metrics.batch(len(batch))
	return nil
}

// process turns one raw message into a tagged posting or a dead letter.
func (w *Worker) process(m skillpulse.Message) skillpulse.Message {
	start := time.Now()
	p, err := skillpulse.ParseRawPosting(m.Value)
	if err != nil {
		w.Metrics.deadLettered()
		w.logger().Warn("posting to dead-letter topic", "partition", m.Partition, "offset", m.Offset, "reason", err)
		return skillpulse.NewDeadLetter("extract", err.Error(), m, time.Now()).Message(w.DLQTopic)
	}
	tp := w.Extractor.Extract(p)
	b, err := json.Marshal(tp)
	if err != nil {
		w.Metrics.deadLettered()
		return skillpulse.NewDeadLetter("extract", "encode tagged posting: "+err.Error(), m, time.Now()).Message(w.DLQTopic)
	}
	w.Metrics.tagged(tp, time.Since(start))
	// Keyed by the dedup block (the normalised employer): every posting
	// that could be a copy of another is on one partition, resolved in
	// order by one aggregate worker.
	return skillpulse.Message{Topic: w.TaggedTopic, Key: []byte(cmp.Or(tp.DedupBlock, tp.PostingID)), Value: b}
}

func (w *Worker) logger() *slog.Logger {
	if w.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Log
}
