-- GROUP BY into a sink without primary key: retract changelog [I,UB,UA]
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (a INT, cnt BIGINT) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT a, COUNT(*) AS cnt FROM t GROUP BY a;
