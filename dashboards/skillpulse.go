package dashboards

import (
	"strings"

	"github.com/skillpulse/skillpulse"
)

// postingFilter restricts a dimension table to the role_family and state
// variables; AllValue means no filter. ${var:sqlstring} makes Grafana quote
// and escape the value, so a variable can never break out of the string.
const postingFilter = `(${role_family:sqlstring} = '__all' OR role_family = ${role_family:sqlstring})
  AND (${state:sqlstring} = '__all' OR region = ${state:sqlstring})`

// filtered replaces {F} in sql with the dimension filter.
func filtered(sql string) string { return strings.ReplaceAll(sql, "{F}", postingFilter) }

// Panel SQL, {F} standing for the dimension filter. Every figure counts
// distinct postings by merging the uniqExact states of the documented
// rollups (docs/data-dictionary.md).
const (
	sqlTopSkills = `
SELECT
  argMax(skill, period) AS skill_name,
  argMax(kind, period) AS skill_kind,
  uniqExactMerge(postings_state) AS postings,
  postings / greatest(1, (SELECT uniqExactMerge(postings_state) FROM posting_dim_daily_state WHERE $__dateFilter(period) AND {F})) AS share
FROM skill_dim_daily_state
WHERE $__dateFilter(period) AND {F}
GROUP BY skill_id
ORDER BY postings DESC, skill_id
LIMIT 20`

	sqlSoftHard = `
SELECT
  toDateTime(period) AS time,
  uniqExactMerge(soft_state) / greatest(1, uniqExactMerge(postings_state)) AS soft_share,
  uniqExactMerge(hard_state) / greatest(1, uniqExactMerge(postings_state)) AS hard_share
FROM posting_dim_weekly_state
WHERE $__dateFilter(period) AND {F}
GROUP BY period
ORDER BY period`

	// Rising compares the dashboard range with the range of the same
	// length just before it.
	sqlRising = `
SELECT
  skill_name,
  cur AS postings,
  cur / greatest(1, (SELECT uniqExactMerge(postings_state) FROM posting_dim_daily_state
    WHERE period >= toDate($__fromTime) AND period <= toDate($__toTime) AND {F})) AS share,
  prev / greatest(1, (SELECT uniqExactMerge(postings_state) FROM posting_dim_daily_state
    WHERE period >= toDate($__fromTime) - (toDate($__toTime) - toDate($__fromTime) + 1) AND period < toDate($__fromTime) AND {F})) AS previous_share,
  share - previous_share AS change
FROM (
  SELECT
    skill_id,
    argMax(skill, period) AS skill_name,
    uniqExactMergeIf(postings_state, period >= toDate($__fromTime)) AS cur,
    uniqExactMergeIf(postings_state, period < toDate($__fromTime)) AS prev
  FROM skill_dim_daily_state
  WHERE period >= toDate($__fromTime) - (toDate($__toTime) - toDate($__fromTime) + 1)
    AND period <= toDate($__toTime) AND {F}
  GROUP BY skill_id
)
WHERE cur >= 3
ORDER BY change DESC, skill_name
LIMIT 15`

	sqlSkillTrend = `
SELECT
  toDateTime(period) AS time,
  skill_postings / greatest(1, total) AS share
FROM (
  SELECT period, uniqExactMerge(postings_state) AS total
  FROM posting_dim_weekly_state
  WHERE $__dateFilter(period) AND {F}
  GROUP BY period
) ANY LEFT JOIN (
  SELECT period, uniqExactMerge(postings_state) AS skill_postings
  FROM skill_dim_weekly_state
  WHERE skill_id = ${skill:sqlstring} AND $__dateFilter(period) AND {F}
  GROUP BY period
) USING period
ORDER BY time`

	sqlCooccurring = `
SELECT
  other_id AS with_skill,
  uniqExact(posting_id) AS together
FROM posting_skill_pairs
WHERE skill_id = ${skill:sqlstring} AND $__dateFilter(posted_day) AND {F}
GROUP BY other_id
ORDER BY together DESC, with_skill
LIMIT 15`

	sqlByState = `
SELECT
  region AS state,
  uniqExactMerge(postings_state) AS postings
FROM posting_dim_daily_state
WHERE $__dateFilter(period) AND region != ''
  AND (${role_family:sqlstring} = '__all' OR role_family = ${role_family:sqlstring})
GROUP BY region
ORDER BY postings DESC, state
LIMIT 60`

	sqlSkillVar = `SELECT skill_id FROM skills GROUP BY skill_id ORDER BY skill_id`
	sqlStateVar = `SELECT region FROM posting_dim_monthly_state WHERE region != '' GROUP BY region ORDER BY region`
)

func ptr[T any](v T) *T { return &v }

