-- JSON execution plan for tools
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (a INT, cnt BIGINT, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'values');
EXPLAIN JSON_EXECUTION_PLAN INSERT INTO s SELECT a, COUNT(*) FROM t WHERE c <> 'x' GROUP BY a;
