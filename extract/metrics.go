package extract

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/skillpulse/skillpulse"
)

// Metrics is the extract stage's Prometheus instrumentation. A nil *Metrics
// records nothing.
type Metrics struct {
	postings *prometheus.CounterVec
	mentions *prometheus.CounterVec
	duration prometheus.Histogram
	batches  prometheus.Counter
}

// NewMetrics registers the extract metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		postings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillpulse_extract_postings_total",
			Help: "Raw postings handled by extract, by result: tagged or dead_lettered.",
		}, []string{"result"}),
		mentions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillpulse_extract_mentions_total",
			Help: "Skill mentions found, by skill kind (soft, hard).",
		}, []string{"kind"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "skillpulse_extract_posting_duration_seconds",
			Help:    "Time to parse, convert and tag one posting.",
			Buckets: prometheus.ExponentialBuckets(0.00005, 2, 14),
		}),
		batches: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "skillpulse_extract_batches_committed_total",
			Help: "Batches published and committed to Kafka.",
		}),
	}
	for _, r := range []string{"tagged", "dead_lettered"} {
		m.postings.WithLabelValues(r)
	}
	for _, k := range []skillpulse.Kind{skillpulse.Soft, skillpulse.Hard} {
		m.mentions.WithLabelValues(string(k))
	}
	reg.MustRegister(m.postings, m.mentions, m.duration, m.batches)
	return m
}

func (m *Metrics) tagged(tp skillpulse.TaggedPosting, d time.Duration) {
	if m == nil {
		return
	}
	m.postings.WithLabelValues("tagged").Inc()
	m.duration.Observe(d.Seconds())
	var soft, hard int
	for _, mn := range tp.Mentions {
		if mn.Kind == skillpulse.Soft {
			soft++
		} else {
			hard++
		}
	}
	m.mentions.WithLabelValues(string(skillpulse.Soft)).Add(float64(soft))
	m.mentions.WithLabelValues(string(skillpulse.Hard)).Add(float64(hard))
}

func (m *Metrics) deadLettered() {
	if m != nil {
		m.postings.WithLabelValues("dead_lettered").Inc()
	}
}

func (m *Metrics) batch(int) {
	if m != nil {
		m.batches.Inc()
	}
}

// PostingsCounter exposes the postings counter for one result, for tests
// and for callers that summarise a run.
func (m *Metrics) PostingsCounter(result string) prometheus.Counter {
	return m.postings.WithLabelValues(result)
}
