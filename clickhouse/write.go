package clickhouse

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/dedup"
)

// WriteTagged inserts the postings and their skills, one INSERT per table,
// and returns once the server has accepted both, so the caller may commit
// its Kafka offsets. It is idempotent: every row is keyed by posting_id (and
// skill_id) in a ReplacingMergeTree and every count is a uniqExact of
// posting_id, so a posting written again, in this batch or a later one,
// leaves every figure unchanged. A later TaggedAt replaces the posting's row.
//
// A posting without a PostingID fails the whole batch with an error wrapping
// skillpulse.ErrInvalidPosting, before anything is written.
func (db *DB) WriteTagged(ctx context.Context, batch []skillpulse.TaggedPosting) error {
	if len(batch) == 0 {
		return nil
	}
	for i, p := range batch {
		if p.PostingID == "" {
			return fmt.Errorf("write tagged postings: posting %d (key %q): %w: posting_id is empty", i, p.Key, skillpulse.ErrInvalidPosting)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, db.cfg.BatchTimeout)
	defer cancel()
	moved, err := db.movedDays(ctx, batch)
	if err != nil {
		return err
	}

	// Skills first, then postings: a reader that sees a posting also sees
	// its skills, so a share never has a numerator lagging its denominator.
	skills, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+db.db+`.posting_skills (posting_id, skill_id, skill, kind,
 category, posted_day, mentions, first_start, first_end, taxonomy_version, version,
 employer, source, region, work_mode, role_family, health_it)`)
	if err != nil {
		return fmt.Errorf("write tagged postings to %s.posting_skills: %w", db.db, err)
	}
	rows := 0
	for _, p := range batch {
		mentions := make(map[string]int, len(p.Mentions))
		for _, m := range p.Mentions {
			mentions[m.SkillID]++
		}
		day, version := p.PostedDay(), rowVersion(p.TaggedAt)
		for _, m := range p.Skills() {
			err := skills.Append(p.PostingID, m.SkillID, m.Skill, string(m.Kind),
				m.Category, day, clampU16(mentions[m.SkillID]), clampU32(m.Start), clampU32(m.End), p.TaxonomyVersion, version,
				p.Employer, p.Source, p.Region, p.WorkMode, p.RoleFamily, boolU8(p.HealthIT))
			if err != nil {
				_ = skills.Abort()
				return fmt.Errorf("write tagged postings: posting %s skill %s: %w", p.PostingID, m.SkillID, err)
			}
			rows++
		}
	}
	if rows == 0 {
		if err := skills.Abort(); err != nil {
			return fmt.Errorf("write tagged postings to %s.posting_skills: %w", db.db, err)
		}
	} else if err := send(skills); err != nil {
		return fmt.Errorf("write tagged postings to %s.posting_skills: %w", db.db, err)
	}

	if err := db.writePairs(ctx, batch); err != nil {
		return err
	}
	if err := db.writeLinks(ctx, batch); err != nil {
		return err
	}

	postings, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+db.db+`.postings (posting_id, posting_key, source, source_id,
 title, employer, location, url, posted_day, posted_at, fetched_at, text_hash, text_bytes, taxonomy_version,
 skills, soft_skills, hard_skills, version, city, region, country, work_mode, role_family, health_it, closed_at)`)
	if err != nil {
		return fmt.Errorf("write tagged postings to %s.postings: %w", db.db, err)
	}
	for _, p := range batch {
		skills := p.Skills()
		var soft, hard int
		for _, m := range skills {
			switch m.Kind {
			case skillpulse.Soft:
				soft++
			case skillpulse.Hard:
				hard++
			}
		}
		key := p.Key
		if key == "" {
			key = p.Source + ":" + p.SourceID
		}
		err := postings.Append(p.PostingID, key, p.Source, p.SourceID,
			p.Title, p.Employer, p.Location, p.URL, p.PostedDay(), dateTime(p.PostedAt), dateTime(p.FetchedAt),
			p.TextHash, clampU32(p.TextBytes), p.TaxonomyVersion,
			clampU16(len(skills)), clampU16(soft), clampU16(hard), rowVersion(p.TaggedAt),
			p.City, p.Region, p.Country, p.WorkMode, p.RoleFamily, boolU8(p.HealthIT), dateTime(p.ClosedAt))
		if err != nil {
			_ = postings.Abort()
			return fmt.Errorf("write tagged postings: posting %s: %w", p.PostingID, err)
		}
	}
	if err := send(postings); err != nil {
		return fmt.Errorf("write tagged postings to %s.postings: %w", db.db, err)
	}
	if err := db.RefreshCounts(ctx, batchDays(batch)); err != nil {
		return err
	}
	if len(moved) > 0 {
		// A posting changed day: the append-only rollups hold it on both,
		// so rebuild the partitions of both from the latest rows.
		if err := db.rebuild(ctx, moved); err != nil {
			return fmt.Errorf("write tagged postings: posting moved to another day: %w", err)
		}
	}
	return nil
}

