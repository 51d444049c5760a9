-- Each organisation's figures in one row as well, kept in step with report_values by every
-- write that changes them (src/store/snapshots.rs): the cold summary and the export read a row
-- per organisation instead of one per figure. The store fills it in from report_values when it
-- connects. BYTEA is PostgreSQL's name for bytes; SQLite stores the bytes as they are.
CREATE TABLE figure_snapshots (
    organisation_number TEXT PRIMARY KEY REFERENCES organisations (organisation_number),
    figures BYTEA NOT NULL
);
