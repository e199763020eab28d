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
// the period, by count descending then skill id, read from the
// pre-aggregated daily states (merging the states counts a posting once
// however many days or deliveries it spans). Share is over PostingCount of
// the same period. Name, kind and category come from the latest day a skill
// was seen, so a renamed skill shows its current name.
func (db *DB) TopSkills(ctx context.Context, q skillpulse.TopQuery) ([]skillpulse.SkillCount, error) {
	if _, err := skillpulse.ParseKind(string(q.Kind)); err != nil {
		return nil, fmt.Errorf("top skills: %w", err)
	}
	if q.Category != "" {
		return nil, fmt.Errorf("top skills: category filter is not supported yet")
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultTopLimit
	}
	where, args := dayFilter(q.From, q.To)
	if q.Kind != "" {
		where = append(where, "kind = ?")
		args = append(args, string(q.Kind))
	}
	args = append(args, limit)
	query := `SELECT skill_id, argMax(skill, day) AS top_skill, argMax(kind, day) AS top_kind,
 argMax(category, day) AS top_category, uniqExactMerge(postings_state) AS top_postings
FROM ` + db.db + `.skill_daily_state` + whereClause(where) + `
GROUP BY skill_id
ORDER BY top_postings DESC, skill_id
LIMIT ?`
	rows, err := db.conn.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("top skills from %s.skill_daily_state: %w", db.db, err)
	}
	defer rows.Close()
	var out []skillpulse.SkillCount
	for rows.Next() {
		var c skillpulse.SkillCount
		var kind string
		if err := rows.Scan(&c.SkillID, &c.Skill, &kind, &c.Category, &c.Postings); err != nil {
			return nil, fmt.Errorf("top skills: scan: %w", err)
		}
		c.Kind = skillpulse.Kind(kind)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("top skills: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	total, err := db.PostingCount(ctx, q.Slice)
	if err != nil {
		return nil, fmt.Errorf("top skills: %w", err)
	}
	if total > 0 {
		for i := range out {
			out[i].Share = float64(out[i].Postings) / float64(total)
		}
	}
	return out, nil
}

// PostingCount returns the distinct deduplicated postings whose posting day
// is in [s.From, s.To] (zero means open), the denominator of every share.
// Dimension filters other than the period are not supported by the daily
// states yet and are rejected rather than ignored.
func (db *DB) PostingCount(ctx context.Context, s skillpulse.Slice) (uint64, error) {
	if s.RoleFamily != "" || s.Region != "" || s.Employer != "" || s.Source != "" || s.WorkMode != "" || s.HealthITOnly {
		return 0, fmt.Errorf("posting count: dimension filters are not supported yet")
	}
	where, args := dayFilter(s.From, s.To)
	query := `SELECT uniqExactMerge(postings_state) FROM ` + db.db + `.posting_daily_state` + whereClause(where)
	var n uint64
	if err := db.conn.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("posting count from %s.posting_daily_state: %w", db.db, err)
	}
	return n, nil
}

// dayFilter turns an inclusive [from, to] period into conditions on the day
// column. A bound is the calendar date of the time in its own location;
// values are bound parameters, never spliced in.
func dayFilter(from, to time.Time) (conds []string, args []any) {
	if !from.IsZero() {
		conds = append(conds, "day >= toDate(?)")
		args = append(args, from.Format(time.DateOnly))
	}
	if !to.IsZero() {
		conds = append(conds, "day <= toDate(?)")
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
