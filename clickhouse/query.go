package clickhouse

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/skillpulse/skillpulse"
)

// DefaultTopLimit is the number of rows TopSkills returns when the query
// sets no Limit: a screenful for the terminal and the dashboard.
const DefaultTopLimit = 20

// TopSkills returns the skills requested by the most distinct postings in
// the slice, by count descending then skill id, read from the
// pre-aggregated daily states (merging the states counts a posting once
// however many days or deliveries it spans). Share is over PostingCount of
// the same slice. Name, kind and category come from the latest day a skill
// was seen, so a renamed skill shows its current name.
func (db *DB) TopSkills(ctx context.Context, q skillpulse.TopQuery) ([]skillpulse.SkillCount, error) {
	if _, err := skillpulse.ParseKind(string(q.Kind)); err != nil {
		return nil, fmt.Errorf("top skills: %w", err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultTopLimit
	}
	out, err := db.skillCounts(ctx, q.Slice, "", limit)
	if err != nil {
		return nil, fmt.Errorf("top skills: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	total, err := db.PostingCount(ctx, q.Slice)
	if err != nil {
		return nil, fmt.Errorf("top skills: %w", err)
	}
	setShares(out, total)
	return out, nil
}

// setShares sets each count's Share to Postings over total.
func setShares(cs []skillpulse.SkillCount, total uint64) {
	for i := range cs {
		cs[i].Share = ratio(cs[i].Postings, total)
	}
}

// ratio is a over b, 0 when b is 0.
func ratio(a, b uint64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// skillCounts returns the distinct postings per skill of the slice (Kind
// and Category applied), by count descending then skill id; skillID, when
// set, keeps that skill only; limit 0 means every skill. Slices without
// dimension filters read skill_daily_state, the others the dimension
// rollup skill_dim_daily_state.
func (db *DB) skillCounts(ctx context.Context, s skillpulse.Slice, skillID string, limit int) ([]skillpulse.SkillCount, error) {
	table, dayCol := "skill_daily_counts", "day"
	if hasDimensions(s) {
		table, dayCol = "skill_dim_daily_state", "period"
	}
	conds, args := sliceFilter(s, dayCol, true)
	if skillID != "" {
		conds = append(conds, "skill_id = ?")
		args = append(args, skillID)
	}
	query := `SELECT skill_id, argMax(skill, ` + dayCol + `) AS top_skill, argMax(kind, ` + dayCol + `) AS top_kind,
 argMax(category, ` + dayCol + `) AS top_category, uniqExactMerge(postings_state) AS top_postings
FROM ` + db.db + `.` + table + whereClause(conds) + `
GROUP BY skill_id
ORDER BY top_postings DESC, skill_id`
	if !hasDimensions(s) {
		// A posting counts on one day, so a period's count is the sum of
		// its days' counts (the largest, i.e. latest, count of each day).
		query = `SELECT skill_id, argMax(c_skill, day) AS top_skill, argMax(c_kind, day) AS top_kind,
 argMax(c_category, day) AS top_category, sum(c_postings) AS top_postings
FROM (SELECT day, skill_id, argMax(skill, postings) AS c_skill, argMax(kind, postings) AS c_kind,
 argMax(category, postings) AS c_category, max(postings) AS c_postings
 FROM ` + db.db + `.skill_daily_counts` + whereClause(conds) + `
 GROUP BY day, skill_id)
GROUP BY skill_id
ORDER BY top_postings DESC, skill_id`
	}
	if limit > 0 {
		query += "\nLIMIT ?"
		args = append(args, limit)
	}
	rows, err := db.conn.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("skill counts from %s.%s: %w", db.db, table, err)
	}
	defer rows.Close()
	out := []skillpulse.SkillCount{}
	for rows.Next() {
		var c skillpulse.SkillCount
		var kind string
		if err := rows.Scan(&c.SkillID, &c.Skill, &kind, &c.Category, &c.Postings); err != nil {
			return nil, fmt.Errorf("skill counts: scan: %w", err)
		}
		c.Kind = skillpulse.Kind(kind)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("skill counts from %s.%s: %w", db.db, table, err)
	}
	return out, nil
}

// PostingCount returns the distinct deduplicated postings of the slice:
// posting day in [s.From, s.To] (zero means open) and every dimension
// filter; Kind and Category do not apply. It is the denominator of every
// share.
func (db *DB) PostingCount(ctx context.Context, s skillpulse.Slice) (uint64, error) {
	table, dayCol := "posting_daily_counts", "day"
	if hasDimensions(s) {
		table, dayCol = "posting_dim_daily_state", "period"
	}
	conds, args := sliceFilter(s, dayCol, false)
	query := `SELECT uniqExactMerge(postings_state) FROM ` + db.db + `.` + table + whereClause(conds)
	if !hasDimensions(s) {
		query = `SELECT toUInt64(sum(c)) FROM (SELECT day, max(postings) AS c FROM ` + db.db + `.` + table + whereClause(conds) + ` GROUP BY day)`
	}
	var n uint64
	if err := db.conn.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("posting count from %s.%s: %w", db.db, table, err)
	}
	return n, nil
}

// hasDimensions reports whether the slice filters postings by anything
// but the period.
func hasDimensions(s skillpulse.Slice) bool {
	return s.RoleFamily != "" || s.Region != "" || s.Employer != "" || s.Source != "" || s.WorkMode != "" || s.HealthITOnly
}

// sliceFilter turns a slice into conditions on a rollup or table: the
// period on dayCol, the dimension columns, and with skills also kind and
// category. Values are bound parameters, never spliced in.
func sliceFilter(s skillpulse.Slice, dayCol string, skills bool) (conds []string, args []any) {
	conds, args = dayFilter(dayCol, s.From, s.To)
	add := func(col, v string) {
		if v != "" {
			conds = append(conds, col+" = ?")
			args = append(args, v)
		}
	}
	add("role_family", s.RoleFamily)
	add("region", s.Region)
	add("employer", s.Employer)
	add("source", s.Source)
	add("work_mode", s.WorkMode)
	if s.HealthITOnly {
		conds = append(conds, "health_it = 1")
	}
	if skills {
		add("kind", string(s.Kind))
		add("category", s.Category)
	}
	return conds, args
}

// dayFilter turns an inclusive [from, to] period into conditions on a Date
// column. A bound is the calendar date of the time in its own location.
func dayFilter(col string, from, to time.Time) (conds []string, args []any) {
	if !from.IsZero() {
		conds = append(conds, col+" >= toDate(?)")
		args = append(args, from.Format(time.DateOnly))
	}
	if !to.IsZero() {
		conds = append(conds, col+" <= toDate(?)")
		args = append(args, to.Format(time.DateOnly))
	}
	return conds, args
}

// whereClause joins fixed condition fragments; only their ? values vary.
func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return "\nWHERE " + strings.Join(conds, " AND ")
}
