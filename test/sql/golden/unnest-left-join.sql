-- operator: LEFT JOIN UNNEST(...) ON TRUE (rows with an empty or NULL array or map are kept, padded)
-- order: any
-- file: posts.json
--| {"id": 1, "tags": ["x", "y"], "attrs": {"lang": "en"}}
--| {"id": 2, "tags": [], "attrs": {}}
--| {"id": 3, "tags": null, "attrs": null}
CREATE TABLE posts (id INT, tags ARRAY<STRING>, attrs MAP<STRING, STRING>)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/posts.json', 'format' = 'json');
SELECT id, tag FROM posts LEFT JOIN UNNEST(tags) AS t(tag) ON TRUE;
SELECT id, k, v FROM posts LEFT JOIN UNNEST(attrs) AS a(k, v) ON TRUE;
-- expected:
-- +I[1, x]
-- +I[1, y]
-- +I[2, null]
-- +I[3, null]
-- +I[1, lang, en]
-- +I[2, null, null]
-- +I[3, null, null]
