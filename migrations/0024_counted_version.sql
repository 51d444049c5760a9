-- The data version at which what a national figure counts last changed (issue #19): a save of
-- a draft that stays a draft moves `version` but not this, so that pages showing only
-- submitted and approved figures need not wait for a cache to take in every draft saved at the
-- deadline.
ALTER TABLE data_version ADD COLUMN counted_version BIGINT NOT NULL DEFAULT 0;
UPDATE data_version SET counted_version = version;
