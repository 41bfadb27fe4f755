-- operator: Union (UNION ALL of two datagen sequences)
-- order: any
CREATE TABLE low (id BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '3',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3'
);
CREATE TABLE high (id BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '2',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '100', 'fields.id.end' = '101'
);
SELECT id, 'low' AS src FROM low UNION ALL SELECT id, 'high' AS src FROM high;
-- expected:
-- +I[100, high]
-- +I[101, high]
-- +I[1, low]
-- +I[2, low]
-- +I[3, low]
