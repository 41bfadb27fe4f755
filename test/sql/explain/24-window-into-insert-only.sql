-- Window aggregates are insert-only, so an insert-only sink accepts them
CREATE TABLE events (name STRING, amount INT, price DECIMAL(10, 2), ts TIMESTAMP(3), proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (name STRING, n BIGINT) WITH ('connector' = 'values', 'sink-insert-only' = 'true');
EXPLAIN INSERT INTO s SELECT name, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY name, window_start, window_end;
