package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/httpapi"
	"github.com/skillpulse/skillpulse/report"
	"github.com/skillpulse/skillpulse/report/chromepdf"
	"github.com/skillpulse/skillpulse/schedule"
	"github.com/skillpulse/skillpulse/taxonomy"
)

func (m *Main) runReport(ctx context.Context, args []string) error {
	fs := m.flagSet("report", "--from YYYY-MM-DD --to YYYY-MM-DD [--format html,pdf,md,csv] [--out DIR] [--role-family F] [--state XX]",
		"Writes a market report for the period (posting days, inclusive) and optional slice: headline figures,\n"+
			"top soft and hard skills, movers since the previous period of the same length, durable-skills figures,\n"+
			"skills by role family, notable co-occurrences and the method. PDF is printed by headless Chromium.")
	cf := config.Register(fs, false)
	from := fs.String("from", "", "first posting `day`, YYYY-MM-DD (required unless --period)")
	to := fs.String("to", "", "last posting `day`, YYYY-MM-DD (required unless --period)")
	period := fs.String("period", "", "instead of --from/--to: the last complete day, week, month, quarter or Nd")
	formats := fs.String("format", "html,md,csv", "comma-separated `formats`: html, pdf, md, csv")
	out := fs.String("out", "report", "output `directory`")
	roleFamily := fs.String("role-family", "", "only this role `family` (e.g. security)")
	state := fs.String("state", "", "only this state `code` (e.g. TX)")
	title := fs.String("title", "", "report title (default: generated from the slice)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *period != "" {
		if *from != "" || *to != "" {
			return usageError{"report: give --period or --from/--to, not both"}
		}
		f, t, err := report.LastPeriod(*period, time.Now())
		if err != nil {
			return usageError{"report: " + err.Error()}
		}
		*from, *to = f.Format(time.DateOnly), t.Format(time.DateOnly)
	}
	if *from == "" || *to == "" {
		return usageError{"report: --from and --to are required (or --period)"}
	}
	s, err := httpapi.SliceFromValues(url.Values{"from": {*from}, "to": {*to}, "role_family": {*roleFamily}, "state": {*state}})
	if err != nil {
		return usageError{"report: " + err.Error()}
	}
	fmts, err := report.ParseFormats(*formats)
	if err != nil {
		return usageError{"report: " + err.Error()}
	}
	cfg, err := cf.Load(m.Getenv)
	if err != nil {
		return err
	}
	db, err := m.connectClickHouse(ctx, cfg, nil, false, m.logger())
	if err != nil {
		return err
	}
	defer db.Close()
	req := report.Request{From: s.From, To: s.To, RoleFamily: s.RoleFamily, Region: s.Region, TaxonomyVersion: taxonomyVersion(), Title: *title}
	rep, err := report.Build(ctx, db, req, time.Now())
	if err != nil {
		return err
	}
	files, err := report.Write(ctx, rep, *out, fmts, chromepdf.Printer{Chrome: cfg.Reports.Chrome})
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(m.Stdout, f)
	}
	return nil
}

// taxonomyVersion names the embedded taxonomy in the reports' method
// section; empty (shown as unknown) if it cannot be loaded.
func taxonomyVersion() string {
	tax, err := taxonomy.Default()
	if err != nil {
		return ""
	}
	return tax.Version
}

// reportScheduler is the scheduler of cfg's report jobs over an, or nil
// when none are configured. Each run writes ReportsDir/<job>/<from>_<to>/
// and, when the job has a webhook, posts the summary there.
func reportScheduler(cfg config.Config, an skillpulse.Analytics, reg prometheus.Registerer, log *slog.Logger) (*schedule.Scheduler, error) {
	if len(cfg.Reports.Jobs) == 0 {
		return nil, nil
	}
	client := &http.Client{Timeout: 30 * time.Second}
	tv := taxonomyVersion()
	var jobs []schedule.Job
	for _, j := range cfg.Reports.Jobs {
		fmts, err := report.ParseFormats(strings.Join(j.JobFormats(), ","))
		if err != nil {
			return nil, fmt.Errorf("reports job %s: %w", j.Name, err)
		}
		jobs = append(jobs, schedule.Job{Name: j.Name, Spec: j.Cron, Run: func(ctx context.Context, at time.Time) error {
			from, to, err := report.LastPeriod(j.JobPeriod(), at)
			if err != nil {
				return err
			}
			req := report.Request{From: from, To: to, RoleFamily: j.RoleFamily, Region: strings.ToUpper(j.State), TaxonomyVersion: tv}
			rep, err := report.Build(ctx, an, req, time.Now())
			if err != nil {
				return err
			}
			sub := from.Format(time.DateOnly) + "_" + to.Format(time.DateOnly)
			files, err := report.Write(ctx, rep, filepath.Join(cfg.ReportsDir(), j.Name, sub), fmts, chromepdf.Printer{Chrome: cfg.Reports.Chrome})
			if err != nil {
				return err
			}
			log.Info("scheduled report written", "job", j.Name, "from", from.Format(time.DateOnly), "to", to.Format(time.DateOnly), "files", len(files))
			if j.WebhookURL == "" {
				return nil
			}
			base := ""
			if j.LinkBase != "" {
				base = strings.TrimRight(j.LinkBase, "/") + "/" + sub
			}
			return report.Post(ctx, client, j.WebhookURL, rep.Message(report.FileLinks(files, base)))
		}})
	}
	return schedule.New(jobs, log.With("component", "reports"), schedule.NewMetrics(reg))
}