// movedDays returns the stored and the new day of every posting of the
// batch already stored on another day; nil when none moved (the usual case,
// answered from the postings primary key).
func (db *DB) movedDays(ctx context.Context, batch []skillpulse.TaggedPosting) ([]time.Time, error) {
	days := make(map[string]time.Time, len(batch))
	ids := make([]string, 0, len(batch))
	for _, p := range batch {
		if _, ok := days[p.PostingID]; !ok {
			ids = append(ids, quote(p.PostingID))
		}
		days[p.PostingID] = p.PostedDay()
	}
	rows, err := db.conn.Query(ctx, `SELECT posting_id, posted_day FROM `+db.db+`.postings FINAL WHERE posting_id IN (`+strings.Join(ids, ", ")+`)`)
	if err != nil {
		return nil, fmt.Errorf("write tagged postings: read stored days: %w", err)
	}
	defer rows.Close()
	var moved []time.Time
	for rows.Next() {
		var id string
		var d time.Time
		if err := rows.Scan(&id, &d); err != nil {
			return nil, fmt.Errorf("write tagged postings: read stored days: %w", err)
		}
		if nd := days[id]; !nd.Equal(d.UTC()) {
			moved = append(moved, d.UTC(), nd)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("write tagged postings: read stored days: %w", err)
	}
	return moved, nil
}

// quoteAll is the strings as a comma-separated list of literals; with no
// strings, the empty string literal, which matches nothing.
func quoteAll(ss []string) string {
	if len(ss) == 0 {
		return "''"
	}
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = quote(s)
	}
	return strings.Join(q, ", ")
}

// quote makes s a ClickHouse string literal.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// batchDays lists the distinct posting days of a batch.
func batchDays(batch []skillpulse.TaggedPosting) []time.Time {
	seen := map[time.Time]bool{}
	var days []time.Time
	for _, p := range batch {
		if d := p.PostedDay(); !seen[d] {
			seen[d] = true
			days = append(days, d)
		}
	}
	return days
}

// RefreshCounts recomputes the plain daily counts of the given days from
// the day states. WriteTagged calls it after a batch's rows reached them;
// operators call it after loading rows by other means (INSERT ... SELECT). It is idempotent
// (the states absorb duplicates and the largest count of a day wins), and
// a crash before it leaves the batch uncommitted, so the redelivered batch
// refreshes the days again.
func (db *DB) RefreshCounts(ctx context.Context, days []time.Time) error {
	if len(days) == 0 {
		return nil
	}
	// The days are spliced in as toDate('YYYY-MM-DD') literals, formatted
	// here from time values, so the primary key prunes to those days.
	lits := make([]string, len(days))
	for i, d := range days {
		lits[i] = "toDate('" + d.Format(time.DateOnly) + "')"
	}
	in := "day IN (" + strings.Join(lits, ", ") + ")"
	for _, q := range []string{
		`INSERT INTO ` + db.db + `.skill_daily_counts SELECT day, skill_id, any(skill), any(kind), any(category),
 uniqExactMerge(postings_state) FROM ` + db.db + `.skill_daily_state WHERE ` + in + ` GROUP BY day, skill_id`,
		`INSERT INTO ` + db.db + `.posting_daily_counts SELECT day, uniqExactMerge(postings_state)
 FROM ` + db.db + `.posting_daily_state WHERE ` + in + ` GROUP BY day`,
	} {
		if err := db.conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("write tagged postings: refresh daily counts: %w", err)
		}
	}
	return nil
}

