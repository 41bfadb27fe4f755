-- OVER aggregate with a RANGE interval frame on the rowtime: insert-only (`RANG`, not RANGE, as Flink prints it)
CREATE TABLE t (k STRING, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'values');
CREATE TABLE s (k STRING, v BIGINT, total BIGINT, biggest BIGINT) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT k, v, SUM(v) OVER w, MAX(v) OVER w FROM t WINDOW w AS (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '5' SECOND PRECEDING AND CURRENT ROW);
