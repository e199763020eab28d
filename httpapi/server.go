// Package httpapi is skillpulse's HTTP surface: liveness (/healthz),
// readiness (/readyz: every dependency answers), Prometheus metrics
// (/metrics) and the analyst API under /api/v1/.
//
// It reads through the domain's SkillQuerier and never imports a database
// or Kafka client: the process that mounts it decides what backs it.
package httpapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/skillpulse/skillpulse"
)

// Check reports whether one dependency is usable; nil means ready.
type Check func(ctx context.Context) error

// Options configures the handler.
type Options struct {
	// Gatherer serves /metrics. Required.
	Gatherer prometheus.Gatherer
	// Checks are run by /readyz, each with CheckTimeout; all must pass.
	Checks map[string]Check
	// CheckTimeout bounds each readiness check. Default 2s.
	CheckTimeout time.Duration
	// Querier answers /api/v1/ queries; nil leaves the API unmounted
	// (ingest-only or extract-only processes serve just health and metrics).
	Querier skillpulse.SkillQuerier
	Log     *slog.Logger
}

// New returns the handler.
func New(o Options) http.Handler {
	if o.CheckTimeout <= 0 {
		o.CheckTimeout = 2 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", o.ready)
	mux.Handle("GET /metrics", promhttp.HandlerFor(o.Gatherer, promhttp.HandlerOpts{}))
	if o.Querier != nil {
		a := &api{q: o.Querier, log: o.Log}
		mux.HandleFunc("GET /api/v1/skills/top", a.top)
		mux.HandleFunc("GET /api/v1/postings/count", a.postingCount)
	}
	return mux
}

// readiness is the /readyz body: one entry per check, "ok" or the error.
type readiness struct {
	Ready  bool              `json:"ready"`
	Checks map[string]string `json:"checks"`
}

func (o Options) ready(w http.ResponseWriter, r *http.Request) {
	names := make([]string, 0, len(o.Checks))
	for n := range o.Checks {
		names = append(names, n)
	}
	sort.Strings(names)
	res := readiness{Ready: true, Checks: make(map[string]string, len(names))}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(r.Context(), o.CheckTimeout)
			defer cancel()
			err := o.Checks[n](ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.Ready = false
				res.Checks[n] = err.Error()
				return
			}
			res.Checks[n] = "ok"
		}()
	}
	wg.Wait()
	status := http.StatusOK
	if !res.Ready {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, res)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
