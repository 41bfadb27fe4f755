-- HOP TVF aggregate with COUNT DISTINCT
CREATE TABLE events (name STRING, amount INT, price DECIMAL(10, 2), ts TIMESTAMP(3), proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (ws TIMESTAMP(3), we TIMESTAMP(3), n BIGINT) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT window_start, window_end, COUNT(DISTINCT name) FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end;
