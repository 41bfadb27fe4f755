-- operator: DISTINCT aggregate (COUNT(DISTINCT) next to COUNT(*) per key; the 4th row of a key repeats a value)
-- order: ordered
CREATE TABLE nums (id BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '8',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '8'
);
SELECT id % 2 AS parity, COUNT(*) AS n, COUNT(DISTINCT id % 3) AS distinct_mod3
FROM nums GROUP BY id % 2;
-- expected:
-- +I[1, 1, 1]
-- +I[0, 1, 1]
-- -U[1, 1, 1]
-- +U[1, 2, 2]
-- -U[0, 1, 1]
-- +U[0, 2, 2]
-- -U[1, 2, 2]
-- +U[1, 3, 3]
-- -U[0, 2, 2]
-- +U[0, 3, 3]
-- -U[1, 3, 3]
-- +U[1, 4, 3]
-- -U[0, 3, 3]
-- +U[0, 4, 3]
