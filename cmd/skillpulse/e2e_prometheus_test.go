package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/internal/chtest"
)

// TestPrometheusScrapesRun points a real Prometheus server at a running
// pipeline and reads the stage counters back through Prometheus's query
// API: the exposition is what a real scraper accepts, and the numbers are
// the pipeline's.
func TestPrometheusScrapesRun(t *testing.T) {
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		t.Fatal("prometheus not installed (Debian: apt-get install prometheus); .ci/run installs it")
	}
	dsn := chtest.DSN(t)
	dir := t.TempDir()
	run := startRun(t, dir, map[string]string{config.EnvClickHouseDSN: dsn})
	runCommand(t, map[string]string{config.EnvDataDir: dir}, "import", fixture)

	promDir := t.TempDir()
	cfg := fmt.Sprintf("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: skillpulse\n    static_configs:\n      - targets: [%q]\n", run.info.HTTPAddr)
	cfgFile := filepath.Join(promDir, "prometheus.yml")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	promAddr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--config.file="+cfgFile, "--storage.tsdb.path="+filepath.Join(promDir, "data"),
		"--web.listen-address="+promAddr, "--log.level=warn")
	cmd.Stdout, cmd.Stderr = testLogWriter{t}, testLogWriter{t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })

	query := func(q string) (float64, error) {
		resp, err := http.Get("http://" + promAddr + "/api/v1/query?query=" + url.QueryEscape(q))
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		var body struct {
			Status string
			Data   struct {
				Result []struct {
					Value [2]any `json:"value"`
				}
			}
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return 0, err
		}
		if body.Status != "success" || len(body.Data.Result) != 1 {
			return 0, fmt.Errorf("query %s: status %s, %d series", q, body.Status, len(body.Data.Result))
		}
		s, _ := body.Data.Result[0].Value[1].(string)
		return strconv.ParseFloat(s, 64)
	}
	want := map[string]float64{
		`up{job="skillpulse"}`:                               1,
		`skillpulse_extract_postings_total{result="tagged"}`: fixtureValid,
		// import rejected the invalid lines itself: none reached extract.
		`skillpulse_extract_postings_total{result="dead_lettered"}`: 0,
		`skillpulse_aggregate_postings_written_total`:               fixtureValid,
		// The fixture's one repeated line is the same source posting: own group.
		`skillpulse_dedup_postings_total{result="own"}`: fixtureValid,
	}
	for q, v := range want {
		waitFor(t, 60*time.Second, fmt.Sprintf("Prometheus to report %s = %v", q, v), func() (bool, error) {
			got, err := query(q)
			return got == v, err
		})
	}
}
