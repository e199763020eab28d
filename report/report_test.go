package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/internal/fakeanalytics"
	"github.com/skillpulse/skillpulse/report"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

var generated = time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)

// MustBuild builds a November report over the sample fake.
func MustBuild(tb testing.TB, req report.Request) (*report.Report, *fakeanalytics.Fake) {
	tb.Helper()
	f := fakeanalytics.Sample()
	if req.From.IsZero() {
		req.From, req.To = d("2026-11-01"), d("2026-11-30")
	}
	rep, err := report.Build(context.Background(), f, req, generated)
	if err != nil {
		tb.Fatal(err)
	}
	return rep, f
}

func TestBuildGathersEveryFigureForTheSlice(t *testing.T) {
	rep, f := MustBuild(t, report.Request{Region: "TX", TaxonomyVersion: "2026.11"})
	for _, s := range rep.TopSoft {
		if s.Kind != skillpulse.Soft {
			t.Errorf("soft list has %s (%s)", s.SkillID, s.Kind)
		}
	}
	for _, s := range rep.TopHard {
		if s.Kind != skillpulse.Hard {
			t.Errorf("hard list has %s (%s)", s.SkillID, s.Kind)
		}
	}
	if len(rep.TopSoft) == 0 || len(rep.TopHard) == 0 {
		t.Fatalf("top lists empty: %d soft, %d hard", len(rep.TopSoft), len(rep.TopHard))
	}
	for _, m := range rep.Rising {
		if m.Change <= 0 {
			t.Errorf("rising lists %s with change %v", m.SkillID, m.Change)
		}
	}
	for _, m := range rep.Falling {
		if m.Change >= 0 {
			t.Errorf("falling lists %s with change %v", m.SkillID, m.Change)
		}
	}
	if len(rep.Rising) == 0 || len(rep.Falling) == 0 {
		t.Errorf("movers: %d rising, %d falling; the sample has one of each", len(rep.Rising), len(rep.Falling))
	}
	if !rep.PrevFrom.Equal(d("2026-10-02")) || !rep.PrevTo.Equal(d("2026-10-31")) {
		t.Errorf("previous period %s..%s", rep.PrevFrom, rep.PrevTo)
	}
	if len(rep.ByRole) != len(skillpulse.RoleFamilies()) {
		t.Errorf("%d role families, want every family with postings (%d)", len(rep.ByRole), len(skillpulse.RoleFamilies()))
	}
	for _, p := range rep.Pairs {
		if p.With.Lift <= 1 {
			t.Errorf("pair %s+%s listed with lift %v", p.Skill.SkillID, p.With.SkillID, p.With.Lift)
		}
	}
	if len(rep.Pairs) == 0 {
		t.Error("no notable pairs; the sample has hl7-v2 with lift above 1")
	}
	// Every call carried the state filter and the period.
	for _, c := range f.Calls() {
		if c.Slice.Region != "TX" {
			t.Errorf("%s called without the state filter: %+v", c.Method, c.Slice)
		}
	}
	if got := strings.Join(rep.Method(), " "); !strings.Contains(got, "2026.11") || !strings.Contains(got, "deduplicated") {
		t.Errorf("method does not name the taxonomy version and counting rule: %s", got)
	}
}

func TestBuildOneRoleFamilySkipsTheByRoleSection(t *testing.T) {
	rep, _ := MustBuild(t, report.Request{RoleFamily: skillpulse.RoleSecurity})
	if len(rep.ByRole) != 0 {
		t.Errorf("by-role section for a one-family report: %+v", rep.ByRole)
	}
	if !strings.Contains(rep.Title, "Security") {
		t.Errorf("title %q does not name the role family", rep.Title)
	}
}

