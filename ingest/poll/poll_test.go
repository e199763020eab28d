package poll_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/ingest/poll"
	"github.com/skillpulse/skillpulse/ingest/source"
	"github.com/skillpulse/skillpulse/internal/memqueue"
)

// MustRead reads a fixture of testdata/faults.
func MustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/faults/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// testFile is a sources file with fast timeouts and backoffs and one
// greenhouse source per board, all on base.
func testFile(base string, boards ...string) source.File {
	f := source.File{AllowPrivateNetworks: true, Fetch: source.FetchSettings{
		Timeout: 300 * time.Millisecond, MinInterval: time.Millisecond, MaxRetries: 1,
		BackoffBase: 5 * time.Millisecond, BackoffMax: 20 * time.Millisecond, MaxBodyBytes: 1 << 20, MaxRedirects: 3,
	}}
	for _, b := range boards {
		f.Sources = append(f.Sources, source.Config{Kind: source.KindGreenhouse, Name: b, Board: b, BaseURL: base})
	}
	return f
}

func newPoller(t *testing.T, f source.File, q *memqueue.Queue) (*poll.Poller, *prometheus.Registry) {
	reg := prometheus.NewRegistry()
	return &poll.Poller{File: f, StateDir: t.TempDir(), Publisher: q, RawTopic: "raw", DLQTopic: "dlq", Metrics: poll.NewMetrics(reg)}, reg
}

// errorsTotal reads skillpulse_ingest_source_errors_total for a source and reason.
func errorsTotal(t *testing.T, reg *prometheus.Registry, name, reason string) float64 {
	t.Helper()
	return counter(t, reg, "skillpulse_ingest_source_errors_total", map[string]string{"source": name, "reason": reason})
}

// counter reads the counter of metric whose labels include want.
func counter(t *testing.T, reg *prometheus.Registry, metric string, want map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != metric {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			match := true
			for k, v := range want {
				match = match && labels[k] == v
			}
			if match {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// TestFaults serves one healthy board ("good") and one faulty board
// ("bad") per case: the faulty one fails with the expected reason (or
// dead-letters its bad posting), and the healthy one is published anyway.
func TestFaults(t *testing.T) {
	board := MustRead(t, "board.json")
	tests := []struct {
		name string
		// serve answers the bad board's n-th request (from 1).
		serve func(w http.ResponseWriter, r *http.Request, n int)
		// wantReason is the failure reason, "" when the pass succeeds.
		wantReason string
		// wantPublished and wantDead count the bad board's messages.
		wantPublished, wantDead int
	}{
		{"500 then success", func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
			w.Write(board)
		}, "", 2, 0},
		{"500 every time", func(w http.ResponseWriter, r *http.Request, n int) {
			w.WriteHeader(http.StatusBadGateway)
		}, "http_status", 0, 0},
		{"slow past the timeout", func(w http.ResponseWriter, r *http.Request, n int) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, "timeout", 0, 0},
		{"hangs mid-body", func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Content-Type", "application/json")
			w.Write(board[:40])
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, "timeout", 0, 0},
		{"truncated JSON", func(w http.ResponseWriter, r *http.Request, n int) {
			w.Write(MustRead(t, "truncated.json"))
		}, "bad_json", 0, 0},
		{"HTML instead of JSON", func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Content-Type", "text/html")
			w.Write(MustRead(t, "login.html"))
		}, "html_not_json", 0, 0},
		{"invalid UTF-8 in one posting", func(w http.ResponseWriter, r *http.Request, n int) {
			w.Write(MustRead(t, "invalid-utf8.json"))
		}, "", 1, 1},
		{"50 MB body", func(w http.ResponseWriter, r *http.Request, n int) {
			chunk := []byte(strings.Repeat(" ", 1<<20))
			w.Write([]byte(`{"jobs":[`))
			for i := 0; i < 50; i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
			w.Write([]byte(`]}`))
		}, "too_large", 0, 0},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request, n int) {
			http.Redirect(w, r, r.URL.Path+"?loop="+fmt.Sprint(n), http.StatusFound)
		}, "redirect", 0, 0},
		{"redirect to another host", func(w http.ResponseWriter, r *http.Request, n int) {
			http.Redirect(w, r, "http://jobs.invalid/v1/boards/bad/jobs", http.StatusFound)
		}, "host_refused", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			n := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/robots.txt":
					w.WriteHeader(http.StatusNotFound)
				case strings.HasPrefix(r.URL.Path, "/v1/boards/good/"):
					w.Write(board)
				default:
					mu.Lock()
					n++
					k := n
					mu.Unlock()
					tt.serve(w, r, k)
				}
			}))
			defer srv.Close()
			q := memqueue.New()
			p, reg := newPoller(t, testFile(srv.URL, "bad", "good"), q)
			reports, err := p.Once(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			bad, good := reports[0], reports[1]
			if good.Err != nil || good.New != 2 {
				t.Errorf("healthy source = %v, want 2 new postings", good)
			}
			if got := source.ReasonOf(bad.Err); (bad.Err == nil) != (tt.wantReason == "") || (bad.Err != nil && got != tt.wantReason) {
				t.Errorf("faulty source failed with %q (%v), want %q", got, bad.Err, tt.wantReason)
			}
			if tt.wantReason != "" && errorsTotal(t, reg, "bad", tt.wantReason) != 1 {
				t.Errorf("errors_total{reason=%q} = %v, want 1", tt.wantReason, errorsTotal(t, reg, "bad", tt.wantReason))
			}
			published := 0
			for _, m := range q.Messages("raw") {
				if strings.HasPrefix(string(m.Key), "greenhouse:bad/") {
					published++
				}
			}
			if published != tt.wantPublished {
				t.Errorf("published %d postings of the faulty source, want %d", published, tt.wantPublished)
			}
			dead := q.Messages("dlq")
			if len(dead) != tt.wantDead {
				t.Fatalf("dead letters = %d, want %d", len(dead), tt.wantDead)
			}
			if tt.wantDead > 0 {
				var dl skillpulse.DeadLetter
				if err := json.Unmarshal(dead[0].Value, &dl); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(dl.Reason, "invalid_utf8") || errorsTotal(t, reg, "bad", "invalid_utf8") != 1 {
					t.Errorf("dead letter reason %q", dl.Reason)
				}
			}
		})
	}
}

