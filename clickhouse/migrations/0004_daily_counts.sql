-- 0004_daily_counts: plain per-day counts for dashboard-speed reads.
--
-- A posting counts on exactly one day, so the day sets are disjoint and a
-- period's count is the sum of its days' counts: no set merging at read
-- time. WriteTagged refreshes the days a batch touched from the uniqExact
-- day states (which absorb any duplicate insert), so the counts are as
-- idempotent as the states. The version of a row is its count: a day's set
-- only grows, so the largest count is the latest. RebuildRollups rebuilds
-- these tables too (a rebuild is the one time a count may shrink).
CREATE TABLE IF NOT EXISTS ${DB}.skill_daily_counts (
    day Date,
    skill_id String,
    skill String,
    kind String,
    category String,
    postings UInt64
) ENGINE = ReplacingMergeTree(postings)
PARTITION BY toYYYYMM(day)
ORDER BY (day, skill_id);

CREATE TABLE IF NOT EXISTS ${DB}.posting_daily_counts (
    day Date,
    postings UInt64
) ENGINE = ReplacingMergeTree(postings)
PARTITION BY toYYYYMM(day)
ORDER BY day;

INSERT INTO ${DB}.skill_daily_counts
SELECT day, skill_id, any(skill), any(kind), any(category), uniqExactMerge(postings_state)
FROM ${DB}.skill_daily_state GROUP BY day, skill_id;

INSERT INTO ${DB}.posting_daily_counts
SELECT day, uniqExactMerge(postings_state) FROM ${DB}.posting_daily_state GROUP BY day;
