-- Constant sub-expressions are folded before planning
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (x INT, y STRING) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT a + (1 + 2), UPPER('abc') FROM t WHERE 1 = 1;
