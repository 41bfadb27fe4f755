-- Projection with arithmetic: one Calc over the scan, insert-only
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (a INT, b BIGINT) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT a + 1, b FROM t;
