-- An updating group aggregation: a non-windowed GROUP BY emits a changelog; every new click updates its
-- user's count, so the result retracts the old row (-U) and inserts the new one (+U).
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

SELECT user_id, COUNT(*) AS clicks, MAX(id) AS last_click
FROM clicks
WHERE id <= 8
GROUP BY user_id;
