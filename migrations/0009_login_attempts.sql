-- Sign-in attempts are counted before the password is checked, per address ("ip:…") and per
-- account at an address ("email:…|ip:…"); a key is refused until blocked_until (issue #16).
-- The counts are short-lived, so the old ones are dropped rather than converted.
DROP TABLE login_failures;
CREATE TABLE login_failures (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at TEXT NOT NULL,
    blocked_until TEXT NOT NULL
);
