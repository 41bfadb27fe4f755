-- TUMBLE TVF + GROUP BY window_start, window_end: one WindowAggregate
CREATE TABLE events (name STRING, amount INT, price DECIMAL(10, 2), ts TIMESTAMP(3), proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (name STRING, ws TIMESTAMP(3), we TIMESTAMP(3), total INT) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT name, window_start, window_end, SUM(amount) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY name, window_start, window_end;
