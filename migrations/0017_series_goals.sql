-- Goals that steer (issue #21): several per organisation, each on one series (entered or
-- derived), from a baseline quarter to a deadline. The single 10x goal keeps its own table.
CREATE TABLE series_goals (
    id TEXT PRIMARY KEY,
    organisation_number TEXT NOT NULL REFERENCES organisations (organisation_number),
    series TEXT NOT NULL,
    baseline_period TEXT NOT NULL,
    baseline DOUBLE PRECISION NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    deadline TEXT NOT NULL,
    lower_is_better BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX series_goals_by_organisation ON series_goals (organisation_number);
