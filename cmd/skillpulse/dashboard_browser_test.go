package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/kafka"
	"github.com/skillpulse/skillpulse/report/chromepdf"
)

// The dashboard, report and schedule tests share one `run --sample`: the
// pipeline takes longer to load the sample than the checks take.

// artifacts is $SKILLPULSE_ARTIFACTS/name when set (CI keeps it), else a
// temporary directory.
func artifacts(t *testing.T, name string) string {
	t.Helper()
	base := os.Getenv("SKILLPULSE_ARTIFACTS")
	if base == "" {
		return t.TempDir()
	}
	dir := filepath.Join(base, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// toDocs copies an artifact to docs/img when SKILLPULSE_UPDATE_DOCS_IMG=1,
// which is how the README's screenshots are refreshed.
func toDocs(t *testing.T, src, name string) {
	t.Helper()
	if os.Getenv("SKILLPULSE_UPDATE_DOCS_IMG") != "1" {
		return
	}
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "docs", "img", name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// apiGet decodes a JSON answer of the running API.
func apiGet(t *testing.T, base, path string, v url.Values, out any) {
	t.Helper()
	u := "http://" + base + path
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

// mustBrowser starts headless Chromium with the project's flags and a
// fresh profile; a missing Chromium fails with instructions.
func mustBrowser(t *testing.T) context.Context {
	t.Helper()
	chrome, err := chromepdf.FindChrome("")
	if err != nil {
		t.Fatalf("%v (run `make deps`)", err)
	}
	opts := append(chromepdf.Flags(t.TempDir()), chromedp.ExecPath(chrome), chromedp.WindowSize(1280, 1000))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	return ctx
}

// bar is one bar of a dashboard chart, read from its data attributes.
type bar struct {
	ID       string  `json:"id"`
	Postings uint64  `json:"postings"`
	Value    float64 `json:"value"`
}

const readBars = `[...document.querySelectorAll('#chart-%s g.bar')].map(g => ({id: g.dataset.skill, postings: Number(g.dataset.postings), value: Number(g.dataset.value)}))`

func TestDashboardReportsAndScheduleOnSample(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole pipeline")
	}
	dir := t.TempDir()
	r := startRun(t, dir, nil, "--sample")
	waitForCommitted(t, kafka.Config{Brokers: r.info.KafkaBrokers}, "skillpulse-aggregate", "postings.tagged", int64(sampleLines(t)))
	t.Run("browser", func(t *testing.T) { checkDashboard(t, r.info.HTTPAddr) })
	t.Run("report command", func(t *testing.T) { checkReportCommand(t, r.info) })
	t.Run("scheduled report to webhook", func(t *testing.T) { checkScheduledReport(t, r.info) })
}

func checkDashboard(t *testing.T, addr string) {
	ctx := mustBrowser(t)
	run := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(expr string, out any) {
		t.Helper()
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s: %v (%s)", expr, err, raw)
		}
	}
	waitReady := func(after string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Poll[string](
			fmt.Sprintf(`document.body.dataset.ready && document.body.dataset.ready !== %q && document.body.dataset.ready`, after),
			chromedp.WithPollingTimeout(30*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
		if err != nil {
			t.Fatalf("dashboard did not finish loading: %v", err)
		}
		if v == "error" {
			var status string
			eval(`document.getElementById('status').textContent`, &status)
			t.Fatalf("dashboard shows an error: %s", status)
		}
		return v
	}
	t0 := time.Now()
	run(chromedp.Navigate("http://" + addr + "/"))
	seq := waitReady("")
	var loadMs string
	eval(`document.body.dataset.loadMs`, &loadMs)
	t.Logf("page ready with every chart %s ms after navigation start (%s including the browser's start)", loadMs, time.Since(t0).Round(time.Millisecond))

	// The charts show the API's numbers for the period the page chose.
	var from, to string
	eval(`document.getElementById('from').value`, &from)
	eval(`document.getElementById('to').value`, &to)
	if from == "" || to == "" {
		t.Fatal("no period chosen")
	}
	compareTop := func(extra url.Values) []bar {
		t.Helper()
		var got []bar
		eval(fmt.Sprintf(readBars, "top"), &got)
		v := url.Values{"from": {from}, "to": {to}, "limit": {"15"}}
		for k, vs := range extra {
			v[k] = vs
		}
		var want struct{ Skills []skillpulse.SkillCount }
		apiGet(t, addr, "/api/v1/skills/top", v, &want)
		if len(got) == 0 || len(got) != len(want.Skills) {
			t.Fatalf("chart has %d bars, API %d skills", len(got), len(want.Skills))
		}
		for i, b := range got {
			w := want.Skills[i]
			if b.ID != w.SkillID || b.Postings != w.Postings || math.Abs(b.Value-w.Share) > 1e-9 {
				t.Errorf("bar %d = %+v, API %s %d %.4f", i, b, w.SkillID, w.Postings, w.Share)
			}
		}
		return got
	}
	before := compareTop(nil)
	var shareGot []struct {
		Series string  `json:"series"`
		Period string  `json:"period"`
		Value  float64 `json:"value"`
	}
	eval(`[...document.querySelectorAll('#chart-share circle.pt')].map(c => ({series: c.dataset.series, period: c.dataset.period, value: Number(c.dataset.value)}))`, &shareGot)
	var share struct{ Points []skillpulse.KindShare }
	apiGet(t, addr, "/api/v1/share/soft-hard", url.Values{"from": {from}, "to": {to}, "grain": {"month"}}, &share)
	if len(shareGot) != 2*len(share.Points) || len(share.Points) == 0 {
		t.Errorf("share chart has %d points, API %d months x 2", len(shareGot), len(share.Points))
	}
	for _, p := range shareGot {
		for _, w := range share.Points {
			if w.Period.Format(time.DateOnly) == p.Period {
				want := w.HardShare
				if p.Series == "soft" {
					want = w.SoftShare
				}
				if math.Abs(p.Value-want) > 1e-9 {
					t.Errorf("%s share %s = %v, API %v", p.Series, p.Period, p.Value, want)
				}
			}
		}
	}
	var count struct{ Postings uint64 }
	apiGet(t, addr, "/api/v1/postings/count", url.Values{"from": {from}, "to": {to}}, &count)
	var card string
	eval(`document.getElementById('fig-postings').textContent`, &card)
	if card != fmt.Sprintf("%d", count.Postings) && card != formatThousands(count.Postings) {
		t.Errorf("postings card %q, API %d", card, count.Postings)
	}
	var coRows int
	eval(`document.querySelectorAll('#table-co tbody tr').length`, &coRows)
	if coRows == 0 {
		t.Error("no co-occurring skills shown for the selected skill")
	}
	var labelled bool
	eval(`[...document.querySelectorAll('input, select')].every(e => e.labels && e.labels.length > 0 && e.labels[0].textContent.trim() !== '')`, &labelled)
	if !labelled {
		t.Error("a form control has no label")
	}
	shot := filepath.Join(artifacts(t, "dashboard"), "dashboard.png")
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	toDocs(t, shot, "dashboard.png")

	// A role-family filter changes the charts, and they still match the API.
	family := ""
	for _, rf := range skillpulse.RoleFamilies() {
		var c struct{ Postings uint64 }
		apiGet(t, addr, "/api/v1/postings/count", url.Values{"from": {from}, "to": {to}, "role_family": {rf}}, &c)
		if c.Postings > 0 && c.Postings < count.Postings {
			family = rf
			break
		}
	}
	if family == "" {
		t.Fatal("no role family with part of the sample's postings")
	}
	run(chromedp.SetValue(chromedp.ID("role_family"), family), chromedp.Click(chromedp.CSS(`#filters button[type=submit]`)))
	waitReady(seq)
	after := compareTop(url.Values{"role_family": {family}})
	if fmt.Sprint(after) == fmt.Sprint(before) {
		t.Errorf("filtering by %s left the top-skills chart unchanged", family)
	}

	// Phone width: nothing overflows sideways.
	run(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	var overflow bool
	eval(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow)
	if overflow {
		t.Error("the dashboard scrolls sideways at phone width")
	}
	phone, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(artifacts(t, "dashboard"), "dashboard-phone.png"), phone, 0o644)
}

func formatThousands(n uint64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func checkReportCommand(t *testing.T, info RunInfo) {
	if _, err := chromepdf.FindChrome(""); err != nil {
		t.Fatalf("%v (run `make deps`)", err)
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("pdftoppm not installed: apt-get install poppler-utils (or `make deps`)")
	}
	out := filepath.Join(t.TempDir(), "nov")
	env := map[string]string{config.EnvClickHouseDSN: info.ClickHouseDSN}
	stdout := runCommand(t, env, "report", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "html,pdf,md,csv", "--out", out)
	for _, f := range []string{"report.html", "report.pdf", "report.md", "report.csv"} {
		if !strings.Contains(stdout, filepath.Join(out, f)) {
			t.Errorf("report did not list %s:\n%s", f, stdout)
		}
	}
	var count struct{ Postings uint64 }
	apiGet(t, info.HTTPAddr, "/api/v1/postings/count", url.Values{"from": {"2026-10-01"}, "to": {"2026-10-31"}}, &count)
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("- **Postings:** %d", count.Postings); !strings.Contains(string(md), want) {
		t.Errorf("markdown lacks %q", want)
	}
	pages := artifacts(t, "report")
	if b, err := exec.Command("pdftoppm", "-png", "-r", "80", filepath.Join(out, "report.pdf"), filepath.Join(pages, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	rendered, _ := filepath.Glob(filepath.Join(pages, "page-*.png"))
	if len(rendered) < 2 {
		t.Fatalf("%d PDF pages rendered", len(rendered))
	}
	toDocs(t, rendered[0], "report-page1.png")
}

func checkScheduledReport(t *testing.T, info RunInfo) {
	got := make(chan map[string]any, 4)
	hook := newWebhook(t, got)
	cfgFile := filepath.Join(t.TempDir(), "skillpulse.yaml")
	reports := filepath.Join(t.TempDir(), "reports")
	yml := fmt.Sprintf("reports:\n  dir: %s\n  jobs:\n    - name: every-second\n      cron: \"* * * * * *\"\n      period: 400d\n      formats: [md, csv]\n      webhook_url: %s\n      link_base: https://reports.example/every-second\n", reports, hook)
	if err := os.WriteFile(cfgFile, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	m, _ := testMain(t, map[string]string{config.EnvClickHouseDSN: info.ClickHouseDSN})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--config", cfgFile, "--data-dir", t.TempDir(), "--http-addr", "127.0.0.1:0"})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	var msg map[string]any
	select {
	case msg = <-got:
	case err := <-done:
		t.Fatalf("serve exited: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("no webhook call within 60s")
	}
	text, _ := msg["text"].(string)
	from, to := lastDays(400)
	var count struct{ Postings uint64 }
	apiGet(t, info.HTTPAddr, "/api/v1/postings/count", url.Values{"from": {from}, "to": {to}}, &count)
	if want := fmt.Sprintf(": %d postings", count.Postings); !strings.Contains(text, want) {
		t.Errorf("webhook text %q lacks %q", text, want)
	}
	blocks, _ := json.Marshal(msg["blocks"])
	if !strings.Contains(string(blocks), "https://reports.example/every-second/"+from+"_"+to+"/report.md") {
		t.Errorf("webhook blocks lack the report link: %s", blocks)
	}
	if _, err := os.Stat(filepath.Join(reports, "every-second", from+"_"+to, "report.md")); err != nil {
		t.Errorf("scheduled report not written: %v", err)
	}
}

// lastDays is the period a job with period Nd covers when it runs now.
func lastDays(n int) (string, string) {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	return today.AddDate(0, 0, -n).Format(time.DateOnly), today.AddDate(0, 0, -1).Format(time.DateOnly)
}
