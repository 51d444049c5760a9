-- Users, sessions, API tokens, login throttling, 10x goals and the audit trail.
-- Portable SQL for SQLite and PostgreSQL; flags are BIGINT 0/1.

CREATE TABLE users (
    email TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
    organisation_number TEXT REFERENCES organisations (organisation_number),
    active BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

-- Only hashes of session ids and tokens are stored.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL REFERENCES users (email),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (email);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL REFERENCES users (email),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Failed logins per account ("email:…") and per address ("ip:…") in the current window.
CREATE TABLE login_failures (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_start TEXT NOT NULL
);

CREATE TABLE goals (
    organisation_number TEXT PRIMARY KEY REFERENCES organisations (organisation_number),
    name TEXT NOT NULL,
    baseline DOUBLE PRECISION NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    deadline TEXT NOT NULL,
    lower_is_better BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Every change, written in the same transaction as the change itself. Rows are only ever added.
-- Ordered by time, then by transaction and position within it.
CREATE TABLE changes (
    tx TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    organisation_number TEXT,
    period TEXT,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    PRIMARY KEY (tx, seq)
);
CREATE INDEX changes_by_organisation ON changes (organisation_number, at);
