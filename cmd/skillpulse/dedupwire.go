package main

import (
	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/dedup"
)

// dedupWriter puts duplicate grouping in front of the aggregate stage's
// writer: copies of one job are written as one deduplicated posting. The
// links are kept by the writer itself when it can (ClickHouse's
// posting_links); otherwise copies are grouped within a batch only.
func dedupWriter(w skillpulse.PostingWriter) skillpulse.PostingWriter {
	store, _ := w.(dedup.Store)
	return &dedup.Writer{Resolver: dedup.Resolver{Store: store}, Next: w}
}
