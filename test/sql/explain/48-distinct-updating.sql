-- SELECT DISTINCT over an updating input: a GroupAggregate without aggregates over a retract stream
CREATE TABLE visits (page STRING) WITH ('connector' = 'values');
CREATE TABLE s (n BIGINT) WITH ('connector' = 'values', 'sink-insert-only' = 'false');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT DISTINCT n FROM (SELECT page, COUNT(*) AS n FROM visits GROUP BY page);
