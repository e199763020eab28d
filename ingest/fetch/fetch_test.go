package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/ingest/fetch"
)

// MustClient is a client allowed to reach srv, with test-sized limits.
func MustClient(tb testing.TB, srv *httptest.Server, private bool) *fetch.Client {
	tb.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	return fetch.New(fetch.Config{UserAgent: "skillpulse-test/1.0", Timeout: time.Second, MinInterval: time.Millisecond,
		MaxRetries: 1, BackoffBase: time.Millisecond, AllowedHosts: []string{u.Hostname()}, AllowPrivateNetworks: private})
}

func TestParseRobots(t *testing.T) {
	const robots = `# comment
User-agent: *
Disallow: /private/
Allow: /private/jobs/
Disallow: /*.pdf$

User-agent: badbot
User-agent: skillpulse
Disallow: /api/
Crawl-delay: 2
`
	tests := []struct {
		name, agent, path string
		want              bool
	}{
		{"star allows", "otherbot/1.0", "/jobs", true},
		{"star disallows", "otherbot/1.0", "/private/x", false},
		{"longer allow wins", "otherbot/1.0", "/private/jobs/1", true},
		{"wildcard and anchor", "otherbot/1.0", "/files/a.pdf", false},
		{"anchor needs the end", "otherbot/1.0", "/files/a.pdf?x=1", true},
		{"own group", "skillpulse/1.0 (+https://x)", "/api/search", false},
		{"own group ignores star rules", "skillpulse/1.0", "/private/x", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fetch.ParseRobots([]byte(robots), tt.agent).Allowed(tt.path); got != tt.want {
				t.Errorf("Allowed(%q) for %q = %v, want %v", tt.path, tt.agent, got, tt.want)
			}
		})
	}
	if d := fetch.ParseRobots([]byte(robots), "skillpulse/1.0").CrawlDelay; d != 2*time.Second {
		t.Errorf("crawl delay = %v, want 2s", d)
	}
}

func TestClient(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
		case "/page":
			hits.Add(1)
			if r.Header.Get("User-Agent") != "skillpulse-test/1.0" {
				w.WriteHeader(http.StatusForbidden)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Write([]byte("hello"))
		case "/private/x":
			hits.Add(1)
			w.Write([]byte("secret"))
		case "/gone":
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	ctx := context.Background()

	t.Run("user agent and conditional request", func(t *testing.T) {
		c := MustClient(t, srv, true)
		resp, err := c.Get(ctx, srv.URL+"/page", fetch.Validators{})
		if err != nil {
			t.Fatal(err)
		}
		if string(resp.Body) != "hello" || resp.Validators.ETag != `"v1"` {
			t.Fatalf("response = %q, validators %+v", resp.Body, resp.Validators)
		}
		again, err := c.Get(ctx, srv.URL+"/page", resp.Validators)
		if err != nil {
			t.Fatal(err)
		}
		if !again.NotModified || len(again.Body) != 0 || again.Validators.ETag != `"v1"` {
			t.Errorf("conditional response = %+v", again)
		}
	})
	t.Run("robots.txt disallows", func(t *testing.T) {
		before := hits.Load()
		_, err := MustClient(t, srv, true).Get(ctx, srv.URL+"/private/x", fetch.Validators{})
		if fetch.ReasonOf(err) != fetch.ReasonRobots || hits.Load() != before {
			t.Errorf("err = %v, server hits %d -> %d", err, before, hits.Load())
		}
	})
	t.Run("loopback refused unless allowed", func(t *testing.T) {
		_, err := MustClient(t, srv, false).Get(ctx, srv.URL+"/page", fetch.Validators{})
		if fetch.ReasonOf(err) != fetch.ReasonHostRefused {
			t.Errorf("err = %v, want host_refused", err)
		}
	})
	t.Run("unconfigured host refused", func(t *testing.T) {
		_, err := MustClient(t, srv, true).Get(ctx, "http://example.invalid/page", fetch.Validators{})
		var fe *fetch.Error
		if !errors.As(err, &fe) || fe.Reason != fetch.ReasonHostRefused {
			t.Errorf("err = %v, want host_refused", err)
		}
	})
	t.Run("4xx is not retried", func(t *testing.T) {
		var statuses []string
		c := MustClient(t, srv, true).WithObserver(func(s string) { statuses = append(statuses, s) })
		_, err := c.Get(ctx, srv.URL+"/gone", fetch.Validators{})
		var fe *fetch.Error
		if !errors.As(err, &fe) || fe.Status != http.StatusNotFound {
			t.Fatalf("err = %v", err)
		}
		if len(statuses) != 2 || statuses[1] != "404" {
			t.Errorf("observed %v, want robots.txt then one 404", statuses)
		}
	})
}

func TestRobotsUnavailableDisallows(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	_, err := MustClient(t, srv, true).Get(context.Background(), srv.URL+"/page", fetch.Validators{})
	if fetch.ReasonOf(err) != fetch.ReasonRobots {
		t.Errorf("err = %v, want robots (RFC 9309: a 5xx robots.txt disallows the host)", err)
	}
}

// TestMinInterval checks that requests to one host are spaced by
// MinInterval, robots.txt included. Arrival times at the server jitter
// with connection set-up, so the test checks the whole span of four
// requests (three intervals) with a margin rather than each gap.
func TestMinInterval(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c := fetch.New(fetch.Config{MinInterval: 200 * time.Millisecond, MaxPerHost: 4, AllowedHosts: []string{u.Hostname()}, AllowPrivateNetworks: true})
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), srv.URL+"/page", fetch.Validators{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(times) != 4 {
		t.Fatalf("requests = %d, want robots.txt and 3 pages", len(times))
	}
	if span := times[3].Sub(times[0]); span < 480*time.Millisecond {
		t.Errorf("four requests within %v, want them spaced by 200ms (600ms in all)", span)
	}
}

// TestRetryAfterTooLong gives up at once when the server asks for a wait
// longer than MaxRetryAfter, in seconds or as an HTTP date.
func TestRetryAfterTooLong(t *testing.T) {
	tests := []struct{ name, header string }{
		{"seconds", "3600"},
		{"http date", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					w.WriteHeader(http.StatusNotFound)
					return
				}
				hits.Add(1)
				w.Header().Set("Retry-After", tt.header)
				w.WriteHeader(http.StatusServiceUnavailable)
			}))
			defer srv.Close()
			u, _ := url.Parse(srv.URL)
			c := fetch.New(fetch.Config{MinInterval: time.Millisecond, MaxRetries: 3, MaxRetryAfter: time.Minute,
				AllowedHosts: []string{u.Hostname()}, AllowPrivateNetworks: true})
			_, err := c.Get(context.Background(), srv.URL+"/jobs", fetch.Validators{})
			if fetch.ReasonOf(err) != fetch.ReasonRetryLater || hits.Load() != 1 {
				t.Errorf("err = %v after %d requests, want retry_later after 1", err, hits.Load())
			}
		})
	}
}
