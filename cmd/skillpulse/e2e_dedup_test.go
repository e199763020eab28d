package main

import (
	"testing"

	"github.com/skillpulse/skillpulse/sampledata"
)

// plantedCopies is the number of source postings in the bundled sample
// that are copies of another (sampledata.Duplicates, the ground truth):
// the sample's distinct jobs are its distinct keys minus these.
func plantedCopies(t *testing.T) uint64 {
	t.Helper()
	gs, err := sampledata.Duplicates()
	if err != nil {
		t.Fatal(err)
	}
	var n uint64
	for _, g := range gs {
		n += uint64(len(g.Keys) - 1)
	}
	return n
}
