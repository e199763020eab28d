package dashboards_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/clickhouse"
	"github.com/skillpulse/skillpulse/dashboards"
	"github.com/skillpulse/skillpulse/internal/chtest"
)

func TestMain(m *testing.M) { chtest.Main(m) }

// provisioned is where Grafana's provisioning reads the committed JSON.
const provisioned = "../deploy/grafana/dashboards"

func TestCommittedJSONIsWhatTheCodeGenerates(t *testing.T) {
	dir := t.TempDir()
	if err := dashboards.WriteAll(dir); err != nil {
		t.Fatal(err)
	}
	gen, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	committed, _ := filepath.Glob(filepath.Join(provisioned, "*.json"))
	if len(gen) != len(committed) {
		t.Errorf("generated %d dashboards, %d committed in %s", len(gen), len(committed), provisioned)
	}
	for _, g := range gen {
		want, _ := os.ReadFile(g)
		got, err := os.ReadFile(filepath.Join(provisioned, filepath.Base(g)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run `go run ./dashboards/gen` and commit the result (%v)", filepath.Base(g), err)
		}
	}
}

func TestDashboardHasThePanelsAnalystsNeed(t *testing.T) {
	d := dashboards.SkillPulse()
	var titles []string
	ids := map[int]bool{}
	for _, p := range d.Panels {
		titles = append(titles, strings.ToLower(p.Title))
		if ids[p.ID] {
			t.Errorf("panel id %d used twice", p.ID)
		}
		ids[p.ID] = true
		if p.GridPos.X+p.GridPos.W > 24 {
			t.Errorf("panel %q overflows the grid", p.Title)
		}
	}
	all := strings.Join(titles, "\n")
	for _, want := range []string{"most requested", "soft vs hard", "rising", "trend: ${skill}", "together with ${skill}", "by state", "pipeline health"} {
		if !strings.Contains(all, want) {
			t.Errorf("no panel %q in:\n%s", want, all)
		}
	}
}

// expand does what the ClickHouse datasource does before it sends a query:
// the time macros for the range [from, to] and the template variables
// with the :sqlstring format (quoted, quotes escaped).
//
// Panel SQL names tables without a database, as the datasource's default
// database (skillpulse, deploy/grafana) supplies it; the test names the
// test's database instead.
func expand(sql, database string, from, to time.Time, vars map[string]string) string {
	sql = regexp.MustCompile(`\bFROM ([a-z_]+)\b`).ReplaceAllString(sql, "FROM "+database+".$1")
	quote := func(s string) string {
		return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
	}
	sql = regexp.MustCompile(`\$__dateFilter\(([a-z_]+)\)`).ReplaceAllString(sql,
		fmt.Sprintf("$1 >= toDate('%s') AND $1 <= toDate('%s')", from.Format(time.DateOnly), to.Format(time.DateOnly)))
	sql = regexp.MustCompile(`\$__timeFilter\(([a-z_]+)\)`).ReplaceAllString(sql,
		fmt.Sprintf("$1 >= toDateTime(%d) AND $1 <= toDateTime(%d)", from.Unix(), to.Unix()))
	sql = strings.ReplaceAll(sql, "$__fromTime", fmt.Sprintf("toDateTime(%d)", from.Unix()))
	sql = strings.ReplaceAll(sql, "$__toTime", fmt.Sprintf("toDateTime(%d)", to.Unix()))
	for k, v := range vars {
		sql = strings.ReplaceAll(sql, "${"+k+":sqlstring}", quote(v))
	}
	return sql
}

func sk(id, name string, k skillpulse.Kind) skillpulse.Skill {
	return skillpulse.Skill{ID: id, Name: name, Kind: k, Category: "c"}
}

// MustLoaded is a migrated database with a small market written through the
// pipeline's own writer: 40 postings over October and November 2026.
func MustLoaded(tb testing.TB) *clickhouse.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := clickhouse.Open(ctx, chtest.DSN(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	skills := []skillpulse.Skill{sk("sql", "SQL", skillpulse.Hard), sk("fhir", "FHIR", skillpulse.Hard),
		sk("communication", "Communication", skillpulse.Soft), sk("teamwork", "Teamwork", skillpulse.Soft)}
	var batch []skillpulse.TaggedPosting
	start := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	for i := range 40 {
		posted := start.AddDate(0, 0, i*61/40)
		p := skillpulse.TaggedPosting{
			Version: skillpulse.TaggedPostingVersion, PostingID: fmt.Sprintf("p%02d", i), Key: fmt.Sprintf("b:%d", i), Source: "board",
			SourceID: fmt.Sprint(i), Title: "Analyst", Employer: "Clinic", Location: "Austin, TX", PostedAt: posted, FetchedAt: posted,
			TextHash: fmt.Sprint("h", i), TextBytes: 100, TaxonomyVersion: "t", TaggedAt: posted,
			Dimensions: skillpulse.Dimensions{Region: []string{"TX", "MA"}[i%2], Country: "US",
				RoleFamily: []string{skillpulse.RoleDataAnalytics, skillpulse.RoleSecurity}[i%3%2], HealthIT: true},
		}
		for j, s := range skills {
			// sql in most postings, fhir growing in November, soft skills in some.
			if (s.ID == "sql" && i%4 != 0) || (s.ID == "fhir" && i >= 20 && i%2 == 0) || (s.ID == "fhir" && i == 3) ||
				(s.ID == "communication" && i%3 == 0) || (s.ID == "teamwork" && i%5 == 0) {
				p.Mentions = append(p.Mentions, skillpulse.Mention{SkillID: s.ID, Skill: s.Name, Kind: s.Kind, Category: s.Category,
					Start: 10 * j, End: 10*j + 3, Text: "xyz"})
			}
		}
		batch = append(batch, p)
	}
	if err := db.SyncSkills(ctx, "t", skills); err != nil {
		tb.Fatal(err)
	}
	if err := db.WriteTagged(ctx, batch); err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestEveryPanelQueryRunsOnTheMigratedSchema(t *testing.T) {
	db := MustLoaded(t)
	ctx := context.Background()
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 30, 23, 59, 59, 0, time.UTC)
	d := dashboards.SkillPulse()
	targets := d.SQLTargets()
	if len(targets) < 7 {
		t.Fatalf("only %d SQL targets", len(targets))
	}
	names := make([]string, 0, len(targets))
	for n := range targets {
		names = append(names, n)
	}
	sort.Strings(names)
	combos := []map[string]string{
		{"role_family": dashboards.AllValue, "state": dashboards.AllValue, "skill": "sql"},
		{"role_family": skillpulse.RoleSecurity, "state": "TX", "skill": "fhir"},
		{"role_family": dashboards.AllValue, "state": "O'Brien", "skill": "x' OR '1'='1"},
	}
	for _, name := range names {
		for i, vars := range combos {
			t.Run(fmt.Sprintf("%s/%d", name, i), func(t *testing.T) {
				sql := expand(targets[name], db.Database(), from, to, vars)
				if strings.Contains(sql, "$") {
					t.Fatalf("unexpanded macro or variable left:\n%s", sql)
				}
				rows, err := db.Query(ctx, sql)
				if err != nil {
					t.Fatalf("%v\n%s", err, sql)
				}
				if i == 0 && len(rows) == 0 {
					t.Errorf("no rows over a loaded database:\n%s", sql)
				}
				if i == 2 && strings.HasPrefix(name, "panel") && len(rows) > 0 && !strings.Contains(name, "state") && !strings.Contains(name, "Rising") && !strings.Contains(name, "Most") && !strings.Contains(name, "Soft") && !strings.Contains(name, "trend") {
					t.Errorf("an injected skill value matched rows: %v", rows)
				}
			})
		}
	}
}

// TestPanelFiguresMatchTheAPI checks the panels count what the analyst API
// counts: the same postings, the same shares.
func TestPanelFiguresMatchTheAPI(t *testing.T) {
	db := MustLoaded(t)
	ctx := context.Background()
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	targets := dashboards.SkillPulse().SQLTargets()
	all := map[string]string{"role_family": dashboards.AllValue, "state": dashboards.AllValue, "skill": "sql"}
	run := func(title string, vars map[string]string) [][]any {
		t.Helper()
		rows, err := db.Query(ctx, expand(targets["panel "+title+" A"], db.Database(), from, to, vars))
		if err != nil {
			t.Fatalf("%s: %v", title, err)
		}
		return rows
	}
	slice := skillpulse.Slice{From: from, To: to}
	top, err := db.TopSkills(ctx, skillpulse.TopQuery{Slice: slice, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	rows := run("Most requested skills", all)
	if len(rows) != len(top) {
		t.Fatalf("panel has %d skills, API %d", len(rows), len(top))
	}
	for i, r := range rows {
		if r[0] != top[i].Skill || r[2] != top[i].Postings || fmt.Sprintf("%.4f", r[3]) != fmt.Sprintf("%.4f", top[i].Share) {
			t.Errorf("row %d: panel %v, API %+v", i, r, top[i])
		}
	}
	secTX := skillpulse.Slice{From: from, To: to, RoleFamily: skillpulse.RoleSecurity, Region: "TX"}
	n, err := db.PostingCount(ctx, secTX)
	if err != nil {
		t.Fatal(err)
	}
	topSec, err := db.TopSkills(ctx, skillpulse.TopQuery{Slice: secTX, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	rows = run("Most requested skills", map[string]string{"role_family": skillpulse.RoleSecurity, "state": "TX", "skill": "sql"})
	if len(topSec) == 0 || len(rows) == 0 || rows[0][2] != topSec[0].Postings || n == 0 {
		t.Errorf("filtered panel %v, API %+v of %d postings", rows, topSec, n)
	}
	co, err := db.Cooccurring(ctx, "sql", slice, 15)
	if err != nil {
		t.Fatal(err)
	}
	rows = run("Asked for together with ${skill}", all)
	got := map[string]uint64{}
	for _, r := range rows {
		got[r[0].(string)] = r[1].(uint64)
	}
	for _, c := range co {
		if got[c.SkillID] != c.Together {
			t.Errorf("together with sql, %s: panel %d, API %d", c.SkillID, got[c.SkillID], c.Together)
		}
	}
	share, err := db.SoftHardShare(ctx, skillpulse.Week, slice)
	if err != nil {
		t.Fatal(err)
	}
	byWeek := map[string]float64{}
	for _, p := range share {
		byWeek[p.Period.Format(time.DateOnly)] = p.HardShare
	}
	for _, r := range run("Soft vs hard skills, share of postings", all) {
		wk := r[0].(time.Time).UTC().Format(time.DateOnly)
		if want, ok := byWeek[wk]; !ok || fmt.Sprintf("%.4f", r[2]) != fmt.Sprintf("%.4f", want) {
			t.Errorf("hard share of week %s: panel %v, API %v", wk, r[2], want)
		}
	}
}
