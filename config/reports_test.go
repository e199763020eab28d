package config_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillpulse/skillpulse/config"
)

// MustLoadYAML loads yml as the configuration file.
func MustLoadYAML(tb testing.TB, yml string) (config.Config, error) {
	tb.Helper()
	file := filepath.Join(tb.TempDir(), "skillpulse.yaml")
	if err := os.WriteFile(file, []byte(yml), 0o644); err != nil {
		tb.Fatal(err)
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	f := config.Register(fs, true)
	if err := fs.Parse([]string{"--config", file}); err != nil {
		tb.Fatal(err)
	}
	return f.Load(env(nil))
}

func TestReportsSectionLoadsWithDefaults(t *testing.T) {
	cfg, err := MustLoadYAML(t, `
data_dir: /srv/sp
reports:
  jobs:
    - name: weekly
      cron: "0 7 * * MON"
      webhook_url: https://hooks.slack.com/services/T/B/x
    - name: security-tx-monthly
      cron: "@monthly"
      period: month
      formats: [html, pdf]
      role_family: security
      state: TX
`)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.ReportsDir(); got != filepath.Join("/srv/sp", "reports") {
		t.Errorf("reports dir = %s", got)
	}
	if len(cfg.Reports.Jobs) != 2 {
		t.Fatalf("jobs = %+v", cfg.Reports.Jobs)
	}
	w := cfg.Reports.Jobs[0]
	if w.JobPeriod() != "week" || strings.Join(w.JobFormats(), ",") != "html,md,csv" {
		t.Errorf("defaults: period %s formats %v", w.JobPeriod(), w.JobFormats())
	}
	m := cfg.Reports.Jobs[1]
	if m.JobPeriod() != "month" || strings.Join(m.JobFormats(), ",") != "html,pdf" || m.State != "TX" {
		t.Errorf("monthly job = %+v", m)
	}
}

func TestReportsSectionValidation(t *testing.T) {
	tests := []struct{ name, job, want string }{
		{"bad cron", `{name: a, cron: "every monday"}`, "reports.jobs[0].cron"},
		{"missing cron", `{name: a}`, "reports.jobs[0].cron"},
		{"bad name", `{name: "Weekly Report", cron: "@weekly"}`, "reports.jobs[0].name"},
		{"bad period", `{name: a, cron: "@weekly", period: fortnight}`, "reports.jobs[0].period"},
		{"bad format", `{name: a, cron: "@weekly", formats: [docx]}`, "reports.jobs[0].formats"},
		{"bad role family", `{name: a, cron: "@weekly", role_family: nurse}`, "reports.jobs[0].role_family"},
		{"bad state", `{name: a, cron: "@weekly", state: Texas}`, "reports.jobs[0].state"},
		{"bad webhook", `{name: a, cron: "@weekly", webhook_url: "ftp://x"}`, "reports.jobs[0].webhook_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := MustLoadYAML(t, "reports:\n  jobs:\n    - "+tt.job+"\n")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to name %s", err, tt.want)
			}
		})
	}
	_, err := MustLoadYAML(t, "reports:\n  jobs:\n    - {name: a, cron: \"@daily\"}\n    - {name: a, cron: \"@daily\"}\n")
	if err == nil || !strings.Contains(err.Error(), "used twice") {
		t.Errorf("duplicate job names: %v", err)
	}
}
