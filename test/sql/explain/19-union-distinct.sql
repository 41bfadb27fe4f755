-- UNION (distinct) becomes a GroupAggregate over all columns
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE t2 (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (a INT, b BIGINT) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT a, b FROM t UNION SELECT a, b FROM t2;
