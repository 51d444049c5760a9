-- API tokens get a public id (to list and revoke them by), an end, and the time of their last
-- use. The tokens made before had no end and could have been made with another token or a
-- stolen session cookie, so they are revoked here: their owners make new ones.
DROP TABLE api_tokens;

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL REFERENCES users (email),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (email);
