-- operator: Top-N over an updating input, with the rank column (retract strategy: SUM is not monotonic)
-- order: ordered
-- Top 2 players per game by total points, the totals coming from a GROUP BY (-U/+U per play). With the
-- row number in the output, Flink's RetractableTopNFunction rewrites each rank that changes as -D of
-- the old row at that rank, +I of the new one; a row pushed out of the range is deleted there, and
-- retracting a row that ranks below the range emits nothing (ann 3 → 7, cid 4 → 5).
-- file: plays.json
--| {"game": "chess", "player": "ann", "points": 3}
--| {"game": "chess", "player": "bob", "points": 5}
--| {"game": "chess", "player": "cid", "points": 4}
--| {"game": "chess", "player": "ann", "points": 4}
--| {"game": "chess", "player": "cid", "points": 1}
CREATE TABLE plays (game STRING, player STRING, points INT)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/plays.json', 'format' = 'json');
CREATE VIEW totals AS SELECT game, player, SUM(points) AS total FROM plays GROUP BY game, player;
SELECT game, player, total, rn FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY game ORDER BY total DESC) AS rn FROM totals)
WHERE rn <= 2;
-- expected:
-- +I[chess, ann, 3, 1]
-- -D[chess, ann, 3, 1]
-- +I[chess, bob, 5, 1]
-- +I[chess, ann, 3, 2]
-- -D[chess, ann, 3, 2]
-- +I[chess, cid, 4, 2]
-- -D[chess, bob, 5, 1]
-- +I[chess, ann, 7, 1]
-- -D[chess, cid, 4, 2]
-- +I[chess, bob, 5, 2]
