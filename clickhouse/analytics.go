package clickhouse

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/skillpulse/skillpulse"
)

// Compile-time check that DB answers every analyst figure.
var _ skillpulse.Analytics = (*DB)(nil)

// DefaultMoversLimit is the number of rows Rising returns when the query
// sets no Limit.
const DefaultMoversLimit = 20

// SignificanceZ is the two-sided 95% critical value of the two-proportion
// z-test Rising applies: a change is Significant when |z| >= SignificanceZ
// and the skill has the query's minimum support.
const SignificanceZ = 1.96

// periodStart is the first day of the period of grain g containing t.
func periodStart(t time.Time, g skillpulse.Grain) time.Time {
	y, m, d := t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	switch g {
	case skillpulse.Week:
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case skillpulse.Month:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	}
	return day
}

// nextPeriod is the first day of the period after the one starting at p.
func nextPeriod(p time.Time, g skillpulse.Grain) time.Time {
	switch g {
	case skillpulse.Week:
		return p.AddDate(0, 0, 7)
	case skillpulse.Month:
		return p.AddDate(0, 1, 0)
	}
	return p.AddDate(0, 0, 1)
}

// periodPlan says where a per-period figure is read from: the rollup of the
// grain when the slice covers whole periods, otherwise the daily rollup
// grouped by the period's first day, so a partial first or last period
// counts only the slice's days.
type periodPlan struct {
	suffix string // daily, weekly or monthly
	expr   string // the period of a row
}

func planFor(g skillpulse.Grain, s skillpulse.Slice) periodPlan {
	whole := (s.From.IsZero() || periodStart(s.From, g).Equal(dateOf(s.From))) &&
		(s.To.IsZero() || nextPeriod(periodStart(s.To, g), g).Equal(dateOf(s.To).AddDate(0, 0, 1)))
	switch {
	case g == skillpulse.Week && whole:
		return periodPlan{"weekly", "period"}
	case g == skillpulse.Month && whole:
		return periodPlan{"monthly", "period"}
	}
	return periodPlan{"daily", periodOfDay(g, "period")}
}

// periodOfDay is the SQL for the first day of the grain's period holding
// the Date column col.
func periodOfDay(g skillpulse.Grain, col string) string {
	switch g {
	case skillpulse.Week:
		return "toMonday(" + col + ")"
	case skillpulse.Month:
		return "toStartOfMonth(" + col + ")"
	}
	return col
}

// dateOf is t's calendar date as a UTC midnight.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// bounds fills an open end of the slice with the first or last posting day
// stored, so a trend over "everything" has a definite range. ok is false
// when nothing is stored.
func (db *DB) bounds(ctx context.Context, s skillpulse.Slice) (from, to time.Time, ok bool, err error) {
	from, to = s.From, s.To
	if !from.IsZero() && !to.IsZero() {
		return dateOf(from), dateOf(to), true, nil
	}
	var lo, hi time.Time
	var n uint64
	q := `SELECT min(period), max(period), count() FROM ` + db.db + `.posting_dim_monthly_state`
	if err := db.conn.QueryRow(ctx, q).Scan(&lo, &hi, &n); err != nil {
		return from, to, false, fmt.Errorf("posting day range: %w", err)
	}
	if n == 0 {
		return from, to, false, nil
	}
	if from.IsZero() {
		from = lo
	}
	if to.IsZero() {
		to = nextPeriod(hi, skillpulse.Month).AddDate(0, 0, -1)
	}
	return dateOf(from), dateOf(to), !to.Before(from), nil
}

// periods lists the first day of every period of grain g from from to to.
func periods(from, to time.Time, g skillpulse.Grain) []time.Time {
	var out []time.Time
	for p := periodStart(from, g); !p.After(to); p = nextPeriod(p, g) {
		out = append(out, p)
	}
	return out
}

// perPeriod runs a query returning (period, count) rows into a map.
func (db *DB) perPeriod(ctx context.Context, query string, args ...any) (map[time.Time]uint64, error) {
	rows, err := db.conn.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[time.Time]uint64)
	for rows.Next() {
		var p time.Time
		var n uint64
		if err := rows.Scan(&p, &n); err != nil {
			return nil, err
		}
		out[dateOf(p)] = n
	}
	return out, rows.Err()
}

