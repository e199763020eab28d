package clickhouse_test

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/clickhouse"
)

// EnvBenchPostings sets how many postings BenchmarkDashboardQueries
// generates; default 1,000,000.
const EnvBenchPostings = "SKILLPULSE_BENCH_POSTINGS"

// The generated postings: posting n is posted on day n mod 365 of 2025 and
// requests 3 to 7 of 200 skills, skewed so low skill numbers are popular
// (every fifth skill is soft). Dimensions vary independently.
const (
	genDay      = "toDate('2025-01-01') + (n % 365)"
	genEmployer = "concat('Employer ', toString(n % 500))"
	genSource   = "['board', 'indeed', 'lever'][intHash32(n) % 3 + 1]"
	genRegion   = "['TX', 'CA', 'MA', 'NY', 'FL', 'WA', 'IL', 'OH', 'GA', 'NC'][n % 10 + 1]"
	genMode     = "['remote', 'hybrid', 'onsite'][intHash32(n + 1) % 3 + 1]"
	genRole     = "['ehr_application_analyst', 'integration_interoperability', 'data_analytics', 'security', 'other'][intHash32(n + 2) % 5 + 1]"
	genHealthIT = "toUInt8(n % 4 != 0)"
)

// MustGenerate fills db with n generated postings inside ClickHouse
// (INSERT ... SELECT FROM numbers()), through the same materialized views
// the pipeline's writes go through.
func MustGenerate(tb testing.TB, db *clickhouse.DB, n int) {
	tb.Helper()
	// Chunks keep each INSERT well inside the client's read timeout.
	const chunk = 100_000
	for lo := 0; lo < n; lo += chunk {
		mustGenerateRange(tb, db, lo, min(lo+chunk, n))
	}
	// The generator bypasses WriteTagged, so it refreshes the daily counts
	// the way WriteTagged does, for every generated day.
	var days []time.Time
	for d := range 365 {
		days = append(days, time.Date(2025, 1, 1+d, 0, 0, 0, 0, time.UTC))
	}
	if err := db.RefreshCounts(context.Background(), days); err != nil {
		tb.Fatal(err)
	}
}

// mustGenerateRange generates postings lo to hi-1.
func mustGenerateRange(tb testing.TB, db *clickhouse.DB, lo, hi int) {
	tb.Helper()
	ctx := context.Background()
	numbers := "(SELECT number + " + strconv.Itoa(lo) + " AS n FROM numbers(" + strconv.Itoa(hi-lo) + "))"
	postings := `INSERT INTO ` + db.Database() + `.postings (posting_id, posting_key, source, source_id, title, employer,
 location, url, posted_day, posted_at, fetched_at, text_hash, text_bytes, taxonomy_version, skills, soft_skills, hard_skills,
 version, city, region, country, work_mode, role_family, health_it, closed_at)
SELECT toString(n), concat('gen:', toString(n)), ` + genSource + `, toString(n), 'Analyst', ` + genEmployer + `,
 '', '', ` + genDay + `, toDateTime(` + genDay + `), toDateTime(` + genDay + `), '', 0, 'bench', 5, 1, 4, 1,
 '', ` + genRegion + `, 'US', ` + genMode + `, ` + genRole + `, ` + genHealthIT + `, toDateTime(` + genDay + `)
FROM ` + numbers
	skills := `INSERT INTO ` + db.Database() + `.posting_skills (posting_id, skill_id, skill, kind, category, posted_day,
 mentions, first_start, first_end, taxonomy_version, version, employer, source, region, work_mode, role_family, health_it)
SELECT toString(n), concat('s', toString(idx)), concat('Skill ', toString(idx)), if(idx % 5 = 0, 'soft', 'hard'), 'generated',
 ` + genDay + `, 1, 0, 0, 'bench', 1, ` + genEmployer + `, ` + genSource + `, ` + genRegion + `, ` + genMode + `, ` + genRole + `, ` + genHealthIT + `
FROM (SELECT n, arrayJoin(arrayDistinct(arrayMap(j -> toUInt32(pow((intHash32(n * 8 + j) % 10000) / 10000, 2) * 200),
 range(toUInt64(3 + n % 5))))) AS idx FROM ` + numbers + `)`
	for _, q := range []string{skills, postings} {
		if err := db.Exec(ctx, q); err != nil {
			tb.Fatal(err)
		}
	}
}

// dashboardQueries are the two dashboard figures, each computed from the
// rollups (through Analytics) and from posting_skills/postings directly.
type dashboardQueries struct {
	db        *clickhouse.DB
	year      skillpulse.Slice
	skill     string
	rawTop    string
	rawTotal  string
	rawTrend  string
	rawWeekly string
}

func newDashboardQueries(db *clickhouse.DB) dashboardQueries {
	d := db.Database()
	return dashboardQueries{
		db:    db,
		year:  skillpulse.Slice{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)},
		skill: "s7",
		rawTop: `SELECT skill_id, uniqExact(posting_id) AS n FROM ` + d + `.posting_skills
WHERE posted_day >= toDate('2025-01-01') AND posted_day <= toDate('2025-12-31')
GROUP BY skill_id ORDER BY n DESC, skill_id LIMIT 20`,
		rawTotal: `SELECT uniqExact(posting_id) FROM ` + d + `.postings WHERE posted_day >= toDate('2025-01-01') AND posted_day <= toDate('2025-12-31')`,
		rawTrend: `SELECT toMonday(posted_day) AS w, uniqExact(posting_id) FROM ` + d + `.posting_skills
WHERE skill_id = 's7' AND posted_day >= toDate('2025-01-01') AND posted_day <= toDate('2025-12-31') GROUP BY w ORDER BY w`,
		rawWeekly: `SELECT toMonday(posted_day) AS w, uniqExact(posting_id) FROM ` + d + `.postings
WHERE posted_day >= toDate('2025-01-01') AND posted_day <= toDate('2025-12-31') GROUP BY w ORDER BY w`,
	}
}

