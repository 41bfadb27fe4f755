-- CUMULATE TVF aggregate with an offset
CREATE TABLE events (name STRING, amount INT, price DECIMAL(10, 2), ts TIMESTAMP(3), proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (ws TIMESTAMP(3), we TIMESTAMP(3), total DECIMAL(38, 2)) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT window_start, window_end, SUM(price) FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '15' SECOND, INTERVAL '1' SECOND)) GROUP BY window_start, window_end;
