-- Hopping windows: the same seeded click stream counted per user in 10-second windows that slide
-- every 5 seconds (HOP table-valued function), so every click is counted in two windows.
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

CREATE TABLE hopping_counts (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  user_id INT,
  clicks BIGINT
) WITH (
  'connector' = 'print',
  'print-identifier' = 'hop'
);

INSERT INTO hopping_counts
SELECT window_start, window_end, user_id, COUNT(*) AS clicks
FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
GROUP BY window_start, window_end, user_id;
