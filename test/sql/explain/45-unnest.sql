-- CROSS JOIN UNNEST WITH ORDINALITY and LEFT JOIN UNNEST ON TRUE: Correlate, keeps the input's mode
CREATE TABLE posts (id INT, tags ARRAY<STRING>) WITH ('connector' = 'values');
CREATE TABLE s (id INT, tag STRING, pos INT) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT id, tag, pos FROM posts CROSS JOIN UNNEST(tags) WITH ORDINALITY AS t(tag, pos);
EXPLAIN CHANGELOG_MODE SELECT id, tag FROM posts LEFT JOIN UNNEST(tags) AS t(tag) ON TRUE;
