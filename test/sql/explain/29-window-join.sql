-- Join of two TUMBLE TVFs on window_start and window_end: a WindowJoin (insert-only)
CREATE TABLE l (id STRING, name STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE r (id STRING, name STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (window_start TIMESTAMP(3), window_end TIMESTAMP(3), name STRING, l_id STRING, r_id STRING) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT L.window_start, L.window_end, L.name, L.id, R.id FROM (SELECT * FROM TABLE(TUMBLE(TABLE l, DESCRIPTOR(ts), INTERVAL '5' SECOND))) L JOIN (SELECT * FROM TABLE(TUMBLE(TABLE r, DESCRIPTOR(ts), INTERVAL '5' SECOND))) R ON L.name = R.name AND L.window_start = R.window_start AND L.window_end = R.window_end;
