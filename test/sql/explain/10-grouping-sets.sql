-- GROUPING SETS: Expand below the GroupAggregate
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (a INT, c STRING, cnt BIGINT) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT a, c, COUNT(*) FROM t GROUP BY GROUPING SETS ((a), (c), ());
