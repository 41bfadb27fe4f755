-- Aggregate without GROUP BY
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (total BIGINT, mx INT) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT SUM(b), MAX(a) FROM t;
