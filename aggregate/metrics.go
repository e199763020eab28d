package aggregate

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics is the aggregate stage's Prometheus instrumentation. A nil
// *Metrics records nothing.
type Metrics struct {
	writes   *prometheus.CounterVec
	postings prometheus.Counter
	duration prometheus.Histogram
	dead     prometheus.Counter
}

// NewMetrics registers the aggregate metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		writes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillpulse_aggregate_writes_total",
			Help: "Batch writes to the store, by result: ok or error (errors are retried).",
		}, []string{"result"}),
		postings: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "skillpulse_aggregate_postings_written_total",
			Help: "Tagged postings written (a redelivered posting counts again here, never in the tables).",
		}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "skillpulse_aggregate_write_duration_seconds",
			Help:    "Duration of one batch write to the store.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 15),
		}),
		dead: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "skillpulse_aggregate_dead_lettered_total",
			Help: "Tagged messages that could not be decoded and went to the dead-letter topic.",
		}),
	}
	m.writes.WithLabelValues("ok")
	m.writes.WithLabelValues("error")
	reg.MustRegister(m.writes, m.postings, m.duration, m.dead)
	return m
}

func (m *Metrics) write(n int, d time.Duration, err error) {
	if m == nil {
		return
	}
	m.duration.Observe(d.Seconds())
	if err != nil {
		m.writes.WithLabelValues("error").Inc()
		return
	}
	m.writes.WithLabelValues("ok").Inc()
	m.postings.Add(float64(n))
}

func (m *Metrics) deadLettered(n int) {
	if m != nil {
		m.dead.Add(float64(n))
	}
}
