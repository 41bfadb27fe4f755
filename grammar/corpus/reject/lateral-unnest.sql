-- error: Unexpected keyword 'UNNEST'; expected TABLE, a function name, '('
-- at: 6:45
-- hint: drop LATERAL
CREATE TABLE posts (id INT, tags ARRAY<STRING>) WITH ('connector' = 'datagen');

SELECT id, tag FROM posts LEFT JOIN LATERAL UNNEST(posts.tags) AS u(tag) ON TRUE;
