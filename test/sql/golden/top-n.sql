-- operator: Top-N (ROW_NUMBER <= 2 per parity, largest ids first, without the rank column)
-- order: ordered
CREATE TABLE nums (id BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '5',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '5'
);
SELECT parity, id FROM (
  SELECT id % 2 AS parity, id, ROW_NUMBER() OVER (PARTITION BY id % 2 ORDER BY id DESC) AS rn FROM nums)
WHERE rn <= 2;
-- expected:
-- +I[1, 1]
-- +I[0, 2]
-- +I[1, 3]
-- +I[0, 4]
-- -D[1, 1]
-- +I[1, 5]
