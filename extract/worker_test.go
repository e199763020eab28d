package extract_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/internal/memqueue"
)

// wordTagger tags every occurrence of fixed words: a stand-in that keeps
// these tests about the worker, not the taxonomy.
type wordTagger map[string]skillpulse.Kind

func (w wordTagger) Tag(text string) []skillpulse.Mention {
	var out []skillpulse.Mention
	for word, kind := range w {
		for i := 0; ; {
			j := strings.Index(text[i:], word)
			if j < 0 {
				break
			}
			s := i + j
			out = append(out, skillpulse.Mention{SkillID: strings.ToLower(word), Skill: word, Kind: kind, Start: s, End: s + len(word), Text: word})
			i = s + len(word)
		}
	}
	return out
}

func rawJSON(id, title, desc string) []byte {
	b, _ := json.Marshal(map[string]string{"source": "test", "source_id": id, "title": title, "employer": "E", "location": "Austin, TX",
		"posted_at": "2026-10-01T09:00:00Z", "description": desc})
	return b
}

func TestWorkerTagsPublishesAndCommits(t *testing.T) {
	q := memqueue.New()
	if err := q.Publish(context.Background(),
		skillpulse.Message{Topic: "raw", Key: []byte("test:1"), Value: rawJSON("1", "SQL Analyst", "<p>SQL &amp; teamwork</p>")},
		skillpulse.Message{Topic: "raw", Key: []byte("test:2"), Value: []byte(`{"source":"test"`)},
		skillpulse.Message{Topic: "raw", Key: []byte("test:3"), Value: rawJSON("3", "Clerk", "<ul><li>filing</li></ul>")},
	); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	w := &extract.Worker{
		Sub: q.Subscribe("g", "raw"), Pub: q, TaggedTopic: "tagged", DLQTopic: "dlq",
		Extractor: &extract.Extractor{Tagger: wordTagger{"SQL": skillpulse.Hard, "teamwork": skillpulse.Soft}, TaxonomyVersion: "t1"},
		BatchWait: 20 * time.Millisecond, Metrics: extract.NewMetrics(reg),
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	waitFor(t, func() bool { return q.Committed("g", "raw") == 3 })
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}

	tagged := q.Messages("tagged")
	if len(tagged) != 2 {
		t.Fatalf("tagged = %d messages, want 2", len(tagged))
	}
	var tp skillpulse.TaggedPosting
	if err := json.Unmarshal(tagged[0].Value, &tp); err != nil {
		t.Fatal(err)
	}
	// Keyed by the dedup block, so every possible copy of a posting is
	// resolved on one partition.
	if tp.PostingID != extract.PostingID("test:1") || tp.DedupBlock == "" || string(tagged[0].Key) != tp.DedupBlock {
		t.Errorf("posting id %q, key %q", tp.PostingID, tagged[0].Key)
	}
	text := "SQL Analyst\n\nSQL & teamwork"
	if len(tp.Mentions) != 3 || tp.TextBytes != len(text) || tp.TaxonomyVersion != "t1" || !tp.PostedAt.Equal(time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("tagged posting = %+v", tp)
	}
	for _, m := range tp.Mentions {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("mention %+v does not match text", m)
		}
	}
	dlq := q.Messages("dlq")
	if len(dlq) != 1 {
		t.Fatalf("dlq = %d messages, want 1", len(dlq))
	}
	var dl skillpulse.DeadLetter
	if err := json.Unmarshal(dlq[0].Value, &dl); err != nil {
		t.Fatal(err)
	}
	if dl.Stage != "extract" || dl.Offset != 1 || dl.Topic != "raw" || !strings.Contains(dl.Reason, "bad JSON") || dl.Value != `{"source":"test"` {
		t.Errorf("dead letter = %+v", dl)
	}
	if got := testutil.ToFloat64(w.Metrics.PostingsCounter("tagged")); got != 2 {
		t.Errorf("tagged counter = %v, want 2", got)
	}
	if problems, err := testutil.CollectAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("metric lint: %v %v", problems, err)
	}
}

func TestWorkerDoesNotCommitWhenPublishFails(t *testing.T) {
	q := memqueue.New()
	q.Publish(context.Background(), skillpulse.Message{Topic: "raw", Value: rawJSON("1", "t", "d")})
	q.FailNextPublish(context.DeadlineExceeded)
	w := &extract.Worker{Sub: q.Subscribe("g", "raw"), Pub: q, TaggedTopic: "tagged", DLQTopic: "dlq",
		Extractor: &extract.Extractor{Tagger: wordTagger{}}, BatchWait: 10 * time.Millisecond}
	if err := w.Run(context.Background()); err == nil {
		t.Fatal("Run succeeded although publish failed")
	}
	if got := q.Committed("g", "raw"); got != 0 {
		t.Errorf("committed offset %d after a failed publish, want 0", got)
	}
	// A restarted worker gets the message again and finishes it.
	w.Sub = q.Subscribe("g", "raw")
	ctx, cancel := context.WithCancel(context.Background())
	go func() { waitFor(t, func() bool { return q.Committed("g", "raw") == 1 }); cancel() }()
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(q.Messages("tagged")); n != 1 {
		t.Errorf("tagged = %d, want 1", n)
	}
}

func TestTextHashFoldsCaseAndSpace(t *testing.T) {
	if extract.TextHash("Epic  Cadence\nAnalyst") != extract.TextHash("epic cadence analyst") {
		t.Error("hash differs on case/space only")
	}
	if extract.TextHash("Epic Cadence") == extract.TextHash("Epic Prelude") {
		t.Error("different texts hash the same")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
