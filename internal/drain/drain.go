// Package drain gives work in progress a grace period after shutdown.
package drain

import (
	"context"
	"time"
)

// Context returns a context that stays alive after ctx ends, for at most
// grace more: the workers use it for the batch in hand, so SIGTERM finishes
// (writes and commits) that batch instead of abandoning it. Call cancel when
// the work is done.
func Context(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	out, cancel := context.WithCancel(context.WithoutCancel(ctx))
	go func() {
		select {
		case <-out.Done():
			return
		case <-ctx.Done():
		}
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case <-out.Done():
		case <-t.C:
			cancel()
		}
	}()
	return out, cancel
}
