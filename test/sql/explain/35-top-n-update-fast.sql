-- Top-N over a GROUP BY COUNT ordered DESC (monotonically increasing, unique key from the GROUP BY):
-- the UpdateFastStrategy, without the rank column
CREATE TABLE plays (game STRING, player STRING) WITH ('connector' = 'values');
CREATE TABLE s (game STRING, player STRING, wins BIGINT) WITH ('connector' = 'values', 'sink-insert-only' = 'false');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT game, player, wins FROM (SELECT game, player, wins, ROW_NUMBER() OVER (PARTITION BY game ORDER BY wins DESC) AS rn FROM (SELECT game, player, COUNT(*) AS wins FROM plays GROUP BY game, player)) WHERE rn <= 3;
