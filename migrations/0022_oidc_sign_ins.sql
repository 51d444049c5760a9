-- Sign-ins sent to the identity provider and not yet back (issue #20). The browser holds a random
-- key in a short-lived cookie; only its hash is stored, with the state, nonce and PKCE verifier
-- the callback must match. A row is taken (deleted) by the callback that uses it, so it serves
-- once, and rows older than ten minutes are worth nothing and cleared.
CREATE TABLE oidc_sign_ins (
    key_hash TEXT PRIMARY KEY,
    csrf_state TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next_path TEXT NOT NULL,
    created_at TEXT NOT NULL
);
