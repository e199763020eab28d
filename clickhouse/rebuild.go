package clickhouse

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// rollup is one state table and the SELECT that fills it from the
// collapsed (FINAL) raw tables, column for column.
type rollup struct {
	table, fill string
}

// rollups lists every state table fed by a materialized view, with the
// query that recomputes it: the same grouping as its view, read from the
// latest version of each row.
func (db *DB) rollups() []rollup {
	ps := db.db + ".posting_skills FINAL"
	po := db.db + ".postings FINAL"
	dims := "role_family, region, work_mode, source, health_it, employer"
	skill := func(period string) string {
		return `SELECT ` + period + ` AS p, skill_id, skill, kind, category, ` + dims + `, uniqExactState(posting_id)
FROM ` + ps + ` GROUP BY p, skill_id, skill, kind, category, ` + dims
	}
	posting := func(period string) string {
		return `SELECT ` + period + ` AS p, ` + dims + `, uniqExactState(posting_id),
 uniqExactStateIf(posting_id, soft_skills > 0), uniqExactStateIf(posting_id, hard_skills > 0)
FROM ` + po + ` GROUP BY p, ` + dims
	}
	return []rollup{
		{"skill_daily_state", `SELECT posted_day, skill_id, skill, kind, category, uniqExactState(posting_id)
FROM ` + ps + ` GROUP BY posted_day, skill_id, skill, kind, category`},
		{"posting_daily_state", `SELECT posted_day, uniqExactState(posting_id) FROM ` + po + ` GROUP BY posted_day`},
		{"skill_dim_daily_state", skill("posted_day")},
		{"skill_dim_weekly_state", skill("toMonday(posted_day)")},
		{"skill_dim_monthly_state", skill("toStartOfMonth(posted_day)")},
		{"posting_dim_daily_state", posting("posted_day")},
		{"posting_dim_weekly_state", posting("toMonday(posted_day)")},
		{"posting_dim_monthly_state", posting("toStartOfMonth(posted_day)")},
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
// For each state table it drops every partition, then refills the table
// from the raw tables. Writes that land meanwhile are safe: a row written
// before a partition is dropped is in the raw table the refill reads, and
// one written after reaches the state through its view (and maybe the
// refill too, which the uniqExact sets absorb). Readers may see a partition
// empty for the moments between its drop and the refill.
func (db *DB) RebuildRollups(ctx context.Context) error {
	for _, r := range db.rollups() {
		rows, err := db.conn.Query(ctx, `SELECT DISTINCT partition FROM system.parts WHERE database = ? AND table = ? AND active`, db.db, r.table)
		if err != nil {
			return fmt.Errorf("rebuild %s.%s: list partitions: %w", db.db, r.table, err)
		}
		var parts []string
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return fmt.Errorf("rebuild %s.%s: list partitions: %w", db.db, r.table, err)
			}
			parts = append(parts, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rebuild %s.%s: list partitions: %w", db.db, r.table, err)
		}
		for _, p := range parts {
			expr := p
			if strings.Trim(p, "0123456789") != "" {
				if p != "tuple()" {
					return fmt.Errorf("rebuild %s.%s: unexpected partition %q", db.db, r.table, p)
				}
			}
			if err := db.Exec(ctx, `ALTER TABLE `+db.db+`.`+r.table+` DROP PARTITION `+expr); err != nil {
				return fmt.Errorf("rebuild %s.%s: %w", db.db, r.table, err)
			}
		}
		if err := db.Exec(ctx, `INSERT INTO `+db.db+`.`+r.table+` `+r.fill); err != nil {
			return fmt.Errorf("rebuild %s.%s: %w", db.db, r.table, err)
		}
	}
	return nil
}
