package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/dedup"
)

// dedupWriter puts duplicate grouping in front of the aggregate stage's
// writer: copies of one job are written as one deduplicated posting. The
// links are kept by the writer itself when it can (ClickHouse's
// posting_links); otherwise copies are grouped within a batch only.
// A nil reg leaves the grouping uncounted (one-off commands such as retag).
func dedupWriter(w skillpulse.PostingWriter, cfg config.Dedup, reg prometheus.Registerer) skillpulse.PostingWriter {
	store, _ := w.(dedup.Store)
	dw := &dedup.Writer{
		Resolver: dedup.Resolver{Store: store, Config: dedup.Config{
			Window: cfg.Window, TextThreshold: cfg.TextThreshold, TitleThreshold: cfg.TitleThreshold,
		}},
		Next: w,
	}
	if reg != nil {
		dw.Metrics = dedup.NewMetrics(reg)
	}
	return dw
}
