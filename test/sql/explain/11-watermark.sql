-- Computed column and watermark: WatermarkAssigner above the computing Calc, PROCTIME pruned
CREATE TABLE events (ts_text STRING, v INT, ts AS TO_TIMESTAMP(ts_text), proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (v INT, ts TIMESTAMP(3)) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT v, ts FROM events WHERE v > 0;
