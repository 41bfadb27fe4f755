-- ROW_NUMBER() = 1 ordered by the rowtime descending: keep the last row per key (Deduplicate, updating)
CREATE TABLE t (id INT, product STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (id INT, product STRING, PRIMARY KEY (product) NOT ENFORCED) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT id, product FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY product ORDER BY ts DESC) AS rn FROM t) WHERE rn = 1;
