-- Read-only links for office screens (issue #21, item 3): each opens only the wall view. Only
-- the SHA-256 of a link's secret is kept; revoking a link deletes its row, so it stops working
-- at the next request.
CREATE TABLE display_links (
    id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    last_used_at TEXT
);
