-- operator: LIMIT (a streaming LIMIT without ORDER BY keeps the first rows)
-- order: ordered
CREATE TABLE nums (id BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '10',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '10'
);
SELECT id FROM nums LIMIT 3;
-- expected:
-- +I[1]
-- +I[2]
-- +I[3]
