// Package batch gathers messages from a subscription into bounded batches,
// the unit the workers publish or write and then commit.
package batch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/internal/drain"
)

// Fetch blocks for the first message, then gathers more for at most wait
// or until size messages. It returns what it has together with the error
// that ended it: ctx's error when ctx ended, nil when the wait ran out.
// Bounding both size and wait bounds a worker's memory and latency.
func Fetch(ctx context.Context, sub skillpulse.Subscription, size int, wait time.Duration) ([]skillpulse.Message, error) {
	first, err := sub.Fetch(ctx)
	if err != nil {
		return nil, err
	}
	msgs := []skillpulse.Message{first}
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for len(msgs) < size {
		m, err := sub.Fetch(wctx)
		if err != nil {
			if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
				return msgs, nil
			}
			return msgs, err
		}
		msgs = append(msgs, m)
	}
	return msgs, nil
}

// Consume is a worker's loop: fetch a batch (at most size messages, waiting
// at most wait for more after the first), hand it to handle, repeat until
// ctx ends. handle gets a context that outlives ctx by grace (see
// drain.Context), so SIGTERM finishes the batch in hand, including its
// commit, instead of abandoning it. Consume returns nil when ctx ends, the
// first error of handle, or a fetch error.
func Consume(ctx context.Context, sub skillpulse.Subscription, size int, wait, grace time.Duration,
	handle func(ctx context.Context, msgs []skillpulse.Message) error) error {
	for {
		msgs, err := Fetch(ctx, sub, size, wait)
		if len(msgs) > 0 {
			hctx, cancel := drain.Context(ctx, grace)
			herr := handle(hctx, msgs)
			cancel()
			if herr != nil {
				return herr
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("fetch: %w", err)
		}
	}
}
