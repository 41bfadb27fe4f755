-- GROUP BY into an upsert sink keyed by the group key: no -U needed, [I,UA]
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (a INT, cnt BIGINT, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT a, COUNT(*) AS cnt FROM t GROUP BY a;
