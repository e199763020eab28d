-- 0002_dimensions: the dimension columns analysts filter by, the weekly and
-- monthly rollups, skill pairs for co-occurrence, and the soft/hard sets.
--
-- Every rollup is an AggregatingMergeTree of uniqExact states of posting_id,
-- so writing a posting again (redelivery, a batch inserted twice, a full
-- replay) adds ids already in the sets and changes no figure. The rollups
-- carry the same filter columns as the slices the dashboard asks for:
-- role_family, region, work_mode, source, health_it and employer.
-- Statements are idempotent; the backfills insert ids already counted or
-- not, which the uniqExact sets absorb either way.

ALTER TABLE ${DB}.postings
    ADD COLUMN city String,
    ADD COLUMN region String,
    ADD COLUMN country String,
    ADD COLUMN work_mode String,
    ADD COLUMN role_family String,
    ADD COLUMN health_it UInt8,
    ADD COLUMN closed_at DateTime;

ALTER TABLE ${DB}.posting_skills
    ADD COLUMN employer String,
    ADD COLUMN source String,
    ADD COLUMN region String,
    ADD COLUMN work_mode String,
    ADD COLUMN role_family String,
    ADD COLUMN health_it UInt8;

-- posting_skill_pairs: one row per posting and ordered pair of distinct
-- skills it requests (both orders), for co-occurrence.
CREATE TABLE IF NOT EXISTS ${DB}.posting_skill_pairs (
    posting_id String,
    skill_id String,
    other_id String,
    posted_day Date,
    employer String,
    source String,
    region String,
    work_mode String,
    role_family String,
    health_it UInt8,
    taxonomy_version String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (posting_id, skill_id, other_id);

-- skill_dim_{daily,weekly,monthly}_state: per period, skill and dimension
-- values, the set of posting ids asking for the skill. period is the day,
-- the Monday of the ISO week, or the first of the month.
CREATE TABLE IF NOT EXISTS ${DB}.skill_dim_daily_state (
    period Date, skill_id String, skill String, kind String, category String,
    role_family String, region String, work_mode String, source String, health_it UInt8, employer String,
    postings_state AggregateFunction(uniqExact, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(period)
ORDER BY (period, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer);

CREATE TABLE IF NOT EXISTS ${DB}.skill_dim_weekly_state (
    period Date, skill_id String, skill String, kind String, category String,
    role_family String, region String, work_mode String, source String, health_it UInt8, employer String,
    postings_state AggregateFunction(uniqExact, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYear(period)
ORDER BY (period, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer);

CREATE TABLE IF NOT EXISTS ${DB}.skill_dim_monthly_state (
    period Date, skill_id String, skill String, kind String, category String,
    role_family String, region String, work_mode String, source String, health_it UInt8, employer String,
    postings_state AggregateFunction(uniqExact, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYear(period)
ORDER BY (period, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${DB}.skill_dim_daily_mv TO ${DB}.skill_dim_daily_state AS
SELECT posted_day AS period, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id) AS postings_state
FROM ${DB}.posting_skills
GROUP BY period, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${DB}.skill_dim_weekly_mv TO ${DB}.skill_dim_weekly_state AS
SELECT toMonday(posted_day) AS period, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id) AS postings_state
FROM ${DB}.posting_skills
GROUP BY period, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${DB}.skill_dim_monthly_mv TO ${DB}.skill_dim_monthly_state AS
SELECT toStartOfMonth(posted_day) AS period, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id) AS postings_state
FROM ${DB}.posting_skills
GROUP BY period, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer;

-- posting_dim_{daily,weekly,monthly}_state: per period and dimension
-- values, the posting ids (share denominators) and those asking for at
-- least one soft (soft_state) or hard (hard_state) skill.
CREATE TABLE IF NOT EXISTS ${DB}.posting_dim_daily_state (
    period Date,
    role_family String, region String, work_mode String, source String, health_it UInt8, employer String,
    postings_state AggregateFunction(uniqExact, String),
    soft_state AggregateFunction(uniqExact, String),
    hard_state AggregateFunction(uniqExact, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(period)
ORDER BY (period, role_family, region, work_mode, source, health_it, employer);

CREATE TABLE IF NOT EXISTS ${DB}.posting_dim_weekly_state (
    period Date,
    role_family String, region String, work_mode String, source String, health_it UInt8, employer String,
    postings_state AggregateFunction(uniqExact, String),
    soft_state AggregateFunction(uniqExact, String),
    hard_state AggregateFunction(uniqExact, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYear(period)
ORDER BY (period, role_family, region, work_mode, source, health_it, employer);

CREATE TABLE IF NOT EXISTS ${DB}.posting_dim_monthly_state (
    period Date,
    role_family String, region String, work_mode String, source String, health_it UInt8, employer String,
    postings_state AggregateFunction(uniqExact, String),
    soft_state AggregateFunction(uniqExact, String),
    hard_state AggregateFunction(uniqExact, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYear(period)
ORDER BY (period, role_family, region, work_mode, source, health_it, employer);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${DB}.posting_dim_daily_mv TO ${DB}.posting_dim_daily_state AS
SELECT posted_day AS period, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id) AS postings_state,
    uniqExactStateIf(posting_id, soft_skills > 0) AS soft_state,
    uniqExactStateIf(posting_id, hard_skills > 0) AS hard_state
FROM ${DB}.postings
GROUP BY period, role_family, region, work_mode, source, health_it, employer;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${DB}.posting_dim_weekly_mv TO ${DB}.posting_dim_weekly_state AS
SELECT toMonday(posted_day) AS period, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id) AS postings_state,
    uniqExactStateIf(posting_id, soft_skills > 0) AS soft_state,
    uniqExactStateIf(posting_id, hard_skills > 0) AS hard_state
FROM ${DB}.postings
GROUP BY period, role_family, region, work_mode, source, health_it, employer;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${DB}.posting_dim_monthly_mv TO ${DB}.posting_dim_monthly_state AS
SELECT toStartOfMonth(posted_day) AS period, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id) AS postings_state,
    uniqExactStateIf(posting_id, soft_skills > 0) AS soft_state,
    uniqExactStateIf(posting_id, hard_skills > 0) AS hard_state
FROM ${DB}.postings
GROUP BY period, role_family, region, work_mode, source, health_it, employer;

-- skill_weekly / skill_monthly: the contract's skill_daily at coarser grains.
CREATE VIEW IF NOT EXISTS ${DB}.skill_weekly AS
SELECT period AS week, skill_id, skill, kind, category, uniqExactMerge(postings_state) AS postings
FROM ${DB}.skill_dim_weekly_state
GROUP BY week, skill_id, skill, kind, category;

CREATE VIEW IF NOT EXISTS ${DB}.skill_monthly AS
SELECT period AS month, skill_id, skill, kind, category, uniqExactMerge(postings_state) AS postings
FROM ${DB}.skill_dim_monthly_state
GROUP BY month, skill_id, skill, kind, category;

-- Backfill the rollups from rows written before this version.
INSERT INTO ${DB}.skill_dim_daily_state
SELECT posted_day, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id)
FROM ${DB}.posting_skills FINAL
GROUP BY posted_day, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer;

INSERT INTO ${DB}.skill_dim_weekly_state
SELECT toMonday(posted_day) AS p, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id)
FROM ${DB}.posting_skills FINAL
GROUP BY p, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer;

INSERT INTO ${DB}.skill_dim_monthly_state
SELECT toStartOfMonth(posted_day) AS p, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id)
FROM ${DB}.posting_skills FINAL
GROUP BY p, skill_id, skill, kind, category, role_family, region, work_mode, source, health_it, employer;

INSERT INTO ${DB}.posting_dim_daily_state
SELECT posted_day, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id), uniqExactStateIf(posting_id, soft_skills > 0), uniqExactStateIf(posting_id, hard_skills > 0)
FROM ${DB}.postings FINAL
GROUP BY posted_day, role_family, region, work_mode, source, health_it, employer;

INSERT INTO ${DB}.posting_dim_weekly_state
SELECT toMonday(posted_day) AS p, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id), uniqExactStateIf(posting_id, soft_skills > 0), uniqExactStateIf(posting_id, hard_skills > 0)
FROM ${DB}.postings FINAL
GROUP BY p, role_family, region, work_mode, source, health_it, employer;

INSERT INTO ${DB}.posting_dim_monthly_state
SELECT toStartOfMonth(posted_day) AS p, role_family, region, work_mode, source, health_it, employer,
    uniqExactState(posting_id), uniqExactStateIf(posting_id, soft_skills > 0), uniqExactStateIf(posting_id, hard_skills > 0)
FROM ${DB}.postings FINAL
GROUP BY p, role_family, region, work_mode, source, health_it, employer;
