-- An updating query into an insert-only sink fails at planning time
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (a INT, cnt BIGINT) WITH ('connector' = 'values', 'sink-insert-only' = 'true');
EXPLAIN INSERT INTO s SELECT a, COUNT(*) AS cnt FROM t GROUP BY a;
