-- DISTINCT and FILTER aggregates in one GroupAggregate
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (b BIGINT, n BIGINT, m BIGINT, avg_d DOUBLE) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT b, COUNT(DISTINCT a), COUNT(*) FILTER (WHERE a > 1), AVG(d) FROM t GROUP BY b;
