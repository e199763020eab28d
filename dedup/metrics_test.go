package dedup_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/dedup"
	"github.com/skillpulse/skillpulse/sampledata"
)

// discard is a PostingWriter that keeps nothing.
type discard struct{}

func (discard) WriteTagged(context.Context, []skillpulse.TaggedPosting) error { return nil }

func TestWriterCountsOwnAndDuplicatePostings(t *testing.T) {
	ps := MustTagged(t, MustSample(t))
	planted, err := sampledata.Duplicates()
	if err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, g := range planted {
		copies += len(g.Keys) - 1
	}
	reg := prometheus.NewRegistry()
	w := &dedup.Writer{Resolver: dedup.Resolver{}, Next: discard{}, Metrics: dedup.NewMetrics(reg)}
	if err := w.WriteTagged(context.Background(), ps); err != nil {
		t.Fatal(err)
	}
	want := `
# HELP skillpulse_dedup_postings_total Tagged postings resolved by duplicate grouping, by result: own (its own group) or duplicate (joined an earlier posting's group). Redeliveries count again.
# TYPE skillpulse_dedup_postings_total counter
skillpulse_dedup_postings_total{result="duplicate"} ` + strconv.Itoa(copies) + `
skillpulse_dedup_postings_total{result="own"} ` + strconv.Itoa(len(ps)-copies) + `
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "skillpulse_dedup_postings_total"); err != nil {
		t.Error(err)
	}
	if problems, err := testutil.CollectAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %v", problems, err)
	}
}
