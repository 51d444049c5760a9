-- The e-mail Effekt sends (issue #20, item 4), written in the same transaction as the step that
-- calls for it, and delivered by a background task on any instance.
-- id is the mail's kind, occasion and recipient: a second reminder of the same quarter to the
-- same person, from a restart or another instance, is the same row and is not written again.
-- occasion is `organisation/period` for a reminder and `organisation/period/transaction` for a
-- step, so that each submission, approval or reopening is told once.
-- An instance claims a row by setting claimed_by and claimed_until in one conditional UPDATE;
-- another instance takes it over only once that time has passed (the first one died).
-- last_error is the mail server's last answer, for the log and the operator, never shown raw.
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    occasion TEXT NOT NULL,
    organisation_number TEXT NOT NULL,
    organisation_name TEXT NOT NULL,
    period TEXT NOT NULL,
    reason TEXT,
    deadline TEXT,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_attempt_at TEXT,
    last_error TEXT,
    sent_at TEXT,
    claimed_by TEXT,
    claimed_until TEXT
);

-- The sender's question: what is pending and due.
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
-- The administrators' list, newest first.
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);
