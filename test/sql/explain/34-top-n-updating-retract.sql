-- Top-N over a GROUP BY SUM (not monotonic): the RetractStrategy, with the rank column
CREATE TABLE plays (game STRING, player STRING, points INT) WITH ('connector' = 'values');
CREATE TABLE s (game STRING, player STRING, total INT, rn BIGINT) WITH ('connector' = 'values', 'sink-insert-only' = 'false');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT * FROM (SELECT game, player, total, ROW_NUMBER() OVER (PARTITION BY game ORDER BY total DESC) AS rn FROM (SELECT game, player, SUM(points) AS total FROM plays GROUP BY game, player)) WHERE rn <= 3;
