package dedup

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/skillpulse/skillpulse"
)

// Metrics counts what grouping decided. A nil *Metrics counts nothing.
type Metrics struct {
	postings *prometheus.CounterVec
}

// NewMetrics registers the dedup metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{postings: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "skillpulse_dedup_postings_total",
		Help: "Tagged postings resolved by duplicate grouping, by result: own (its own group) or duplicate (joined an earlier posting's group). Redeliveries count again.",
	}, []string{"result"})}
	m.postings.WithLabelValues("own")
	m.postings.WithLabelValues("duplicate")
	reg.MustRegister(m.postings)
	return m
}

// observe counts a resolved batch: a posting whose deduplicated id is not
// its own source posting id joined another posting's group.
func (m *Metrics) observe(batch []skillpulse.TaggedPosting) {
	if m == nil {
		return
	}
	for _, p := range batch {
		if p.SourcePostingID != "" && p.PostingID != p.SourcePostingID {
			m.postings.WithLabelValues("duplicate").Inc()
		} else {
			m.postings.WithLabelValues("own").Inc()
		}
	}
}
