-- UNION ALL of two filtered sources: filters pushed into each input
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE t2 (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (a INT, c STRING) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT * FROM (SELECT a, c FROM t UNION ALL SELECT a, c FROM t2) WHERE a > 3;