// TestRetryAfter checks that a 429's Retry-After is waited out before the
// retry, and that the pass then succeeds.
func TestRetryAfter(t *testing.T) {
	board := MustRead(t, "board.json")
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		mu.Lock()
		times = append(times, time.Now())
		first := len(times) == 1
		mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write(board)
	}))
	defer srv.Close()
	f := testFile(srv.URL, "busy")
	f.Fetch.Timeout = 5 * time.Second
	p, _ := newPoller(t, f, memqueue.New())
	reports, err := p.Once(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if reports[0].Err != nil || reports[0].New != 2 {
		t.Fatalf("report = %v", reports[0])
	}
	if len(times) != 2 {
		t.Fatalf("requests = %d, want 2", len(times))
	}
	if gap := times[1].Sub(times[0]); gap < 900*time.Millisecond {
		t.Errorf("retried %v after a 429 with Retry-After: 1", gap)
	}
}

// TestIncremental checks the state across passes and restarts: an
// unchanged board (304) publishes nothing, a changed posting is
// republished once, a removed one is closed once, a failed pass closes
// nothing, and a new Poller on the same state directory resumes.
func TestIncremental(t *testing.T) {
	var mu sync.Mutex
	body := MustRead(t, "board.json")
	fail := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		mu.Lock()
		b, f := body, fail
		mu.Unlock()
		if f {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		etag := fmt.Sprintf(`"%d-%d"`, len(b), b[len(b)/2])
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(b)
	}))
	defer srv.Close()
	q := memqueue.New()
	stateDir := t.TempDir()
	pass := func() poll.Report {
		t.Helper()
		p, _ := newPoller(t, testFile(srv.URL, "mercy"), q)
		p.StateDir = stateDir // a new Poller each pass: state survives restarts
		reports, err := p.Once(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return reports[0]
	}
	if r := pass(); r.New != 2 {
		t.Fatalf("first pass = %v", r)
	}
	if r := pass(); r.New+r.Changed+r.Closed != 0 || len(q.Messages("raw")) != 2 {
		t.Fatalf("unchanged pass = %v, raw has %d", r, len(q.Messages("raw")))
	}
	mu.Lock()
	fail = true
	mu.Unlock()
	if r := pass(); r.Err == nil || r.Closed != 0 {
		t.Fatalf("failed pass = %v, want an error and nothing closed", r)
	}
	var doc struct {
		Jobs []map[string]any `json:"jobs"`
	}
	json.Unmarshal(MustRead(t, "board.json"), &doc)
	doc.Jobs[0]["content"] = "&lt;p&gt;Epic Cadence and Prelude&lt;/p&gt;"
	doc.Jobs = doc.Jobs[:1]
	changed, _ := json.Marshal(doc)
	mu.Lock()
	body, fail = changed, false
	mu.Unlock()
	if r := pass(); r.Changed != 1 || r.Closed != 1 || r.New != 0 {
		t.Fatalf("changed pass = %v", r)
	}
	raw := q.Messages("raw")
	if len(raw) != 4 {
		t.Fatalf("raw has %d messages, want 4", len(raw))
	}
	got := map[string]skillpulse.RawPosting{}
	for _, m := range raw[2:] {
		p, err := skillpulse.ParseRawPosting(m.Value)
		if err != nil {
			t.Fatal(err)
		}
		got[p.SourceID] = p
	}
	if p := got["mercy/1"]; !strings.Contains(p.Description, "Prelude") || p.ClosedAt != "" {
		t.Errorf("changed posting = %+v", p)
	}
	if p := got["mercy/2"]; p.ClosedAt == "" || p.Title != "Interface Analyst" {
		t.Errorf("closed posting = %+v", p)
	}
	mu.Lock()
	body = append(changed, '\n') // new ETag, same content
	mu.Unlock()
	if r := pass(); r.New+r.Changed+r.Closed != 0 || len(q.Messages("raw")) != 4 {
		t.Fatalf("pass after close = %v, raw has %d", r, len(q.Messages("raw")))
	}
}

