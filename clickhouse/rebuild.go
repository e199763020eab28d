package clickhouse

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// rollup is one rollup table and how to refill it: sel FROM src [WHERE
// ...] GROUP BY group, column for column; part is the partition expression
// of the table written over src's columns.
type rollup struct {
	table, sel, src, group, part string
}

// fill is the refill query, restricted by where when it is not empty.
func (r rollup) fill(where string) string {
	q := "INSERT INTO " + r.table + " " + r.sel + " FROM " + r.src
	if where != "" {
		q += " WHERE " + where
	}
	return q + " GROUP BY " + r.group
}

// rollups lists every rollup table with the query that recomputes it: the
// same grouping as its materialized view, read from the latest version of
// each raw row; the daily counts come last, computed from the rebuilt
// day states.
func (db *DB) rollups() []rollup {
	ps := db.db + ".posting_skills FINAL"
	po := db.db + ".postings FINAL"
	dims := "role_family, region, work_mode, source, health_it, employer"
	month, year := "toYYYYMM(posted_day)", "toYear(posted_day)"
	skill := func(table, period, part string) rollup {
		return rollup{db.db + "." + table, `SELECT ` + period + ` AS p, skill_id, skill, kind, category, ` + dims + `,
 uniqExactState(posting_id)`, ps, "p, skill_id, skill, kind, category, " + dims, part}
	}
	posting := func(table, period, part string) rollup {
		return rollup{db.db + "." + table, `SELECT ` + period + ` AS p, ` + dims + `, uniqExactState(posting_id),
 uniqExactStateIf(posting_id, soft_skills > 0), uniqExactStateIf(posting_id, hard_skills > 0)`, po, "p, " + dims, part}
	}
	return []rollup{
		{db.db + ".skill_daily_state", `SELECT posted_day, skill_id, skill, kind, category, uniqExactState(posting_id)`, ps,
			"posted_day, skill_id, skill, kind, category", month},
		{db.db + ".posting_daily_state", `SELECT posted_day, uniqExactState(posting_id)`, po, "posted_day", month},
		skill("skill_dim_daily_state", "posted_day", month),
		skill("skill_dim_weekly_state", "toMonday(posted_day)", year),
		skill("skill_dim_monthly_state", "toStartOfMonth(posted_day)", year),
		posting("posting_dim_daily_state", "posted_day", month),
		posting("posting_dim_weekly_state", "toMonday(posted_day)", year),
		posting("posting_dim_monthly_state", "toStartOfMonth(posted_day)", year),
		{db.db + ".skill_daily_counts", `SELECT day, skill_id, any(skill), any(kind), any(category), uniqExactMerge(postings_state)`,
			db.db + ".skill_daily_state", "day, skill_id", "toYYYYMM(day)"},
		{db.db + ".posting_daily_counts", `SELECT day, uniqExactMerge(postings_state)`, db.db + ".posting_daily_state", "day", "toYYYYMM(day)"},
	}
}

// PurgeSuperseded deletes the posting_skills and posting_skill_pairs rows
// of postings re-tagged with taxonomyVersion that an earlier tagging left
// behind (a skill the new taxonomy no longer finds), and waits for the
// deletions to finish. Rows of postings not re-tagged are kept.
func (db *DB) PurgeSuperseded(ctx context.Context, taxonomyVersion string) error {
	for _, t := range []string{"posting_skills", "posting_skill_pairs"} {
		err := db.Exec(ctx, `ALTER TABLE `+db.db+`.`+t+` DELETE
WHERE taxonomy_version != ? AND posting_id IN (SELECT posting_id FROM `+db.db+`.postings FINAL WHERE taxonomy_version = ?)`,
			taxonomyVersion, taxonomyVersion)
		if err != nil {
			return fmt.Errorf("purge rows superseded by taxonomy %s: %w", taxonomyVersion, err)
		}
		if err := db.waitMutations(ctx, t); err != nil {
			return fmt.Errorf("purge rows superseded by taxonomy %s: %w", taxonomyVersion, err)
		}
	}
	return nil
}

// waitMutations polls until every mutation of table is done: 18.16 runs
// ALTER ... DELETE asynchronously and has no mutations_sync setting.
func (db *DB) waitMutations(ctx context.Context, table string) error {
	for {
		var pending uint64
		if err := db.conn.QueryRow(ctx, `SELECT count() FROM system.mutations WHERE database = ? AND table = ? AND is_done = 0`,
			db.db, table).Scan(&pending); err != nil {
			return fmt.Errorf("wait for mutations of %s.%s: %w", db.db, table, err)
		}
		if pending == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for mutations of %s.%s: %w", db.db, table, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// RebuildRollups recomputes every rollup from the latest version of each
// posting and skill row, removing what the append-only states cannot: a
// posting counted on a day it no longer has, or a skill a re-tag dropped.
// For each rollup it drops every partition, then refills the table from
// the raw tables. Writes that land meanwhile are safe: a row written before
// a partition is dropped is in the raw table the refill reads, and one
// written after reaches the state through its view (and maybe the refill
// too, which the uniqExact sets absorb). Readers may see a partition empty
// for the moments between its drop and the refill.
func (db *DB) RebuildRollups(ctx context.Context) error {
	return db.rebuild(ctx, nil)
}

// rebuild rebuilds the rollups' partitions holding the given days, or every
// partition when days is nil.
func (db *DB) rebuild(ctx context.Context, days []time.Time) error {
	for _, r := range db.rollups() {
		var parts []string
		where := ""
		if days == nil {
			var err error
			if parts, err = db.partitions(ctx, r.table); err != nil {
				return fmt.Errorf("rebuild %s: %w", r.table, err)
			}
		} else {
			seen := map[string]bool{}
			for _, d := range days {
				p := d.Format("200601")
				if strings.HasPrefix(r.part, "toYear") {
					p = d.Format("2006")
				}
				if !seen[p] {
					seen[p] = true
					parts = append(parts, p)
				}
			}
			where = r.part + " IN (" + strings.Join(parts, ", ") + ")"
		}
		for _, p := range parts {
			if strings.Trim(p, "0123456789") != "" {
				return fmt.Errorf("rebuild %s: unexpected partition %q", r.table, p)
			}
			if err := db.Exec(ctx, `ALTER TABLE `+r.table+` DROP PARTITION `+p); err != nil {
				return fmt.Errorf("rebuild %s: %w", r.table, err)
			}
		}
		if err := db.Exec(ctx, r.fill(where)); err != nil {
			return fmt.Errorf("rebuild %s: %w", r.table, err)
		}
	}
	return nil
}

// partitions lists the active partitions of a table ("202603", "2026").
func (db *DB) partitions(ctx context.Context, table string) ([]string, error) {
	name := strings.TrimPrefix(table, db.db+".")
	rows, err := db.conn.Query(ctx, `SELECT DISTINCT partition FROM system.parts WHERE database = ? AND table = ? AND active`, db.db, name)
	if err != nil {
		return nil, fmt.Errorf("list partitions: %w", err)
	}
	defer rows.Close()
	var parts []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, fmt.Errorf("list partitions: %w", err)
		}
		parts = append(parts, p)
	}
	return parts, rows.Err()
}
