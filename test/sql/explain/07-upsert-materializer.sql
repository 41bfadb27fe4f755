-- Upsert key (a) differs from the sink's primary key (cnt): SinkUpsertMaterializer, -U required
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (a INT, cnt BIGINT, PRIMARY KEY (cnt) NOT ENFORCED) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT a, COUNT(*) AS cnt FROM t GROUP BY a;
