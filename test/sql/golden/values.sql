-- operator: Values (inline VALUES with a filter)
-- order: ordered
SELECT a, b FROM (VALUES (1, 'x'), (2, 'y'), (3, CAST(NULL AS STRING))) AS t(a, b) WHERE a > 1;
-- expected:
-- +I[2, y]
-- +I[3, null]
