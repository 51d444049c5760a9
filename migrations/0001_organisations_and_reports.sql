-- Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Periods are stored canonical (YYYYQn), so text order is time order.
-- Timestamps are RFC 3339 text in UTC, which also sorts in time order.

CREATE TABLE organisations (
    organisation_number TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('state_agency', 'region', 'municipality', 'other')),
    created_at TEXT NOT NULL
);

CREATE TABLE reports (
    organisation_number TEXT NOT NULL REFERENCES organisations (organisation_number),
    period TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved')),
    lessons TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (organisation_number, period)
);

CREATE TABLE report_values (
    organisation_number TEXT NOT NULL,
    period TEXT NOT NULL,
    series TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (organisation_number, period, series),
    FOREIGN KEY (organisation_number, period) REFERENCES reports (organisation_number, period)
);

CREATE INDEX report_values_by_period ON report_values (period, series);
