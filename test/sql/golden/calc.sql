-- operator: Calc (filter + projection over a datagen sequence)
-- order: ordered
CREATE TABLE nums (id BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '6',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '6'
);
SELECT id, id * 10 AS tens, CAST(id AS STRING) || '!' AS label FROM nums WHERE id % 2 = 0;
-- expected:
-- +I[2, 20, 2!]
-- +I[4, 40, 4!]
-- +I[6, 60, 6!]