func TestBuildRejectsBadRequests(t *testing.T) {
	tests := []struct {
		name string
		req  report.Request
		want string
	}{
		{"no period", report.Request{}, "required"},
		{"reversed", report.Request{From: d("2026-11-02"), To: d("2026-11-01")}, "before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := report.Build(context.Background(), fakeanalytics.Sample(), tt.req, generated)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	f := fakeanalytics.Sample()
	f.Err = errors.New("connection refused")
	_, err := report.Build(context.Background(), f, report.Request{From: d("2026-11-01"), To: d("2026-11-30")}, generated)
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("store failure: %v", err)
	}
}

func TestMarkdownAndCSVCarryTheFigures(t *testing.T) {
	rep, _ := MustBuild(t, report.Request{})
	var md bytes.Buffer
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, s := range append(rep.TopHard, rep.TopSoft...) {
		row := fmt.Sprintf("| %s | %s | %d | %.1f%% |", s.Skill, s.Category, s.Postings, 100*s.Share)
		if !strings.Contains(md.String(), row) {
			t.Errorf("markdown lacks row %q", row)
		}
	}
	for _, want := range []string{"## Method", "## Movers since 2026-10-02 to 2026-10-31", "![Movers](movers.svg)", "## Skills by role family"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	var c bytes.Buffer
	if err := rep.WriteCSV(&c); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range recs[1:] {
		count[r[0]]++
		if len(r) != len(recs[0]) {
			t.Errorf("ragged row %v", r)
		}
	}
	if count["top_hard"] != len(rep.TopHard) || count["top_soft"] != len(rep.TopSoft) || count["rising"] != len(rep.Rising) || count["headline_postings"] != 1 {
		t.Errorf("csv sections %v", count)
	}
}

func TestHTMLEscapesAndEmbedsCharts(t *testing.T) {
	rep, _ := MustBuild(t, report.Request{})
	rep.TopHard[0].Skill = `<script>alert(1)</script>`
	var b bytes.Buffer
	if err := rep.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, "<script>alert") {
		t.Error("skill name not escaped in HTML")
	}
	if n := strings.Count(page, `src="data:image/svg`); n != len(rep.Charts()) {
		t.Errorf("%d chart images, want %d", n, len(rep.Charts()))
	}
	for name, svg := range rep.Charts() {
		if !strings.HasPrefix(svg, "<svg") || strings.Contains(svg, "<script") {
			t.Errorf("%s is not a plain SVG", name)
		}
	}
}

func TestLastPeriod(t *testing.T) {
	wed := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		period   string
		from, to string
	}{
		{"day", "2026-11-24", "2026-11-24"},
		{"week", "2026-11-16", "2026-11-22"},
		{"month", "2026-10-01", "2026-10-31"},
		{"quarter", "2026-07-01", "2026-09-30"},
		{"30d", "2026-10-26", "2026-11-24"},
	}
	for _, tt := range tests {
		t.Run(tt.period, func(t *testing.T) {
			from, to, err := report.LastPeriod(tt.period, wed)
			if err != nil {
				t.Fatal(err)
			}
			if from.Format(time.DateOnly) != tt.from || to.Format(time.DateOnly) != tt.to {
				t.Errorf("%s = %s..%s, want %s..%s", tt.period, from.Format(time.DateOnly), to.Format(time.DateOnly), tt.from, tt.to)
			}
		})
	}
	for _, bad := range []string{"", "year", "0d", "-3d", "xd"} {
		if err := report.ValidatePeriod(bad); err == nil {
			t.Errorf("period %q accepted", bad)
		}
	}
}

func TestPostSendsSlackJSON(t *testing.T) {
	rep, _ := MustBuild(t, report.Request{})
	var got report.SlackMessage
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("content type %q", r.Header.Get("Content-Type"))
		}
		json.NewDecoder(r.Body).Decode(&got)
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	msg := rep.Message(report.FileLinks([]string{"/r/report.html", "/r/movers.svg"}, "https://reports.example/nov"))
	if err := report.Post(context.Background(), srv.Client(), srv.URL, msg); err != nil {
		t.Fatal(err)
	}
	all := got.Text
	for _, b := range got.Blocks {
		if b.Text != nil {
			all += "\n" + b.Text.Text
		}
	}
	for _, want := range []string{fmt.Sprint(rep.Postings, " postings"), rep.TopHard[0].Skill, "<https://reports.example/nov/report.html|report.html>"} {
		if !strings.Contains(all, want) {
			t.Errorf("message lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "movers.svg") {
		t.Error("chart files listed as report files")
	}
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
	}))
	defer bad.Close()
	if err := report.Post(context.Background(), bad.Client(), bad.URL, msg); err == nil || !strings.Contains(err.Error(), "invalid_payload") {
		t.Errorf("rejected webhook: %v", err)
	}
}