// SkillTrend returns one point per period of grain g over the slice, empty
// periods included, reading the weekly or monthly rollup when the slice
// covers whole periods and the daily one otherwise. An open From or To is
// the first or last stored posting day. Kind and Category do not apply.
func (db *DB) SkillTrend(ctx context.Context, skillID string, g skillpulse.Grain, s skillpulse.Slice) ([]skillpulse.TrendPoint, error) {
	if _, err := skillpulse.ParseGrain(string(g)); err != nil {
		return nil, fmt.Errorf("skill trend %s: %w", skillID, err)
	}
	from, to, ok, err := db.bounds(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("skill trend %s: %w", skillID, err)
	}
	if !ok {
		return []skillpulse.TrendPoint{}, nil
	}
	s.From, s.To, s.Kind, s.Category = from, to, "", ""
	// Without dimension filters the small per-day rollups (one row per day
	// and skill) beat the dimension rollups at any grain.
	plan := planFor(g, s)
	skillTable, postingTable, col := "skill_dim_"+plan.suffix+"_state", "posting_dim_"+plan.suffix+"_state", "period"
	counts := !hasDimensions(s)
	if counts {
		plan = periodPlan{"daily", periodOfDay(g, "day")}
		skillTable, postingTable, col = "skill_daily_counts", "posting_daily_counts", "day"
	}
	// perPeriodSQL merges the states of each period, or, from the plain
	// daily counts, sums the latest count of each day of the period.
	perPeriodSQL := func(table string, conds []string) string {
		if counts {
			return `SELECT ` + plan.expr + ` AS p, toUInt64(sum(c)) FROM (SELECT day, max(postings) AS c
FROM ` + db.db + `.` + table + whereClause(conds) + ` GROUP BY day) GROUP BY p`
		}
		return `SELECT ` + plan.expr + ` AS p, uniqExactMerge(postings_state)
FROM ` + db.db + `.` + table + whereClause(conds) + `
GROUP BY p`
	}
	conds, args := sliceFilter(s, col, false)
	conds = append(conds, "skill_id = ?")
	num, err := db.perPeriod(ctx, perPeriodSQL(skillTable, conds), append(args, skillID)...)
	if err != nil {
		return nil, fmt.Errorf("skill trend %s from %s.%s: %w", skillID, db.db, skillTable, err)
	}
	conds, args = sliceFilter(s, col, false)
	den, err := db.perPeriod(ctx, perPeriodSQL(postingTable, conds), args...)
	if err != nil {
		return nil, fmt.Errorf("skill trend %s from %s.%s: %w", skillID, db.db, postingTable, err)
	}
	out := []skillpulse.TrendPoint{}
	for _, p := range periods(from, to, g) {
		out = append(out, skillpulse.TrendPoint{Period: p, Postings: num[p], Total: den[p], Share: ratio(num[p], den[p])})
	}
	return out, nil
}

