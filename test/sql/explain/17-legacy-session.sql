-- Legacy GROUP BY SESSION: session GroupWindowAggregate
CREATE TABLE events (name STRING, amount INT, price DECIMAL(10, 2), ts TIMESTAMP(3), proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (name STRING, n BIGINT) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s SELECT name, COUNT(*) FROM events GROUP BY name, SESSION(ts, INTERVAL '3' SECOND);