// writePairs inserts every ordered pair of distinct skills of each posting
// (both orders), the rows co-occurrence is counted from. Keyed by posting
// and pair in a ReplacingMergeTree, so writing a posting again is harmless.
func (db *DB) writePairs(ctx context.Context, batch []skillpulse.TaggedPosting) error {
	b, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+db.db+`.posting_skill_pairs (posting_id, skill_id, other_id,
 posted_day, employer, source, region, work_mode, role_family, health_it, taxonomy_version, version)`)
	if err != nil {
		return fmt.Errorf("write tagged postings to %s.posting_skill_pairs: %w", db.db, err)
	}
	rows := 0
	for _, p := range batch {
		skills := p.Skills()
		day, version := p.PostedDay(), rowVersion(p.TaggedAt)
		for _, a := range skills {
			for _, o := range skills {
				if a.SkillID == o.SkillID {
					continue
				}
				if err := b.Append(p.PostingID, a.SkillID, o.SkillID, day, p.Employer, p.Source, p.Region,
					p.WorkMode, p.RoleFamily, boolU8(p.HealthIT), p.TaxonomyVersion, version); err != nil {
					_ = b.Abort()
					return fmt.Errorf("write tagged postings: posting %s pair %s/%s: %w", p.PostingID, a.SkillID, o.SkillID, err)
				}
				rows++
			}
		}
	}
	if rows == 0 {
		if err := b.Abort(); err != nil {
			return fmt.Errorf("write tagged postings to %s.posting_skill_pairs: %w", db.db, err)
		}
		return nil
	}
	if err := send(b); err != nil {
		return fmt.Errorf("write tagged postings to %s.posting_skill_pairs: %w", db.db, err)
	}
	return nil
}

