package main

import (
	"log/slog"
	"testing"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/internal/memqueue"
	"github.com/skillpulse/skillpulse/kafka"
)

// TestExtractWorkerClassifies checks that the extract stage the commands
// build fills the dimensions a raw posting leaves empty, and keeps the
// ones it states.
func TestExtractWorkerClassifies(t *testing.T) {
	tax, tg, err := loadTagger()
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	w, err := extractWorker(cfg, kafka.Config{Brokers: []string{"127.0.0.1:1"}}, memqueue.New(), tax, tg, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Sub.Close()
	tests := []struct {
		name string
		in   skillpulse.RawPosting
		want skillpulse.Dimensions
	}{
		{"all derived", skillpulse.RawPosting{Source: "x", SourceID: "1", Title: "Epic Beaker Analyst", Employer: "Lakeshore Health",
			Location: "Madison, WI (Hybrid)", PostedAt: "2026-09-01", Description: "<p>Lab systems</p>"},
			skillpulse.Dimensions{City: "Madison", Region: "WI", Country: "US", WorkMode: skillpulse.Hybrid, RoleFamily: skillpulse.RoleEHRAnalyst, HealthIT: true}},
		{"stated kept", skillpulse.RawPosting{Source: "x", SourceID: "2", Title: "Epic Beaker Analyst", Employer: "Lakeshore Health",
			Location: "Madison, WI", PostedAt: "2026-09-01", Description: "<p>Lab systems</p>", WorkMode: skillpulse.Remote, RoleFamily: skillpulse.RoleOther},
			skillpulse.Dimensions{City: "Madison", Region: "WI", Country: "US", WorkMode: skillpulse.Remote, RoleFamily: skillpulse.RoleOther, HealthIT: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := w.Extractor.Extract(tt.in).Dimensions; got != tt.want {
				t.Errorf("dimensions = %+v, want %+v", got, tt.want)
			}
		})
	}
}
