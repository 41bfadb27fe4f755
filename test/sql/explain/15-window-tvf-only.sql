-- A window TVF without aggregation: WindowTableFunction appends window columns
CREATE TABLE events (name STRING, amount INT, price DECIMAL(10, 2), ts TIMESTAMP(3), proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (name STRING, ws TIMESTAMP(3), we TIMESTAMP(3)) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT name, window_start, window_end FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE));
