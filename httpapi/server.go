// Package httpapi is skillpulse's HTTP surface: liveness (/healthz),
// readiness (/readyz: every dependency answers), Prometheus metrics
// (/metrics), the analyst API under /api/v1/ with its OpenAPI document, and
// the web dashboard at / (HTML, CSS and JavaScript embedded in the binary).
//
// It reads through the domain's SkillQuerier and Analytics interfaces and
// never imports a database or Kafka client: the process that mounts it
// decides what backs it.
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
	// Querier answers /api/v1/skills/top and /api/v1/postings/count; nil
	// leaves the API unmounted (ingest-only or extract-only processes serve
	// just health and metrics). Default: Analytics, when that is set.
	Querier skillpulse.SkillQuerier
	// Analytics answers the other analyst endpoints and backs the web
	// dashboard at /; nil mounts neither.
	Analytics skillpulse.Analytics
	// Log receives query failures. Default: discard.
	Log *slog.Logger
}

// Route is one analyst endpoint: its method and path pattern as mounted.
type Route struct {
	Method, Pattern string
	// Analytics says whether the route needs Options.Analytics.
	Analytics bool
}

// Routes lists every /api/v1/ endpoint New can mount, so the OpenAPI test
// and the docs check themselves against what is really served.
func Routes() []Route {
	return []Route{
		{"GET", "/api/v1/skills/top", false},
		{"GET", "/api/v1/postings/count", false},
		{"GET", "/api/v1/skills/{id}/trend", true},
		{"GET", "/api/v1/skills/rising", true},
		{"GET", "/api/v1/skills/{id}/cooccurring", true},
		{"GET", "/api/v1/share/soft-hard", true},
		{"GET", "/api/v1/durable", true},
		{"GET", "/api/v1/openapi.json", false},
	}
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
	if o.Querier == nil && o.Analytics != nil {
		o.Querier = o.Analytics
	}
	if o.Querier == nil {
		return mux
	}
	a := &api{q: o.Querier, an: o.Analytics, log: o.Log}
	withTop := append(sliceParams[:len(sliceParams):len(sliceParams)], "limit")
	handlers := map[string]http.Handler{
		"/api/v1/skills/top":              a.handle("top skills", withTop, a.top),
		"/api/v1/postings/count":          a.handle("posting count", postingFilters, a.postingCount),
		"/api/v1/skills/{id}/trend":       a.handle("skill trend", append(postingFilters, "grain"), a.trend),
		"/api/v1/skills/rising":           a.handle("rising skills", append(withTop, "min_postings", "direction"), a.rising),
		"/api/v1/skills/{id}/cooccurring": a.handle("co-occurring skills", withTop, a.cooccurring),
		"/api/v1/share/soft-hard":         a.handle("soft/hard share", append(postingFilters, "grain"), a.softHard),
		"/api/v1/durable":                 a.handle("durable skills", postingFilters, a.durable),
		"/api/v1/openapi.json":            http.HandlerFunc(serveOpenAPI),
	}
	for _, rt := range Routes() {
		if rt.Analytics && o.Analytics == nil {
			continue
		}
		mux.Handle(rt.Method+" "+rt.Pattern, handlers[rt.Pattern])
	}
	if o.Analytics != nil {
		mountDashboard(mux)
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
