// Package batch gathers messages from a subscription into bounded batches,
// the unit the workers publish or write and then commit.
package batch

import (
	"context"
	"errors"
	"time"

	"github.com/skillpulse/skillpulse"
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
