-- operator: GROUPING SETS (Expand + GroupAggregate: per key and a grand total, with GROUPING())
-- order: ordered
CREATE TABLE nums (id BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '3',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3'
);
SELECT parity, SUM(id) AS total, GROUPING(parity) AS g
FROM (SELECT id % 2 AS parity, id FROM nums) GROUP BY GROUPING SETS ((parity), ());
-- expected:
-- +I[1, 1, 0]
-- +I[null, 1, 1]
-- +I[0, 2, 0]
-- -U[null, 1, 1]
-- +U[null, 3, 1]
-- -U[1, 1, 0]
-- +U[1, 4, 0]
-- -U[null, 3, 1]
-- +U[null, 6, 1]