// TestMetricsLint checks the metric names and help against Prometheus'
// conventions.
func TestMetricsLint(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := poll.NewMetrics(reg)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(MustRead(t, "board.json")) }))
	defer srv.Close()
	p := &poll.Poller{File: testFile(srv.URL, "lint"), StateDir: t.TempDir(), Publisher: memqueue.New(), RawTopic: "raw", DLQTopic: "dlq", Metrics: m}
	if _, err := p.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	problems, err := testutil.GatherAndLint(reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range problems {
		t.Errorf("%s: %s", pr.Metric, pr.Text)
	}
	if n := counter(t, reg, "skillpulse_ingest_source_requests_total", map[string]string{"kind": "greenhouse", "source": "lint", "status": "200"}); n != 2 {
		t.Errorf("requests{status=200} = %v, want 2 (robots.txt and the board)", n)
	}
	if n := counter(t, reg, "skillpulse_ingest_source_postings_total", map[string]string{"source": "lint", "result": "new"}); n != 2 {
		t.Errorf("postings{result=new} = %v, want 2", n)
	}
}

// TestRun polls a source on its interval until the context ends.
func TestRun(t *testing.T) {
	var hits atomic32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		hits.add()
		w.Write(MustRead(t, "board.json"))
	}))
	defer srv.Close()
	f := testFile(srv.URL, "mercy")
	f.Sources[0].Interval = 20 * time.Millisecond
	q := memqueue.New()
	p, _ := newPoller(t, f, q)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for hits.get() < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if hits.get() < 3 {
		t.Fatalf("board fetched %d times, want at least 3 passes", hits.get())
	}
	if n := len(q.Messages("raw")); n != 2 {
		t.Errorf("raw has %d messages after several passes over an unchanged board, want 2", n)
	}
}

// atomic32 counts requests across the server's goroutines.
type atomic32 struct {
	mu sync.Mutex
	n  int
}

func (a *atomic32) add() {
	a.mu.Lock()
	a.n++
	a.mu.Unlock()
}

func (a *atomic32) get() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}
