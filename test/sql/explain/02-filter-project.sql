-- Filter and projection merge into one Calc; unused columns pruned from the scan
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s (c STRING) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT c FROM t WHERE a > 10 AND b < 5;