// SoftHardShare returns, per period of grain g over the slice, the postings
// asking for at least one soft and one hard skill, and the soft skills' part
// of all posting-skill requests. Kind and Category do not apply.
func (db *DB) SoftHardShare(ctx context.Context, g skillpulse.Grain, s skillpulse.Slice) ([]skillpulse.KindShare, error) {
	if _, err := skillpulse.ParseGrain(string(g)); err != nil {
		return nil, fmt.Errorf("soft/hard share: %w", err)
	}
	from, to, ok, err := db.bounds(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("soft/hard share: %w", err)
	}
	if !ok {
		return []skillpulse.KindShare{}, nil
	}
	s.From, s.To, s.Kind, s.Category = from, to, "", ""
	plan := planFor(g, s)
	type kinds struct{ total, soft, hard, softReq, allReq uint64 }
	byPeriod := make(map[time.Time]*kinds)
	at := func(p time.Time) *kinds {
		p = dateOf(p)
		if byPeriod[p] == nil {
			byPeriod[p] = &kinds{}
		}
		return byPeriod[p]
	}
	conds, args := sliceFilter(s, "period", false)
	rows, err := db.conn.Query(ctx, `SELECT `+plan.expr+` AS p, uniqExactMerge(postings_state),
 uniqExactMerge(soft_state), uniqExactMerge(hard_state)
FROM `+db.db+`.posting_dim_`+plan.suffix+`_state`+whereClause(conds)+`
GROUP BY p`, args...)
	if err != nil {
		return nil, fmt.Errorf("soft/hard share from %s.posting_dim_%s_state: %w", db.db, plan.suffix, err)
	}
	for rows.Next() {
		var p time.Time
		var t, so, h uint64
		if err := rows.Scan(&p, &t, &so, &h); err != nil {
			rows.Close()
			return nil, fmt.Errorf("soft/hard share: scan: %w", err)
		}
		k := at(p)
		k.total, k.soft, k.hard = t, so, h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("soft/hard share: %w", err)
	}
	rows, err = db.conn.Query(ctx, `SELECT p, kind, sum(n) FROM (
 SELECT `+plan.expr+` AS p, skill_id, kind, uniqExactMerge(postings_state) AS n
 FROM `+db.db+`.skill_dim_`+plan.suffix+`_state`+whereClause(conds)+`
 GROUP BY p, skill_id, kind)
GROUP BY p, kind`, args...)
	if err != nil {
		return nil, fmt.Errorf("soft/hard share from %s.skill_dim_%s_state: %w", db.db, plan.suffix, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p time.Time
		var kind string
		var n uint64
		if err := rows.Scan(&p, &kind, &n); err != nil {
			return nil, fmt.Errorf("soft/hard share: scan: %w", err)
		}
		k := at(p)
		k.allReq += n
		if kind == string(skillpulse.Soft) {
			k.softReq += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("soft/hard share: %w", err)
	}
	out := []skillpulse.KindShare{}
	for _, p := range periods(from, to, g) {
		k := at(p)
		out = append(out, skillpulse.KindShare{
			Period: p, Total: k.total, SoftPostings: k.soft, HardPostings: k.hard,
			SoftShare: ratio(k.soft, k.total), HardShare: ratio(k.hard, k.total),
			SoftMentionShare: ratio(k.softReq, k.allReq),
		})
	}
	return out, nil
}

// Rising compares each skill's share of postings in the query's period with
// the period of equal length just before it. A skill needs MinPostings
// postings in the period where it is larger (the current one for gains,
// the previous one for losses, so a skill that vanished still shows as
// falling). Movers are ordered by Change (largest gain, or with Falling
// largest loss, first), then skill id. Significant applies a two-proportion
// z-test at |z| >= SignificanceZ.
func (db *DB) Rising(ctx context.Context, q skillpulse.RisingQuery) ([]skillpulse.Mover, error) {
	if q.From.IsZero() || q.To.IsZero() {
		return nil, fmt.Errorf("rising skills: the period needs both From and To")
	}
	from, to := dateOf(q.From), dateOf(q.To)
	if to.Before(from) {
		return nil, fmt.Errorf("rising skills: To %s is before From %s", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	days := int(to.Sub(from).Hours()/24) + 1
	prev := q.Slice
	prev.From, prev.To = from.AddDate(0, 0, -days), from.AddDate(0, 0, -1)
	cur := q.Slice
	cur.From, cur.To = from, to
	curCounts, err := db.skillCounts(ctx, cur, "", 0)
	if err != nil {
		return nil, fmt.Errorf("rising skills: current period: %w", err)
	}
	prevCounts, err := db.skillCounts(ctx, prev, "", 0)
	if err != nil {
		return nil, fmt.Errorf("rising skills: previous period: %w", err)
	}
	curTotal, err := db.PostingCount(ctx, cur)
	if err != nil {
		return nil, fmt.Errorf("rising skills: %w", err)
	}
	prevTotal, err := db.PostingCount(ctx, prev)
	if err != nil {
		return nil, fmt.Errorf("rising skills: %w", err)
	}
	byID := make(map[string]*skillpulse.Mover)
	for _, c := range curCounts {
		byID[c.SkillID] = &skillpulse.Mover{SkillCount: c}
	}
	for _, c := range prevCounts {
		m := byID[c.SkillID]
		if m == nil {
			m = &skillpulse.Mover{SkillCount: c}
			m.Postings = 0
			byID[c.SkillID] = m
		}
		m.PreviousPostings = c.Postings
	}
	var out []skillpulse.Mover
	for _, m := range byID {
		m.Share = ratio(m.Postings, curTotal)
		m.PreviousShare = ratio(m.PreviousPostings, prevTotal)
		m.Change = m.Share - m.PreviousShare
		support := m.Postings
		if q.Falling {
			support = m.PreviousPostings
		}
		if support < q.MinPostings || (q.Falling && m.Change >= 0) || (!q.Falling && m.Change <= 0) {
			continue
		}
		m.Significant = math.Abs(twoProportionZ(m.Postings, curTotal, m.PreviousPostings, prevTotal)) >= SignificanceZ
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b skillpulse.Mover) int {
		if c := cmp.Compare(math.Abs(b.Change), math.Abs(a.Change)); c != 0 {
			return c
		}
		return cmp.Compare(a.SkillID, b.SkillID)
	})
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultMoversLimit
	}
	if len(out) > limit {
		out = out[:limit]
	}
	if out == nil {
		out = []skillpulse.Mover{}
	}
	return out, nil
}

// twoProportionZ is the z statistic of x1/n1 against x2/n2 with the pooled
// standard error; 0 when either sample is empty or the pooled share is 0 or 1.
func twoProportionZ(x1, n1, x2, n2 uint64) float64 {
	if n1 == 0 || n2 == 0 {
		return 0
	}
	p := float64(x1+x2) / float64(n1+n2)
	se := math.Sqrt(p * (1 - p) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return 0
	}
	return (float64(x1)/float64(n1) - float64(x2)/float64(n2)) / se
}

// DefaultCooccurringLimit is the number of rows Cooccurring returns when
// limit is zero or less.
const DefaultCooccurringLimit = 20

// Cooccurring lists the skills most often requested together with skillID
// in the slice, by Together descending then skill id, counted from
// posting_skill_pairs. Postings and Share describe the other skill in the
// slice; Confidence is Together over skillID's postings, Lift Confidence
// over the other skill's Share. Kind and Category filter the other skills.
func (db *DB) Cooccurring(ctx context.Context, skillID string, s skillpulse.Slice, limit int) ([]skillpulse.Cooccurrence, error) {
	if limit <= 0 {
		limit = DefaultCooccurringLimit
	}
	all := s
	all.Kind, all.Category = "", ""
	counts, err := db.skillCounts(ctx, all, "", 0)
	if err != nil {
		return nil, fmt.Errorf("co-occurrence with %s: %w", skillID, err)
	}
	byID := make(map[string]skillpulse.SkillCount, len(counts))
	for _, c := range counts {
		byID[c.SkillID] = c
	}
	base := byID[skillID].Postings
	if base == 0 {
		return []skillpulse.Cooccurrence{}, nil
	}
	total, err := db.PostingCount(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("co-occurrence with %s: %w", skillID, err)
	}
	conds, args := sliceFilter(all, "posted_day", false)
	conds = append(conds, "skill_id = ?")
	args = append(args, skillID)
	rows, err := db.conn.Query(ctx, `SELECT other_id, uniqExact(posting_id) AS together
FROM `+db.db+`.posting_skill_pairs`+whereClause(conds)+`
GROUP BY other_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("co-occurrence with %s from %s.posting_skill_pairs: %w", skillID, db.db, err)
	}
	defer rows.Close()
	out := []skillpulse.Cooccurrence{}
	for rows.Next() {
		var other string
		var together uint64
		if err := rows.Scan(&other, &together); err != nil {
			return nil, fmt.Errorf("co-occurrence with %s: scan: %w", skillID, err)
		}
		c, ok := byID[other]
		if !ok || (s.Kind != "" && c.Kind != s.Kind) || (s.Category != "" && c.Category != s.Category) {
			continue
		}
		c.Share = ratio(c.Postings, total)
		conf := ratio(together, base)
		lift := 0.0
		if c.Share > 0 {
			lift = conf / c.Share
		}
		out = append(out, skillpulse.Cooccurrence{SkillCount: c, Together: together, Confidence: conf, Lift: lift})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("co-occurrence with %s: %w", skillID, err)
	}
	slices.SortFunc(out, func(a, b skillpulse.Cooccurrence) int {
		if c := cmp.Compare(b.Together, a.Together); c != 0 {
			return c
		}
		return cmp.Compare(a.SkillID, b.SkillID)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// DurableFigures computes the durable-skills figures of the slice from the
// daily rollups. Kind and Category do not apply.
func (db *DB) DurableFigures(ctx context.Context, s skillpulse.Slice) (skillpulse.Durable, error) {
	s.Kind, s.Category = "", ""
	var d skillpulse.Durable
	var err error
	if d.Top10, err = db.TopSkills(ctx, skillpulse.TopQuery{Slice: s, Limit: 10}); err != nil {
		return d, fmt.Errorf("durable figures: %w", err)
	}
	for _, c := range d.Top10 {
		if c.Kind == skillpulse.Soft {
			d.SoftInTop10++
		}
	}
	top5 := func(k skillpulse.Kind) (uint64, error) {
		ks := s
		ks.Kind = k
		cs, err := db.skillCounts(ctx, ks, "", 5)
		var sum uint64
		for _, c := range cs {
			sum += c.Postings
		}
		return sum, err
	}
	soft5, err := top5(skillpulse.Soft)
	if err != nil {
		return d, fmt.Errorf("durable figures: top soft skills: %w", err)
	}
	hard5, err := top5(skillpulse.Hard)
	if err != nil {
		return d, fmt.Errorf("durable figures: top hard skills: %w", err)
	}
	d.Top5SoftVsHard = ratio(soft5, hard5)
	conds, args := sliceFilter(s, "period", false)
	var anySoft uint64
	if err := db.conn.QueryRow(ctx, `SELECT uniqExactMerge(postings_state), uniqExactMerge(soft_state)
FROM `+db.db+`.posting_dim_daily_state`+whereClause(conds), args...).Scan(&d.Postings, &anySoft); err != nil {
		return d, fmt.Errorf("durable figures from %s.posting_dim_daily_state: %w", db.db, err)
	}
	d.AnySoftShare = ratio(anySoft, d.Postings)
	return d, nil
}
