-- A number per quarter that changes whenever a figure or a report's status in that quarter
-- does, on any instance: what is computed from one quarter alone (the national background of
-- the plausibility check) is kept until its quarter's number moves, instead of being read
-- again on every save of any quarter. A quarter without a row has never changed since.
CREATE TABLE quarter_versions (
    period TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
