// Package schedule runs jobs on cron expressions: the five standard fields
// (minute hour day-of-month month day-of-week), an optional leading
// seconds field, and the descriptors @hourly, @daily, @weekly, @monthly.
// Times are UTC. It runs one job at a time, so two heavy reports never
// compete, and a failed run is logged and counted, never fatal.
//
// It knows nothing about reports: a Job is a name, a spec and a func.
package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/robfig/cron/v3"
)

// Job is one scheduled task.
type Job struct {
	// Name identifies the job in logs and metrics labels; keep the set of
	// names small and fixed (they come from the configuration).
	Name string
	// Spec is the cron expression.
	Spec string
	// Run does the work; at is the scheduled time (UTC).
	Run func(ctx context.Context, at time.Time) error
}

// Parse checks a cron expression and returns its schedule.
func Parse(spec string) (cron.Schedule, error) {
	p := cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	s, err := p.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("cron %q: %w", spec, err)
	}
	return s, nil
}

// Metrics counts runs, for the pipeline-health dashboard.
type Metrics struct {
	runs        *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec
	duration    *prometheus.HistogramVec
}

// NewMetrics registers the scheduler's metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillpulse_schedule_runs_total", Help: "Scheduled job runs by job and result (ok or error).",
		}, []string{"job", "result"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "skillpulse_schedule_last_success_timestamp_seconds", Help: "Unix time of the job's last successful run.",
		}, []string{"job"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "skillpulse_schedule_run_duration_seconds", Help: "How long one run of the job took.",
			Buckets: []float64{0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300},
		}, []string{"job"}),
	}
	reg.MustRegister(m.runs, m.lastSuccess, m.duration)
	return m
}

// Scheduler runs jobs at their times until its context ends.
type Scheduler struct {
	jobs    []Job
	scheds  []cron.Schedule
	log     *slog.Logger
	metrics *Metrics
}

// New checks every job's spec. log and metrics may be nil.
func New(jobs []Job, log *slog.Logger, metrics *Metrics) (*Scheduler, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{jobs: jobs, log: log, metrics: metrics}
	seen := map[string]bool{}
	for _, j := range jobs {
		if j.Name == "" || seen[j.Name] {
			return nil, fmt.Errorf("schedule: job names must be unique and not empty (%q)", j.Name)
		}
		seen[j.Name] = true
		if j.Run == nil {
			return nil, fmt.Errorf("schedule: job %s has no Run", j.Name)
		}
		cs, err := Parse(j.Spec)
		if err != nil {
			return nil, fmt.Errorf("schedule: job %s: %w", j.Name, err)
		}
		s.scheds = append(s.scheds, cs)
	}
	return s, nil
}

// Next returns each job's next time after t, by job name.
func (s *Scheduler) Next(t time.Time) map[string]time.Time {
	out := make(map[string]time.Time, len(s.jobs))
	for i, j := range s.jobs {
		out[j.Name] = s.scheds[i].Next(t.UTC())
	}
	return out
}

// Run waits for each job's next time and runs it, until ctx ends (then it
// returns nil). Jobs due at the same moment run one after another in the
// order given; a run that overruns a later time skips it rather than
// queueing a backlog.
func (s *Scheduler) Run(ctx context.Context) error {
	if len(s.jobs) == 0 {
		<-ctx.Done()
		return nil
	}
	next := make([]time.Time, len(s.jobs))
	start := time.Now().UTC()
	for i := range s.jobs {
		next[i] = s.scheds[i].Next(start)
		s.log.Info("job scheduled", "job", s.jobs[i].Name, "spec", s.jobs[i].Spec, "next", next[i])
	}
	for {
		order := make([]int, len(s.jobs))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return next[order[a]].Before(next[order[b]]) })
		due := next[order[0]]
		timer := time.NewTimer(time.Until(due))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-timer.C:
		}
		for _, i := range order {
			if next[i].After(due) {
				break
			}
			s.runOne(ctx, i, next[i])
		}
		now := time.Now().UTC()
		for i := range s.jobs {
			if !next[i].After(due) {
				next[i] = s.scheds[i].Next(now)
			}
		}
	}
}

func (s *Scheduler) runOne(ctx context.Context, i int, at time.Time) {
	j := s.jobs[i]
	t0 := time.Now()
	err := j.Run(ctx, at)
	d := time.Since(t0)
	result := "ok"
	if err != nil {
		result = "error"
		if ctx.Err() == nil {
			s.log.Error("scheduled job failed", "job", j.Name, "at", at, "err", err)
		}
	} else {
		s.log.Info("scheduled job done", "job", j.Name, "at", at, "took", d.Round(time.Millisecond))
	}
	if s.metrics != nil {
		s.metrics.runs.WithLabelValues(j.Name, result).Inc()
		s.metrics.duration.WithLabelValues(j.Name).Observe(d.Seconds())
		if err == nil {
			s.metrics.lastSuccess.WithLabelValues(j.Name).Set(float64(time.Now().Unix()))
		}
	}
}
