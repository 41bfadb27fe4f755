-- A statement set: two sinks planned together
CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s1 (a INT) WITH ('connector' = 'values');
CREATE TABLE s2 (c STRING, n BIGINT) WITH ('connector' = 'values');
EXPLAIN STATEMENT SET BEGIN INSERT INTO s1 SELECT a FROM t; INSERT INTO s2 SELECT c, COUNT(*) FROM t GROUP BY c; END;