// SkillPulse is the skillpulse dashboard: the analyst panels on ClickHouse
// and the pipeline-health row on Prometheus.
func SkillPulse() Dashboard {
	pctUnit := FieldConfig{Defaults: FieldDefaults{Unit: "percentunit", Decimals: ptr(1), Min: ptr(0.0)}}
	signed := FieldConfig{Defaults: FieldDefaults{Unit: "percentunit", Decimals: ptr(1)}}
	plain := FieldConfig{Defaults: FieldDefaults{}}
	roles := []Option{{Text: "All", Value: AllValue, Selected: true}}
	for _, r := range skillpulse.RoleFamilies() {
		roles = append(roles, Option{Text: r, Value: r})
	}
	var roleValues []string
	for _, o := range roles[1:] {
		roleValues = append(roleValues, o.Value)
	}
	return Dashboard{
		UID:           "skillpulse-market",
		Title:         "skillpulse: Health IT skills market",
		Description:   "Which skills Health IT employers ask for. Counts are distinct deduplicated postings; shares are over the postings of the same filters.",
		Tags:          []string{"skillpulse", "health-it", "skills"},
		Timezone:      "utc",
		Editable:      true,
		SchemaVersion: 39,
		Version:       1,
		Refresh:       "5m",
		Time:          TimeRange{From: "now-90d", To: "now"},
		Templating: Templating{List: []Variable{
			{Name: "clickhouse", Label: "ClickHouse", Type: "datasource", Query: ClickHousePlugin},
			{Name: "prometheus", Label: "Prometheus", Type: "datasource", Query: PrometheusPlugin},
			{Name: "role_family", Label: "Role family", Type: "custom", Query: AllValue + "," + strings.Join(roleValues, ","),
				Current: &Current{Text: "All", Value: AllValue}, Options: roles},
			{Name: "state", Label: "State", Type: "query", Datasource: ch(), Query: sqlStateVar, Refresh: 2,
				IncludeAll: true, AllValue: AllValue, Current: &Current{Text: "All", Value: "$__all"}},
			{Name: "skill", Label: "Skill", Type: "query", Datasource: ch(), Query: sqlSkillVar, Refresh: 1,
				Current: &Current{Text: "sql", Value: "sql"}, Description: "The skill of the trend and co-occurrence panels."},
		}},
		Panels: []Panel{
			{ID: 1, Type: "barchart", Title: "Most requested skills", Description: "Share of postings asking for each skill.",
				GridPos: GridPos{H: 12, W: 12, X: 0, Y: 0}, Datasource: ch(), Targets: []Target{sqlTarget(filtered(sqlTopSkills), false)},
				FieldConfig: pctUnit, Options: map[string]any{"orientation": "horizontal", "xField": "skill_name"}},
			{ID: 2, Type: "timeseries", Title: "Soft vs hard skills, share of postings", Description: "Postings asking for at least one soft (hard) skill over all postings, per ISO week.",
				GridPos: GridPos{H: 12, W: 12, X: 12, Y: 0}, Datasource: ch(), Targets: []Target{sqlTarget(filtered(sqlSoftHard), true)}, FieldConfig: pctUnit},
			{ID: 3, Type: "table", Title: "Rising skills", Description: "Change in share of postings against the range of the same length before; skills with at least 3 postings.",
				GridPos: GridPos{H: 12, W: 12, X: 0, Y: 12}, Datasource: ch(), Targets: []Target{sqlTarget(filtered(sqlRising), false)}, FieldConfig: signed},
			{ID: 4, Type: "timeseries", Title: "Skill trend: ${skill}", Description: "Share of postings asking for the selected skill, per ISO week.",
				GridPos: GridPos{H: 12, W: 12, X: 12, Y: 12}, Datasource: ch(), Targets: []Target{sqlTarget(filtered(sqlSkillTrend), true)}, FieldConfig: pctUnit},
			{ID: 5, Type: "table", Title: "Asked for together with ${skill}", Description: "Postings asking for both skills.",
				GridPos: GridPos{H: 10, W: 12, X: 0, Y: 24}, Datasource: ch(), Targets: []Target{sqlTarget(filtered(sqlCooccurring), false)}, FieldConfig: plain},
			{ID: 6, Type: "barchart", Title: "Postings by state", Description: "Distinct postings per state (postings without a known state are left out).",
				GridPos: GridPos{H: 10, W: 12, X: 12, Y: 24}, Datasource: ch(), Targets: []Target{sqlTarget(sqlByState, false)},
				FieldConfig: plain, Options: map[string]any{"orientation": "horizontal", "xField": "state"}},
			{ID: 7, Type: "timeseries", Title: "Pipeline health: postings per second by stage", Description: "From each process's /metrics.",
				GridPos: GridPos{H: 9, W: 12, X: 0, Y: 34}, Datasource: prom(), FieldConfig: FieldConfig{Defaults: FieldDefaults{Unit: "ops"}},
				Targets: []Target{
					promTarget("A", `sum(rate(skillpulse_ingest_postings_total{result="published"}[5m]))`, "ingested"),
					promTarget("B", `sum(rate(skillpulse_extract_postings_total{result="tagged"}[5m]))`, "tagged"),
					promTarget("C", `sum(rate(skillpulse_aggregate_postings_written_total[5m]))`, "written to ClickHouse"),
				}},
			{ID: 8, Type: "timeseries", Title: "Pipeline health: dead letters and write latency", Description: "Rejected input per second and the 99th percentile ClickHouse batch write.",
				GridPos: GridPos{H: 9, W: 12, X: 12, Y: 34}, Datasource: prom(), FieldConfig: plain,
				Targets: []Target{
					promTarget("A", `sum(rate(skillpulse_extract_postings_total{result="dead_lettered"}[5m])) + sum(rate(skillpulse_aggregate_dead_lettered_total[5m]))`, "dead-lettered/s"),
					promTarget("B", `histogram_quantile(0.99, sum by (le) (rate(skillpulse_aggregate_write_duration_seconds_bucket[5m])))`, "p99 write seconds"),
					promTarget("C", `sum(up{job=~"skillpulse.*"})`, "processes up"),
				}},
		},
	}
}

// All is every dashboard, by the file name it is provisioned under.
func All() map[string]Dashboard {
	return map[string]Dashboard{"skillpulse-market.json": SkillPulse()}
}
