-- Cumulating windows: running click counts within each 20-second window, emitted every 5 seconds
-- (CUMULATE table-valued function: windows [0, 5), [0, 10), [0, 15), [0, 20), then [20, 25) ...).
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

SELECT window_start, window_end, COUNT(*) AS clicks, MAX(id) AS last_id
FROM TABLE(CUMULATE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '20' SECOND))
GROUP BY window_start, window_end;
