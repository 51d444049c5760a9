-- Reporting rate and timeliness: a report is on time when it was first submitted by its
-- quarter's deadline, so the first submission is kept; reopening and submitting again later
-- does not make an on-time report late.
ALTER TABLE reports ADD COLUMN first_submitted_at TEXT;

-- Reports stored before this column: their first submission as the audit trail has it, and
-- where the trail has none (loads of generated data), the report's last change.
UPDATE reports SET first_submitted_at = (
    SELECT MIN(c.at) FROM changes c
    WHERE c.organisation_number = reports.organisation_number
      AND c.period = reports.period
      AND c.field = 'status'
      AND c.new_value = 'submitted'
);
UPDATE reports SET first_submitted_at = updated_at
WHERE first_submitted_at IS NULL AND status <> 'draft';

-- A quarter's deadline as an administrator set it (an ISO date, the last day that is on
-- time); quarters without a row have the default, a number of days after the quarter ends.
CREATE TABLE quarter_deadlines (
    period TEXT PRIMARY KEY,
    deadline TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
