-- Changes to accounts were recorded under the analyst's organisation, so every reader of that
-- organisation's history saw them. They belong to no organisation: administrators read them in
-- the whole audit trail. The rows stay; only where they are filed changes.
UPDATE changes SET organisation_number = NULL WHERE field LIKE 'user:%';

-- The whole audit trail is read newest first, a page at a time.
CREATE INDEX changes_by_time ON changes (at);
