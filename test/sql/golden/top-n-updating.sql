-- operator: Top-N over an updating input, without the rank column (retract strategy)
-- order: ordered
-- Top 2 players per game by total points (GROUP BY SUM: -U/+U per play). Without the row number only
-- membership changes are emitted: a row entering the top 2 is +I, the row it pushes out -D (deleted
-- first); rank changes inside the top 2 and updates of rows below it emit nothing.
-- file: plays.json
--| {"game": "chess", "player": "ann", "points": 3}
--| {"game": "chess", "player": "bob", "points": 5}
--| {"game": "chess", "player": "cid", "points": 4}
--| {"game": "chess", "player": "ann", "points": 4}
--| {"game": "chess", "player": "cid", "points": 1}
--| {"game": "go", "player": "dan", "points": 2}
CREATE TABLE plays (game STRING, player STRING, points INT)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/plays.json', 'format' = 'json');
CREATE VIEW totals AS SELECT game, player, SUM(points) AS total FROM plays GROUP BY game, player;
SELECT game, player, total FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY game ORDER BY total DESC) AS rn FROM totals)
WHERE rn <= 2;
-- expected:
-- +I[chess, ann, 3]
-- +I[chess, bob, 5]
-- -D[chess, ann, 3]
-- +I[chess, cid, 4]
-- -D[chess, cid, 4]
-- +I[chess, ann, 7]
-- +I[go, dan, 2]