// writeLinks records which source posting each posting of the batch came
// from and the group it was resolved to, for postings that carry a dedup
// fingerprint. Written before postings, so a posting that is visible has
// its link and a restarted resolver finds it.
func (db *DB) writeLinks(ctx context.Context, batch []skillpulse.TaggedPosting) error {
	var rows []skillpulse.TaggedPosting
	for _, p := range batch {
		if p.DedupBlock != "" {
			rows = append(rows, p)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	b, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+db.db+`.posting_links (source_posting_id, posting_id,
 posting_key, source, dedup_block, title, location, text_hash, posted_at, group_posted_at, minhash, version)`)
	if err != nil {
		return fmt.Errorf("write tagged postings to %s.posting_links: %w", db.db, err)
	}
	for _, p := range rows {
		own := p.SourcePostedAt
		if own.IsZero() {
			own = p.PostedAt
		}
		mh := p.MinHash
		if mh == nil {
			mh = []uint32{}
		}
		if err := b.Append(cmp.Or(p.SourcePostingID, p.PostingID), p.PostingID, p.Key, p.Source, p.DedupBlock,
			p.Title, p.Location, p.TextHash, dateTime(own), dateTime(p.PostedAt), mh, rowVersion(p.TaggedAt)); err != nil {
			_ = b.Abort()
			return fmt.Errorf("write tagged postings: link of %s: %w", p.Key, err)
		}
	}
	if err := send(b); err != nil {
		return fmt.Errorf("write tagged postings to %s.posting_links: %w", db.db, err)
	}
	return nil
}

// DedupLinks returns the stored links of the given dedup blocks posted in
// [from, to], plus those of the given source posting ids in those blocks:
// the state a dedup.Resolver resolves a batch against. The blocks are the
// table's key prefix, so only their rows are read.
func (db *DB) DedupLinks(ctx context.Context, blocks, sourceIDs []string, from, to time.Time) ([]dedup.Link, error) {
	rows, err := db.conn.Query(ctx, `SELECT source_posting_id, argMax(posting_id, version), argMax(posting_key, version),
 argMax(source, version), dedup_block, argMax(title, version), argMax(location, version), argMax(text_hash, version),
 argMax(posted_at, version), argMax(group_posted_at, version), argMax(minhash, version)
FROM `+db.db+`.posting_links
WHERE dedup_block IN (`+quoteAll(blocks)+`) AND (posted_at >= ? AND posted_at <= ? OR has(?, source_posting_id))
GROUP BY dedup_block, source_posting_id`, dateTime(from), dateTime(to), sourceIDs)
	if err != nil {
		return nil, fmt.Errorf("dedup links from %s.posting_links: %w", db.db, err)
	}
	defer rows.Close()
	var out []dedup.Link
	for rows.Next() {
		var l dedup.Link
		if err := rows.Scan(&l.SourcePostingID, &l.GroupID, &l.Key, &l.Source, &l.Block, &l.Title, &l.Location,
			&l.TextHash, &l.PostedAt, &l.GroupPostedAt, &l.MinHash); err != nil {
			return nil, fmt.Errorf("dedup links: scan: %w", err)
		}
		l.PostedAt, l.GroupPostedAt = l.PostedAt.UTC(), l.GroupPostedAt.UTC()
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("dedup links from %s.posting_links: %w", db.db, err)
	}
	return out, nil
}

// SyncSkills writes the taxonomy, tagged with its version, so analysts can
// join ids to names, aliases and ESCO/O*NET codes. Writing the same taxonomy
// again is harmless: the latest write of a skill id wins.
func (db *DB) SyncSkills(ctx context.Context, version string, skills []skillpulse.Skill) error {
	if len(skills) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, db.cfg.BatchTimeout)
	defer cancel()
	b, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+db.db+`.skills (skill_id, name, kind, category, aliases,
 esco, onet, taxonomy_version, version)`)
	if err != nil {
		return fmt.Errorf("sync skills to %s.skills: %w", db.db, err)
	}
	rowVer := rowVersion(time.Now())
	for _, s := range skills {
		aliases := s.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		if err := b.Append(s.ID, s.Name, string(s.Kind), s.Category, aliases, s.ESCO, s.ONET, version, rowVer); err != nil {
			_ = b.Abort()
			return fmt.Errorf("sync skills: skill %s: %w", s.ID, err)
		}
	}
	if err := send(b); err != nil {
		return fmt.Errorf("sync skills to %s.skills: %w", db.db, err)
	}
	return nil
}

// send sends a batch and releases its connection whatever happens.
func send(b driver.Batch) error {
	if err := b.Send(); err != nil {
		_ = b.Abort()
		return err
	}
	return nil
}

// rowVersion is the ReplacingMergeTree version of a row: the tagging time in
// unix nanoseconds, so the latest tagging of a posting wins.
func rowVersion(t time.Time) uint64 {
	if t.IsZero() || t.UnixNano() < 0 {
		return 0
	}
	return uint64(t.UnixNano())
}

// dateTime clamps t into what a DateTime column holds (1970 to 2105) so a
// missing or absurd time stores as the epoch instead of failing the batch.
func dateTime(t time.Time) time.Time {
	if t.Unix() < 0 || t.Unix() > math.MaxUint32 {
		return time.Unix(0, 0).UTC()
	}
	return t.UTC()
}

func boolU8(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func clampU16(n int) uint16 { return uint16(min(max(n, 0), math.MaxUint16)) }

func clampU32(n int) uint32 { return uint32(min(max(n, 0), math.MaxUint32)) }
