package ingest

import "github.com/prometheus/client_golang/prometheus"

// Metrics counts what ingest read and published. A nil *Metrics counts
// nothing, so tools that do not export metrics need not build one.
type Metrics struct {
	postings *prometheus.CounterVec
	inbox    prometheus.Gauge
}

// NewMetrics registers ingest's metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		postings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillpulse_ingest_postings_total",
			Help: "Postings read by ingest, by result: read, published, rejected (sent to the dead-letter topic).",
		}, []string{"result"}),
		inbox: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "skillpulse_ingest_files_imported",
			Help: "Files of the inbox directory imported so far.",
		}),
	}
	for _, r := range []string{"read", "published", "rejected"} {
		m.postings.WithLabelValues(r)
	}
	reg.MustRegister(m.postings, m.inbox)
	return m
}

func (m *Metrics) read() {
	if m != nil {
		m.postings.WithLabelValues("read").Inc()
	}
}

func (m *Metrics) published(n int) {
	if m != nil {
		m.postings.WithLabelValues("published").Add(float64(n))
	}
}

func (m *Metrics) rejected() {
	if m != nil {
		m.postings.WithLabelValues("rejected").Inc()
	}
}

func (m *Metrics) filesImported(n int) {
	if m != nil {
		m.inbox.Set(float64(n))
	}
}
