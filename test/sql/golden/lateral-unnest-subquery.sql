-- operator: LATERAL subquery over an UNNEST of an outer column, decorrelated into a Correlate
-- order: ordered
-- The subquery reads t.tags, a column of the table before it, so it is planned as Calcite decorrelates
-- it: the UNNEST's Correlate runs over t, the subquery's WHERE (and the join's ON) is the Correlate's
-- condition and its SELECT list a projection on top.
-- - comma form (an inner join): post 1 keeps its tags other than 'b'; post 2 has only 'b', post 3 an
--   empty array, post 4 a NULL one: none of them appear;
-- - LEFT JOIN LATERAL ... ON TRUE: posts without a passing tag are kept once, with NULL in every
--   subquery column, the computed ones included (the constant 'k' and t.id * 10 are NULL there too);
-- - the ON condition of a JOIN LATERAL filters the subquery's rows, and the subquery's WHERE may read
--   the outer columns (post 2 passes through `t.id > 1`).
-- file: posts.json
--| {"id": 1, "tags": ["a", "b", "c"]}
--| {"id": 2, "tags": ["b"]}
--| {"id": 3, "tags": []}
--| {"id": 4, "tags": null}
CREATE TABLE t (id INT, tags ARRAY<STRING>)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/posts.json', 'format' = 'json');
SELECT id, x FROM t, LATERAL (SELECT tag AS x FROM UNNEST(t.tags) AS u(tag) WHERE tag <> 'b');
SELECT t.id, s.x, s.c, s.n
FROM t LEFT JOIN LATERAL (
  SELECT UPPER(tag) AS x, 'k' AS c, t.id * 10 AS n FROM UNNEST(t.tags) AS u(tag) WHERE tag <> 'b'
) AS s ON TRUE;
SELECT t.id, s.x
FROM t JOIN LATERAL (SELECT tag AS x FROM UNNEST(t.tags) AS u(tag) WHERE t.id > 1 OR tag = 'a') AS s
  ON s.x <> 'c';
-- expected:
-- +I[1, a]
-- +I[1, c]
-- +I[1, A, k, 10]
-- +I[1, C, k, 10]
-- +I[2, null, null, null]
-- +I[3, null, null, null]
-- +I[4, null, null, null]
-- +I[1, a]
-- +I[2, b]
