-- 0001_init: the tables analysts query and the state tables behind them.
-- ${DB} is replaced by the database named in the DSN. Every statement is
-- idempotent (IF NOT EXISTS), so two processes migrating at once are harmless.
--
-- Duplicates are harmless by design: postings, posting_skills and skills are
-- ReplacingMergeTree tables (one row per key after merges; read with FINAL or
-- argMax for an exact answer), and the daily figures are uniqExact states of
-- posting_id, so inserting the same posting again changes no count.

-- postings: one row per deduplicated posting. No PARTITION BY date: a posting
-- whose date changes must still collapse to one row.
CREATE TABLE IF NOT EXISTS ${DB}.postings (
    posting_id String,
    posting_key String,
    source String,
    source_id String,
    title String,
    employer String,
    location String,
    url String,
    posted_day Date,
    posted_at DateTime,
    fetched_at DateTime,
    text_hash String,
    text_bytes UInt32,
    taxonomy_version String,
    skills UInt16,
    soft_skills UInt16,
    hard_skills UInt16,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY posting_id;

-- posting_skills: one row per posting and requested skill.
CREATE TABLE IF NOT EXISTS ${DB}.posting_skills (
    posting_id String,
    skill_id String,
    skill String,
    kind String,
    category String,
    posted_day Date,
    mentions UInt16,
    first_start UInt32,
    first_end UInt32,
    taxonomy_version String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (posting_id, skill_id);

-- skills: the taxonomy, one row per skill id (latest version wins).
CREATE TABLE IF NOT EXISTS ${DB}.skills (
    skill_id String,
    name String,
    kind String,
    category String,
    aliases Array(String),
    esco String,
    onet String,
    taxonomy_version String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY skill_id;

-- skill_daily_state: per day and skill, the set of posting ids asking for it.
CREATE TABLE IF NOT EXISTS ${DB}.skill_daily_state (
    day Date,
    skill_id String,
    skill String,
    kind String,
    category String,
    postings_state AggregateFunction(uniqExact, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (day, skill_id, skill, kind, category);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${DB}.skill_daily_mv TO ${DB}.skill_daily_state AS
SELECT
    posted_day AS day,
    skill_id,
    skill,
    kind,
    category,
    uniqExactState(posting_id) AS postings_state
FROM ${DB}.posting_skills
GROUP BY posted_day, skill_id, skill, kind, category;

-- skill_daily: the contract's view, distinct deduplicated postings per day
-- asking for each skill.
CREATE VIEW IF NOT EXISTS ${DB}.skill_daily AS
SELECT
    day,
    skill_id,
    skill,
    kind,
    category,
    uniqExactMerge(postings_state) AS postings
FROM ${DB}.skill_daily_state
GROUP BY day, skill_id, skill, kind, category;

-- posting_daily_state: per day, the set of posting ids: share denominators.
CREATE TABLE IF NOT EXISTS ${DB}.posting_daily_state (
    day Date,
    postings_state AggregateFunction(uniqExact, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY day;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${DB}.posting_daily_mv TO ${DB}.posting_daily_state AS
SELECT
    posted_day AS day,
    uniqExactState(posting_id) AS postings_state
FROM ${DB}.postings
GROUP BY posted_day;

CREATE VIEW IF NOT EXISTS ${DB}.posting_daily AS
SELECT
    day,
    uniqExactMerge(postings_state) AS postings
FROM ${DB}.posting_daily_state
GROUP BY day;
