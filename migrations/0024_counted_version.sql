-- Where what a national figure counts last changed (issue #19): a save of a draft that stays a
-- draft moves `version` but not that, so that pages showing only submitted and approved figures
-- need not wait for a cache to take in every draft saved at the deadline.
--
-- Stored so that a writer that knows nothing of it, an older instance still running during an
-- upgrade, counts as changing everything: `drafts_version` is the version of the newest write
-- that changed drafts alone, and `counted_version` where the counted figures stood before it.
-- While `drafts_version = version`, they stand at `counted_version`; once any other write moves
-- `version` alone, they stand at `version`.
ALTER TABLE data_version ADD COLUMN drafts_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE data_version ADD COLUMN counted_version BIGINT NOT NULL DEFAULT 0;
