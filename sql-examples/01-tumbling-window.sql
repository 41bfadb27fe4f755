-- Tumbling windows: a seeded datagen stream of clicks (one per second of event time) counted per user
-- in 10-second tumbling windows with the TUMBLE table-valued function; results go to the print sink.
CREATE TABLE clicks (
  id BIGINT,
  user_id INT,
  ts AS TO_TIMESTAMP_LTZ(1704067200000 + id * 1000, 3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '30',
  'seed' = '42',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '1000',
  'fields.user_id.min' = '1',
  'fields.user_id.max' = '3'
);

CREATE TABLE clicks_per_window (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  user_id INT,
  clicks BIGINT
) WITH (
  'connector' = 'print',
  'print-identifier' = 'tumble'
);

INSERT INTO clicks_per_window
SELECT window_start, window_end, user_id, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, user_id;
