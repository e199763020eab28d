package batch_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/internal/batch"
	"github.com/skillpulse/skillpulse/internal/memqueue"
)

func publish(t *testing.T, q *memqueue.Queue, n int) {
	t.Helper()
	for i := range n {
		if err := q.Publish(context.Background(), skillpulse.Message{Topic: "t", Value: []byte(fmt.Sprint(i))}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFetchStopsAtSize(t *testing.T) {
	q := memqueue.New()
	publish(t, q, 5)
	msgs, err := batch.Fetch(context.Background(), q.Subscribe("g", "t"), 3, time.Second)
	if err != nil || len(msgs) != 3 || string(msgs[2].Value) != "2" {
		t.Fatalf("Fetch = %d msgs, %v; want 3 in order", len(msgs), err)
	}
}

func TestFetchReturnsPartialBatchAfterWait(t *testing.T) {
	q := memqueue.New()
	publish(t, q, 2)
	msgs, err := batch.Fetch(context.Background(), q.Subscribe("g", "t"), 10, 20*time.Millisecond)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("Fetch = %d msgs, %v; want 2 and no error", len(msgs), err)
	}
}

func TestFetchReturnsContextErrorWithWhatItHas(t *testing.T) {
	q := memqueue.New()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	msgs, err := batch.Fetch(ctx, q.Subscribe("g", "t"), 10, time.Second)
	if !errors.Is(err, context.Canceled) || len(msgs) != 0 {
		t.Fatalf("Fetch on cancelled ctx = %d msgs, %v", len(msgs), err)
	}
}

func TestConsumeHandsBatchesAndDrainsOnCancel(t *testing.T) {
	q := memqueue.New()
	publish(t, q, 5)
	ctx, cancel := context.WithCancel(context.Background())
	var got int
	var drained bool
	err := batch.Consume(ctx, q.Subscribe("g", "t"), 2, 10*time.Millisecond, time.Second,
		func(hctx context.Context, msgs []skillpulse.Message) error {
			got += len(msgs)
			if got == 5 {
				cancel()
				// The handler's context outlives the cancelled parent.
				drained = hctx.Err() == nil
			}
			return nil
		})
	if err != nil || got != 5 || !drained {
		t.Fatalf("Consume = %v after %d messages (drained %v); want nil after 5, drained", err, got, drained)
	}
}

func TestConsumeStopsOnHandlerError(t *testing.T) {
	q := memqueue.New()
	publish(t, q, 3)
	boom := errors.New("boom")
	err := batch.Consume(context.Background(), q.Subscribe("g", "t"), 10, 10*time.Millisecond, time.Second,
		func(context.Context, []skillpulse.Message) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("Consume = %v, want the handler's error", err)
	}
}
