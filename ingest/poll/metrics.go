package poll

import "github.com/prometheus/client_golang/prometheus"

// Metrics count each configured source's requests, postings and errors.
// Label values are the source's kind and configured name (a small fixed
// set from the sources file), HTTP statuses and fixed reasons. A nil
// *Metrics counts nothing.
type Metrics struct {
	requests    *prometheus.CounterVec
	postings    *prometheus.CounterVec
	errors      *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec
}

// NewMetrics registers the source metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillpulse_ingest_source_requests_total",
			Help: "HTTP requests to job sources, by source and status (the HTTP code, or error when there was no response).",
		}, []string{"kind", "source", "status"}),
		postings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillpulse_ingest_source_postings_total",
			Help: "Postings per source by result: fetched, new, changed, closed, rejected (dead-lettered).",
		}, []string{"kind", "source", "result"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillpulse_ingest_source_errors_total",
			Help: "Source errors by reason (timeout, too_large, redirect, http_status, bad_json, invalid_utf8, invalid_posting, ...).",
		}, []string{"kind", "source", "reason"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "skillpulse_ingest_source_last_success_timestamp_seconds",
			Help: "Unix time of each source's last complete pass.",
		}, []string{"kind", "source"}),
	}
	reg.MustRegister(m.requests, m.postings, m.errors, m.lastSuccess)
	return m
}

func (m *Metrics) request(kind, name, status string) {
	if m != nil {
		m.requests.WithLabelValues(kind, name, status).Inc()
	}
}

func (m *Metrics) count(kind, name, result string, n int) {
	if m != nil {
		m.postings.WithLabelValues(kind, name, result).Add(float64(n))
	}
}

func (m *Metrics) failed(kind, name, reason string) {
	if m != nil {
		m.errors.WithLabelValues(kind, name, reason).Inc()
	}
}

func (m *Metrics) succeeded(kind, name string, unix float64) {
	if m != nil {
		m.lastSuccess.WithLabelValues(kind, name).Set(unix)
	}
}
