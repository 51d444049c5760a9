-- A counter every committed change increments, in the same transaction. Caches of aggregates
-- compare it to know whether anything changed, on one server or many sharing the database.
CREATE TABLE data_version (
    id BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
