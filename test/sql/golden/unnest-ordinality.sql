-- operator: UNNEST WITH ORDINALITY (CROSS JOIN: one row per array element with its 1-based position)
-- order: ordered
-- An empty or NULL array yields no rows in a CROSS JOIN; duplicates keep their own positions.
-- file: posts.json
--| {"id": 1, "tags": ["x", "y", "x"]}
--| {"id": 2, "tags": []}
--| {"id": 3, "tags": null}
--| {"id": 4, "tags": ["z"]}
CREATE TABLE posts (id INT, tags ARRAY<STRING>)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/posts.json', 'format' = 'json');
SELECT id, tag, pos FROM posts CROSS JOIN UNNEST(tags) WITH ORDINALITY AS t(tag, pos);
-- expected:
-- +I[1, x, 1]
-- +I[1, y, 2]
-- +I[1, x, 3]
-- +I[4, z, 1]
