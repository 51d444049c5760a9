-- What each committed write changed that the aggregates depend on (issue #19, item 1), written
-- in the same transaction as the data version it moved to. A cache at an older version reads
-- the rows since and re-reads only those organisations; organisation_number NULL says
-- "anything may have changed": the cache rebuilds everything. Every write that moves the
-- version writes at least one row, so a version missing here (pruned) means a full rebuild.
CREATE TABLE data_changes (
    version BIGINT NOT NULL,
    organisation_number TEXT
);
CREATE INDEX data_changes_by_version ON data_changes (version);
