-- Whether an organisation publishes its approved figures as open data (issue #21): nobody
-- does until an administrator opts the organisation in. A flag as BIGINT 0/1, as elsewhere.
ALTER TABLE organisations ADD COLUMN open_data BIGINT NOT NULL DEFAULT 0;