// top returns "skill postings" lines from the rollups or the raw table.
func (q dashboardQueries) top(ctx context.Context, rollup bool) ([]string, error) {
	var out []string
	if rollup {
		cs, err := q.db.TopSkills(ctx, skillpulse.TopQuery{Slice: q.year, Limit: 20})
		for _, c := range cs {
			out = append(out, fmt.Sprintf("%s %d %.6f", c.SkillID, c.Postings, c.Share))
		}
		return out, err
	}
	rows, err := q.db.Query(ctx, q.rawTop)
	if err != nil {
		return nil, err
	}
	total, err := q.db.Query(ctx, q.rawTotal)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %d %.6f", r[0], r[1], float64(r[1].(uint64))/float64(total[0][0].(uint64))))
	}
	return out, nil
}

// trend returns "week postings total" lines for weeks with postings.
func (q dashboardQueries) trend(ctx context.Context, rollup bool) ([]string, error) {
	var out []string
	if rollup {
		ps, err := q.db.SkillTrend(ctx, q.skill, skillpulse.Week, q.year)
		for _, p := range ps {
			if p.Total > 0 {
				out = append(out, fmt.Sprintf("%s %d %d", p.Period.Format(time.DateOnly), p.Postings, p.Total))
			}
		}
		return out, err
	}
	num, err := q.db.Query(ctx, q.rawTrend)
	if err != nil {
		return nil, err
	}
	den, err := q.db.Query(ctx, q.rawWeekly)
	if err != nil {
		return nil, err
	}
	byWeek := map[time.Time]uint64{}
	for _, r := range num {
		byWeek[r[0].(time.Time)] = r[1].(uint64)
	}
	for _, r := range den {
		out = append(out, fmt.Sprintf("%s %d %d", r[0].(time.Time).Format(time.DateOnly), byWeek[r[0].(time.Time)], r[1]))
	}
	return out, nil
}

// TestDashboardQueriesAgree keeps the benchmark honest at a tiny scale: the
// rollup and raw paths it times give the same answers.
func TestDashboardQueriesAgree(t *testing.T) {
	db := MustOpen(t)
	MustGenerate(t, db, 3000)
	q := newDashboardQueries(db)
	ctx := context.Background()
	for name, f := range map[string]func(context.Context, bool) ([]string, error){"top 20": q.top, "weekly trend": q.trend} {
		t.Run(name, func(t *testing.T) {
			a, err := f(ctx, true)
			if err != nil {
				t.Fatal(err)
			}
			b, err := f(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(a) == 0 || !reflect.DeepEqual(a, b) {
				t.Errorf("rollups:\n%v\nraw:\n%v", a, b)
			}
		})
	}
}

// BenchmarkDashboardQueries generates SKILLPULSE_BENCH_POSTINGS postings
// (default 1,000,000) and times the top-20 skills of the year and one
// skill's weekly trend, from the rollups and from posting_skills, in one
// run; it reports each median and the raw/rollup ratio.
func BenchmarkDashboardQueries(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv(EnvBenchPostings); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("%s=%q: want a positive number", EnvBenchPostings, v)
		}
	}
	db := MustOpen(b)
	start := time.Now()
	MustGenerate(b, db, n)
	b.Logf("generated %d postings in %v", n, time.Since(start).Round(time.Millisecond))
	q := newDashboardQueries(db)
	ctx := context.Background()
	cases := []struct {
		name   string
		f      func(context.Context, bool) ([]string, error)
		rollup bool
	}{
		{"top20_rollup", q.top, true}, {"top20_raw", q.top, false},
		{"trend_rollup", q.trend, true}, {"trend_raw", q.trend, false},
	}
	answers := map[string][]string{}
	for _, c := range cases {
		got, err := c.f(ctx, c.rollup)
		if err != nil {
			b.Fatal(err)
		}
		answers[c.name] = got
	}
	if !reflect.DeepEqual(answers["top20_rollup"], answers["top20_raw"]) || !reflect.DeepEqual(answers["trend_rollup"], answers["trend_raw"]) {
		b.Fatal("rollup and raw answers differ")
	}
	// A sub-benchmark, so the generation above runs once (a benchmark with
	// sub-benchmarks runs its own body once).
	b.Run("queries", func(b *testing.B) {
		times := map[string][]time.Duration{}
		for range b.N {
			for _, c := range cases {
				t0 := time.Now()
				if _, err := c.f(ctx, c.rollup); err != nil {
					b.Fatal(err)
				}
				times[c.name] = append(times[c.name], time.Since(t0))
			}
		}
		med := map[string]float64{}
		for name, ts := range times {
			slices.Sort(ts)
			med[name] = float64(ts[len(ts)/2].Microseconds()) / 1000
			b.ReportMetric(med[name], name+"_median_ms")
		}
		b.ReportMetric(med["top20_raw"]/med["top20_rollup"], "top20_raw/rollup")
		b.ReportMetric(med["trend_raw"]/med["trend_rollup"], "trend_raw/rollup")
	})
}
