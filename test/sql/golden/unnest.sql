-- operator: UNNEST (CROSS JOIN UNNEST of an array column, with ordinality-free expansion)
-- order: ordered
-- file: posts.json
--| {"id": 1, "tags": ["x", "y"]}
--| {"id": 2, "tags": []}
--| {"id": 3, "tags": ["z"]}
CREATE TABLE posts (id INT, tags ARRAY<STRING>)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/posts.json', 'format' = 'json');
SELECT id, tag FROM posts CROSS JOIN UNNEST(tags) AS t(tag);
-- expected:
-- +I[1, x]
-- +I[1, y]
-- +I[3, z]
