-- 0003_posting_links: which source postings make up each deduplicated
-- posting (package dedup). One row per source posting; its group never
-- changes once written (the resolver reuses a stored link), so rows written
-- again by a redelivery or replay are identical and collapse on merge.
CREATE TABLE IF NOT EXISTS ${DB}.posting_links (
    source_posting_id String,
    posting_id String,
    posting_key String,
    source String,
    dedup_block String,
    title String,
    location String,
    text_hash String,
    posted_at DateTime,
    group_posted_at DateTime,
    minhash Array(UInt32),
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (dedup_block, source_posting_id);

-- posting_groups: per deduplicated posting, its copies, first and last
-- seen, and every source it was collected from.
CREATE VIEW IF NOT EXISTS ${DB}.posting_groups AS
SELECT
    posting_id,
    uniqExact(source_posting_id) AS copies,
    min(posted_at) AS first_seen,
    max(posted_at) AS last_seen,
    groupUniqArray(source) AS sources,
    groupUniqArray(posting_key) AS posting_keys
FROM ${DB}.posting_links
GROUP BY posting_id;
