package aggregate_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/aggregate"
	"github.com/skillpulse/skillpulse/internal/memqueue"
)

// flakyWriter fails its first `failures` writes, then records batches.
type flakyWriter struct {
	mu       sync.Mutex
	failures int
	batches  [][]skillpulse.TaggedPosting
}

func (f *flakyWriter) WriteTagged(_ context.Context, b []skillpulse.TaggedPosting) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failures > 0 {
		f.failures--
		return errors.New("clickhouse: connection refused")
	}
	f.batches = append(f.batches, append([]skillpulse.TaggedPosting(nil), b...))
	return nil
}

func (f *flakyWriter) written() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, b := range f.batches {
		n += len(b)
	}
	return n
}

func tagged(id string) []byte {
	b, _ := json.Marshal(skillpulse.TaggedPosting{Version: 1, PostingID: id, PostedAt: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		Mentions: []skillpulse.Mention{{SkillID: "sql", Kind: skillpulse.Hard}}})
	return b
}

func TestWorkerRetriesThenCommitsOnlyAfterWrite(t *testing.T) {
	q := memqueue.New()
	q.Publish(context.Background(),
		skillpulse.Message{Topic: "tagged", Value: tagged("a")},
		skillpulse.Message{Topic: "tagged", Value: []byte(`{"version":1}`)},
		skillpulse.Message{Topic: "tagged", Value: tagged("b")},
	)
	wr := &flakyWriter{failures: 2}
	reg := prometheus.NewRegistry()
	w := &aggregate.Worker{Sub: q.Subscribe("agg", "tagged"), Writer: wr, DLQ: q, DLQTopic: "dlq",
		FlushInterval: 20 * time.Millisecond, RetryMin: time.Millisecond, RetryMax: 5 * time.Millisecond,
		Metrics: aggregate.NewMetrics(reg)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for q.Committed("agg", "tagged") < 3 {
		if wr.written() == 0 && q.Committed("agg", "tagged") > 0 {
			t.Fatal("offsets committed before the write succeeded")
		}
		if time.Now().After(deadline) {
			t.Fatal("batch never committed")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if wr.written() != 2 {
		t.Errorf("written %d postings, want 2", wr.written())
	}
	if n := len(q.Messages("dlq")); n != 1 {
		t.Errorf("dlq has %d, want 1", n)
	}
	if problems, err := testutil.CollectAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("metric lint: %v %v", problems, err)
	}
	if got := testutil.CollectAndCount(reg, "skillpulse_aggregate_writes_total"); got != 2 {
		t.Errorf("writes_total series = %d, want 2 (ok, error)", got)
	}
}

func TestWorkerGivesUpWithoutCommitWhenStoreStaysDown(t *testing.T) {
	q := memqueue.New()
	q.Publish(context.Background(), skillpulse.Message{Topic: "tagged", Value: tagged("a")})
	w := &aggregate.Worker{Sub: q.Subscribe("agg", "tagged"), Writer: &flakyWriter{failures: 1 << 30}, DLQ: q, DLQTopic: "dlq",
		FlushInterval: 5 * time.Millisecond, RetryMin: time.Millisecond, RetryMax: 2 * time.Millisecond, DrainTimeout: 50 * time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := w.Run(ctx); err == nil {
		t.Fatal("Run returned nil although nothing could be written")
	}
	if got := q.Committed("agg", "tagged"); got != 0 {
		t.Errorf("committed %d without a successful write", got)
	}
}

func TestDecodeTagged(t *testing.T) {
	tests := []struct{ name, in, wantErr string }{
		{"ok", string(tagged("a")), ""},
		{"not json", "nope", "bad tagged posting JSON"},
		{"future version", `{"version":2,"posting_id":"a","posted_at":"2026-10-01T00:00:00Z"}`, "version 2"},
		{"no id", `{"version":1,"posted_at":"2026-10-01T00:00:00Z"}`, "posting_id"},
		{"bad kind", `{"version":1,"posting_id":"a","posted_at":"2026-10-01T00:00:00Z","mentions":[{"skill_id":"x","kind":"medium"}]}`, "soft|hard"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := aggregate.DecodeTagged([]byte(tt.in))
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}
