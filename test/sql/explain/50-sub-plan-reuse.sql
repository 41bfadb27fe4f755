-- Sub-plan reuse: the same filtered, windowed count feeds both sinks of a statement set; it is planned
-- once (reuse_id) and the second sink reads it (Reused); the RAND() projection is never shared
CREATE TABLE t (a INT, b BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s1 (a INT, n BIGINT, r DOUBLE) WITH ('connector' = 'values');
CREATE TABLE s2 (a INT, n BIGINT, r DOUBLE) WITH ('connector' = 'values');
EXPLAIN STATEMENT SET BEGIN
  INSERT INTO s1 SELECT a, COUNT(*), RAND() FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND)) WHERE b > 10 GROUP BY a, window_start, window_end;
  INSERT INTO s2 SELECT a, COUNT(*), RAND() FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND)) WHERE b > 10 GROUP BY a, window_start, window_end;
END;
