-- Late data: sensor readings from a JSON file, one of them out of order. The watermark trails the
-- highest timestamp by 2 seconds; the reading stamped 10:00:03 arrives after the watermark has passed
-- the end of its window [10:00:00, 10:00:05), so it is dropped: that window counts 2 readings, not 3.
CREATE TABLE readings (
  sensor STRING,
  temperature DOUBLE,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/readings.json',
  'format' = 'json'
);

SELECT window_start, window_end, COUNT(*) AS readings, MAX(temperature) AS max_temperature
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '5' SECOND))
GROUP BY window_start, window_end;
