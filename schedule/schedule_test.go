package schedule_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/skillpulse/skillpulse/schedule"
)

func TestParse(t *testing.T) {
	monday := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC) // a Monday
	tests := []struct {
		name, spec string
		after      time.Time
		want       time.Time
	}{
		{"weekly monday 7am", "0 7 * * MON", monday.Add(time.Minute), monday.AddDate(0, 0, 7)},
		{"first of month", "30 6 1 * *", monday, time.Date(2026, 12, 1, 6, 30, 0, 0, time.UTC)},
		{"descriptor daily", "@daily", monday, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)},
		{"with seconds", "*/10 * * * * *", monday.Add(3 * time.Second), monday.Add(10 * time.Second)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := schedule.Parse(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(tt.after); !got.Equal(tt.want) {
				t.Errorf("Next(%s) = %s, want %s", tt.after, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "every monday", "61 * * * *", "* * * * * * *"} {
		if _, err := schedule.Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestNewRejectsBadJobs(t *testing.T) {
	run := func(context.Context, time.Time) error { return nil }
	tests := []struct {
		name string
		jobs []schedule.Job
		want string
	}{
		{"bad spec", []schedule.Job{{Name: "a", Spec: "nope", Run: run}}, "job a"},
		{"duplicate", []schedule.Job{{Name: "a", Spec: "@daily", Run: run}, {Name: "a", Spec: "@daily", Run: run}}, "unique"},
		{"no run", []schedule.Job{{Name: "a", Spec: "@daily"}}, "no Run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := schedule.New(tt.jobs, nil, nil); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestRunRunsJobsAtTheirTimesAndSurvivesFailures(t *testing.T) {
	var mu sync.Mutex
	var okTimes []time.Time
	fails := 0
	reg := prometheus.NewRegistry()
	m := schedule.NewMetrics(reg)
	s, err := schedule.New([]schedule.Job{
		{Name: "ok", Spec: "* * * * * *", Run: func(_ context.Context, at time.Time) error {
			mu.Lock()
			defer mu.Unlock()
			okTimes = append(okTimes, at)
			return nil
		}},
		{Name: "broken", Spec: "* * * * * *", Run: func(context.Context, time.Time) error {
			mu.Lock()
			defer mu.Unlock()
			fails++
			return errors.New("webhook down")
		}},
	}, nil, m)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(okTimes)
		mu.Unlock()
		if n >= 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(okTimes) < 2 || fails < 1 {
		t.Fatalf("ok ran %d times, broken %d: a failing job must not stop the others", len(okTimes), fails)
	}
	for i, at := range okTimes {
		if at.Nanosecond() != 0 || at.Location() != time.UTC {
			t.Errorf("run %d at %s: want a whole second in UTC", i, at)
		}
		if i > 0 && !at.After(okTimes[i-1]) {
			t.Errorf("run %d at %s not after %s", i, at, okTimes[i-1])
		}
	}
	if got := counter(t, reg, "skillpulse_schedule_runs_total", "broken", "error"); got < 1 {
		t.Errorf("error runs counted %v, want at least 1", got)
	}
	if probs, err := testutil.GatherAndLint(reg); err != nil || len(probs) > 0 {
		t.Errorf("metric lint: %v %v", err, probs)
	}
}

// counter reads one labelled counter from reg.
func counter(t *testing.T, reg *prometheus.Registry, name, job, result string) float64 {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			l := map[string]string{}
			for _, p := range m.GetLabel() {
				l[p.GetName()] = p.GetValue()
			}
			if l["job"] == job && l["result"] == result {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}
