-- operator: GroupAggregate with retraction (a count of counts: the outer aggregate consumes -U/+U)
-- order: ordered
CREATE TABLE nums (id BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '5',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '5'
);
SELECT cnt, COUNT(*) AS keys FROM (SELECT id % 2 AS parity, COUNT(*) AS cnt FROM nums GROUP BY id % 2)
GROUP BY cnt;
-- expected:
-- +I[1, 1]
-- -U[1, 1]
-- +U[1, 2]
-- -U[1, 2]
-- +U[1, 1]
-- +I[2, 1]
-- -D[1, 1]
-- -U[2, 1]
-- +U[2, 2]
-- -U[2, 2]
-- +U[2, 1]
-- +I[3, 1]
